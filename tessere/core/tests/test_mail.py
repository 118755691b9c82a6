"""In development, email is printed on the console and kept as .eml files under var/mail."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.test import override_settings

BACKEND = "tessere.core.mail.ConsoleAndFileBackend"


def saved_messages(folder: Path) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def test_a_message_is_printed_and_kept_as_an_eml_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with override_settings(EMAIL_BACKEND=BACKEND, EMAIL_FILE_PATH=tmp_path / "mail"):
        sent = send_mail(
            "Invito a Tessere",
            "Segui il link per entrare.",
            "Tessere <noreply@tessere.localhost>",
            ["ada@example.test"],
        )

    assert sent == 1
    printed = capsys.readouterr().out
    assert "Subject: Invito a Tessere" in printed
    assert "Segui il link per entrare." in printed
    [saved] = saved_messages(tmp_path / "mail")
    assert saved["Subject"] == "Invito a Tessere"
    assert saved["To"] == "ada@example.test"
    assert saved.get_content().strip() == "Segui il link per entrare."


def test_each_message_gets_its_own_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    connection = get_connection(BACKEND, file_path=tmp_path)
    messages = [
        EmailMultiAlternatives(f"Messaggio {i}", "Testo", to=[f"p{i}@example.test"])
        for i in range(3)
    ]

    assert connection.send_messages(messages) == 3

    assert sorted(m["Subject"] for m in saved_messages(tmp_path)) == [
        "Messaggio 0",
        "Messaggio 1",
        "Messaggio 2",
    ]


def test_an_html_alternative_is_kept_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = EmailMultiAlternatives("Con HTML", "Testo semplice", to=["ada@example.test"])
    message.attach_alternative("<p>Testo <strong>ricco</strong></p>", "text/html")

    get_connection(BACKEND, file_path=tmp_path).send_messages([message])

    [saved] = saved_messages(tmp_path)
    html = saved.get_body(preferencelist=("html",))
    assert html is not None
    assert "<strong>ricco</strong>" in html.get_content()


def test_the_folder_is_created_when_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "var" / "mail"

    get_connection(BACKEND, file_path=folder).send_messages(
        [EmailMultiAlternatives("Ciao", "Testo", to=["ada@example.test"])]
    )

    assert len(list(folder.glob("*.eml"))) == 1


def test_nothing_to_send_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert get_connection(BACKEND, file_path=tmp_path).send_messages([]) == 0

    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr().out == ""


def test_a_message_without_recipients_is_not_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent = get_connection(BACKEND, file_path=tmp_path).send_messages(
        [EmailMultiAlternatives("Nessuno", "Testo", to=[])]
    )

    assert sent == 0
    assert list(tmp_path.glob("*.eml")) == []


def test_a_folder_that_cannot_be_written_fails_loudly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    message = EmailMultiAlternatives("Ciao", "Testo", to=["ada@example.test"])

    with pytest.raises(OSError):
        get_connection(BACKEND, file_path=blocker).send_messages([message])
    assert (
        get_connection(BACKEND, file_path=blocker, fail_silently=True).send_messages([message]) == 0
    )
