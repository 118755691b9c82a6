"""The demo programme's meeting plan, as plain data: what `seeds.py` writes.

Territori Inclusivi met 2 days in person (Torino, Genova) and 8 online half-days between May
2021 and October 2022, plus one in-person day that was called off during the January 2022
wave and held in May instead. After the programme the community kept meeting: two meetings
dated from the day the seed runs, so registration can always be tried. Venues are real public
places; speakers, stories and minutes are invented. People are named as in
`tessere.registry.seed_data` (facilitators by their index in the programme team, harvests by
name). `check_plan()` keeps the pieces consistent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from tessere.registry.seed_data import PROJECTS, THEMES

from .methods import BUILTIN_BY_KEY, COMMON_FIELDS, GROUP

ROME = ZoneInfo("Europe/Rome")
ONLINE = "https://videoconferenza.example.org/territori-inclusivi"

GOVERNANCE = "Governance interna dei partenariati"
NETWORKS = "Reti territoriali"
LESSONS = "Lezioni apprese"
RIGHTS = "Accesso ai diritti"
WORK = "Lavoro e formazione"
HOUSING = "Abitare"
HEALTH = "Salute"
SCHOOL = "Scuola e giovani"
MEDIATION = "Mediazione culturale"
NARRATIVE = "Cambio di narrazione"
PARTICIPATION = "Partecipazione e cittadinanza"

TORINO_CAMPUS = (
    "Campus Luigi Einaudi, Università di Torino",
    "Lungo Dora Siena 100/A, 10153 Torino",
    ("Torino", "TO"),
)
GENOVA_TURSI = (
    "Palazzo Tursi, Salone di rappresentanza",
    "Via Garibaldi 9, 16124 Genova",
    ("Genova", "GE"),
)
GENOVA_LIBRARY = (
    "Biblioteca Universitaria di Genova",
    "Via Balbi 40, 16126 Genova",
    ("Genova", "GE"),
)
TORINO_IRES = ("IRES Piemonte, sala conferenze", "Via Nizza 18, 10125 Torino", ("Torino", "TO"))


@dataclass(frozen=True)
class ItemSpec:
    """One timed agenda item: "HH:MM" Rome times, a built-in method, what it harvested."""

    start: str
    end: str
    title: str
    method: str
    question: str = ""
    speakers: str = ""
    description: str = ""
    harvest: dict[str, Any] | None = None


@dataclass(frozen=True)
class MeetingSpec:
    slug: str
    title: str
    format: str  # Meeting.Format value
    length: str  # Meeting.Length value
    start: str
    end: str
    themes: tuple[str, ...]
    description: str
    facilitators: tuple[int, ...]  # indexes among the programme's facilitators, by role order
    agenda: tuple[ItemSpec, ...] = ()
    day: dt.date | None = None  # a fixed date, or...
    in_days: int = 0  # ...this many days after the seed runs, moved to a Tuesday-Thursday
    status: str = "held"
    minutes: str = ""
    place: tuple[str, str, tuple[str, str]] | None = None  # venue, address, (town, car)
    online: bool = False
    capacity: int | None = None
    # Future meetings: who is registered, as (project acronym, index of its representative).
    registered: tuple[tuple[str, int], ...] = ()

    @property
    def held(self) -> bool:
        return self.status == "held"


def item(start: str, end: str, title: str, method: str, **kw: Any) -> ItemSpec:
    return ItemSpec(start, end, title, method, **kw)


# --- The eight online half-days and the two days in person ---------------------------------------
HELD: tuple[MeetingSpec, ...] = (
    MeetingSpec(
        slug="2021-06-17-avvio-della-comunita-di-pratiche",
        title="Avvio della comunità di pratiche: chi siamo e che cosa portiamo",
        format="online",
        length="half_day",
        day=dt.date(2021, 6, 17),
        start="09:30",
        end="13:00",
        themes=(GOVERNANCE, NETWORKS),
        facilitators=(0, 1),
        online=True,
        description=(
            "Il primo incontro della comunità di pratiche dei 13 progetti del bando *Territori "
            "inclusivi*. Ci presentiamo, conosciamo i progetti degli altri territori e decidiamo "
            "insieme come lavorare nei prossimi diciotto mesi."
        ),
        agenda=(
            item(
                "09:30",
                "09:50",
                "Benvenuto e patto di lavoro",
                "plenary",
                question="Quali regole ci diamo per lavorare bene insieme, anche online?",
            ),
            item(
                "09:50",
                "10:20",
                "Perché una comunità di pratiche tra progetti diversi",
                "inspirational-talk",
                speakers="Anna Rivetti, sociologa di comunità",
                harvest={
                    "speaker": "Anna Rivetti",
                    "title": "Imparare tra pari: che cosa fa funzionare una comunità di pratiche",
                    "abstract": (
                        "Una comunità di pratiche non è un corso: è un gruppo di persone che "
                        "condividono un problema e imparano dalle soluzioni degli altri. Tre "
                        "ingredienti: un dominio comune, relazioni di fiducia, una pratica da "
                        "rileggere insieme."
                    ),
                    "floor_questions": (
                        "Come si evita che diventi l'ennesima riunione? Chi decide i temi? "
                        "Che cosa resta quando il finanziamento finisce?"
                    ),
                },
            ),
            item(
                "10:20",
                "11:30",
                "Presentiamoci: il nostro progetto in tre parole",
                "breakout-groups",
                question="Quali sono le tre parole che descrivono il vostro progetto, e la sfida più grande di quest'anno?",
                harvest={
                    "question": "Il nostro progetto in tre parole, e la sfida più grande di quest'anno",
                    "groups": [
                        {
                            "group": "Stanza 1",
                            "members": "InCopi, Abitare la Casa, Radici, Ponti",
                            "rapporteur": "Sara Parodi",
                            "report": "Parole ricorrenti: prossimità, fiducia, casa. La sfida comune è "
                            "coinvolgere davvero gli enti pubblici, non solo come firmatari.",
                        },
                        {
                            "group": "Stanza 2",
                            "members": "Nega-so, COSì, Lago aperto, Mosaico",
                            "rapporteur": "Giada Cerrato",
                            "report": "Piccoli comuni e valli: distanze, trasporti e pochi servizi. "
                            "La sfida è raggiungere chi vive lontano dai centri.",
                        },
                        {
                            "group": "Stanza 3",
                            "members": "L'accoglienza che cura, TerrAcqua, Filo",
                            "rapporteur": "Roberta Ferro",
                            "report": "Reti grandi e eterogenee: serve chiarezza su chi decide e su "
                            "come circolano le informazioni tra i partner.",
                        },
                    ],
                },
            ),
            item(
                "11:30",
                "12:40",
                "Che cosa vogliamo dalla comunità",
                "plenary",
                harvest={
                    "topic": "Aspettative verso la comunità di pratiche",
                    "summary": (
                        "Tre richieste emergono da tutti i gruppi: confrontarsi sulla governance "
                        "dei partenariati, capire come tenere vive le reti con i comuni, avere "
                        "un luogo dove depositare strumenti e materiali."
                    ),
                    "agreements": "Incontri online di mezza giornata, un giovedì ogni 5-6 settimane; due giornate in presenza, a Torino e a Genova.",
                    "open_questions": "Come coinvolgere i partner che non partecipano alla comunità?",
                },
            ),
            item("12:40", "13:00", "Prossimi passi e calendario", "plenary"),
        ),
        minutes="""\
