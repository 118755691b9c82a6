"""Tessere's own catalogues: complete, compiled, faithful to their placeholders.

The Italian catalogue must translate every entry, and the committed .mo must say exactly what
the .po says (a .po edited without running compilemessages fails here). The .po files are
read with a small parser of our own and the .mo files with the standard library, so these
tests need neither polib nor GNU gettext.
"""

from __future__ import annotations

import gettext
import re
import struct
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

LOCALE_DIR = Path(settings.BASE_DIR) / "tessere" / "locale"
LANGUAGES = ["it", "en"]
CONTEXT_SEPARATOR = "\x04"  # msgctxt and msgid are joined by EOT in a .mo file

MONTHS = [
    ("January", "gennaio"),
    ("February", "febbraio"),
    ("March", "marzo"),
    ("April", "aprile"),
    ("May", "maggio"),
    ("June", "giugno"),
    ("July", "luglio"),
    ("August", "agosto"),
    ("September", "settembre"),
    ("October", "ottobre"),
    ("November", "novembre"),
    ("December", "dicembre"),
]
WEEKDAYS = [
    ("Monday", "lunedì"),
    ("Tuesday", "martedì"),
    ("Wednesday", "mercoledì"),
    ("Thursday", "giovedì"),
    ("Friday", "venerdì"),
    ("Saturday", "sabato"),
    ("Sunday", "domenica"),
]


# --- A small .po reader ----------------------------------------------------------------------
@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"line {self.line}: {context}{self.msgid!r}"

    def mo_key(self) -> str:
        """The key GNU gettext stores this entry under in a .mo file."""
        if self.msgctxt is None:
            return self.msgid
        return f"{self.msgctxt}{CONTEXT_SEPARATOR}{self.msgid}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")\s*$")


def _unquote(token: str, where: str) -> str:
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise ValueError(f"{where}: not a quoted string: {token!r}")
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _ESCAPES:
                raise ValueError(f"{where}: bad escape in {token!r}")
            out.append(_ESCAPES[body[i + 1]])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, in order; blank lines separate entries."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # the field continuation lines append to
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path}:{number}"
        if not line:
            entry, target = None, None
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        elif line.startswith("#"):
            if entry is None or target is not None:
                entry, target = Entry(line=number), None
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        entry.obsolete = entry.obsolete or obsolete
        match = _KEYWORD.match(line)
        if match:
            keyword, index, token = match.group(1), match.group(2), match.group(3)
            value = _unquote(token, where)
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                # a new entry that no blank line separates from the last one
                entry = Entry(line=number, obsolete=obsolete)
                entries.append(entry)
            if keyword == "msgstr":
                slot = int(index) if index is not None else 0
                entry.msgstr[slot] = value
                target = ("msgstr", slot)
            else:
                setattr(entry, keyword, value)
                target = (keyword, 0)
        elif line.startswith('"') and target is not None:
            value = _unquote(line, where)
            keyword, slot = target
            if keyword == "msgstr":
                entry.msgstr[slot] += value
            else:
                setattr(entry, keyword, (getattr(entry, keyword) or "") + value)
        else:
            raise ValueError(f"{where}: cannot parse {raw!r}")
    return [e for e in entries if not e.obsolete and (e.msgid or e.msgstr)]


def po_header(entries: list[Entry]) -> dict[str, str]:
    header = next(e for e in entries if e.is_header)
    fields = {}
    for line in header.msgstr[0].splitlines():
        name, _sep, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return fields


def po_messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not e.is_header]


