"""The library's version, in its own module so that any module can import it."""

__version__ = "0.2.0"
