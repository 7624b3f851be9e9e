"""The last stage: which folder the site may be written to (`folder.py`), the checks
on the files (`links.py`: every internal link leads somewhere) and the only writer, atomic and
contained (`writer.py`).

May import: model, urls, project, settings, content, publish.
"""
