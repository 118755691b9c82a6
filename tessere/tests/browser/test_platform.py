"""The platform of issue 5 in a real browser: a representative asks the experts a question on a
theme, the theme's expert is told (the bell), answers it (marked as an expert's answer, with a
person mentioned from the helper list), the representative accepts the answer (shown first,
the question solved) and finds the question again with the header's search box, by other
forms of its words (Italian stemming), with the words highlighted and the filter by type.
The keyboard alone writes a reply and accepts an answer. Along the whole journey no request
leaves the live server and the strict CSP reports nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Locator, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Personas
from tessere.community.models import Space
from tessere.community.tests.factories import Spaces, make_spaces
from tessere.forum.models import ExpertTheme, Post, Topic
from tessere.forum.tests.factories_consult import make_topic
from tessere.practices.tests.factories import make_practice
from tessere.registry.models import Theme
from tessere.registry.tests import factories as f

from .conftest import LogIn

pytestmark = [pytest.mark.browser, pytest.mark.search_index]

QUESTION = "Come organizzare le formazioni per le mediatrici culturali?"
DETAILS = (
    "Vorremmo avviare una formazione per le mediatrici dei nostri sportelli: "
    "quante ore, chi coinvolgere, quali temi?"
)
ANSWER = "Partite da un percorso breve di formazione congiunta con gli operatori dei servizi."
# Another kind of thing the same words find, so the filter by type has something to leave out.
PRACTICE = "Formazione comune per mediatori e mediatrici"

# Reported through an exposed function, which the page's CSP cannot block.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCspViolation(
    `${e.violatedDirective} blocked ${e.blockedURI} from ${e.sourceFile}:${e.lineNumber}`
  );
});
"""

# What has the focus: enough to tell which control it is.
FOCUSED = """() => {
  const e = document.activeElement;
  const form = e.closest("form");
  return {
    tag: e.tagName.toLowerCase(), id: e.id, type: e.getAttribute("type"),
    action: form ? form.getAttribute("action") : null, text: (e.innerText || "").trim(),
  };
}"""
Focused = dict[str, str | None]


@dataclass
class Consultation:
    spaces: Spaces
    mediation: Theme

    @property
    def questions(self) -> Space:
        return self.spaces.questions


@pytest.fixture
def consultation(transactional_db: None, personas: Personas) -> Consultation:
    """The personas' spaces; the expert answers questions on cultural mediation."""
    spaces = make_spaces(personas)
    mediation = f.make_theme(name="Mediazione culturale")
    f.make_theme(name="Valutazione")
    ExpertTheme.objects.create(programme=personas.programme, user=personas.expert, theme=mediation)
    return Consultation(spaces=spaces, mediation=mediation)


@dataclass
class Watch:
    """What the browser asked for, and what the CSP refused, while the journey ran."""

    requested: list[str]
    csp_violations: list[str]


@pytest.fixture
def watch(page: Page) -> Iterator[Watch]:
    seen = Watch(requested=[], csp_violations=[])

    def on_request(request: Request) -> None:
        seen.requested.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            seen.csp_violations.append(message.text)

    page.context.on("request", on_request)
    page.on("console", on_console)

    def on_violation(description: str) -> None:
        seen.csp_violations.append(description)

    page.context.expose_function("reportCspViolation", on_violation)
    page.context.add_init_script(REPORT_CSP_VIOLATIONS)
    yield seen


def log_out(page: Page) -> None:
    """Through the header's link and the confirmation form."""
    page.locator("#main-nav a[href='/account/logout/']").click()
    page.locator("main form[method='post'] button[type='submit']").click()
    expect(page.locator("header")).to_contain_text(re.compile("Accedi|Log in"))


def tick(page: Page, input_id: str) -> None:
    """Bootstrap Italia draws checkboxes on their label, over the real input."""
    page.locator(f"label[for='{input_id}']").click()


def label_for(page: Page, scope: str, text: str) -> str:
    """The id of the input whose label, inside `scope`, reads exactly `text`."""
    label = page.locator(f"{scope} label").filter(has_text=re.compile(rf"^\s*{text}\s*$"))
    target = label.get_attribute("for")
    assert target, f"no label reading {text!r} in {scope}"
    return target


def post(page: Page, number: int) -> Locator:
    return page.locator(f"#post-{number}")


def expert_badge(page: Page, number: int) -> Locator:
    return post(page, number).locator(".forum-post-header .badge")


