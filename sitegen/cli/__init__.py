"""The `sitegen` command: its arguments, messages and exit codes (`main.py`), and the
progress line of long builds (`progress.py`). A command: the build never imports it.

May import: build, check, importers, server, content, output, project, settings, state.
"""
