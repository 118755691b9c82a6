"""The mentoring demo's content, as plain data: what sessions were about, what the mentors
found, what was agreed, and how the lead partners' capacities were scored.

Everything is invented and written about organisations and partnerships, never about the
people the projects serve: no names, no stories of beneficiaries, nothing that identifies
anyone. Texts take `{project}`, `{lead}` and `{town}` placeholders; `seeds.py` writes them.
`check_content()` keeps the pieces consistent.
"""

from __future__ import annotations

from dataclasses import dataclass

# The project whose lead partner's capacity did not grow (flat, one capacity a step down).
FLAT_PROJECT = "Lago aperto"
# Projects with only two sessions, and with four (the others have three).
TWO_SESSIONS = ("Radici", "Filo", "Trame")
FOUR_SESSIONS = ("Ubuntu", "InCopi", "COSì")

STREETS = (
    "Via Roma", "Corso Italia", "Via Garibaldi", "Piazza del Municipio", "Via Mazzini",
    "Via Cavour", "Via XX Settembre", "Piazza della Libertà", "Via Vittorio Veneto",
    "Via San Francesco", "Via dei Mille", "Via Matteotti",
)  # fmt: skip


@dataclass(frozen=True)
class SessionText:
    agenda: str
    notes: str
    monitoring: str  # what was agreed to share with the funder's monitoring ("" = nothing)
    next_steps: str


FIRST_SESSION = SessionText(
    agenda=(
        "1. Presentazione del percorso di mentoring e del suo calendario\n"
        "2. Il partenariato di {project}: chi fa cosa, come si decide\n"
        "3. Prima compilazione della rubrica delle capacità del capofila\n"
        "4. Accordi su cosa condividere con il monitoraggio della Fondazione"
    ),
    notes=(
        "## Come sta partendo il progetto\n\n"
        "Il capofila ({lead}) ha presentato l'organigramma del progetto e il cronoprogramma. "
        "I partner presenti conoscono bene le proprie azioni, meno quelle degli altri.\n\n"
        "## Cosa abbiamo osservato\n\n"
        "- la cabina di regia è prevista nel progetto ma **non ha ancora un calendario**;\n"
        "- gli enti pubblici partecipano, ma con referenti che cambiano;\n"
        "- manca un modo condiviso di raccogliere i dati di monitoraggio delle azioni.\n\n"
        "## Rubrica delle capacità\n\n"
        "Compilata insieme al coordinamento: punteggi bassi sul monitoraggio, più alti "
        "sull'organizzazione dei partner. Da rivedere tra qualche mese.\n\n"
        "> Promemoria: in queste note non si scrivono dati personali delle persone che il "
        "progetto accompagna."
    ),
    monitoring=(
        "Avvio del percorso di mentoring con il partenariato di {project}. Concordato un "
        "calendario di incontri e la prima lettura della rubrica delle capacità del capofila."
    ),
    next_steps=(
        "- fissare le date della cabina di regia fino a fine anno;\n"
        "- individuare un referente per il monitoraggio in ogni partner;\n"
        "- prossimo incontro tra circa quattro mesi."
    ),
)

MIDDLE_SESSIONS = (
    SessionText(
        agenda=(
            "1. A che punto sono le azioni rispetto al cronoprogramma\n"
            "2. Il funzionamento della cabina di regia\n"
            "3. Gli strumenti di monitoraggio: cosa funziona, cosa no\n"
            "4. Opportunità di formazione per gli operatori"
        ),
        notes=(
            "## Avanzamento\n\n"
            "Le azioni di {project} procedono, con ritardi sulle attività affidate ai partner "
            "più piccoli. La cabina di regia si è riunita, ma i verbali non circolano.\n\n"
            "## Monitoraggio\n\n"
            "Il foglio condiviso proposto al primo incontro è usato da metà dei partner. "
            "Abbiamo concordato di semplificarlo a **cinque indicatori** per azione.\n\n"
            "## Nodi emersi\n\n"
            "1. il carico amministrativo pesa quasi tutto sul capofila;\n"
            "2. i servizi pubblici di {town} chiedono un interlocutore unico;\n"
            "3. alcune attività si sovrappongono tra partner.\n\n"
            "Abbiamo segnalato la formazione sulla rendicontazione del programma."
        ),
        monitoring=(
            "Azioni in corso con qualche ritardo; il partenariato ha concordato strumenti di "
            "monitoraggio più semplici e un referente unico verso i servizi pubblici."
        ),
        next_steps=(
            "- inviare i verbali della cabina di regia a tutti i partner entro una settimana;\n"
            "- adottare il foglio di monitoraggio semplificato;\n"
            "- iscrivere almeno due operatori alla formazione sulla rendicontazione."
        ),
    ),
    SessionText(
        agenda=(
            "1. La rete territoriale: chi manca al tavolo\n"
            "2. Come si gestiscono i disaccordi tra partner\n"
            "3. Comunicazione del progetto verso la comunità locale\n"
            "4. Aggiornamento della rubrica delle capacità"
        ),
        notes=(
            "## La rete\n\n"
            "Il partenariato ha disegnato la mappa degli attori di {town}: scuole, parrocchie "
            "e associazioni sportive sono attive ma **fuori dal progetto**.\n\n"
            "## Gestione dei disaccordi\n\n"
            "Un disaccordo sulla ripartizione del budget è stato gestito in cabina di regia, "
            "con una decisione scritta: è il primo caso di un meccanismo esplicito.\n\n"
            "## Comunicazione\n\n"
            "- i canali dei partner non citano il progetto;\n"
            "- proposta una pagina comune e un calendario pubblico degli eventi.\n\n"
            "Condivisa la guida del programme alla narrazione non stigmatizzante."
        ),
        monitoring=(
            "Mappatura della rete territoriale completata; il partenariato ha adottato una "
            "procedura scritta per le decisioni su budget e disaccordi."
        ),
        next_steps=(
            "- invitare due attori della mappa alla prossima cabina di regia;\n"
            "- preparare la pagina comune del progetto;\n"
            "- rivedere la ripartizione delle attività sovrapposte."
        ),
    ),
)

LAST_SESSION = SessionText(
    agenda=(
        "1. Bilancio del percorso: cosa è cambiato nel partenariato\n"
        "2. Seconda compilazione della rubrica delle capacità\n"
        "3. Sostenibilità: cosa resta dopo la fine del finanziamento\n"
        "4. Azioni aperte e chi le porta avanti"
    ),
    notes=(
        "## Bilancio\n\n"
        "Il coordinamento di {project} riconosce di essere passato da riunioni informative a "
        "riunioni in cui **si decide**. Il monitoraggio è più regolare, ma dipende ancora da "
        "una sola persona del capofila.\n\n"
        "## Rubrica\n\n"
        "Ricompilata con il capofila ({lead}): il confronto con la prima compilazione è nel "
        "fascicolo.\n\n"
        "## Sostenibilità\n\n"
        "- due partner pubblici valutano di proseguire il tavolo di rete;\n"
        "- manca ancora una strategia di ricerca fondi condivisa.\n\n"
        "> Note scritte senza dati personali dei beneficiari, come concordato."
    ),
    monitoring=(
        "Bilancio del percorso di mentoring: governance del partenariato più solida, "
        "monitoraggio regolare; restano aperti i temi della sostenibilità."
    ),
    next_steps=(
        "- scrivere un documento di sostenibilità condiviso dai partner;\n"
        "- passare le consegne del monitoraggio a una seconda persona;\n"
        "- restituire il bilancio del percorso a tutta la rete."
    ),
)


@dataclass(frozen=True)
class FindingText:
    kind: str  # strength, critical, opportunity
    area: str
    title: str
    description: str
    severity: str = ""


STRENGTHS = (
    FindingText(
        "strength",
        "network",
        "Rete territoriale ampia e radicata",
        "Il partenariato porta al tavolo enti pubblici, servizi e terzo settore di {town} che "
        "già si conoscevano e collaborano da anni.",
    ),
    FindingText(
        "strength",
        "target",
        "Buona capacità di raggiungere le persone destinatarie",
        "Gli sportelli e le attività sono conosciuti sul territorio e frequentati; i partner "
        "hanno canali di contatto diretti con le comunità.",
    ),
    FindingText(
        "strength",
        "governance",
        "Capofila autorevole e riconosciuto dai partner",
        "{lead} è riconosciuto come riferimento da tutti i partner, che ne accettano la guida "
        "nelle decisioni comuni.",
    ),
    FindingText(
        "strength",
        "communication",
        "Comunicazione interna rapida tra gli operatori",
        "Gli operatori dei diversi partner si scambiano informazioni in tempo reale e si "
        "coordinano sulle attività quotidiane.",
    ),
)

CRITICAL = (
    FindingText(
        "critical",
        "coordination",
        "Cabina di regia convocata in modo irregolare",
        "La cabina di regia prevista dal progetto si riunisce solo in emergenza; le decisioni "
        "si prendono in incontri bilaterali e non tutti i partner ne sono informati.",
        "high",
    ),
    FindingText(
        "critical",
        "monitoring",
        "Mancano dati di monitoraggio condivisi",
        "Ogni partner raccoglie dati sulle proprie attività in formati diversi: il capofila "
        "non riesce a ricostruire l'avanzamento complessivo delle azioni.",
        "medium",
    ),
    FindingText(
        "critical",
        "administration",
        "Rendicontazione concentrata sul capofila",
        "Il carico amministrativo della rendicontazione ricade quasi tutto sul capofila, con "
        "ritardi nella raccolta dei giustificativi dei partner.",
        "medium",
    ),
    FindingText(
        "critical",
        "network",
        "Servizi pubblici poco presenti al tavolo",
        "I servizi sociali e sanitari partecipano con referenti diversi a ogni incontro; gli "
        "accordi presi non trovano seguito nei servizi.",
        "high",
    ),
    FindingText(
        "critical",
        "sustainability",
        "Nessuna strategia per dopo il finanziamento",
        "Il partenariato non ha ancora discusso cosa proseguirà dopo la fine del progetto né "
        "con quali risorse.",
        "low",
    ),
    FindingText(
        "critical",
        "governance",
        "Ruoli dei partner poco chiari",
        "Alcune attività sono svolte da più partner senza una divisione esplicita dei compiti; "
        "si creano sovrapposizioni e vuoti.",
        "medium",
    ),
    FindingText(
        "critical",
        "communication",
        "Il progetto è poco visibile nella comunità locale",
        "La comunità di {town} conosce i singoli enti ma non il progetto comune; gli eventi "
        "pubblici hanno avuto poca partecipazione.",
        "low",
    ),
)

OPPORTUNITIES = (
    FindingText(
        "opportunity",
        "sustainability",
        "Bando regionale per le reti di welfare",
        "Il prossimo bando regionale sulle reti di welfare di comunità potrebbe dare continuità "
        "al tavolo di rete del progetto.",
    ),
    FindingText(
        "opportunity",
        "coordination",
        "Formazione del programme sulla facilitazione",
        "Il percorso formativo sulla facilitazione delle riunioni offerto dal programme è "
        "adatto ai referenti della cabina di regia.",
    ),
    FindingText(
        "opportunity",
        "network",
        "Scambio con un altro progetto del bando",
        "Un altro progetto del bando lavora su temi simili: una visita di scambio aiuterebbe a "
        "confrontare gli strumenti di coordinamento.",
    ),
)

# Notes on a finding's later steps, by the status it moved to.
FINDING_NOTES = {
    "open": "Rilevato durante l'incontro di mentoring e discusso con il coordinamento.",
    "addressing": (
        "Il coordinamento ha avviato le azioni concordate; primi segnali positivi, da "
        "verificare al prossimo incontro."
    ),
    "resolved": "Verificato con i partner: la questione è superata e le soluzioni sono stabili.",
}


@dataclass(frozen=True)
class ActionText:
    description: str
    area: str = ""  # the finding area this action addresses ("" = agreed in a session)


