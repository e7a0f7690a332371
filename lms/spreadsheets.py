"""CSV cells that spreadsheets show rather than run.

Every CSV the project writes holds text people typed (names, question titles, categories). A
cell starting with = + - @ tab or CR is a formula to Excel or LibreOffice ("CSV injection"), so
such text gets a leading apostrophe. Numbers stay numbers.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The value to write in a CSV cell: None as empty, formula-like text quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
