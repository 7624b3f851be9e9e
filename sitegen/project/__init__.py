"""The ground every part stands on: which files of a project sitegen may read and how
(`files.py`, `paths.py`), saving a file whole (`scratch.py`), safe YAML with every value's
line (`yamlmap.py`, `yamlloader.py`, `yamllines.py`), the diagnostics a run collects
(`errors.py`) and how the commands print them (`console.py`).

May import: nothing of sitegen.
"""