**Facilitazione:** IRES Piemonte e Codici Ricerca e Intervento.

### Che cosa abbiamo fatto
1. Ci siamo dati un **patto di lavoro**: telecamere accese quando possibile, turni di parola \
brevi, nessun giudizio sulle esperienze degli altri progetti.
2. Anna Rivetti ha presentato che cosa distingue una comunità di pratiche da un corso.
3. In tre stanze abbiamo presentato i progetti con tre parole e la sfida principale dell'anno.

### Che cosa abbiamo deciso
- Gli incontri online saranno di **mezza giornata**, di giovedì, ogni 5-6 settimane.
- Le due **giornate in presenza** si terranno a Torino (autunno 2021) e a Genova (inverno 2022).
- I temi dei primi incontri: *come decidono i partenariati* e *le reti con i comuni*.

### Da fare
- Inviare a tutti il calendario dei prossimi incontri (facilitazione, fatto).
- Ogni progetto individua chi partecipa, possibilmente da tre enti diversi.
""",
    ),
    MeetingSpec(
        slug="2021-07-08-come-decidono-i-partenariati",
        title="Come decidono i nostri partenariati",
        format="online",
        length="half_day",
        day=dt.date(2021, 7, 8),
        start="14:30",
        end="18:00",
        themes=(GOVERNANCE,),
        facilitators=(1, 2),
        online=True,
        description=(
            "Cabine di regia, tavoli, riunioni di partenariato: chi decide che cosa nei nostri "
            "progetti? Un World Café online per confrontare le forme di governance dei 13 "
            "partenariati."
        ),
        agenda=(
            item("14:30", "14:45", "Apertura e riprese dal primo incontro", "plenary"),
            item(
                "14:45",
                "15:15",
                "Governare una rete: ruoli, regole, fiducia",
                "inspirational-talk",
                speakers="Franco Voglino, consulente di organizzazione del terzo settore",
                harvest={
                    "speaker": "Franco Voglino",
                    "title": "Governare una rete: ruoli, regole, fiducia",
                    "abstract": (
                        "Un partenariato non è un'organizzazione: nessuno comanda e tutti "
                        "rispondono al proprio ente. Funziona quando ruoli e regole sono scritti "
                        "e la fiducia viene alimentata con piccoli impegni rispettati."
                    ),
                    "floor_questions": "Che cosa fa il capofila quando un partner non rispetta gli impegni?",
                },
            ),
            item(
                "15:15",
                "16:45",
                "World Café: chi decide che cosa nel nostro partenariato?",
                "world-cafe",
                question="Chi decide che cosa nel nostro partenariato, e come lo sappiamo?",
                harvest={
                    "purpose": "Confrontare le forme di governance dei partenariati e le loro difficoltà.",
                    "questions": [
                        {
                            "round": 1,
                            "question": "Dove si prendono davvero le decisioni nel vostro progetto?",
                        },
                        {
                            "round": 2,
                            "question": "Quando una decisione non è stata rispettata, che cosa è successo?",
                        },
                        {
                            "round": 3,
                            "question": "Che cosa cambiereste domani nella vostra cabina di regia?",
                        },
                    ],
                    "round_minutes": 20,
                    "tables": [
                        {
                            "table": "Tavolo A",
                            "host": "Irene Pons",
                            "round": 1,
                            "notes": "Le decisioni vere si prendono spesso al telefono tra capofila e comune; il tavolo ratifica.",
                        },
                        {
                            "table": "Tavolo B",
                            "host": "Monica Lazzoni",
                            "round": 1,
                            "notes": "Cabina di regia mensile, ma i partner più piccoli non hanno tempo di partecipare.",
                        },
                        {
                            "table": "Tavolo A",
                            "host": "Irene Pons",
                            "round": 2,
                            "notes": "Decisioni non verbalizzate e dimenticate: serve una segreteria del tavolo.",
                        },
                        {
                            "table": "Tavolo C",
                            "host": "Nicoletta Sella",
                            "round": 3,
                            "notes": "Rotazione della conduzione tra i partner; ordine del giorno condiviso una settimana prima.",
                        },
                    ],
                    "patterns": (
                        "In quasi tutti i progetti la governance formale (cabina di regia) e quella "
                        "reale (relazioni bilaterali) non coincidono. Chi non ha tempo resta fuori."
                    ),
                    "deeper_questions": "Quanto costa la governance, e chi la paga?",
                    "harvest": (
                        "Tre idee da provare: una segreteria del tavolo, verbali brevi condivisi entro "
                        "48 ore, una riunione all'anno dedicata solo a come stiamo lavorando insieme."
                    ),
                },
            ),
            item(
                "16:45",
                "17:30",
                "Raccolta in plenaria",
                "plenary",
                harvest={
                    "topic": "Che cosa portiamo a casa dal World Café",
                    "summary": "La segreteria del tavolo e i verbali brevi sono le proposte più condivise.",
                    "agreements": "Ogni progetto prova almeno una delle tre idee entro l'autunno.",
                },
            ),
            item("17:30", "18:00", "Valutazione e saluti", "plenary"),
        ),
        minutes="""\
Franco Voglino ha aperto con tre parole: **ruoli, regole, fiducia**. Poi tre giri di \
World Café in stanze separate.

### Che cosa è emerso
- La governance *formale* (cabina di regia) e quella *reale* (telefonate tra capofila e comune) \
spesso non coincidono.
- I partner più piccoli faticano a partecipare alle riunioni: la governance ha un costo.
- Le decisioni non scritte si perdono.

