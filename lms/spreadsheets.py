"""CSV cells that spreadsheets show rather than run.

Every CSV the project writes holds text people typed (names, question titles, categories). A
cell starting with = + - @ tab or CR is a formula to Excel or LibreOffice ("CSV injection"), so
such text gets a leading apostrophe. Numbers stay numbers.

Lists the admin downloads use Wagtail's list export (`SpreadsheetExportMixin`, CSV and XLSX)
with `FormulaGuardMixin` in front: its CSV cells go through `csv_cell`, and Wagtail itself
writes formula-like XLSX cells as text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The value to write in a CSV cell: None as empty, formula-like text quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class FormulaGuardMixin:
    """Put before Wagtail's SpreadsheetExportMixin (or a view that has it, such as ReportView):
    every CSV cell of the export goes through `csv_cell`."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_cell(value) if export_format == "csv" else value
