"""What the networks demo data is made of: the three survey waves of Territori Inclusivi, how
many organisations answered each, and the notes the answers and the mentors wrote. Everything
else (which organisation declares which tie) is drawn in seeds.py from a seeded generator.

The notes are invented and name no person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import TieKind


@dataclass(frozen=True)
class WaveSpec:
    label: str
    title: str
    opens_on: dt.date
    closes_on: dt.date
    share: float  # of the organisations with a coordinator that submit an answer
    # When the ties first declared in this wave started (cross-project ones).
    new_since: dt.date


WAVES = (
    WaveSpec(
        "T0", "Autunno 2021", dt.date(2021, 10, 18), dt.date(2021, 11, 30), 0.70,
        dt.date(2021, 6, 1),
    ),
    WaveSpec(
        "T1", "Primavera 2022", dt.date(2022, 4, 19), dt.date(2022, 5, 31), 0.80,
        dt.date(2021, 12, 1),
    ),
    WaveSpec(
        "T2", "Autunno 2022", dt.date(2022, 9, 19), dt.date(2022, 10, 31), 0.90,
        dt.date(2022, 6, 1),
    ),
)  # fmt: skip

# The kinds of tie inside a partnership, and across projects, with their weights.
WITHIN_KINDS = (
    (TieKind.JOINT_ACTIVITY, 5),
    (TieKind.REFERRAL, 3),
    (TieKind.INFORMATION, 2),
    (TieKind.SHARED_RESOURCES, 2),
    (TieKind.CO_DESIGN, 1),
)
ACROSS_KINDS = (
    (TieKind.INFORMATION, 5),
    (TieKind.REFERRAL, 3),
    (TieKind.CO_DESIGN, 2),
    (TieKind.JOINT_ACTIVITY, 2),
    (TieKind.SHARED_RESOURCES, 1),
)

DECLARED_NOTES = (
    "Ci scambiamo le segnalazioni dello sportello una volta al mese.",
    "Tavolo comune sull'inserimento lavorativo, avviato dopo l'incontro di comunità.",
    "Condividiamo la sala per i corsi di italiano del sabato mattina.",
    "Abbiamo progettato insieme il percorso estivo per i ragazzi neoarrivati.",
    "Rapporto nato durante il laboratorio di gruppo: ora ci sentiamo regolarmente.",
    "Collaborazione sospesa per il cambio di referente, da riprendere in autunno.",
    "Inviamo le famiglie al loro servizio di orientamento abitativo.",
    "Mediazione linguistica messa a disposizione per i colloqui più delicati.",
)

# Ties a mentor saw being built, between projects (by position in the registry's PROJECTS).
RECORDED = (
    (0, 1, TieKind.CO_DESIGN, 2, dt.date(2022, 2, 15),
     "Il mentore ha accompagnato il primo incontro tra i due capofila sul tema della casa: "
     "ne è nato un gruppo di lavoro comune sulle soluzioni abitative temporanee."),
    (2, 3, TieKind.INFORMATION, 1, dt.date(2022, 3, 10),
     "Scambio di strumenti per l'accoglienza sanitaria: da seguire, il rapporto è ancora fragile."),
    (4, 6, TieKind.REFERRAL, 2, dt.date(2022, 5, 5),
     "Invii reciproci di persone in uscita dai percorsi di accoglienza, concordati in sessione."),
    (7, 8, TieKind.JOINT_ACTIVITY, 2, dt.date(2022, 6, 20),
     "Attività estiva condivisa tra i due territori, nata dal confronto durante il mentoring."),
    (9, 12, TieKind.SHARED_RESOURCES, 1, dt.date(2022, 9, 1),
     "Condivisione di un furgone per la distribuzione: accordo informale, senza convenzione."),
)  # fmt: skip