### Impegni
- Ogni progetto prova entro l'autunno almeno una di queste idee: segreteria del tavolo, verbali \
brevi entro 48 ore, una riunione l'anno su *come* lavoriamo insieme.
- Ne parliamo alla giornata di Torino.
""",
    ),
    MeetingSpec(
        slug="2021-09-30-giornata-in-presenza-a-torino",
        title="Governance e reti a confronto: la giornata di Torino",
        format="in_person",
        length="day",
        day=dt.date(2021, 9, 30),
        start="09:30",
        end="17:00",
        themes=(GOVERNANCE, NETWORKS, PARTICIPATION),
        facilitators=(0, 1, 2),
        place=TORINO_CAMPUS,
        description=(
            "La prima giornata in presenza della comunità. Al mattino un Open Space in cui "
            "l'agenda la scriviamo noi; al pomeriggio un peer assist per il progetto TerrAcqua e "
            "un fishbowl sul ruolo del capofila. Pranzo insieme."
        ),
        agenda=(
            item("09:30", "10:00", "Accoglienza e apertura", "plenary"),
            item(
                "10:00",
                "10:40",
                "Reti che durano: che cosa tiene insieme un territorio",
                "inspirational-talk",
                speakers="Marta Olivero, IRES Piemonte",
                harvest={
                    "speaker": "Marta Olivero",
                    "title": "Reti che durano: che cosa tiene insieme un territorio",
                    "abstract": (
                        "Le reti territoriali nate con un bando spesso si sciolgono con la fine del "
                        "finanziamento. Durano quelle che producono un vantaggio per ogni nodo e "
                        "hanno almeno un luogo stabile di incontro."
                    ),
                    "floor_questions": "Come si misura se una rete è viva? Quanti nodi servono?",
                },
            ),
            item(
                "10:40",
                "13:00",
                "Open Space: di che cosa abbiamo bisogno di parlare?",
                "open-space",
                question="Che cosa rende difficile, e che cosa rende possibile, lavorare in rete sul nostro territorio?",
                harvest={
                    "calling_question": "Che cosa rende difficile, e che cosa rende possibile, lavorare in rete sul nostro territorio?",
                    "sessions": [
                        {
                            "title": "Come si coinvolgono i comuni piccoli",
                            "convener": "Franco Musso",
                            "slot": "11:00",
                            "space": "Aula 1",
                            "participants": "COSì, Nega-so, Lago aperto, Trame",
                            "note_taker": "Ornella Bosticco",
                            "key_points": "Il sindaco è spesso l'unica figura stabile; gli uffici sono sovraccarichi.",
                            "recommendations": "Un patto semplice con ogni sindaco e un incontro trimestrale.",
                            "next_steps": "Franco Musso condivide il modello di patto usato a Chiusano d'Asti.",
                        },
                        {
                            "title": "Mediatori: chi li paga dopo il progetto?",
                            "convener": "Laura Ferrario",
                            "slot": "11:00",
                            "space": "Aula 2",
                            "participants": "Ponti, Mosaico, L'accoglienza che cura",
                            "note_taker": "Rania Mansour",
                            "key_points": "La mediazione è riconosciuta utile ma non è nei bilanci ordinari dei servizi.",
                            "recommendations": "Documentare i costi evitati grazie alla mediazione.",
                            "next_steps": "Raccogliere dati comuni da presentare alle ASL.",
                        },
                        {
                            "title": "Casa e lavoro stagionale",
                            "convener": "Stefano Dalmasso",
                            "slot": "12:00",
                            "space": "Aula 1",
                            "participants": "Ubuntu, TerrAcqua, Radici, Abitare la Casa",
                            "note_taker": "Karim Mahdi",
                            "key_points": "Senza alloggio non c'è contratto regolare, senza contratto non c'è alloggio.",
                            "recommendations": "Coinvolgere le aziende agricole come partner, non come controparti.",
                            "next_steps": "Peer assist del pomeriggio per TerrAcqua.",
                        },
                        {
                            "title": "Verbali, segreterie e altri attrezzi della governance",
                            "convener": "Nicoletta Sella",
                            "slot": "12:00",
                            "space": "Aula 2",
                            "participants": "Filo, Radici, InCopi, Mosaico",
                            "note_taker": "Anna Mosca",
                            "key_points": "Gli strumenti semplici (verbale breve, ordine del giorno) funzionano se qualcuno ne è responsabile.",
                            "recommendations": "Scambiarsi modelli di verbale e di regolamento del tavolo.",
                            "next_steps": "Depositare i modelli nella piattaforma.",
                        },
                    ],
                    "closing_circle": "Una parola a testa: «concretezza», «fiducia», «tempo», «casa», «sindaci».",
                },
            ),
            item(
                "14:00",
                "15:30",
                "Peer assist: TerrAcqua e l'accoglienza dei lavoratori stagionali",
                "peer-assist",
                question="Come organizzare alloggio e orientamento per chi lavora nelle risaie nei mesi di punta?",
                harvest={
                    "requesting_project": "TerrAcqua",
                    "challenge": "Organizzare alloggi temporanei e orientamento per i lavoratori stagionali delle risaie tra maggio e settembre.",
                    "desired_outcome": "Un piano per la stagione 2022 condiviso con comuni e aziende.",
                    "peers": [
                        {
                            "name": "Stefano Dalmasso",
                            "organisation": "Consorzio Monviso Solidale",
                            "experience": "Accoglienza diffusa dei braccianti della frutta nel Saluzzese.",
                        },
                        {
                            "name": "Irene Pons",
                            "organisation": "Cooperativa sociale Vallate Solidali",
                            "experience": "Tirocini in aziende agricole e corsi di lingua in orario di lavoro.",
                        },
                        {
                            "name": "Monica Lazzoni",
                            "organisation": "Lindbergh Società Cooperativa Sociale",
                            "experience": "Mediazione con i proprietari di casa e fondo di garanzia.",
                        },
                    ],
                    "stories": "Ubuntu ha raccontato come il tavolo convocato a raccolta iniziata abbia costretto tutti a inseguire l'emergenza.",
                    "options": (
                        "Convocare il tavolo in inverno; chiedere alle aziende alloggi in cascina con standard "
                        "minimi; sportello mobile all'ora di pranzo nei luoghi di lavoro."
                    ),
                    "decisions": "TerrAcqua convoca il tavolo della stagione a febbraio 2022 e prova lo sportello mobile.",
                    "follow_up_date": "Febbraio 2022",
                },
            ),
            item(
                "15:30",
                "16:30",
                "Fishbowl: il capofila è un ruolo o una funzione?",
                "fishbowl",
                harvest={
                    "variant": "open",
                    "topic": "Il capofila è un ruolo o una funzione?",
                    "inner_circle_size": 5,
                    "panelists": "Monica Lazzoni, Silvia Cavalli, Marco Cerutti",
                    "rotation_rule": "Una sedia libera: chi entra fa uscire chi ha parlato più a lungo.",
                    "time_box_minutes": 50,
                    "summary": (
                        "Il capofila risponde alla fondazione, ma il coordinamento può essere "
                        "condiviso: alcune funzioni (segreteria, comunicazione, monitoraggio) "
                        "possono stare presso altri partner."
                    ),
                    "positions": "Chi guida un ente pubblico vede il capofila come garante; chi guida una cooperativa come facilitatore.",
                    "parked_questions": "Che cosa succede quando il capofila cambia referente a metà progetto?",
                },
            ),
            item("16:30", "17:00", "Chiusura in cerchio", "plenary"),
        ),
        minutes="""\
Campus Luigi Einaudi, 30 settembre 2021. Prima giornata in presenza della comunità.

### Mattino: Open Space
Quattro sessioni proposte dai partecipanti (i resoconti completi sono nella raccolta):

| Sessione | Proposta da |
|---|---|
| Come si coinvolgono i comuni piccoli | Franco Musso |
| Mediatori: chi li paga dopo il progetto? | Laura Ferrario |
| Casa e lavoro stagionale | Stefano Dalmasso |
| Verbali, segreterie e altri attrezzi della governance | Nicoletta Sella |

### Pomeriggio
- **Peer assist per TerrAcqua**: Ubuntu, Radici e Abitare la Casa hanno condiviso le loro \
esperienze; TerrAcqua convocherà il tavolo della stagione a febbraio.
- **Fishbowl sul capofila**: il ruolo resta, alcune funzioni si possono condividere.

