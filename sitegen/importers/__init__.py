"""`sitegen import`: drafts from material found elsewhere (chat exports, copied articles).

Outside the build path: the build never imports these modules, and they only ever write
new files.

May import: model, urls, project, text, settings, foreign, content, markdown, theme.
"""
