"""The edition's own MkDocs plugin and the pure functions it calls."""