### Da fare
- Depositare i modelli di verbale e regolamento del tavolo (Filo, Radici).
- Raccogliere dati sulla mediazione da presentare alle ASL (Ponti, Mosaico).
""",
    ),
    MeetingSpec(
        slug="2021-10-21-mappare-le-reti-territoriali",
        title="Mappare le reti territoriali: chi c'è, chi manca",
        format="online",
        length="half_day",
        day=dt.date(2021, 10, 21),
        start="09:30",
        end="13:00",
        themes=(NETWORKS,),
        facilitators=(0, 2),
        online=True,
        description=(
            "Uno strumento semplice per disegnare la rete del proprio progetto: gli enti, i "
            "legami forti e deboli, i nodi che mancano. Lavoro in sottogruppi misti."
        ),
        agenda=(
            item("09:30", "09:45", "Apertura", "plenary"),
            item(
                "09:45",
                "10:15",
                "Mappe di rete: uno strumento semplice",
                "inspirational-talk",
                speakers="Hanane Idrissi, Associazione Crocevia",
                harvest={
                    "speaker": "Hanane Idrissi",
                    "title": "Mappe di rete: uno strumento semplice",
                    "abstract": "Cerchi concentrici, frecce e colori: come disegnare in mezz'ora la rete di un progetto e leggerne i vuoti.",
                },
            ),
            item(
                "10:15",
                "12:15",
                "Disegniamo la mappa della nostra rete",
                "breakout-groups",
                question="Chi c'è nella vostra rete, con quali legami, e chi manca?",
                harvest={
                    "question": "Chi c'è nella vostra rete, con quali legami, e chi manca?",
                    "groups": [
                        {
                            "group": "Gruppo 1",
                            "members": "Ubuntu, Mosaico, Trame",
                            "rapporteur": "Silvia Cavalli",
                            "report": "Mancano quasi sempre le imprese e i sindacati; i legami con la sanità sono deboli.",
                        },
                        {
                            "group": "Gruppo 2",
                            "members": "InCopi, Lago aperto, COSì",
                            "rapporteur": "Daniele Canepa",
                            "report": "Le scuole sono nodi forti ma poco collegati agli altri servizi.",
                        },
                        {
                            "group": "Gruppo 3",
                            "members": "Ponti, Filo, Abitare la Casa",
                            "rapporteur": "Anna Mosca",
                            "report": "Molti legami passano da una sola persona: se cambia lavoro, il legame si perde.",
                        },
                    ],
                },
            ),
            item(
                "12:15",
                "13:00",
                "Che cosa ci dicono le mappe",
                "plenary",
                harvest={
                    "topic": "Lettura comune delle mappe",
                    "summary": "Le reti sono ricche di enti del terzo settore e di comuni; povere di imprese, sindacati e sanità territoriale.",
                    "agreements": "Ogni progetto aggiorna la propria mappa a sei mesi.",
                    "open_questions": "Come rendere i legami meno dipendenti dalle singole persone?",
                },
            ),
        ),
        minutes="""\
Hanane Idrissi ha presentato la mappa a cerchi concentrici. Tre gruppi misti hanno disegnato \
le reti dei propri progetti.

**Che cosa manca quasi ovunque:** imprese, sindacati, sanità territoriale.

**Un rischio comune:** molti legami passano da una sola persona.

**Impegno:** ogni progetto aggiorna la propria mappa ad aprile 2022.
""",
    ),
    MeetingSpec(
        slug="2021-11-25-lavorare-con-comuni-e-servizi-sociali",
        title="Lavorare con i Comuni e i servizi sociali",
        format="online",
        length="half_day",
        day=dt.date(2021, 11, 25),
        start="14:30",
        end="18:00",
        themes=(NETWORKS, GOVERNANCE, RIGHTS),
        facilitators=(1,),
        online=True,
        description=(
            "Comuni, consorzi socio-assistenziali e terzo settore allo stesso tavolo: che cosa "
            "funziona e che cosa si inceppa. Un fishbowl con chi lavora negli enti pubblici e un "
            "peer assist per Abitare la Casa."
        ),
        agenda=(
            item("14:30", "14:45", "Apertura", "plenary"),
            item(
                "14:45",
                "15:45",
                "Fishbowl: Comuni e terzo settore allo stesso tavolo",
                "fishbowl",
                harvest={
                    "variant": "closed",
                    "topic": "Che cosa si aspettano i Comuni dal terzo settore, e viceversa",
                    "inner_circle_size": 4,
                    "panelists": "Giorgio Abello, Massimo Pizzorno, Noemi Bein, Sonia Actis",
                    "rotation_rule": "Dopo 25 minuti entra un cerchio di rappresentanti del terzo settore.",
                    "time_box_minutes": 55,
                    "summary": (
                        "I Comuni chiedono continuità e interlocutori stabili; il terzo settore chiede "
                        "tempi certi per atti e pagamenti. Entrambi riconoscono che il progetto ha "
                        "creato occasioni di conoscenza prima inesistenti."
                    ),
                    "positions": "Gli enti pubblici vivono il progetto come un carico aggiuntivo quando non è inserito nei piani di zona.",
                    "parked_questions": "Come inserire le azioni del progetto nei piani di zona?",
                },
            ),
            item(
                "15:45",
                "17:15",
                "Peer assist: Abitare la Casa e i sei comuni",
                "peer-assist",
                question="Come uniformare i criteri di accesso allo sportello casa tra sei comuni?",
                harvest={
                    "requesting_project": "Abitare la Casa",
                    "challenge": "Ogni comune applica criteri diversi per l'accesso allo sportello casa.",
                    "desired_outcome": "Un regolamento comune da proporre alla conferenza dei sindaci.",
                    "peers": [
                        {
                            "name": "Silvia Cavalli",
                            "organisation": "Cooperativa sociale Tanaro e Bormida",
                            "experience": "Procedure comuni tra quattro sportelli in provincia di Alessandria.",
                        },
                        {
                            "name": "Franco Musso",
                            "organisation": "Comune di Chiusano d'Asti",
                            "experience": "Accordi tra piccoli comuni del Nord Astigiano.",
                        },
                    ],
                    "options": "Scheda di accesso unica; conferenza dei sindaci come sede di approvazione; referente unico in Provincia.",
                    "decisions": "Abitare la Casa porta una bozza di regolamento alla conferenza dei sindaci di febbraio.",
                    "follow_up_date": "Marzo 2022",
                },
            ),
            item("17:15", "18:00", "Restituzione e chiusura", "plenary"),
        ),
        minutes="""\
### Fishbowl
Quattro persone che lavorano in enti pubblici (Dronero, Savona, Pinerolese, Vercelli) hanno \
discusso con il terzo settore. **Punto d'accordo:** le azioni dei progetti reggono se entrano \
nei piani di zona.

