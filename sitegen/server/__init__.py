"""`sitegen serve`: the dev server. A command: the build never imports it.

May import: build, and every stage below it.
"""
