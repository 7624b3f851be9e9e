"""sitegen: the static-site generator of a French blog that explains AI."""

__version__ = "0.1.0"
