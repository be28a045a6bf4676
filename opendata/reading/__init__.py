"""Reading what comes in: INE's Conóceles spreadsheet (`ine_sheets`, `ine_rows`), the registry
file (`registry`), the catalog lookups they share (`catalogs`) and the spreadsheet readers
(`workbook`). `opendata.importer` drives the INE import through this package; nothing here writes a
public file.
"""
