"""The package version, in a module of its own so every layer can name it without importing
the package root (whose lazy public API would otherwise sit in every import cycle)."""

__version__ = "0.1.0"