def read_mo(path: Path) -> dict[str, list[str]]:
    """Every message of a .mo file: key (msgctxt EOT msgid) -> translations (one per form)."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _magic, _revision, count, originals, translations = struct.unpack(order + "5I", data[:20])
    catalogue: dict[str, list[str]] = {}
    for i in range(count):
        o_len, o_off = struct.unpack(order + "2I", data[originals + 8 * i : originals + 8 * i + 8])
        t_len, t_off = struct.unpack(
            order + "2I", data[translations + 8 * i : translations + 8 * i + 8]
        )
        original = data[o_off : o_off + o_len].decode("utf-8")
        translated = data[t_off : t_off + t_len].decode("utf-8")
        catalogue[original.split("\0")[0]] = translated.split("\0")
    return catalogue


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


# Printf-style conversions: %(name)s, %s, %d, %%...
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[a-zA-Z%]")


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


# --- The parser itself ------------------------------------------------------------------------
def test_po_reader_handles_contexts_plurals_escapes_and_flags(tmp_path: Path) -> None:
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgctxt "ctx"\nmsgid ""\n"Say \\"%(x)s\\"\\n"\n'
        'msgstr "Di\' \\"%(x)s\\"\\n"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "uno"\nmsgstr[1] "molti"\n\n'
        '#~ msgid "gone"\n#~ msgstr "andato"\n',
        encoding="utf-8",
    )
    entries = read_po(sample)
    assert po_header(entries)["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    first, second = po_messages(entries)
    assert (first.msgctxt, first.msgid, first.msgstr) == (
        "ctx",
        'Say "%(x)s"\n',
        {0: 'Di\' "%(x)s"\n'},
    )
    assert first.flags == {"fuzzy", "python-format"}
    assert (second.msgid_plural, second.msgstr) == ("many", {0: "uno", 1: "molti"})


# --- (a) The Italian catalogue is complete ----------------------------------------------------
def test_italian_header_declares_language_and_plural_forms() -> None:
    header = po_header(read_po(po_path("it")))
    assert header["Language"] == "it"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in header["Content-Type"]


def test_every_italian_entry_is_translated_and_none_is_fuzzy() -> None:
    messages = po_messages(read_po(po_path("it")))
    assert len(messages) > 100, "the Italian catalogue looks empty: run makemessages"
    problems = []
    for entry in messages:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.label}")
        forms = 2 if entry.msgid_plural is not None else 1
        if sorted(entry.msgstr) != list(range(forms)):
            problems.append(
                f"expected {forms} form(s), found {sorted(entry.msgstr)}: {entry.label}"
            )
        elif not all(entry.msgstr[i].strip() for i in range(forms)):
            problems.append(f"untranslated: {entry.label}")
    assert not problems, "\n".join(problems)


def test_english_catalogue_covers_the_same_messages() -> None:
    """Both catalogues come from the same makemessages run."""

    def keys(language: str) -> set[tuple[str | None, str, str | None]]:
        return {
            (e.msgctxt, e.msgid, e.msgid_plural) for e in po_messages(read_po(po_path(language)))
        }

    assert keys("it") == keys("en")


# --- (b) The committed .mo says what the .po says ------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_po(language: str) -> None:
    entries = read_po(po_path(language))
    assert mo_path(language).exists(), f"{mo_path(language)} is missing: run compilemessages"
    expected: dict[str, list[str]] = {}
    for entry in po_messages(entries):
        # msgfmt leaves out fuzzy entries and those without a (complete) translation.
        forms = [entry.msgstr[i] for i in sorted(entry.msgstr)]
        if "fuzzy" in entry.flags or not forms or not all(forms):
            continue
        expected[entry.mo_key()] = forms
    compiled = read_mo(mo_path(language))
    header = compiled.pop("", [""])[0]
    stale = "run `manage.py compilemessages` after editing the .po"
    missing = sorted(set(expected) - set(compiled))
    extra = sorted(set(compiled) - set(expected))
    assert not missing, f"in {language} .po but not in .mo ({stale}): {missing}"
    assert not extra, f"in {language} .mo but not in .po ({stale}): {extra}"
    different = [key for key in expected if expected[key] != compiled[key]]
    assert not different, f"{language} .mo differs from .po ({stale}): {different}"
    plural_forms = po_header(entries)["Plural-Forms"]
    assert f"Plural-Forms: {plural_forms}" in header, stale


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_answers_like_po_through_gettext(language: str) -> None:
    """The same check through the standard library's own reader and lookup functions."""
    with mo_path(language).open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    problems = []
    for entry in po_messages(read_po(po_path(language))):
        if "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural is None:
            want = entry.msgstr.get(0) or entry.msgid
            got = (
                catalogue.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt is not None
                else catalogue.gettext(entry.msgid)
            )
            if got != want:
                problems.append(f"{entry.label}: .mo {got!r}, .po {want!r}")
            continue
        for n, form in ((1, 0), (2, 1)):
            fallback = entry.msgid if n == 1 else entry.msgid_plural
            want = entry.msgstr.get(form) or fallback
            if not all(entry.msgstr.values()):
                want = fallback  # msgfmt drops partially translated plurals
            got = (
                catalogue.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt is not None
                else catalogue.ngettext(entry.msgid, entry.msgid_plural, n)
            )
            if got != want:
                problems.append(f"{entry.label} (n={n}): .mo {got!r}, .po {want!r}")
    assert not problems, "\n".join(problems)


