# Pelican peer: default theme (notmyidea), default Markdown extensions
# (codehilite/Pygments, extra = tables+footnotes+fenced code, meta).
AUTHOR = "Auteur"
SITENAME = "Blog IA"
SITEURL = ""
PATH = "content"
OUTPUT_PATH = "out"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 10
ARTICLE_URL = ARTICLE_SAVE_AS = "posts/{slug}/index.html"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
ARCHIVES_SAVE_AS = ""  # roughly: posts, paginated index/tags/category, feed
AUTHORS_SAVE_AS = AUTHOR_SAVE_AS = ""
DEFAULT_CATEGORY = "ia"
SLUGIFY_SOURCE = "basename"
# the no-change rebuild uses Pelican's content cache (off by default)
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
