"""`sitegen serve`: the dev server. Outside the build path: build.py never imports it."""