def solved_badge(page: Page) -> Locator:
    """The green badge by the question's title (not the expert badges of the posts)."""
    return page.locator("main header", has=page.locator("h1")).locator(".badge.bg-success")


def focused(page: Page) -> Focused:
    result: Focused = page.evaluate(FOCUSED)
    return result


def tab_until(
    page: Page, wanted: str, matches: Callable[[Focused], bool], *, limit: int = 200
) -> None:
    """Press Tab until `matches(focused)` is true (the page has many links before a form)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if matches(focused(page)):
            return
    raise AssertionError(f"{wanted} not reached with {limit} Tab presses")


# --- The journey of the issue ------------------------------------------------------------------
def test_a_question_is_asked_answered_by_the_expert_accepted_and_found_by_a_stemmed_search(
    consultation: Consultation,
    personas: Personas,
    page: Page,
    log_in: LogIn,
    watch: Watch,
    live_server: LiveServer,
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    make_practice(personas.programme, title=PRACTICE, themes=[consultation.mediation])
    questions = consultation.questions

    # The representative asks the question from the consultation space, on a theme.
    log_in(page, personas.representative)
    page.goto(questions.get_absolute_url())
    create_url = reverse("forum:topic_create", args=[questions.programme.slug, questions.slug])
    page.locator(f"main a[href='{create_url}']").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(create_url)}$"))
    page.locator("#id_title").fill(QUESTION)
    page.locator("#id_body").fill(DETAILS)
    tick(page, label_for(page, "form", "Mediazione culturale"))
    page.locator("main form[method='post'] button[type='submit']").click()
    topic = Topic.objects.get(title=QUESTION)
    expect(page).to_have_url(re.compile(rf"{re.escape(topic.get_absolute_url())}$"))
    expect(page.locator("h1")).to_have_text(QUESTION)
    assert list(topic.themes.all()) == [consultation.mediation]
    assert topic.accepted_post_id is None
    log_out(page)

    # The expert of the theme is told: the bell counts it, the list leads to the question.
    log_in(page, personas.expert)
    expect(page.locator("#notification-count .badge")).to_have_text("1")
    page.locator(".notification-bell").click()
    page.locator("main .notification-list a", has_text=QUESTION).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(topic.get_absolute_url())}$"))

    # The expert answers, mentioning the coordinator picked from the helper's list.
    reply = page.locator("#reply form")
    reply.locator("textarea[name='body']").fill(ANSWER + " ")
    page.locator("#mention-search").fill(personas.coordinator.first_name)
    mention = f"@[{personas.coordinator.display_name}]"
    pick = page.locator(f"#mention-options button[data-mention='{mention}']")
    pick.click()
    expect(reply.locator("textarea[name='body']")).to_have_value(f"{ANSWER} {mention} ")
    reply.locator("button[type='submit']").click()
    expect(post(page, 2)).to_contain_text(ANSWER)
    expect(expert_badge(page, 2)).to_have_text(re.compile("Espert|Expert"))
    expect(post(page, 2).locator(".forum-body")).to_contain_text(personas.coordinator.display_name)
    answer = Post.objects.get(topic=topic, number=2)
    assert answer.is_expert_answer and answer.author == personas.expert
    log_out(page)

    # The representative accepts it: solved, and the answer shows right after the question.
    log_in(page, personas.representative)
    page.goto(topic.get_absolute_url())
    expect(solved_badge(page)).to_have_count(0)
    post(page, 2).locator(
        f"form[action='{reverse('forum:accept_answer', args=[answer.pk])}'] button"
    ).click()
    expect(solved_badge(page)).to_have_text(re.compile("Risolta|Solved"))
    accepted = page.locator("section.forum-accepted")
    expect(accepted).to_contain_text(ANSWER)
    expect(accepted.locator(".badge")).to_have_text(re.compile("Espert|Expert"))
    # First in the page's order: the opening question, then the accepted answer, then the rest.
    order = page.evaluate(
        """() => Array.from(document.querySelector(".forum-posts").children)
            .filter((e) => e.id.startsWith("post-") || e.classList.contains("forum-accepted"))
            .map((e) => e.id.startsWith("post-") ? e.id : "accepted")"""
    )
    assert order == ["post-1", "accepted", "post-2"], order
    topic.refresh_from_db()
    assert topic.accepted_post_id == answer.pk and topic.solved_at is not None

    # The header's search box, with other forms of the words: singular for plural.
    box = page.locator("header form[role=search] input[name='q']")
    box.fill("formazione mediatrice")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/cerca/\?q=formazione\+mediatrice"))
    results = page.locator("main ol.search-results")
    to_topic = page.locator(f"a[href='{topic.get_absolute_url()}']")
    found = results.locator(f"a[href='{topic.get_absolute_url()}']")
    expect(found).to_have_text(QUESTION)
    expect(found.locator("mark")).to_have_text(["formazioni", "mediatrici"])
    snippet = results.locator("li", has=to_topic).locator(".search-snippet")
    expect(snippet.locator("mark").first).to_be_visible()
    marked = [m.lower() for m in snippet.locator("mark").all_inner_texts()]
    assert "formazione" in marked and "mediatrici" in marked, marked
    expect(results).to_contain_text(PRACTICE)

    # The filter by type: discussions only, then good practices only.
    types = page.locator("nav.search-types")
    types.locator("a[href*='type=forum.topic']").click()
    expect(page).to_have_url(re.compile(r"[?&]type=forum\.topic\b"))
    expect(types.locator("a[aria-current='true']")).to_have_attribute(
        "href", re.compile(r"type=forum\.topic")
    )
    expect(results.locator("li.search-result")).to_have_count(1)
    expect(found).to_be_visible()
    types.locator("a[href*='type=practices.practice']").click()
    expect(page).to_have_url(re.compile(r"[?&]type=practices\.practice\b"))
    expect(results.locator("li.search-result")).to_have_count(1)
    expect(results).to_contain_text(PRACTICE)
    expect(results.locator(f"a[href='{topic.get_absolute_url()}']")).to_have_count(0)

    # Nothing from elsewhere, nothing refused by the CSP, no script error.
    page.evaluate("() => new Promise((done) => setTimeout(done, 50))")  # let late events arrive
    server_host = urlsplit(live_server.url).hostname
    assert len(watch.requested) > 20, "the request recorder saw nothing"
    elsewhere = [
        url
        for url in watch.requested
        if not url.startswith("data:") and urlsplit(url).hostname != server_host
    ]
    assert not elsewhere, f"requests left {server_host}: {elsewhere}"
    assert not watch.csp_violations, "CSP violations:\n" + "\n".join(
        dict.fromkeys(watch.csp_violations)
    )
    assert not errors, errors


# --- Keyboard only -----------------------------------------------------------------------------
def test_the_keyboard_alone_replies_to_a_question_and_accepts_an_answer(
    consultation: Consultation, personas: Personas, page: Page, log_in: LogIn
) -> None:
    topic = make_topic(
        consultation.questions,
        personas.representative,
        title=QUESTION,
        body=DETAILS,
        replies=[(personas.expert, ANSWER)],
        themes=[consultation.mediation],
        expert_replies=[2],
    )
    answer = Post.objects.get(topic=topic, number=2)
    log_in(page, personas.representative)
    page.goto(topic.get_absolute_url())
    reply_action = reverse("forum:reply", args=[topic.pk])
    accept_action = reverse("forum:accept_answer", args=[answer.pk])

    # Tab to the reply's text box, type, Tab on to its button, Enter.
    tab_until(
        page,
        "the reply's text box",
        lambda e: e["tag"] == "textarea" and e["action"] == reply_action,
    )
    page.keyboard.type("Grazie, proviamo così.")
    tab_until(
        page,
        "the reply's button",
        lambda e: e["tag"] == "button" and e["action"] == reply_action,
        limit=10,
    )
    page.keyboard.press("Enter")
    expect(post(page, 3)).to_contain_text("Grazie, proviamo così.")
    assert Post.objects.filter(topic=topic, number=3, author=personas.representative).exists()

    # From the top of the page, Tab to the expert's answer's "Accept" button, Enter.
    page.goto(topic.get_absolute_url())
    tab_until(
        page,
        "the accept button",
        lambda e: e["tag"] == "button" and e["action"] == accept_action,
    )
    page.keyboard.press("Enter")
    expect(solved_badge(page)).to_have_text(re.compile("Risolta|Solved"))
    expect(page.locator("section.forum-accepted")).to_contain_text(ANSWER)
    topic.refresh_from_db()
    assert topic.accepted_post_id == answer.pk
