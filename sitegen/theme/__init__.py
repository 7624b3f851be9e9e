"""How a page looks: where templates and theme files come from (`folders.py`), Jinja2
(`templates.py`), the view objects templates get (`views.py`), the notices and marks a page
carries (`marks.py`, `descriptions.py`, `changenotes.py`, `recordings.py`), and pages of the
last build reused when nothing they read changed (`pagememo.py`).

May import: model, urls, project, text, settings, state, images, content, markdown, site.
"""
