"""Dates, times and numbers in Italian formats, Europe/Rome time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from conftest import Personas

MAY_13_2021 = dt.date(2021, 5, 13)


def render(source: str, **context: object) -> str:
    return Template("{% load humanize %}" + source).render(Context(context)).strip()


def test_short_dates_are_day_month_year_with_slashes() -> None:
    with translation.override("it"):
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=MAY_13_2021) == "13/05/2021"


def test_short_date_times_use_the_24_hour_clock() -> None:
    moment = dt.datetime(2021, 5, 13, 17, 5)

    with translation.override("it"):
        assert render('{{ d|date:"SHORT_DATETIME_FORMAT" }}', d=moment) == "13/05/2021 17:05"
        assert render('{{ d|time:"TIME_FORMAT" }}', d=moment) == "17:05"


def test_times_are_shown_in_rome_time() -> None:
    # 15:30 UTC on a summer day is 17:30 in Rome (CEST).
    moment = dt.datetime(2021, 5, 13, 15, 30, tzinfo=dt.UTC)

    with translation.override("it"), timezone.override("Europe/Rome"):
        assert render('{{ d|date:"SHORT_DATETIME_FORMAT" }}', d=moment) == "13/05/2021 17:30"
    assert timezone.get_default_timezone_name() == "Europe/Rome"


def test_the_week_starts_on_monday() -> None:
    from django.utils.formats import get_format

    with translation.override("it"):
        assert get_format("FIRST_DAY_OF_WEEK") == 1


def test_a_long_date_has_day_month_name_and_year() -> None:
    # The month's capitalisation is pinned with the Italian catalogue, not here.
    with translation.override("it"):
        text = date_format(MAY_13_2021, "DATE_FORMAT")

    assert text.startswith("13 ")
    assert text.endswith(" 2021")
    assert text.split()[1].lower() == "maggio"


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("{{ n|intcomma }}", 1210000),
        ('{{ n|floatformat:"0g" }}', Decimal("1210000.00")),
        ('{{ n|floatformat:"0g" }}', 1210000),
    ],
)
def test_large_numbers_use_a_dot_between_thousands(source: str, value: object) -> None:
    with translation.override("it"):
        assert render(source, n=value) == "1.210.000"


def test_decimals_use_a_comma() -> None:
    with translation.override("it"):
        assert render('{{ n|floatformat:"2g" }}', n=Decimal("1234.5")) == "1.234,50"


def test_english_keeps_english_separators() -> None:
    with translation.override("en"):
        assert render('{{ n|floatformat:"0g" }}', n=Decimal("1210000")) == "1,210,000"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=MAY_13_2021) == "13/05/2021"


def test_italian_date_input_is_understood() -> None:
    from django import forms

    class When(forms.Form):
        day = forms.DateField()

    with translation.override("it"):
        form = When({"day": "13/05/2021"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == MAY_13_2021


def test_the_programme_page_shows_italian_dates_and_budget(
    personas: Personas, client: Client
) -> None:
    html = client.get(f"/programmi/{personas.programme.slug}/").content.decode()

    assert "13/05/2021" in html
    assert "31/10/2022" in html
    assert "1.210.000" in html
