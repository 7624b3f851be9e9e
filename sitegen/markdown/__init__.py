"""The Markdown stage: one markdown-it configuration (`renderer.py`) and the blog's
rules (`rules.py`: line numbers, links, references, headings; `headingids.py`), dialogues and
chats (`dialogue.py`, `chat.py`), generated passages (`passages.py`), math (`mathsyntax.py`,
`texdialect.py`, `mathml.py`, `mathrender.py`, `htmlmath.py`), highlighting (`highlight.py`),
and every body rendered once, through the cache (`bodies.py`).

May import: model, urls, project, text, settings, state, content.
"""
