"""CSV exports that open cleanly in Italian Excel and cannot smuggle formulas.

Italian Excel expects `;` as the separator (the comma is the decimal mark) and needs a UTF-8
byte-order mark to read accented letters. A cell starting with `=`, `+`, `-`, `@`, a tab or a
carriage return is a formula to a spreadsheet (PITFALLS.md): a participant named
`=HYPERLINK(...)` must stay text, so such cells get a leading apostrophe.

That is the default dialect (`EXCEL_IT`). Files meant for other programs (Gephi, Kumu: the
network exports) use `INTERCHANGE`: comma-separated, decimal point, no byte-order mark (Gephi
would read it as part of the first column's name); formulas are neutralised all the same,
since such files end up in a spreadsheet too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.text import get_valid_filename

BOM = "\ufeff"
SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvDialect:
    separator: str
    decimal_mark: str
    bom: bool


EXCEL_IT = CsvDialect(separator=SEPARATOR, decimal_mark=",", bom=True)
INTERCHANGE = CsvDialect(separator=",", decimal_mark=".", bom=False)


def safe_cell(value: Any, *, decimal_mark: str = ",") -> str:
    """One cell as text: numbers in Italian notation (or with `decimal_mark`), anything
    formula-like neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        # A number is data, not a formula: keep its sign, use the Italian decimal comma.
        return str(value).replace(".", decimal_mark)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, dialect: CsvDialect = EXCEL_IT
) -> str:
    """The whole file as text (by default BOM first, `;`-separated), every cell through
    safe_cell()."""
    buffer = io.StringIO()
    if dialect.bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=dialect.separator, lineterminator="\r\n")
    mark = dialect.decimal_mark
    writer.writerow([safe_cell(cell, decimal_mark=mark) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell, decimal_mark=mark) for cell in row])
    return buffer.getvalue()


def csv_response(
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    dialect: CsvDialect = EXCEL_IT,
) -> HttpResponse:
    """A download of write_csv(header, rows) named `filename`."""
    name = get_valid_filename(filename) or "export.csv"
    response = HttpResponse(
        write_csv(header, rows, dialect=dialect), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
