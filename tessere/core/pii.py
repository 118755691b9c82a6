"""A guard against personal data of the people projects serve slipping into free text.

`find_personal_data(text)` names what in a text looks like a codice fiscale, a phone number,
an email address or an IBAN. It is a warning, not a filter: `PersonalDataCheckMixin` makes a
form refuse the first submit that contains such text, keeps what was typed, and accepts it
once the author ticks the confirmation box (a colleague's office phone may be fine).

The patterns lean towards precision: dates, years, times and amounts (1.210.000) must never
trigger it, or people learn to tick the box without reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Sixteen characters: surname (3), name (3), year (2), month letter, day (2), place (4 = letter +
# 3), check letter. Digits may be replaced by L-V ("omocodia") when two people share a code.
_OMO = "[0-9LMNPQRSTUV]"
CODICE_FISCALE = re.compile(
    rf"(?<![A-Z0-9])[A-Z]{{6}}{_OMO}{{2}}[ABCDEHLMPRST]{_OMO}{{2}}[A-Z]{_OMO}{{3}}[A-Z](?![A-Z0-9])",
    re.IGNORECASE,
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An IBAN: country, two check digits, then 11-30 letters and digits, maybe grouped by spaces.
IBAN_CANDIDATE = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Z0-9])", re.I)
ITALIAN_IBAN = re.compile(r"IT\d{2}[A-Z]\d{10}[A-Z0-9]{12}", re.IGNORECASE)
# Italian phones, optionally after +39 / 0039: mobiles are 3xx + 7 digits, landlines start with
# 0 and have 6-11 digits. Separators: space, dot, dash, slash. Not inside a longer number.
_SEP = r"[ .\-/]?"
PHONE = re.compile(
    rf"(?<![\w+.,/-])(?:(?:\+|00)39{_SEP})?"
    rf"(?:3\d{{2}}{_SEP}\d{{3}}{_SEP}\d{{3,4}}|0\d{{1,3}}{_SEP}\d{{2,4}}{_SEP}\d{{2,5}})"
    r"(?![\w])(?![.,/-]\d)"
)
_DATE_LIKE = re.compile(r"\d{1,2}[ .\-/]\d{1,2}[ .\-/]\d{2,4}")

LABELS = {
    "codice_fiscale": gettext_lazy("a codice fiscale"),
    "phone": gettext_lazy("a phone number"),
    "email": gettext_lazy("an email address"),
    "iban": gettext_lazy("an IBAN"),
}


def _iban_checksum_ok(candidate: str) -> bool:
    code = candidate[4:] + candidate[:4]
    digits = "".join(str(int(ch, 36)) for ch in code.upper())
    return int(digits) % 97 == 1


def _is_iban(match: str) -> bool:
    compact = match.replace(" ", "").upper()
    if compact.startswith("IT"):
        # An Italian IBAN by its shape, even with a typo in the check digits.
        return bool(ITALIAN_IBAN.fullmatch(compact))
    return 15 <= len(compact) <= 34 and _iban_checksum_ok(compact)


def _is_phone(match: str) -> bool:
    if not match.startswith(("+", "00")) and _DATE_LIKE.fullmatch(match):
        return False
    digits = re.sub(r"\D", "", match)
    if match.startswith("+39"):
        digits = digits[2:]
    elif match.startswith("0039"):
        digits = digits[4:]
    if digits.startswith("3"):
        return len(digits) == 10
    return digits.startswith("0") and 6 <= len(digits) <= 11


def find_kinds(text: str) -> list[str]:
    """The kinds of personal data the text seems to hold (keys of LABELS), in a fixed order."""
    if not text:
        return []
    kinds = []
    if CODICE_FISCALE.search(text):
        kinds.append("codice_fiscale")
    if any(_is_phone(m.group(0)) for m in PHONE.finditer(text)):
        kinds.append("phone")
    if EMAIL.search(text):
        kinds.append("email")
    if any(_is_iban(m.group(0)) for m in IBAN_CANDIDATE.finditer(text)):
        kinds.append("iban")
    return kinds


def find_personal_data(text: str) -> list[str]:
    """Human labels ("a phone number", ...) of what in the text looks like personal data."""
    return [str(LABELS[kind]) for kind in find_kinds(text)]


PII_CONFIRM_FIELD = "confirm_personal_data"
PERSONAL_DATA_GUIDANCE = gettext_lazy(
    "Do not write personal data of the people the project serves (names, tax codes, phone "
    "numbers, email addresses, bank details)."
)


class PersonalDataCheckMixin(forms.BaseForm):
    """Warns before saving text that looks like personal data.

    List the text fields in `pii_fields`. The form gets a `confirm_personal_data` checkbox; a
    submit whose text looks like personal data and whose box is not ticked is invalid, with a
    message on each field naming what was found (the typed text stays in the form). Ticking
    the box and submitting again saves. Render the box and the warning with
    `{% include "mentoring/includes/pii_warning.html" %}` (shown only when needed).

    Put the mixin first: `class NoteForm(PersonalDataCheckMixin, forms.ModelForm)`.
    """

    pii_fields: ClassVar[Sequence[str]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.personal_data_found: list[tuple[str, list[str]]] = []
        self.fields[PII_CONFIRM_FIELD] = forms.BooleanField(
            label=gettext_lazy(
                "I have checked: this text contains no personal data of the people the "
                "project serves, save it anyway."
            ),
            required=False,
        )
        for name in self.pii_fields:
            field = self.fields.get(name)
            if field is not None and not field.help_text:
                field.help_text = PERSONAL_DATA_GUIDANCE

    @property
    def needs_personal_data_confirmation(self) -> bool:
        return bool(self.personal_data_found) or bool(self.data.get(PII_CONFIRM_FIELD))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = []
        for name in self.pii_fields:
            value = data.get(name)
            if isinstance(value, str):
                labels = find_personal_data(value)
                if labels:
                    found.append((name, labels))
        self.personal_data_found = [(str(self.fields[n].label), labels) for n, labels in found]
        if found and not data.get(PII_CONFIRM_FIELD):
            for name, labels in found:
                self.add_error(
                    name,
                    format_lazy(
                        "{}: {}.",
                        gettext_lazy("This text seems to contain personal data"),
                        ", ".join(labels),
                    ),
                )
            self.add_error(
                None,
                _(
                    "Some text looks like personal data. Remove it, or tick the confirmation "
                    "box if it is not personal data of the people the project serves."
                ),
            )
        return data
