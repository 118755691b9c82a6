"""Configuration comes from the environment and bad values are refused at start-up.

The helpers are tested directly; whole-module behaviour (which database, which refusals) in a
fresh interpreter, because the settings module is read once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tessere.settings import env_bool, env_int, env_list, env_str

BASE_DIR = Path(settings.BASE_DIR)
# Variables that steer the settings module; each subprocess starts without them.
STEERING = {
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "TESSERE_PRODUCTION",
    "TESSERE_VAR_DIR",
    "TESSERE_TESTING",
    "REDIS_URL",
    "EMAIL_PORT",
    "INVITATION_VALID_DAYS",
    "DJANGO_SETTINGS_MODULE",
}


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import tessere.settings in a new interpreter with `env` and print a few values."""
    clean = {k: v for k, v in os.environ.items() if k not in STEERING}
    code = (
        "import json, tessere.settings as s;"
        "db = s.DATABASES['default'];"
        "print(json.dumps({'ENGINE': db['ENGINE'], 'NAME': str(db['NAME']),"
        " 'HOST': db.get('HOST', ''), 'PORT': db.get('PORT', ''), 'USER': db.get('USER', ''),"
        " 'CACHE': s.CACHES['default']['BACKEND'], 'DEBUG': s.DEBUG}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(**env: str) -> dict[str, object]:
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


# --- The helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("True", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("NO", False),
        ("off", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("TESSERE_FLAG", raw)

    assert env_bool("TESSERE_FLAG") is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "si", "truee", "-"])
def test_env_bool_refuses_anything_else(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("TESSERE_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match="TESSERE_FLAG"):
        env_bool("TESSERE_FLAG")


def test_env_bool_falls_back_to_the_default_when_unset_or_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TESSERE_FLAG", raising=False)
    assert env_bool("TESSERE_FLAG", default=True) is True

    monkeypatch.setenv("TESSERE_FLAG", "")
    assert env_bool("TESSERE_FLAG", default=True) is True


def test_env_int_reads_integers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSERE_NUMBER", "587")

    assert env_int("TESSERE_NUMBER", 25) == 587


@pytest.mark.parametrize("raw", ["twenty", "2.5", "25a", "0x19"])
def test_env_int_refuses_what_is_not_an_integer(monkeypatch: pytest.MonkeyPatch, raw: str):
    monkeypatch.setenv("TESSERE_NUMBER", raw)

    with pytest.raises(ImproperlyConfigured, match="TESSERE_NUMBER"):
        env_int("TESSERE_NUMBER", 25)


def test_env_int_falls_back_to_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TESSERE_NUMBER", raising=False)

    assert env_int("TESSERE_NUMBER", 25) == 25


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSERE_HOSTS", " tessere.example , ,www.tessere.example,")

    assert env_list("TESSERE_HOSTS") == ["tessere.example", "www.tessere.example"]


def test_env_str_falls_back_to_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TESSERE_TEXT", raising=False)

    assert env_str("TESSERE_TEXT", "x") == "x"


# --- The whole module, in a fresh interpreter -------------------------------------------------


def test_with_nothing_set_the_database_is_sqlite_under_var() -> None:
    values = loaded()

    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(str(values["NAME"])) == BASE_DIR / "var" / "tessere.sqlite3"
    assert values["DEBUG"] is False


def test_the_var_folder_can_be_moved() -> None:
    values = loaded(TESSERE_VAR_DIR="/srv/tessere-data")

    assert values["NAME"] == "/srv/tessere-data/tessere.sqlite3"


def test_database_url_switches_to_postgresql() -> None:
    values = loaded(DATABASE_URL="postgres://tessere:secret@db.example:5433/tessere_prod")

    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "tessere_prod"
    assert values["HOST"] == "db.example"
    assert values["PORT"] == 5433
    assert values["USER"] == "tessere"


def test_without_redis_the_cache_is_shared_through_files_not_process_memory() -> None:
    # Rate limits must hold across worker processes (PITFALLS.md): LocMem would not.
    assert loaded()["CACHE"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert (
        loaded(REDIS_URL="redis://127.0.0.1:6379/0")["CACHE"]
        == "django.core.cache.backends.redis.RedisCache"
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"INVITATION_VALID_DAYS": "two weeks"}, "INVITATION_VALID_DAYS"),
        ({"TESSERE_PRODUCTION": "true"}, "SECRET_KEY"),
    ],
)
def test_bad_configuration_stops_start_up_with_a_clear_message(
    env: dict[str, str], named: str
) -> None:
    result = load_settings(**env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr
