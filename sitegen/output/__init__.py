"""The last stage: which folder the site may be written to (`folder.py`), the checks
on the files (`links.py`: every internal link leads somewhere) and the only writer, atomic and
contained (`writer.py`), which swaps the new site in at once where the system can
(`exchange.py`).

May import: model, urls, project, settings, content, publish.
"""
