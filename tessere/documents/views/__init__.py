"""The work repository's pages (pages.py) and its files, served after a permission check
(files.py)."""
