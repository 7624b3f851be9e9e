"""What a build keeps for the next one, in `.sitegen-cache/`: the stage cache
(`cache.py`), sealed values that are safe to read back (`sealed.py`) and the record of the
last build (`lastbuild.py`). The incremental engine lives here.

May import: model, project, settings.
"""