FINDING_ACTIONS = {
    "coordination": "Fissare e comunicare a tutti i partner il calendario della cabina di regia",
    "monitoring": "Adottare un foglio di monitoraggio comune con cinque indicatori per azione",
    "administration": "Concordare con i partner una scadenza mensile per i giustificativi",
    "network": "Chiedere ai servizi pubblici un referente stabile per il progetto",
    "sustainability": "Avviare un gruppo di lavoro sulla sostenibilità dopo il finanziamento",
    "governance": "Scrivere una tabella condivisa di chi fa cosa tra i partner",
    "communication": "Preparare la pagina comune del progetto e il calendario degli eventi",
}

SESSION_ACTIONS = (
    "Inviare il verbale della cabina di regia a tutti i partner",
    "Iscrivere due operatori alla formazione sulla rendicontazione",
    "Invitare alla prossima cabina di regia due attori della mappa di rete",
    "Raccogliere dai partner le date delle attività dei prossimi tre mesi",
    "Preparare la restituzione del percorso di mentoring alla rete",
    "Condividere con i partner la guida alla narrazione non stigmatizzante",
    "Organizzare una visita di scambio con un altro progetto del bando",
    "Aggiornare il cronoprogramma con i ritardi concordati",
)

# The two actions every project's coordinator owns, dated from today: one due in two days,
# one overdue (the home page and the reminders show them).
COORDINATOR_SOON = "Convocare la cabina di regia e inviare l'ordine del giorno ai partner"
COORDINATOR_OVERDUE = "Consegnare al programme la sintesi del monitoraggio del semestre"

ACTION_NOTES = {
    "open": "Primi contatti avviati con i partner interessati.",
    "in_progress": "Lavoro avviato: bozza condivisa con il coordinamento, si attendono i riscontri.",
    "done": "Fatto: condiviso con tutti i partner e discusso in cabina di regia.",
    "dropped": "Abbandonata di comune accordo: superata da una decisione presa in cabina di regia.",
}

RESOURCES = (
    ("Guida alla facilitazione delle riunioni di partenariato", "https://www.iresmigrazioni.it/formazione/facilitazione"),
    ("Formazione sulla rendicontazione del bando", "https://www.compagniadisanpaolo.it/it/bandi/territori-inclusivi/"),
    ("Linee guida per una narrazione non stigmatizzante", "https://www.cartadiroma.org/"),
    ("Modello di foglio di monitoraggio delle azioni", "https://www.iresmigrazioni.it/strumenti/monitoraggio"),
)  # fmt: skip

CAPACITY_COMMENTS = {
    "first": (
        "Prima compilazione, fatta insieme al coordinamento all'avvio del percorso: il "
        "capofila organizza bene le attività, ma il monitoraggio è ancora informale."
    ),
    "improved": (
        "Seconda compilazione: la cabina di regia decide e registra le decisioni, il "
        "monitoraggio ha strumenti comuni. Resta da consolidare la gestione delle criticità."
    ),
    "flat": (
        "Seconda compilazione: nessun passo avanti. Il cambio di referente nel capofila ha "
        "rallentato il coordinamento e la gestione delle criticità è ancora affidata ai singoli."
    ),
}


def check_content() -> None:
    """Raise ValueError listing every contradiction in the content."""
    problems: list[str] = []
    for finding in (*STRENGTHS, *CRITICAL, *OPPORTUNITIES):
        if (finding.kind == "critical") != bool(finding.severity):
            problems.append(f"severity only on critical issues: {finding.title}")
    titles = [f.title for f in (*STRENGTHS, *CRITICAL, *OPPORTUNITIES)]
    if len(set(titles)) != len(titles):
        problems.append("finding titles repeat")
    descriptions = [
        *FINDING_ACTIONS.values(),
        *SESSION_ACTIONS,
        COORDINATOR_SOON,
        COORDINATOR_OVERDUE,
    ]
    if len(set(descriptions)) != len(descriptions):
        problems.append("action descriptions repeat")
    for critical in CRITICAL:
        if critical.area not in FINDING_ACTIONS:
            problems.append(f"no action for the area {critical.area}")
    if problems:
        raise ValueError("; ".join(problems))
