"""What the demo repository holds, in Italian: for every project of Territori Inclusivi a final
report, a presentation given at a meeting, photos, a service sheet (DOCX), minutes of a
territorial table (ODT), a recording, a video or a link; a few shared materials of the
community of practice; and, in each project's private space, two internal drafts. The texts
are generated from the projects' own descriptions (registry/seed_data.py); people and
details are invented."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tessere.registry.seed_data import PROJECTS, ProjectSpec

from .models import Document, Licence

K = Document.Kind


@dataclass(frozen=True)
class FileSpec:
    filename: str
    maker: str  # "pdf", "slides", "docx", "odt", "jpeg", "jpeg-gps", "png", "wav"
    pages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    note: str = ""
    seed: int = 0


@dataclass(frozen=True)
class ItemSpec:
    key: str  # "repository" or "project": which space
    title: str
    kind: str
    description: str
    day_offset: int  # days after the project's start (or the programme's first meeting)
    licence: str
    files: tuple[FileSpec, ...] = ()
    link_url: str = ""
    authors_text: str = ""
    themes: tuple[str, ...] = ()
    with_meeting: bool = False
    authors: int = 1  # how many of the project's people sign it
    extra: dict[str, str] = field(default_factory=dict)


LICENCES = [
    Licence.CC_BY,
    Licence.CC_BY_SA,
    Licence.CC_BY_NC,
    Licence.CC_BY_NC_SA,
    Licence.CC_BY,
    Licence.CC0,
    Licence.CC_BY_ND,
    Licence.CC_BY_NC_ND,
    Licence.ALL_RIGHTS_RESERVED,
]

TRAINING = (
    "Nel corso del progetto si sono svolte giornate di formazione congiunta per operatrici, "
    "operatori e mediatrici culturali dei servizi: le formazioni hanno messo a confronto "
    "sportelli comunali, consultori, centri per l'impiego e associazioni."
)
MEDIATION = (
    "La mediatrice culturale non traduce soltanto: accompagna la persona ai servizi, spiega "
    "le regole non scritte, aiuta gli operatori a capire chi hanno davanti. Le mediatrici "
    "coinvolte chiedono contratti stabili e una supervisione condivisa tra gli enti."
)


def _plain(text: str) -> str:
    return text.replace("\n\n", " ").replace("- ", "").replace("\n", " ")


def project_items(index: int, spec: ProjectSpec) -> list[ItemSpec]:
    acronym, town = spec.acronym, spec.towns[0]
    second = spec.towns[1] if len(spec.towns) > 1 else town
    theme = spec.themes[0]
    summary = _plain(spec.summary)
    description = _plain(spec.description.split("\n\n")[0])
    lic = LICENCES[index % len(LICENCES)]
    items = [
        ItemSpec(
            key="repository",
            title=f"Relazione finale del progetto {acronym}",
            kind=K.DOCUMENT,
            description=(
                f"La relazione conclusiva di **{spec.title}**: che cosa è stato fatto, con chi, "
                f"che cosa ha funzionato e che cosa no.\n\n- territori: {', '.join(spec.towns)};"
                f"\n- temi: {', '.join(spec.themes)}."
            ),
            day_offset=(spec.end - spec.start).days - 10,
            licence=lic,
            themes=spec.themes,
            authors=2,
            files=(
                FileSpec(
                    f"relazione-finale-{spec.slug}-bozza.pdf",
                    "pdf",
                    pages=((f"{spec.title} - relazione finale (bozza)", (summary, description)),),
                    note="Prima bozza per il partenariato",
                ),
                FileSpec(
                    f"relazione-finale-{spec.slug}.pdf",
                    "pdf",
                    pages=(
                        (f"{spec.title} - relazione finale", (summary, description)),
                        ("Formazione e mediazione", (TRAINING, MEDIATION)),
                        (
                            "Che cosa resta dopo il bando",
                            (
                                f"La rete costruita a {town} e {second} continua a incontrarsi "
                                "ogni tre mesi; il tavolo territoriale ha approvato un "
                                "protocollo d'intesa tra i partner.",
                            ),
                        ),
                    ),
                    note="Versione definitiva approvata dal partenariato",
                ),
            )
            if index % 3 == 0
            else (
                FileSpec(
                    f"relazione-finale-{spec.slug}.pdf",
                    "pdf",
                    pages=(
                        (f"{spec.title} - relazione finale", (summary, description)),
                        ("Formazione e mediazione", (TRAINING, MEDIATION)),
                    ),
                ),
            ),
        ),
        ItemSpec(
            key="repository",
            title=f"{acronym}: la presentazione alla comunità di pratica",
            kind=K.PRESENTATION,
            description=(
                f"Le slide con cui {acronym} si è presentato agli altri progetti: il "
                "partenariato, i territori, le prime difficoltà."
            ),
            day_offset=60 + index * 3,
            licence=Licence.CC_BY,
            themes=spec.themes[:2],
            with_meeting=True,
            files=(
                FileSpec(
                    f"presentazione-{spec.slug}.pdf",
                    "slides",
                    pages=(
                        (acronym, (spec.title, "Incontro della comunità di pratica")),
                        (
                            "Chi siamo",
                            (f"Capofila: {spec.lead}.", f"Territori: {', '.join(spec.towns)}."),
                        ),
                        ("Che cosa facciamo", (summary,)),
                        ("Le domande che portiamo", (MEDIATION,)),
                    ),
                ),
            ),
        ),
        ItemSpec(
            key="repository",
            title=f"Foto del laboratorio di {town}",
            kind=K.IMAGE,
            description=(
                f"Un momento del laboratorio di {acronym} a {town}. Pubblicata con il consenso "
                "delle persone ritratte; la posizione GPS dello scatto è stata rimossa."
            ),
            day_offset=120 + index,
            licence=Licence.CC_BY_NC,
            themes=("Partecipazione e cittadinanza",)
            if "Partecipazione e cittadinanza" in spec.themes
            else spec.themes[:1],
            files=(FileSpec(f"laboratorio-{spec.slug}.jpg", "jpeg-gps", seed=index),),
        ),
        ItemSpec(
            key="repository",
            title=f"Scheda del servizio: {theme.lower()} a {second}",
            kind=K.DOCUMENT,
            description=(
                f"La scheda che descrive il servizio avviato da {acronym} su «{theme}»: a chi "
                "si rivolge, come si accede, chi lo gestisce, quanto costa."
            ),
            day_offset=200 + index * 5,
            licence=Licence.CC_BY_SA,
            themes=(theme,),
            files=(
                FileSpec(
                    f"scheda-servizio-{spec.slug}.docx",
                    "docx",
                    pages=(
                        (
                            f"Scheda del servizio - {acronym}",
                            (
                                summary,
                                "Accesso: su appuntamento, con la mediatrice presente il "
                                "martedì e il giovedì.",
                                TRAINING,
                            ),
                        ),
                    ),
                ),
            ),
        ),
        ItemSpec(
            key="repository",
            title=f"Verbale del tavolo territoriale di {town}",
            kind=K.DOCUMENT,
            description=(
                f"Il verbale dell'incontro del tavolo di rete convocato da {acronym}: presenti, "
                "decisioni, prossimi passi."
            ),
            day_offset=150 + index * 4,
            licence=Licence.CC_BY,
            themes=("Reti territoriali", "Governance interna dei partenariati"),
            authors=1,
            files=(
                FileSpec(
                    f"verbale-tavolo-{spec.slug}.odt",
                    "odt",
                    pages=(
                        (
                            f"Verbale del tavolo territoriale - {town}",
                            (
                                f"Presenti i referenti dei partner di {acronym} e dei servizi "
                                f"sociali di {town}.",
                                "Decisioni: calendario trimestrale degli incontri; una "
                                "referente per ogni ente; scheda comune per le segnalazioni.",
                                MEDIATION,
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ]
    variant = index % 3
    if variant == 0:
        items.append(
            ItemSpec(
                key="repository",
                title=f"Voci da {town}: estratto di un'intervista",
                kind=K.AUDIO,
                description=(
                    "Un breve estratto audio (segnale di prova al posto della voce, nella "
                    "demo) dall'archivio delle interviste raccolte dal progetto."
                ),
                day_offset=260 + index,
                licence=Licence.CC_BY_NC_ND,
                themes=("Cambio di narrazione",),
                authors_text="Radio di comunità (redazione)",
                files=(FileSpec(f"intervista-{spec.slug}.wav", "wav", seed=index),),
            )
        )
    elif variant == 1:
        items.append(
            ItemSpec(
                key="repository",
                title=f"Video-racconto di {acronym}",
                kind=K.VIDEO,
                description=(
                    f"Un racconto video di dieci minuti sulle persone e i luoghi di {acronym}, "
                    "pubblicato sul canale del capofila."
                ),
                day_offset=300 + index,
                licence=Licence.ALL_RIGHTS_RESERVED,
                themes=("Cambio di narrazione",),
                link_url=f"https://video.example.org/territori-inclusivi/{spec.slug}",
                authors_text="Laboratorio video del progetto",
            )
        )
    else:
        items.append(
            ItemSpec(
                key="repository",
                title=f"Mappa dei servizi di {town}",
                kind=K.LINK,
                description=(
                    f"La mappa online dei servizi per le persone straniere a {town} e dintorni, "
                    f"curata da {acronym} e aggiornata dai partner."
                ),
                day_offset=240 + index,
                licence=Licence.CC_BY_SA,
                themes=("Accesso ai diritti",),
                link_url=f"https://mappe.example.org/{spec.slug}",
            )
        )
    if index % 2 == 0:
        items.append(
            ItemSpec(
                key="repository",
                title=f"Infografica: la rete di {acronym}",
                kind=K.IMAGE,
                description=f"Chi fa parte della rete di {acronym} e come si collegano gli enti.",
                day_offset=330 + index,
                licence=Licence.CC_BY,
                themes=("Reti territoriali",),
                files=(FileSpec(f"infografica-rete-{spec.slug}.png", "png", seed=index + 7),),
            )
        )
    items += [
        ItemSpec(
            key="project",
            title=f"Piano di sostenibilità di {acronym} (bozza riservata)",
            kind=K.DOCUMENT,
            description=(
                "Bozza interna del partenariato: ipotesi di costi e di finanziamento dei "
                "servizi dopo il bando. Non diffondere."
            ),
            day_offset=(spec.end - spec.start).days - 60,
            licence=Licence.ALL_RIGHTS_RESERVED,
            themes=("Governance interna dei partenariati",),
            authors=2,
            files=(
                FileSpec(
                    f"piano-sostenibilita-{spec.slug}.docx",
                    "docx",
                    pages=(
                        (
                            f"Piano di sostenibilità - {acronym} (riservato)",
                            (
                                "Ipotesi A: convenzione con l'ambito sociale per la mediazione.",
                                "Ipotesi B: fondi regionali per la formazione degli operatori.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        ItemSpec(
            key="project",
            title=f"Verbale del comitato di pilotaggio di {acronym}",
            kind=K.DOCUMENT,
            description="Verbale riservato al partenariato.",
            day_offset=90,
            licence=Licence.ALL_RIGHTS_RESERVED,
            themes=("Governance interna dei partenariati",),
            files=(
                FileSpec(
                    f"comitato-pilotaggio-{spec.slug}.pdf",
                    "pdf",
                    pages=(
                        (
                            f"Comitato di pilotaggio - {acronym}",
                            (
                                "Ordine del giorno: stato delle attività, budget, "
                                "calendario dei prossimi mesi.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ]
    return items


SHARED_ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec(
        key="repository",
        title="Linee guida per la mediazione culturale nei servizi",
        kind=K.DOCUMENT,
        description=(
            "Le linee guida scritte insieme dai progetti dopo l'incontro «Raggiungere le "
            "persone»: che cosa chiedere a una mediatrice, come lavorare in coppia con "
            "l'operatore, come riconoscere il lavoro di mediazione."
        ),
        day_offset=280,
        licence=Licence.CC_BY_SA,
        themes=("Mediazione culturale", "Accesso ai diritti"),
        with_meeting=True,
        authors_text="Gruppo di lavoro sulla mediazione della comunità di pratica",
        files=(
            FileSpec(
                "linee-guida-mediazione.pdf",
                "pdf",
                pages=(
                    ("Linee guida per la mediazione culturale", (MEDIATION, TRAINING)),
                    (
                        "Dieci raccomandazioni",
                        (
                            "1. La mediatrice è presente fin dalla prima accoglienza.",
                            "2. Operatore e mediatrice preparano insieme il colloquio.",
                            "3. Le formazioni comuni si ripetono ogni anno.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    ItemSpec(
        key="repository",
        title="Glossario della comunità di pratica",
        kind=K.DOCUMENT,
        description="Le parole che usiamo, spiegate: capofila, partenariato, rete, harvest...",
        day_offset=30,
        licence=Licence.CC0,
        themes=("Lezioni apprese",),
        files=(
            FileSpec(
                "glossario.odt",
                "odt",
                pages=(
                    (
                        "Glossario",
                        (
                            "Capofila: l'ente che firma la convenzione e coordina il progetto.",
                            "Rete territoriale: gli enti di un territorio che lavorano insieme.",
                            "Mediatrice culturale: vedi le linee guida.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    ItemSpec(
        key="repository",
        title="Istantanea delle reti territoriali all'avvio",
        kind=K.PRESENTATION,
        description="La prima mappatura delle reti (T0), presentata alla giornata di Torino.",
        day_offset=100,
        licence=Licence.CC_BY,
        themes=("Reti territoriali",),
        with_meeting=True,
        authors_text="IRES Piemonte",
        files=(
            FileSpec(
                "istantanea-reti-t0.pdf",
                "slides",
                pages=(
                    ("Le reti all'avvio", ("Tredici progetti, oltre cento enti.",)),
                    ("Chi è collegato a chi", ("Le reti più dense sono nel Cuneese.",)),
                ),
            ),
        ),
    ),
    ItemSpec(
        key="repository",
        title="Registrazione della giornata di Genova",
        kind=K.VIDEO,
        description="La registrazione integrale della plenaria della giornata di Genova.",
        day_offset=330,
        licence=Licence.CC_BY_NC,
        themes=("Cambio di narrazione",),
        with_meeting=True,
        link_url="https://video.example.org/territori-inclusivi/giornata-genova",
    ),
    ItemSpec(
        key="repository",
        title="Foto di gruppo della giornata di Torino",
        kind=K.IMAGE,
        description="Tutti i partecipanti alla giornata in presenza di Torino.",
        day_offset=105,
        licence=Licence.CC_BY_NC_ND,
        themes=("Partecipazione e cittadinanza",),
        with_meeting=True,
        files=(FileSpec("foto-gruppo-torino.jpg", "jpeg-gps", seed=99),),
    ),
    ItemSpec(
        key="repository",
        title="Sigla del podcast «Territori che includono»",
        kind=K.AUDIO,
        description="La sigla del podcast della comunità di pratica.",
        day_offset=340,
        licence=Licence.CC_BY,
        themes=("Cambio di narrazione",),
        authors_text="Associazione Parole Nuove",
        files=(FileSpec("sigla-podcast.wav", "wav", seed=3),),
    ),
)


def all_items() -> list[tuple[ProjectSpec | None, ItemSpec]]:
    items: list[tuple[ProjectSpec | None, ItemSpec]] = [(None, item) for item in SHARED_ITEMS]
    for index, spec in enumerate(PROJECTS):
        items += [(spec, item) for item in project_items(index, spec)]
    return items


Maker = Callable[[FileSpec], bytes]
