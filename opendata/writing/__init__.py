"""Writing the open-data files (CSV, XLSX, JSON, Popolo, INE's layout) from the public projection.

Nothing here reads an import file; `opendata.publication` builds every file through this package.
"""
