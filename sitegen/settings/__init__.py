"""What a project says about itself: `sitegen.yaml` read into a frozen `SiteConfig`
(`config.py`), the blog's requests to AI crawlers (`preferences.py`), and, for a Jekyll or
Hugo tree read as it is, that tool's settings and folder layout (`dialect.py`, `jekyll.py`,
`hugo.py`, `values.py`, `tomljson.py`, `inputs.py`, `statics.py`).

May import: urls, project, text.
"""
