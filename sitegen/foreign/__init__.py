"""Jekyll and Hugo blogs read as they are: their configuration, folders, front matter and
markup (Liquid tags, shortcodes) mapped onto sitegen's model, so an existing blog builds
without being converted first."""
