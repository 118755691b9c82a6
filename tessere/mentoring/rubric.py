"""The capacity rubric of the lead partner (capofila): the three capacities Line 2 of the
programme names, each scored 1–4 against a written, behaviour-based descriptor.

The labels are UI text (translated); the descriptors are the programme's own Italian wording,
kept as data so that every mentor scores against exactly the same sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise  # a type only (django-stubs is a dev dependency)

SCORES = (1, 2, 3, 4)
MIN_SCORE, MAX_SCORE = SCORES[0], SCORES[-1]

LEVELS: dict[int, StrPromise] = {
    1: _("initial"),
    2: _("developing"),
    3: _("established"),
    4: _("autonomous"),
}


@dataclass(frozen=True)
class Capacity:
    key: str  # the field of CapacityAssessment
    label: StrPromise
    short_label: StrPromise
    descriptors: dict[int, str]

    def descriptor(self, score: int) -> str:
        return self.descriptors[score]


CAPACITIES: tuple[Capacity, ...] = (
    Capacity(
        key="organise",
        label=_("Organise and coordinate the partners"),
        short_label=_("Coordination"),
        descriptors={
            1: (
                "Il capofila convoca i partner solo per adempimenti formali (firme, "
                "rendicontazione); le decisioni sono prese da una sola organizzazione e gli altri "
                "partner ne vengono a conoscenza a cose fatte."
            ),
            2: (
                "Il capofila convoca riunioni di partenariato in modo irregolare; l'ordine del "
                "giorno non circola prima, non sempre si redige un verbale e i compiti dei partner "
                "sono definiti solo a voce."
            ),
            3: (
                "Il capofila tiene riunioni di partenariato a cadenza regolare, con ordine del "
                "giorno inviato prima e verbale condiviso dopo; ogni partner ha compiti scritti e "
                "i partner meno presenti vengono ricontattati."
            ),
            4: (
                "Il capofila fa funzionare un partenariato in cui le decisioni si prendono insieme "
                "secondo regole scritte e condivise; i partner propongono punti all'ordine del "
                "giorno, guidano parti del lavoro e il coordinamento regge anche quando cambia il "
                "referente del capofila."
            ),
        },
    ),
    Capacity(
        key="monitor",
        label=_("Monitor the actions"),
        short_label=_("Monitoring"),
        descriptors={
            1: (
                "Il capofila non raccoglie dati sulle azioni durante il progetto; lo stato di "
                "avanzamento si ricostruisce solo alla scadenza del rendiconto."
            ),
            2: (
                "Il capofila raccoglie alcuni dati (presenze, attività svolte) ma in modo "
                "discontinuo e senza confrontarli con gli obiettivi; i partner inviano le "
                "informazioni solo se sollecitati."
            ),
            3: (
                "Il capofila usa un cronoprogramma e pochi indicatori concordati, li aggiorna "
                "con i partner almeno ogni trimestre e segnala i ritardi rispetto agli obiettivi."
            ),
            4: (
                "Il capofila tiene un monitoraggio continuo e condiviso: i dati raccolti con i "
                "partner vengono discussi insieme e usati per ricalibrare le azioni, e gli esiti "
                "sono restituiti al partenariato e al territorio."
            ),
        },
    ),
    Capacity(
        key="mechanisms",
        label=_("Activate mechanisms for critical issues"),
        short_label=_("Mechanisms"),
        descriptors={
            1: (
                "Le criticità emergono solo quando sono già diventate problemi gravi; il "
                "capofila non ha un modo per farle emergere e tende a rinviarle o a nasconderle."
            ),
            2: (
                "Il capofila riconosce le criticità quando vengono segnalate, ma le affronta caso "
                "per caso, senza decidere chi fa cosa né verificare se la soluzione ha funzionato."
            ),
            3: (
                "Il capofila porta le criticità in riunione di partenariato, concorda azioni con "
                "un responsabile e una scadenza e ne verifica l'esito nell'incontro successivo."
            ),
            4: (
                "Il capofila ha procedure condivise per far emergere e gestire le criticità "
                "(segnalazione, confronto, decisione, verifica); le anticipa, coinvolge quando "
                "serve il monitoraggio del finanziatore e trasforma le difficoltà in "
                "apprendimento per il partenariato."
            ),
        },
    ),
)

CAPACITY_KEYS: tuple[str, ...] = tuple(c.key for c in CAPACITIES)
BY_KEY: dict[str, Capacity] = {c.key: c for c in CAPACITIES}


def capacity(key: str) -> Capacity:
    return BY_KEY[key]
