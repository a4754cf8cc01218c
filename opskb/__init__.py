"""The project's Python: the build's MkDocs plugins (`opskb.plugins`) and its command-line tools.

Layout and the order of the build: design/architecture.md.
"""
