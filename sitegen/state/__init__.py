"""What a build keeps for the next one, in one file of `.sitegen-cache/` (`database.py`, its
values typed by `codec.py`): the stage cache (`cache.py`, kept in the file by
`storedcache.py`), each source's key by its stat (`stamps.py`) and the record of the last
build (`lastbuild.py`). The incremental engine lives here.

May import: model, project, settings.
"""
