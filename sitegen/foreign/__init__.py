"""Jekyll and Hugo markup read as it is: Liquid tags and filters, includes, kramdown's
attributes, shortcodes and Hugo's templates, the tools' permalinks and jekyll-polyglot, each
mapped onto sitegen's model so that an existing blog builds without being converted first.
The stages that call them are in `content/`; the tools' settings are in `settings/`.

May import: model, urls, project, settings.
"""
