"""The CSV helper: Italian Excel's dialect and no formula injection (PITFALLS.md)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from tessere.core.csv import BOM, csv_response, safe_cell, write_csv


@pytest.mark.parametrize(
    "dangerous",
    [
        '=HYPERLINK("https://evil.example","click")',
        "+39 011 1234",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_cells_that_spreadsheets_read_as_formulas_become_text(dangerous: str) -> None:
    assert safe_cell(dangerous) == "'" + dangerous


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Cooperativa Sociale Il Margine", "Cooperativa Sociale Il Margine"),
        ("a = b", "a = b"),  # only the first character matters
        (None, ""),
        (3, "3"),
        (-3, "-3"),  # a number is data, not a formula
        (Decimal("2.50"), "2,50"),
        (1.5, "1,5"),
    ],
)
def test_harmless_cells_and_numbers_are_written_as_they_are(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_file_starts_with_a_bom_uses_semicolons_and_round_trips() -> None:
    text = write_csv(
        ["Gruppo", "Nome"],
        [[1, 'Niccolò; detto "Nico"'], [2, "=1+1"], [3, "riga\nnuova"]],
    )
    assert text.startswith(BOM)
    assert text.splitlines()[0] == "\ufeffGruppo;Nome"
    parsed = list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=";"))
    assert parsed == [
        ["Gruppo", "Nome"],
        ["1", 'Niccolò; detto "Nico"'],
        ["2", "'=1+1"],
        ["3", "riga\nnuova"],
    ]


def test_header_cells_are_neutralised_too() -> None:
    assert write_csv(["=cmd"], []).removeprefix(BOM).strip() == "'=cmd"


def test_response_is_a_utf8_attachment_with_a_clean_filename() -> None:
    response = csv_response("gruppi incontro.csv", ["Nome"], [["Àngela"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gruppi_incontro.csv"'
    tricky = csv_response('a"/../b.csv', ["Nome"], [])["Content-Disposition"]
    assert tricky.count('"') == 2 and "/" not in tricky
    body = response.content
    assert body.startswith(BOM.encode("utf-8"))
    assert "Àngela" in body.decode("utf-8")
