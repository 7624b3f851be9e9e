"""The source stages: finding the posts and pages (`sources.py`), reading their front
matter against the schema (`frontmatter.py`, `schema.py`; the table of keys, the one list of
them: `keys.py`; how values are read: `values.py`, `flags.py`, `changes.py`; and the Jekyll
and Hugo front matter: `foreignmatter.py`, `foreignvalues.py`), turning Liquid tags and
shortcodes into Markdown (`foreignmarkup.py`), and what the author's words decide: where each
entry is published (`addresses.py`: its own address, from its `url`, the other tool's permalink
or the site's pattern, in its language's folder; and `SiteUrls`, the URLs the site emits; where
the listings, feeds and site-wide files are is `sitegen/urls.py`'s), what readers are told of
how a text was made (`disclosure.py`), the publishing-principles page (`principles.py`), and
`sitegen new`'s files (`scaffold.py`).

May import: model, urls, project, text, settings, state, foreign.
"""
