"""CSV exports that open cleanly in Italian Excel and cannot smuggle formulas.

Italian Excel expects `;` as the separator (the comma is the decimal mark) and needs a UTF-8
byte-order mark to read accented letters. A cell starting with `=`, `+`, `-`, `@`, a tab or a
carriage return is a formula to a spreadsheet (PITFALLS.md): a participant named
`=HYPERLINK(...)` must stay text, so such cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.text import get_valid_filename

BOM = "\ufeff"
SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """One cell as text: numbers in Italian notation, anything formula-like neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        # A number is data, not a formula: keep its sign, use the Italian decimal comma.
        return str(value).replace(".", ",")
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """The whole file as text, BOM first, `;`-separated, every cell through safe_cell()."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A download of write_csv(header, rows) named `filename`."""
    name = get_valid_filename(filename) or "export.csv"
    response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
