"""The library of participatory methods and what a session run with each one records.

Built-in methods are defined here (their output fields, with translatable labels) and mirrored
as `Method` rows by the seed so agendas can point at them; custom methods live only in the
database with the fields a facilitator declared. See ../shared/brief/METHODS.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEXT, TEXTAREA, NUMBER, CHOICE, GROUP = "text", "textarea", "number", "choice", "group"
KINDS = (TEXT, TEXTAREA, NUMBER, CHOICE, GROUP)


@dataclass(frozen=True)
class OutputField:
    """One thing a session records: a text, a number, a choice, or a repeated group of fields."""

    name: str
    label: str | Promise
    kind: str = TEXTAREA
    help_text: str | Promise = ""
    choices: tuple[tuple[str, str | Promise], ...] = ()
    subfields: tuple[OutputField, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "label": str(self.label), "kind": self.kind}
        if self.help_text:
            data["help_text"] = str(self.help_text)
        if self.choices:
            data["choices"] = [[value, str(label)] for value, label in self.choices]
        if self.subfields:
            data["subfields"] = [sub.as_dict() for sub in self.subfields]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OutputField:
        kind = data.get("kind", TEXTAREA)
        return cls(
            name=str(data["name"]),
            label=str(data.get("label") or data["name"]),
            kind=kind if kind in KINDS else TEXTAREA,
            help_text=str(data.get("help_text", "")),
            choices=tuple((str(v), str(lbl)) for v, lbl in data.get("choices", [])),
            subfields=tuple(cls.from_dict(sub) for sub in data.get("subfields", [])),
        )


@dataclass(frozen=True)
class MethodSpec:
    key: str
    name: str
    description: str  # Italian: the method library is written for Italian facilitators
    fields: tuple[OutputField, ...] = field(default_factory=tuple)


F = OutputField
_YES_NO = (("yes", _("yes")), ("no", _("no")))

BUILTIN_METHODS: tuple[MethodSpec, ...] = (
    MethodSpec(
        "world-cafe",
        "World Café",
        "Piccoli tavoli, giri di 15–20 minuti su domande che contano: le persone cambiano tavolo, "
        "chi ospita resta e racconta ai nuovi arrivati. Si chiude con una raccolta in plenaria "
        "di ciò che accomuna i tavoli.",
        (
            F("purpose", _("Purpose")),
            F(
                "questions",
                _("Questions, in order"),
                GROUP,
                subfields=(F("round", _("Round"), NUMBER), F("question", _("Question"), TEXT)),
            ),
            F("round_minutes", _("Length of a round (minutes)"), NUMBER),
            F(
                "tables",
                _("Tables"),
                GROUP,
                subfields=(
                    F("table", _("Table"), TEXT),
                    F("host", _("Host"), TEXT),
                    F("round", _("Round"), NUMBER),
                    F("notes", _("Notes"), TEXTAREA),
                ),
            ),
            F("patterns", _("Patterns across tables")),
            F("deeper_questions", _("Deeper questions raised")),
            F("harvest", _("Harvest summary")),
        ),
    ),
    MethodSpec(
        "open-space",
        "Open Space",
        "I partecipanti scrivono l'agenda su una parete: chi propone un tema lo ospita, ognuno si "
        "sposta liberamente (la «legge dei due piedi»). Ogni sessione lascia un resoconto; si chiude "
        "in cerchio.",
        (
            F("calling_question", _("Calling question")),
            F(
                "sessions",
                _("Agenda wall: sessions"),
                GROUP,
                subfields=(
                    F("title", _("Title"), TEXT),
                    F("convener", _("Convener"), TEXT),
                    F("slot", _("Time slot"), TEXT),
                    F("space", _("Space"), TEXT),
                    F("participants", _("Participants"), TEXT),
                    F("note_taker", _("Note-taker"), TEXT),
                    F("key_points", _("Key points"), TEXTAREA),
                    F("recommendations", _("Recommendations"), TEXTAREA),
                    F("next_steps", _("Next steps and who continues"), TEXTAREA),
                ),
            ),
            F("closing_circle", _("Closing circle")),
        ),
    ),
    MethodSpec(
        "fishbowl",
        "Fishbowl",
        "Un cerchio interno di 4–5 sedie discute, gli altri ascoltano. Nella variante aperta una "
        "sedia resta libera per chi vuole entrare; in quella chiusa ruota l'intero cerchio.",
        (
            F(
                "variant",
                _("Variant"),
                CHOICE,
                choices=(("open", _("open")), ("closed", _("closed"))),
            ),
            F("topic", _("Topic"), TEXT),
            F("inner_circle_size", _("Chairs in the inner circle"), NUMBER),
            F("panelists", _("Fixed panelists"), TEXT),
            F("rotation_rule", _("Rotation rule"), TEXT),
            F("time_box_minutes", _("Time box (minutes)"), NUMBER),
            F("summary", _("Facilitator's summary")),
            F("positions", _("Positions expressed")),
            F("parked_questions", _("Questions parked")),
        ),
    ),
    MethodSpec(
        "peer-assist",
        "Peer assist",
        "Un progetto alle prese con una sfida invita colleghi di altri progetti a condividere la "
        "loro esperienza prima di agire.",
        (
            F("requesting_project", _("Requesting project"), TEXT),
            F("challenge", _("Challenge")),
            F("desired_outcome", _("Desired outcome")),
            F(
                "peers",
                _("Invited peers"),
                GROUP,
                subfields=(
                    F("name", _("Name"), TEXT),
                    F("organisation", _("Organisation"), TEXT),
                    F("experience", _("Relevant experience"), TEXTAREA),
                ),
            ),
            F("pre_reading", _("Pre-reading")),
            F("stories", _("Stories shared")),
            F("options", _("Options proposed")),
            F("decisions", _("Decisions and actions of the host project")),
            F("follow_up_date", _("Follow-up date"), TEXT),
        ),
    ),
    MethodSpec(
        "after-action-review",
        "After-action review",
        "Breve debriefing senza colpe, subito dopo un'attività, su quattro domande: cosa doveva "
        "succedere, cosa è successo, perché la differenza, cosa tenere e cosa migliorare.",
        (
            F("activity", _("Activity reviewed"), TEXT),
            F("dates", _("Dates"), TEXT),
            F("roles_present", _("Roles present"), TEXT),
            F("expected", _("What was supposed to happen?")),
            F("happened", _("What actually happened?")),
            F("why_difference", _("Why was there a difference?")),
            F("sustain", _("What to keep")),
            F("improve", _("What to improve")),
            F("actions", _("Actions")),
        ),
    ),
    MethodSpec(
        "inspirational-talk",
        "Input ispirazionale",
        "Un breve intervento che apre la discussione e offre uno sguardo da fuori.",
        (
            F("speaker", _("Speaker"), TEXT),
            F("title", _("Title"), TEXT),
            F("abstract", _("Abstract")),
            F("slides", _("Slides or recording (link)"), TEXT),
            F("floor_questions", _("Questions from the floor")),
        ),
    ),
    MethodSpec(
        "plenary",
        "Discussione in plenaria",
        "Tutto il gruppo insieme, con una facilitazione che dà la parola e tiene il filo.",
        (
            F("topic", _("Topic"), TEXT),
            F("summary", _("Summary")),
            F("agreements", _("Agreements")),
            F("open_questions", _("Open questions")),
        ),
    ),
    MethodSpec(
        "breakout-groups",
        "Lavoro in sottogruppi",
        "Piccoli gruppi misti lavorano sulla stessa domanda e riportano in plenaria.",
        (
            F("question", _("Question"), TEXT),
            F(
                "groups",
                _("Groups"),
                GROUP,
                subfields=(
                    F("group", _("Group"), TEXT),
                    F("members", _("Members"), TEXT),
                    F("rapporteur", _("Rapporteur"), TEXT),
                    F("report", _("Report"), TEXTAREA),
                ),
            ),
        ),
    ),
    MethodSpec(
        "most-significant-change",
        "Most significant change",
        "I partecipanti raccontano storie di cambiamento; un panel sceglie la più significativa e "
        "mette per iscritto perché.",
        (
            F("period", _("Period"), TEXT),
            F("domains", _("Domains of change")),
            F(
                "stories",
                _("Stories"),
                GROUP,
                subfields=(
                    F("title", _("Title"), TEXT),
                    F("teller", _("Teller's role and organisation"), TEXT),
                    F("consent", _("Consent to share"), CHOICE, choices=_YES_NO),
                    F("domain", _("Domain"), TEXT),
                    F("what_changed", _("What changed"), TEXTAREA),
                    F("why_it_matters", _("Why it matters"), TEXTAREA),
                    F("where_who_how", _("Where, who, how"), TEXTAREA),
                ),
            ),
            F("panel", _("Selection panel"), TEXT),
            F("selected", _("Selected stories")),
            F("reasons", _("Reasons for the choice")),
            F("feedback", _("Feedback given")),
        ),
    ),
)

BUILTIN_BY_KEY = {spec.key: spec for spec in BUILTIN_METHODS}

# Every session, whatever the method, may record these (METHODS.md, first paragraph).
COMMON_FIELDS: tuple[OutputField, ...] = (
    F("outputs", _("Outputs and notes")),
    F("follow_up", _("Follow-up actions (who, what, by when)")),
)