### Peer assist per Abitare la Casa
Mosaico e COSì hanno condiviso le loro procedure comuni. Abitare la Casa preparerà una bozza \
di **regolamento unico** dello sportello casa per la conferenza dei sindaci.
""",
    ),
    MeetingSpec(
        slug="2022-01-27-un-anno-di-progetti-after-action-review",
        title="Un anno di progetti: che cosa è andato come previsto",
        format="online",
        length="half_day",
        day=dt.date(2022, 1, 27),
        start="09:30",
        end="13:00",
        themes=(LESSONS, GOVERNANCE),
        facilitators=(0, 1),
        online=True,
        description=(
            "A un anno dall'avvio, una revisione senza colpe: che cosa doveva succedere, che cosa "
            "è successo, perché, che cosa teniamo e che cosa cambiamo. Poi le prime lezioni "
            "apprese, scritte in una forma che gli altri progetti possano usare."
        ),
        agenda=(
            item("09:30", "09:45", "Apertura", "plenary"),
            item(
                "09:45",
                "11:15",
                "After-action review: il primo anno dei nostri partenariati",
                "after-action-review",
                harvest={
                    "activity": "Il primo anno di lavoro dei partenariati",
                    "dates": "Primavera 2021 - gennaio 2022",
                    "roles_present": "Rappresentanti dei 13 progetti, facilitazione IRES e Codici",
                    "expected": "Avviare le attività entro l'estate 2021 e costruire una governance condivisa tra tutti i partner.",
                    "happened": "Le attività sono partite quasi ovunque, ma la governance resta concentrata sui capofila; alcuni partner pubblici partecipano poco.",
                    "why_difference": "Tempi amministrativi degli enti pubblici, turnover degli operatori, riunioni percepite come poco utili.",
                    "sustain": "Incontri regolari di cabina di regia; relazioni personali costruite sul campo.",
                    "improve": "Verbali e decisioni tracciabili; un ruolo chiaro per ogni partner; momenti di rilettura periodica.",
                    "actions": "Ogni progetto scrive almeno una lezione appresa entro marzo.",
                },
            ),
            item(
                "11:30",
                "12:40",
                "Dalla revisione alle lezioni apprese",
                "breakout-groups",
                question="Quale lezione del primo anno può servire a un altro progetto?",
                harvest={
                    "question": "Quale lezione del primo anno può servire a un altro progetto?",
                    "groups": [
                        {
                            "group": "Governance",
                            "members": "Filo, Radici, Trame, L'accoglienza che cura",
                            "rapporteur": "Nicoletta Sella",
                            "report": "Rileggere l'esperienza ogni sei mesi; finanziare il tempo del coordinamento.",
                        },
                        {
                            "group": "Reti con gli enti pubblici",
                            "members": "Ubuntu, COSì, Abitare la Casa, InCopi",
                            "rapporteur": "Francesca Aimar",
                            "report": "Il tavolo va convocato prima dei picchi di lavoro; il sindaco presente fa la differenza.",
                        },
                        {
                            "group": "Raggiungere le persone",
                            "members": "Ponti, Mosaico, Nega-so, Lago aperto, TerrAcqua",
                            "rapporteur": "Meriem Bouzid",
                            "report": "I servizi vanno portati dove le persone sono, negli orari in cui possono.",
                        },
                    ],
                },
            ),
            item("12:40", "13:00", "Come scrivere una lezione appresa", "plenary"),
        ),
        minutes="""\
**After-action review** sul primo anno: le attività sono partite, la governance resta \
concentrata sui capofila.

**Da tenere:** cabine di regia regolari, relazioni costruite sul campo.

**Da migliorare:** decisioni tracciabili, un ruolo chiaro per ogni partner, rilettura periodica.

**Impegno:** ogni progetto scrive almeno una lezione appresa entro marzo, con la scheda \
*situazione, che cosa è successo, che cosa abbiamo imparato, che cosa faremmo diversamente*.
""",
    ),
    MeetingSpec(
        slug="2022-03-17-raggiungere-le-persone",
        title="Raggiungere le persone: mediazione e accesso ai servizi",
        format="online",
        length="half_day",
        day=dt.date(2022, 3, 17),
        start="14:30",
        end="18:00",
        themes=(MEDIATION, RIGHTS, NETWORKS),
        facilitators=(2,),
        online=True,
        description=(
            "Come arrivano ai servizi le persone che ne hanno più bisogno? Un intervento sulla "
            "mediazione interculturale e un World Café sulle strategie dei progetti."
        ),
        agenda=(
            item("14:30", "14:40", "Apertura", "plenary"),
            item(
                "14:40",
                "15:10",
                "Mediare non è tradurre",
                "inspirational-talk",
                speakers="Samira Benhaddou, mediatrice interculturale",
                harvest={
                    "speaker": "Samira Benhaddou",
                    "title": "Mediare non è tradurre",
                    "abstract": "La mediazione lavora sulla relazione tra la persona e il servizio: tradurre le parole è solo una parte del lavoro.",
                    "floor_questions": "Come si fa riconoscere la mediazione dai servizi sanitari? Chi forma i mediatori?",
                },
            ),
            item(
                "15:10",
                "16:40",
                "World Café: dove sono le persone che non arrivano?",
                "world-cafe",
                question="Dove sono le persone che i nostri servizi non raggiungono, e come le incontriamo?",
                harvest={
                    "purpose": "Confrontare le strategie dei progetti per raggiungere chi non accede ai servizi.",
                    "questions": [
                        {"round": 1, "question": "Chi non arriva ai vostri servizi?"},
                        {"round": 2, "question": "Che cosa avete provato per incontrarli?"},
                    ],
                    "round_minutes": 25,
                    "tables": [
                        {
                            "table": "Tavolo 1",
                            "host": "Laura Ferrario",
                            "round": 1,
                            "notes": "Donne arrivate da poco, lavoratori stagionali, anziani soli nei piccoli comuni.",
                        },
                        {
                            "table": "Tavolo 2",
                            "host": "Meriem Bouzid",
                            "round": 2,
                            "notes": "Pomeriggi riservati alle donne con una mediatrice e un'ostetrica dell'ASL.",
                        },
                        {
                            "table": "Tavolo 3",
                            "host": "Francesca Aimar",
                            "round": 2,
                            "notes": "Sportello al mercato del sabato invece che in municipio.",
                        },
                    ],
                    "patterns": "Funziona spostare il servizio nei luoghi e negli orari delle persone, con figure di fiducia.",
                    "harvest": "Prossimità, fiducia, orari: tre parole per la scheda comune sulle strategie di contatto.",
                },
            ),
            item("16:45", "18:00", "Raccolta e proposte", "plenary"),
        ),
        minutes="""\
Samira Benhaddou: *la mediazione lavora sulla relazione, non solo sulle parole*.

