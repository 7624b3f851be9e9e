"""The last stage: which folder the site may be written to (`folder.py`), the checks
on the files (`links.py`: every internal link leads somewhere) and the only writer, atomic and
contained (`writer.py`), which swaps the new site in at once where the system can
(`exchange.py`) and lists what it wrote for the last build's record (`state`).

May import: model, urls, project, settings, state, content, publish.
"""
