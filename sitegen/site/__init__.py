"""The site as readers find it: which entries are published, at which address, grouped
into editions, tags and years (`assemble.py`), and each post's related posts (`related.py`).

May import: model, urls, project, settings, state, foreign, content.
"""
