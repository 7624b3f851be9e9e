"""Every file the site publishes: the pages through the theme (`render.py`), the feeds,
the sitemap and robots.txt, the crawler files, llms.txt and the Markdown twins, the redirects
and `.htaccess`, the search index and a post's own files (`bundles.py`).

May import: model, urls, project, text, settings, state, images, content, markdown, site, theme.
"""