Nel World Café sono emerse strategie simili in territori diversi: lo sportello di Ubuntu al \
mercato di Saluzzo, i pomeriggi per le donne di Mosaico, lo sportello mobile nelle cascine di \
TerrAcqua. **Proposta:** una scheda comune sulle strategie di contatto, da depositare nella \
piattaforma.
""",
    ),
    MeetingSpec(
        slug="2022-05-19-giornata-in-presenza-a-genova",
        title="Storie di cambiamento: la giornata di Genova",
        format="in_person",
        length="day",
        day=dt.date(2022, 5, 19),
        start="09:30",
        end="17:00",
        themes=(LESSONS, PARTICIPATION, NARRATIVE),
        facilitators=(0, 1, 2),
        place=GENOVA_TURSI,
        description=(
            "La seconda giornata in presenza, rinviata da gennaio. Al mattino raccogliamo e "
            "scegliamo le storie di cambiamento più significative dei progetti; al pomeriggio un "
            "peer assist per InCopi e il lavoro sulle lezioni apprese per tema."
        ),
        agenda=(
            item("09:30", "10:00", "Accoglienza e saluti del Comune di Genova", "plenary"),
            item(
                "10:00",
                "10:30",
                "Raccontare il cambiamento senza retorica",
                "inspirational-talk",
                speakers="Laura Morando, Associazione Parole Nuove",
                harvest={
                    "speaker": "Laura Morando",
                    "title": "Raccontare il cambiamento senza retorica",
                    "abstract": "Le storie di successo convincono poco; convincono le storie in cui si vede che cosa è cambiato, per chi, e a quale prezzo.",
                },
            ),
            item(
                "10:30",
                "12:45",
                "Le storie di cambiamento più significative",
                "most-significant-change",
                question="Qual è stato, secondo voi, il cambiamento più significativo prodotto dal progetto?",
                harvest={
                    "period": "Maggio 2021 - aprile 2022",
                    "domains": "Relazioni tra enti; vita delle persone; immagine delle migrazioni nella comunità locale.",
                    "stories": [
                        {
                            "title": "L'autista che le signore chiedono per nome",
                            "teller": "Coordinatrice, PIAM Onlus",
                            "consent": "yes",
                            "domain": "Vita delle persone",
                            "what_changed": "Un giovane tirocinante guida il taxi sociale: le anziane che all'inizio non salivano ora chiedono di lui.",
                            "why_it_matters": "Due fragilità si sono incontrate e sono diventate una relazione.",
                            "where_who_how": "Chiusano d'Asti e comuni vicini, servizio di taxi sociale, da ottobre 2021.",
                        },
                        {
                            "title": "La serata degli acciugai",
                            "teller": "Operatrice, Liberitutti",
                            "consent": "yes",
                            "domain": "Immagine delle migrazioni",
                            "what_changed": "Una sala piena a Dronero per ascoltare le storie degli emigrati di ieri e delle famiglie arrivate oggi.",
                            "why_it_matters": "Per la prima volta la valle si è riconosciuta nelle storie dei nuovi arrivati.",
                            "where_who_how": "Dronero, museo e pro loco, novembre 2021.",
                        },
                        {
                            "title": "Il regolamento dei sei comuni",
                            "teller": "Funzionario, Provincia della Spezia",
                            "consent": "yes",
                            "domain": "Relazioni tra enti",
                            "what_changed": "Sei comuni hanno approvato gli stessi criteri per lo sportello casa.",
                            "why_it_matters": "Le persone non vengono più rimandate da un ufficio all'altro.",
                            "where_who_how": "Bassa Val di Magra, conferenza dei sindaci, febbraio 2022.",
                        },
                    ],
                    "panel": "Un rappresentante per ogni tavolo, più Laura Morando",
                    "selected": "L'autista che le signore chiedono per nome",
                    "reasons": (
                        "Mostra un cambiamento nella vita quotidiana di persone diverse, nato da un "
                        "servizio semplice, e rovescia l'idea di chi aiuta chi."
                    ),
                    "feedback": "La storia scelta è stata raccontata al comune di Chiusano e alla fondazione.",
                },
            ),
            item(
                "14:00",
                "15:30",
                "Peer assist: InCopi e la continuità dopo il bando",
                "peer-assist",
                question="Come far continuare il lavoro degli operatori peer quando il progetto finisce?",
                harvest={
                    "requesting_project": "InCopi",
                    "challenge": "Garantire continuità al gruppo degli operatori peer dopo la fine del finanziamento.",
                    "desired_outcome": "Due o tre ipotesi concrete da discutere con il Municipio.",
                    "peers": [
                        {
                            "name": "Laura Ferrario",
                            "organisation": "Associazione Ponti Aperti",
                            "experience": "Rete di mediatori su chiamata sostenuta da convenzioni con ASL e Comune.",
                        },
                        {
                            "name": "Nicoletta Sella",
                            "organisation": "Cooperativa sociale Lanificio Sociale",
                            "experience": "Patti di collaborazione con cittadini attivi.",
                        },
                    ],
                    "stories": "Ponti ha raccontato come la convenzione con l'ASL sia nata dai dati raccolti sulle chiamate.",
                    "options": "Convenzione con il Municipio; patto di collaborazione; inserimento dei peer nei servizi del CPIA.",
                    "decisions": "InCopi raccoglie dati sulle attività dei peer e li presenta al Municipio a settembre.",
                    "follow_up_date": "Settembre 2022",
                },
            ),
            item(
                "15:30",
                "16:30",
                "Lezioni apprese: prima stesura per tema",
                "breakout-groups",
                question="Quali lezioni apprese possiamo confrontare, tema per tema?",
                harvest={
                    "question": "Quali lezioni apprese possiamo confrontare, tema per tema?",
                    "groups": [
                        {
                            "group": "Abitare e lavoro",
                            "members": "Ubuntu, TerrAcqua, Abitare la Casa, Radici, Trame",
                            "rapporteur": "Monica Lazzoni",
                            "report": "Fondo di garanzia, tutor aziendali, tavolo prima della stagione.",
                        },
                        {
                            "group": "Accesso ai diritti e salute",
                            "members": "Ponti, Mosaico, L'accoglienza che cura, InCopi",
                            "rapporteur": "Rania Mansour",
                            "report": "Mediazione facile da chiamare, spazi per le donne, mappe dei servizi aggiornate.",
                        },
                        {
                            "group": "Partecipazione e narrazione",
                            "members": "Nega-so, Lago aperto, COSì, Filo",
                            "rapporteur": "Marina Zanoletti",
                            "report": "Le storie raccontate dai diretti interessati arrivano più lontano.",
                        },
                    ],
                },
            ),
            item("16:30", "17:00", "Chiusura", "plenary"),
        ),
        minutes="""\
Palazzo Tursi, 19 maggio 2022. La giornata era prevista a gennaio ed è stata rinviata per \
l'aumento dei contagi.

### Storie di cambiamento
Il panel ha scelto **«L'autista che le signore chiedono per nome»** (COSì): un servizio semplice \
che rovescia l'idea di chi aiuta chi. Le motivazioni sono nella raccolta.

### Peer assist per InCopi
Tre ipotesi per la continuità degli operatori peer: convenzione con il Municipio, patto di \
collaborazione, inserimento nei servizi del CPIA.

