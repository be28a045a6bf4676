"""CSV cells no spreadsheet evaluates, for every CSV the project writes (open data, audit logs).

Down here, below every app, so that an admin report (`moderation.audit`) and the open-data
writers (`opendata.writing`) share the rule without one importing the other.
"""

CSV_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell that no spreadsheet evaluates: a leading apostrophe before a formula trigger
    (OWASP's CSV-injection mitigation)."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_TRIGGERS):
        return "'" + value
    return value
