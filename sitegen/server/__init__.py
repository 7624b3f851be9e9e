"""`sitegen serve`: the dev server. A command: the build never imports it.

May import: build, model, urls, project, settings, state, theme.
"""