### Lezioni apprese
Prima stesura per tema in tre gruppi. Le schede vanno completate nella piattaforma entro giugno.
""",
    ),
    MeetingSpec(
        slug="2022-06-23-lavoro-e-casa",
        title="Lavoro e casa: che cosa abbiamo imparato",
        format="online",
        length="half_day",
        day=dt.date(2022, 6, 23),
        start="09:30",
        end="13:00",
        themes=(WORK, HOUSING, LESSONS),
        facilitators=(1, 2),
        online=True,
        description=(
            "Abitare e lavoro sono i due nodi su cui si giocano l'autonomia delle persone. "
            "Dati regionali e lezioni apprese dei progetti, in due sottogruppi."
        ),
        agenda=(
            item("09:30", "09:40", "Apertura", "plenary"),
            item(
                "09:40",
                "10:10",
                "Casa e lavoro delle persone straniere in Piemonte e Liguria",
                "inspirational-talk",
                speakers="Fulvio Sacco, IRES Piemonte",
                harvest={
                    "speaker": "Fulvio Sacco",
                    "title": "Casa e lavoro delle persone straniere in Piemonte e Liguria",
                    "abstract": "Che cosa dicono i dati su contratti stagionali, sovraffollamento abitativo e accesso all'edilizia pubblica.",
                },
            ),
            item(
                "10:10",
                "12:10",
                "Due gruppi: lavoro, casa",
                "breakout-groups",
                question="Quale lezione sul lavoro o sulla casa consigliereste a un progetto che parte oggi?",
                harvest={
                    "question": "Quale lezione sul lavoro o sulla casa consigliereste a un progetto che parte oggi?",
                    "groups": [
                        {
                            "group": "Lavoro",
                            "members": "Radici, Trame, Ubuntu, COSì, InCopi",
                            "rapporteur": "Alessandra Vigna",
                            "report": "Tutor aziendali formati, corsi di lingua in orario di lavoro, artigiani accompagnati.",
                        },
                        {
                            "group": "Casa",
                            "members": "Abitare la Casa, TerrAcqua, Mosaico, L'accoglienza che cura",
                            "rapporteur": "Sonia Actis",
                            "report": "Garanzie ai proprietari, alloggi temporanei sempre con un piano di uscita.",
                        },
                    ],
                },
            ),
            item(
                "12:10",
                "13:00",
                "Confronto finale",
                "plenary",
                harvest={
                    "topic": "Lavoro e casa: le lezioni da condividere",
                    "summary": "Casa e lavoro vanno progettati insieme: l'uno è condizione dell'altro.",
                    "agreements": "Le lezioni di oggi entrano nella matrice delle lezioni apprese.",
                },
            ),
        ),
        minutes="""\
Fulvio Sacco ha presentato i dati regionali su lavoro stagionale e disagio abitativo.

**Lavoro:** tutor aziendali formati, lingua in orario di lavoro, artigiani accompagnati.

**Casa:** fondo di garanzia per i proprietari; alloggi temporanei solo con un piano di uscita.

Le lezioni sono state inserite nella matrice.
""",
    ),
    MeetingSpec(
        slug="2022-10-13-dopo-il-bando-tenere-vive-le-reti",
        title="Dopo il bando: come tenere vive le reti",
        format="online",
        length="half_day",
        day=dt.date(2022, 10, 13),
        start="14:30",
        end="18:00",
        themes=(NETWORKS, LESSONS, PARTICIPATION),
        facilitators=(0, 1, 2),
        online=True,
        description=(
            "L'ultimo incontro del programma. Un Open Space online su che cosa continua dopo "
            "ottobre 2022 e una revisione della comunità di pratiche stessa."
        ),
        agenda=(
            item("14:30", "14:40", "Apertura", "plenary"),
            item(
                "14:40",
                "16:10",
                "Open Space: che cosa continua dopo il bando",
                "open-space",
                question="Che cosa vogliamo che continui dopo la fine del bando, e chi se ne occupa?",
                harvest={
                    "calling_question": "Che cosa vogliamo che continui dopo la fine del bando, e chi se ne occupa?",
                    "sessions": [
                        {
                            "title": "I tavoli di rete senza un progetto che li finanzi",
                            "convener": "Irene Pons",
                            "slot": "14:45",
                            "space": "Stanza 1",
                            "participants": "Radici, Trame, Filo, COSì",
                            "note_taker": "Mattia Malan",
                            "key_points": "I tavoli sopravvivono se un ente pubblico li convoca.",
                            "recommendations": "Chiedere ai comuni di inserire il tavolo nei piani di zona.",
                            "next_steps": "Irene Pons e Pietro Chiono preparano una proposta comune.",
                        },
                        {
                            "title": "La piattaforma dopo ottobre",
                            "convener": "Sara Parodi",
                            "slot": "14:45",
                            "space": "Stanza 2",
                            "participants": "InCopi, Ponti, Lago aperto",
                            "note_taker": "Ilham Zerouali",
                            "key_points": "I materiali depositati servono anche ad altri progetti della regione.",
                            "recommendations": "Aprire parte dei contenuti ad altre comunità di pratiche.",
                            "next_steps": "Parlarne con IRES e la fondazione.",
                        },
                        {
                            "title": "Mediazione: convenzioni stabili",
                            "convener": "Laura Ferrario",
                            "slot": "15:30",
                            "space": "Stanza 1",
                            "participants": "Ponti, Mosaico, L'accoglienza che cura",
                            "note_taker": "Rania Mansour",
                            "key_points": "Due ASL hanno chiesto i dati raccolti sulle chiamate.",
                            "next_steps": "Scheda comune dei costi evitati.",
                        },
                    ],
                    "closing_circle": "Quasi tutti chiedono di continuare a incontrarsi almeno due volte l'anno.",
                },
            ),
            item(
                "16:20",
                "17:30",
                "After-action review della comunità di pratiche",
                "after-action-review",
                harvest={
                    "activity": "La comunità di pratiche di Territori Inclusivi",
                    "dates": "Giugno 2021 - ottobre 2022",
                    "roles_present": "Rappresentanti dei progetti, facilitazione",
                    "expected": "Due giornate in presenza e otto mezze giornate online per confrontare governance, reti e lezioni apprese.",
                    "happened": "Il piano è stato rispettato, con il rinvio della giornata di Genova; la partecipazione è rimasta alta.",
                    "why_difference": "La pandemia ha spostato una giornata; per il resto il calendario fisso ha aiutato.",
                    "sustain": "Metodi partecipativi, incontri brevi online, peer assist su richieste concrete.",
                    "improve": "Coinvolgere di più i partner che non erano rappresentati; più tempo per le lezioni apprese.",
                    "actions": "Proporre due incontri all'anno anche dopo il bando.",
                },
            ),
            item("17:30", "18:00", "Saluti e consegne", "plenary"),
        ),
        minutes="""\
Ultimo incontro del programma. Dall'**Open Space** tre filoni: tavoli di rete da inserire nei \
piani di zona, la piattaforma aperta ad altre comunità, convenzioni stabili per la mediazione.

