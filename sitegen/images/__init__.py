"""The blog's images: what each one is (`facts.py`), the sizes and formats a reader's screen
is sent (`variants.py`), the metadata a published copy leaves out (`privacy.py`), and the
`<picture>` a page shows for each `<img>` (`placement.py`, through `pictures.py`).

May import: model, urls, project, settings, state.
"""