# --- (c) Placeholders survive translation ---------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_python_format_placeholders_are_preserved(language: str) -> None:
    problems = []
    for entry in po_messages(read_po(po_path(language))):
        if "python-format" not in entry.flags and not placeholders(entry.msgid):
            continue
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for form, translated in sorted(entry.msgstr.items()):
            if not translated:
                continue
            source = sources[min(form, len(sources) - 1)]
            if placeholders(translated) != placeholders(source):
                problems.append(
                    f"{entry.label} msgstr[{form}]: {placeholders(translated)} "
                    f"instead of {placeholders(source)}"
                )
                continue
            names = re.findall(r"%\(([^)]*)\)", source)
            if names:
                try:
                    translated % dict.fromkeys(names, 1)  # a number fits %(n)s and %(n)d alike
                except (KeyError, ValueError, TypeError) as exc:
                    problems.append(f"{entry.label} msgstr[{form}]: cannot format ({exc!r})")
    assert not problems, "\n".join(problems)


# --- (d) Italian dates in lowercase ---------------------------------------------------------------
def test_month_and_weekday_names_are_kept_by_makemessages() -> None:
    """tessere/formats/names.py marks them; without them Django's capitalised names show."""
    messages = po_messages(read_po(po_path("it")))
    plain = {e.msgid: e.msgstr.get(0) for e in messages if e.msgctxt is None}
    alt = {e.msgid: e.msgstr.get(0) for e in messages if e.msgctxt == "alt. month"}
    for english, italian in [*MONTHS, *WEEKDAYS]:
        assert plain.get(english) == italian, english
    for english, italian in MONTHS:
        assert alt.get(english) == italian, f"alt. month {english}"


def test_italian_month_and_weekday_names_are_lowercase() -> None:
    with translation.override("it"):
        assert date_format(date(2021, 5, 13), "j F Y") == "13 maggio 2021"
        assert date_format(date(2026, 11, 25), "l j F Y") == "mercoledì 25 novembre 2026"
        assert date_format(date(2022, 10, 31), "j E Y") == "31 ottobre 2022"
        for month, (_english, italian) in enumerate(MONTHS, start=1):
            assert date_format(date(2026, month, 1), "F") == italian
            assert date_format(date(2026, month, 1), "E") == italian
        for offset, (_english, italian) in enumerate(WEEKDAYS):
            assert date_format(date(2026, 11, 23 + offset), "l") == italian  # 23 Nov 2026: Monday


def test_english_dates_stay_english() -> None:
    with translation.override("en"):
        assert date_format(date(2026, 11, 25), "l j F Y") == "Wednesday 25 November 2026"


# --- (e) Pages speak the chosen language ---------------------------------------------------------
@pytest.mark.django_db
def test_home_page_is_italian_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vai al contenuto" in page
    assert "Progetti" in page
    assert "Skip to content" not in page


@pytest.mark.django_db
def test_home_page_follows_the_language_cookie(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skip to content" in page
    assert "Vai al contenuto" not in page