Dalla **revisione della comunità**: il piano è stato rispettato (una giornata rinviata), la \
partecipazione è rimasta alta. La comunità chiede di incontrarsi almeno due volte l'anno.
""",
    ),
)

# The Genova day as first planned, called off in January 2022 (it was held in May).
CANCELLED = MeetingSpec(
    slug="2022-01-20-giornata-in-presenza-a-genova-rinviata",
    title="Seconda giornata in presenza a Genova (rinviata)",
    format="in_person",
    length="day",
    day=dt.date(2022, 1, 20),
    start="09:30",
    end="17:00",
    themes=(LESSONS, PARTICIPATION),
    facilitators=(0, 1),
    place=GENOVA_TURSI,
    status="cancelled",
    description=(
        "Rinviata per l'aumento dei contagi di gennaio 2022: la giornata si è tenuta a Genova il "
        "19 maggio 2022."
    ),
)

# After the programme the community goes on meeting: these are dated from the day of the seed.
FUTURE: tuple[MeetingSpec, ...] = (
    MeetingSpec(
        slug="laboratorio-di-follow-up-le-reti-dopo-il-bando",
        title="Laboratorio di follow-up: le reti dopo il bando",
        format="hybrid",
        length="half_day",
        in_days=10,
        start="14:30",
        end="18:00",
        themes=(NETWORKS, GOVERNANCE),
        facilitators=(0, 1),
        place=TORINO_IRES,
        online=True,
        status="confirmed",
        capacity=12,
        description=(
            "Un laboratorio in piccolo gruppo, in presenza a Torino e online, per chi vuole "
            "tenere vivi i tavoli di rete dopo la fine dei finanziamenti. I posti sono dodici "
            "per lavorare davvero insieme: chi si iscrive quando sono esauriti entra in lista "
            "d'attesa e riceve un'email se si libera un posto."
        ),
        agenda=(
            item("14:30", "14:50", "Accoglienza e giro di presentazioni", "plenary"),
            item(
                "14:50",
                "16:20",
                "Peer assist: un tavolo di rete senza un progetto che lo finanzi",
                "peer-assist",
                question="Come si tiene vivo un tavolo di rete quando nessun progetto lo finanzia più?",
            ),
            item(
                "16:30", "17:30", "Sottogruppi per territorio: i prossimi passi", "breakout-groups"
            ),
            item("17:30", "18:00", "Restituzione e saluti", "plenary"),
        ),
        # Ubuntu's second representative: the demo representative (Ubuntu's first) can still
        # take the twelfth place.
        registered=(
            ("Ubuntu", 1),
            ("Nega-so", 0),
            ("L'accoglienza che cura", 0),
            ("InCopi", 0),
            ("Abitare la Casa", 0),
            ("COSì", 0),
            ("Radici", 0),
            ("Ponti", 0),
            ("TerrAcqua", 0),
            ("Lago aperto", 0),
            ("Mosaico", 0),
        ),
    ),
    MeetingSpec(
        slug="restituzione-alle-reti-liguri",
        title="Restituzione alle reti territoriali liguri",
        format="in_person",
        length="half_day",
        in_days=45,
        start="09:30",
        end="13:00",
        themes=(NETWORKS, NARRATIVE),
        facilitators=(2,),
        place=GENOVA_LIBRARY,
        status="planned",
        description=(
            "Una mattina aperta agli enti delle reti territoriali liguri per raccontare che cosa "
            "hanno imparato i progetti e come continuare a lavorare insieme."
        ),
        agenda=(
            item("09:30", "09:45", "Apertura", "plenary"),
            item(
                "09:45",
                "10:15",
                "Che cosa hanno imparato i progetti liguri",
                "inspirational-talk",
                speakers="Roberta Ferro, Sara Parodi e Monica Lazzoni",
            ),
            item("10:30", "12:15", "Fishbowl aperto con le reti territoriali", "fishbowl"),
            item("12:15", "13:00", "Prossimi passi", "plenary"),
        ),
        registered=(
            ("InCopi", 1),
            ("InCopi", 2),
            ("Abitare la Casa", 1),
            ("L'accoglienza che cura", 1),
            ("Ponti", 0),
            ("Filo", 2),
        ),
    ),
)

ALL_MEETINGS: tuple[MeetingSpec, ...] = (*HELD, CANCELLED, *FUTURE)


# --- Times ---------------------------------------------------------------------------------------
def rome(day: dt.date, hhmm: str) -> dt.datetime:
    """An aware Europe/Rome datetime; refuses a wall time that does not exist or happens twice
    (the hour skipped in March, the hour repeated in October)."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    naive = dt.datetime(day.year, day.month, day.day, hours, minutes)
    first, second = naive.replace(tzinfo=ROME, fold=0), naive.replace(tzinfo=ROME, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise ValueError(f"{naive} is not a single moment in Europe/Rome (DST change)")
    return first


def meeting_day(spec: MeetingSpec, today: dt.date) -> dt.date:
    """The fixed date, or `in_days` after today moved forward to a Tuesday, Wednesday or
    Thursday (people of the community meet on working days, never on a Monday morning)."""
    if spec.day is not None:
        return spec.day
    day = today + dt.timedelta(days=spec.in_days)
    while day.weekday() not in (1, 2, 3):
        day += dt.timedelta(days=1)
    return day


# --- Consistency ---------------------------------------------------------------------------------
def _check_harvest(item: ItemSpec, problems: list[str]) -> None:
    if item.harvest is None:
        return
    fields = {f.name: f for f in (*BUILTIN_BY_KEY[item.method].fields, *COMMON_FIELDS)}
    for name, value in item.harvest.items():
        spec = fields.get(name)
        if spec is None:
            problems.append(f"{item.title}: {item.method} has no field {name!r}")
        elif spec.kind == GROUP:
            allowed = {sub.name for sub in spec.subfields}
            for row in value:
                if extra := set(row) - allowed:
                    problems.append(f"{item.title}: {name} has no subfields {sorted(extra)}")


def check_plan() -> None:
    """Fail fast when the plan contradicts itself (a typo in a method, a theme or a time)."""
    problems: list[str] = []
    themes = {name for name, _ in THEMES}
    acronyms = {project.acronym for project in PROJECTS}
    today = dt.date(2026, 3, 24)  # any day: checks the shape of relative dates too
    slugs = [spec.slug for spec in ALL_MEETINGS]
    if len(set(slugs)) != len(slugs):
        problems.append("two meetings share a slug")
    days = sum(1 for s in HELD if s.length == "day" and s.format != "online")
    halves = sum(1 for s in HELD if s.length == "half_day" and s.format == "online")
    if (days, halves, len(HELD)) != (2, 8, 10):
        problems.append(
            f"the plan is 2 days in person and 8 online half-days, not {days} and {halves}"
        )
    for spec in ALL_MEETINGS:
        if not set(spec.themes) <= themes:
            problems.append(f"{spec.slug}: unknown themes {sorted(set(spec.themes) - themes)}")
        if (spec.day is None) == (spec.in_days == 0):
            problems.append(f"{spec.slug}: give either a date or a number of days from today")
        if (spec.place is None) != (spec.format == "online"):
            problems.append(f"{spec.slug}: a venue for meetings in person, none online")
        if spec.held and not (spec.minutes and 3 <= len(spec.agenda) <= 6):
            problems.append(f"{spec.slug}: held meetings have minutes and 3 to 6 agenda items")
        for acronym, index in spec.registered:
            if acronym not in acronyms or not 0 <= index <= 2:
                problems.append(f"{spec.slug}: no representative {index} of {acronym}")
        day = meeting_day(spec, today)
        try:
            start, end = rome(day, spec.start), rome(day, spec.end)
            previous = start
            for item in spec.agenda:
                item_start, item_end = rome(day, item.start), rome(day, item.end)
                if not start <= item_start < item_end <= end or item_start < previous:
                    problems.append(
                        f"{spec.slug}: {item.title} is out of order or of the meeting's time"
                    )
                previous = item_end
        except ValueError as error:
            problems.append(f"{spec.slug}: {error}")
        for item in spec.agenda:
            if item.method not in BUILTIN_BY_KEY:
                problems.append(f"{spec.slug}: unknown method {item.method!r}")
            else:
                _check_harvest(item, problems)
    if problems:
        raise ValueError("Inconsistent meeting plan: " + "; ".join(problems))
