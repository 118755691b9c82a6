"""Demo data of the expert consultation: experts by theme, about forty questions in "Chiedi
all'esperto" (most answered by an expert, fifteen accepted, a few still waiting after more
than a week), eight FAQ entries promoted from accepted answers, three open flags.

Runs after the registry and community seeds. Idempotent: themes match on the slug, questions
on (space, title), posts on (topic, number), FAQ entries on (programme, question), flags on
(post, reporter); times are written once, relative to the first run, and every derived time
(last activity, first expert answer, solved) is read back from what was written, so a second
run creates and changes nothing. The people are the demo's (fictitious) experts and project
people; if the programme has fewer than four experts, fictitious ones are added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.core.seeding import BulkWriter
from tessere.meetings.seeds import programme_slug
from tessere.registry.models import Programme, ProgrammeRole, ProjectRole, Theme

from .models import ExpertTheme, FaqEntry, Flag, Post, Topic

SPACE_SLUG = "chiedi-all-esperto"
DEMO_DOMAIN = "demo.tessere.it"

# Short keys of the consultation's themes: (name, description). Existing demo themes are used
# as they are; the missing ones are created.
THEMES: dict[str, tuple[str, str]] = {
    "dir": ("Diritto dell'immigrazione", "Permessi di soggiorno, residenza, cittadinanza."),
    "acc": ("Accesso ai diritti", ""),
    "med": ("Mediazione culturale", ""),
    "gov": ("Governance interna dei partenariati", ""),
    "val": ("Valutazione", "Indicatori, dati e valutazione degli esiti dei progetti."),
    "com": ("Comunicazione e narrazione", "Raccontare il lavoro dei progetti e i risultati."),
}
# Which expert (by order in the programme) answers which themes.
EXPERT_THEMES: tuple[tuple[str, ...], ...] = (
    ("dir", "acc"),
    ("med", "acc"),
    ("gov", "val"),
    ("val", "com"),
)
FICTITIOUS_EXPERTS = (
    ("Lucia", "Ferraris"),
    ("Samir", "Benali"),
    ("Paolo", "Rinaldi"),
    ("Elena", "Bruzzone"),
)


@dataclass(frozen=True)
class Q:
    theme: str
    title: str
    body: str
    answer: str = ""  # empty: still waiting for an expert
    accepted: bool = False
    faq: bool = False
    days_ago: int = 60
    thanks: str = ""  # the asker's follow-up


QUESTIONS: tuple[Q, ...] = (
    Q("dir", "Iscrizione anagrafica con permesso di soggiorno in rinnovo",
      "Una signora seguita dal nostro sportello ha il permesso scaduto e la ricevuta di "
      "rinnovo. L'anagrafe del Comune le chiede il permesso valido per la residenza. "
      "Hanno ragione?",
      "No: la ricevuta della domanda di rinnovo presentata nei termini vale come permesso "
      "valido (art. 5, c. 9-bis, TU immigrazione) e consente l'iscrizione anagrafica. "
      "Conviene portare all'ufficio anagrafe la ricevuta postale e, se serve, la circolare "
      "del Ministero dell'interno sul punto.",
      accepted=True, faq=True, days_ago=110, thanks="Grazie, risolto con l'ufficio."),
    Q("dir", "Residenza per chi vive in un alloggio di fortuna",
      "Alcuni braccianti vivono in un capannone messo a disposizione dall'azienda. Possono "
      "chiedere la residenza a quell'indirizzo?",
      "La residenza segue la dimora abituale, anche se l'alloggio è precario: il Comune non "
      "può negarla per le condizioni dell'immobile. Dove la dimora non è accertabile si usa "
      "la via fittizia comunale, che ogni Comune deve istituire.",
      accepted=True, faq=True, days_ago=104),
    Q("dir", "Conversione del permesso per studio in permesso per lavoro",
      "Un ragazzo del CPIA ha finito il corso e ha un'offerta di tirocinio. Il permesso per "
      "studio si può convertire?",
      "Un tirocinio non basta per la conversione: serve un contratto di lavoro subordinato "
      "o l'avvio di un'attività autonoma, nei limiti delle quote. Fino ad allora il permesso "
      "per studio resta valido per il tirocinio formativo.",
      days_ago=97),
    Q("dir", "Permesso per protezione speciale e iscrizione al Centro per l'impiego",
      "Chi ha la protezione speciale può iscriversi al Centro per l'impiego e fare la DID?",
      "Sì: il permesso per protezione speciale consente il lavoro e quindi l'iscrizione al "
      "Centro per l'impiego e la dichiarazione di immediata disponibilità.",
      accepted=True, faq=True, days_ago=90),
    Q("dir", "Ricongiungimento familiare: quale reddito conta?",
      "Per il ricongiungimento di moglie e due figli quale reddito minimo bisogna dimostrare "
      "e si possono sommare i redditi dei conviventi?",
      "Il riferimento è l'assegno sociale aumentato della metà per ogni familiare da "
      "ricongiungere; si può cumulare il reddito dei familiari conviventi. Serve anche "
      "l'idoneità dell'alloggio rilasciata dal Comune.",
      days_ago=83),
    Q("dir", "Tempi per la cittadinanza dopo dieci anni di residenza",
      "Una mediatrice residente da undici anni vuole chiedere la cittadinanza: quali "
      "documenti e quanto tempo?",
      "Domanda online al Ministero con certificato penale del Paese d'origine tradotto e "
      "legalizzato, certificazione di lingua italiana B1 e redditi degli ultimi tre anni. "
      "Il termine di legge per la decisione è di due anni, prorogabile.",
      days_ago=40),
    Q("dir", "Codice fiscale provvisorio per i richiedenti asilo",
      "In questura rilasciano un codice numerico provvisorio: basta per la tessera "
      "sanitaria o serve quello alfanumerico?",
      "", days_ago=21),
    Q("acc", "Tessera sanitaria per chi è in attesa del permesso",
      "La ASL chiede il permesso in originale per l'iscrizione al Servizio sanitario. Con la "
      "ricevuta si può fare?",
      "Sì: l'iscrizione al SSN vale anche nelle more del rinnovo, presentando la ricevuta. Per "
      "i primi rilasci alcune ASL chiedono il cedolino: conviene concordare una prassi "
      "scritta con il distretto.",
      days_ago=76),
    Q("acc", "Accesso all'assegno unico per famiglie straniere",
      "Le famiglie con permesso unico lavoro hanno diritto all'assegno unico?",
      "Sì, con almeno due anni di residenza in Italia (anche non continuativi) o un "
      "contratto di lavoro di almeno sei mesi; la domanda si fa all'INPS, anche tramite "
      "patronato.",
      days_ago=70),
    Q("acc", "Apertura di un conto corrente senza residenza",
      "Le banche rifiutano il conto a chi non ha ancora la residenza. C'è un obbligo?",
      "Il conto di base è un diritto dei consumatori soggiornanti legalmente nell'Unione, "
      "anche senza residenza: la banca può chiedere un documento e il permesso (o la "
      "ricevuta). Il rifiuto va motivato per iscritto.",
      accepted=True, days_ago=64),
    Q("acc", "Esenzione ticket per disoccupati stranieri",
      "Un utente iscritto al Centro per l'impiego paga il ticket: ha diritto all'esenzione?",
      "", days_ago=18),
    Q("med", "Mediatrici culturali negli ambulatori: come si pagano?",
      "Vorremmo la mediatrice in ambulatorio due mattine a settimana. Il costo può stare "
      "nel budget di progetto o deve pagarlo la ASL?",
      "Nel progetto si può prevedere la fase sperimentale; per durare serve che la ASL la "
      "inserisca nel proprio piano (convenzione con l'ente che impiega le mediatrici). "
      "Conviene raccogliere da subito i dati sugli accessi per sostenerne il costo.",
      accepted=True, faq=True, days_ago=100),
    Q("med", "Mediazione al telefono o in presenza?",
      "Per i colloqui allo sportello sociale funziona la mediazione telefonica?",
      "Per informazioni semplici sì; per colloqui delicati (minori, violenza, salute) la "
      "presenza è molto migliore. Molti servizi usano il telefono per il primo contatto e "
      "fissano poi un colloquio con la mediatrice presente.",
      days_ago=88),
    Q("med", "Quale qualifica deve avere una mediatrice?",
      "In Piemonte esiste un profilo regionale di mediatore interculturale? Possiamo "
      "impiegare persone senza qualifica?",
      "Sì, esiste un profilo regionale con corso riconosciuto. Persone senza qualifica possono "
      "affiancare come facilitatori linguistici, ma per i servizi pubblici conviene "
      "puntare sul profilo riconosciuto.",
      accepted=True, days_ago=81),
    Q("med", "I figli possono fare da interpreti ai genitori?",
      "A scuola capita che i ragazzi traducano per i genitori nei colloqui. Va evitato?",
      "Va evitato, soprattutto per temi delicati: sposta i ruoli in famiglia e mette il "
      "ragazzo in una posizione difficile. Meglio una mediatrice, anche a distanza.",
      days_ago=55, thanks="Lo porto al collegio docenti."),
    Q("med", "Mediazione nei gruppi di donne: esperienze?",
      "Stiamo avviando un gruppo di donne arabofone e ucraine insieme. Una mediatrice per "
      "lingua o una sola figura di facilitazione?",
      "Per i primi incontri una per lingua, poi una facilitatrice con sostegno linguistico "
      "tra pari. Chiarite le regole del gruppo all'inizio, con le mediatrici.",
      days_ago=34),
    Q("med", "Formazione degli operatori sulla comunicazione interculturale",
      "Conoscete un percorso breve per operatori degli sportelli comunali?",
      "", days_ago=12),
    Q("gov", "Accordo di partenariato: cosa deve contenere?",
      "Stiamo scrivendo l'accordo tra i partner del progetto. Quali clausole non possono "
      "mancare?",
      "Ruoli e attività di ciascuno, budget e modalità di rendicontazione, organi di "
      "coordinamento e come decidono, gestione dei dati personali, proprietà dei prodotti, "
      "cosa succede se un partner esce. Allegate il cronoprogramma.",
      accepted=True, faq=True, days_ago=115),
    Q("gov", "Co-progettazione art. 55 del Codice del Terzo settore con il Comune",
      "Il Comune vuole proseguire le attività dopo il bando con una co-progettazione. Come "
      "si avvia?",
      "Con un avviso pubblico di co-progettazione (art. 55 CTS e linee guida del Ministero "
      "del lavoro, DM 72/2021): il Comune definisce obiettivi e risorse, gli enti del Terzo "
      "settore presentano proposte, si costruisce insieme il progetto. Le attività del bando "
      "possono essere la base dell'istruttoria.",
      accepted=True, faq=True, days_ago=95, thanks="Utilissimo per la cabina di regia."),
    Q("gov", "Cabina di regia: ogni quanto riunirla?",
      "Con otto partner fatichiamo a trovare date. Che frequenza è ragionevole?",
      "Una riunione ogni due mesi della cabina di regia, con un gruppo operativo più "
      "ristretto mensile; le decisioni minori per iscritto, con un termine per le obiezioni.",
      days_ago=86),
    Q("gov", "Un partner non partecipa più: cosa fare?",
      "Un partner non viene alle riunioni da mesi ma ha ancora budget assegnato.",
      "Prima un colloquio diretto per capire le ragioni; poi, se serve, una rimodulazione "
      "concordata con la fondazione. L'accordo di partenariato dovrebbe prevedere la "
      "procedura.",
      accepted=True, days_ago=61),
    Q("gov", "Decisioni per consenso o a maggioranza?",
      "Nel partenariato alcune decisioni si bloccano. Conviene passare al voto?",
      "Il consenso resta il metodo di base, ma serve una regola per lo stallo: per esempio "
      "una seconda discussione e poi la maggioranza qualificata. Scrivetela prima di averne "
      "bisogno.",
      days_ago=47),
    Q("gov", "Coinvolgere i beneficiari nella governance",
      "Come far partecipare le persone che seguiamo alle decisioni del progetto?",
      "", days_ago=9),
    Q("val", "Indicatori di esito per uno sportello di orientamento",
      "Contiamo gli accessi, ma la fondazione chiede indicatori di esito. Quali?",
      "Esiti a tre e sei mesi: pratiche concluse (permesso, residenza, iscrizione SSN), "
      "persone inserite in un percorso di formazione o lavoro, ritorni allo sportello per "
      "nuovi bisogni. Servono un identificativo anonimo e un breve follow-up telefonico.",
      accepted=True, faq=True, days_ago=108),
    Q("val", "Questionario di gradimento in più lingue",
      "Ha senso un questionario tradotto o è meglio un'intervista breve?",
      "Per chi legge poco, meglio un'intervista breve con la mediatrice, poche domande "
      "chiuse e una aperta. Il questionario tradotto funziona per corsi e gruppi.",
      days_ago=92),
    Q("val", "Valutare il cambiamento nelle reti territoriali",
      "Come mostrare che la rete tra enti è cresciuta grazie al progetto?",
      "Con la mappa delle reti della piattaforma: una rilevazione all'inizio e una alla fine "
      "(T0 e T1), con gli stessi enti, e il confronto di densità e legami tra progetti. "
      "Affiancate qualche intervista per spiegare i numeri.",
      accepted=True, days_ago=73),
    Q("val", "Dati personali nelle schede di monitoraggio",
      "Possiamo raccogliere nazionalità e titolo di soggiorno nelle schede?",
      "Solo se servono davvero agli scopi del progetto, con informativa e base giuridica "
      "chiare; la nazionalità è dato comune, ma insieme ad altri può identificare la persona. "
      "Nei report usate solo dati aggregati.",
      days_ago=58),
    Q("val", "Teoria del cambiamento: quanto dettagliata?",
      "La facilitatrice ci chiede una teoria del cambiamento. Un diagramma basta?",
      "Un diagramma con risultati intermedi e ipotesi esplicite basta, se lo usate davvero "
      "per scegliere gli indicatori e rivederlo a metà percorso.",
      days_ago=44),
    Q("val", "Costo per persona raggiunta: ha senso calcolarlo?",
      "Ci chiedono il costo per beneficiario. Non rischia di penalizzare i casi complessi?",
      "Sì, se lo si legge da solo: affiancatelo all'intensità degli interventi e agli esiti. "
      "Presentatelo per tipo di percorso, non come media unica.",
      days_ago=29),
    Q("val", "Valutazione partecipata con i beneficiari",
      "Qualcuno ha esperienza di valutazione fatta insieme alle persone seguite?",
      "", days_ago=15),
    Q("com", "Comunicare i risultati senza esporre le persone",
      "Vorremmo raccontare alcune storie di successo. Come evitare di esporre i beneficiari?",
      "Consenso informato scritto e revocabile, nomi di fantasia se la persona lo chiede, "
      "niente dettagli che la rendano riconoscibile nel paese. Fate rileggere il testo alla "
      "persona prima di pubblicarlo.",
      accepted=True, faq=True, days_ago=99),
    Q("com", "Parole da evitare nei comunicati",
      "\"Clandestini\", \"extracomunitari\": ci sono linee guida per i comunicati?",
      "Sì: la Carta di Roma e il suo glossario sono il riferimento; parlate di persone "
      "migranti, richiedenti asilo, rifugiati a seconda dei casi, e citate le fonti dei "
      "numeri.",
      accepted=True, days_ago=79),
    Q("com", "Social del progetto: chi li gestisce?",
      "Otto partner, otto pagine. Conviene una pagina unica del progetto?",
      "Una pagina unica con un piano editoriale condiviso e un referente; i partner "
      "rilanciano. Decidete chi approva i contenuti delicati.",
      days_ago=67),
    Q("com", "Presentare i dati al consiglio comunale",
      "Dobbiamo presentare il progetto in consiglio comunale: quanti dati mostrare?",
      "Pochi numeri chiari (persone raggiunte, esiti principali, costi), una storia e una "
      "richiesta precisa al Comune. Dieci minuti al massimo.",
      days_ago=52, thanks="Fatto, è andata bene!"),
    Q("com", "Video con i ragazzi: liberatorie per minori",
      "Per un video con ragazzi minorenni bastano le liberatorie dei genitori?",
      "Servono le liberatorie di entrambi i genitori (o di chi ha la responsabilità), "
      "l'assenso del ragazzo e attenzione ai minori non accompagnati, per i quali firma "
      "il tutore.",
      accepted=True, days_ago=37),
    Q("com", "Conferenza finale: in presenza o online?",
      "Per la conferenza finale del progetto conviene l'evento in presenza?",
      "In presenza per la rete locale, con diretta per gli altri territori; registrate gli "
      "interventi per l'archivio dei lavori.",
      days_ago=26),
    Q("com", "Raccontare i fallimenti del progetto",
      "Possiamo scrivere pubblicamente cosa non ha funzionato senza danneggiare i partner?",
      "Sì, ed è utile ad altre comunità di pratica: parlate di scelte e condizioni, non di "
      "persone, e concordate il testo con i partner coinvolti.",
      days_ago=20),
    Q("acc", "Trasporto per le visite mediche nelle frazioni",
      "Nelle frazioni senza autobus come si organizza l'accompagnamento alle visite?",
      "Con il volontariato convenzionato per il trasporto sociale o con il servizio del "
      "Consorzio, se previsto; alcuni Comuni rimborsano le associazioni a chilometro.",
      days_ago=31),
    Q("gov", "Rendicontazione delle spese dei partner",
      "Il capofila deve anticipare le spese dei partner?",
      "Dipende dall'accordo: spesso il capofila riceve gli anticipi della fondazione e li "
      "trasferisce secondo il budget. Prevedete scadenze interne prima di quelle del bando.",
      accepted=True, days_ago=59),
    Q("med", "Materiali informativi in lingua semplice",
      "Traduciamo i volantini in sei lingue ma nessuno li legge. Alternative?",
      "", days_ago=3),
)  # fmt: skip

# Posts flagged to the moderators: (question title, text, flag reason, note).
FLAGGED: tuple[tuple[str, str, str, str], ...] = (
    ("Residenza per chi vive in un alloggio di fortuna",
     "Per casi così chiamate pure il mio numero personale 347 000 0000, rispondo la sera.",
     Flag.Reason.PERSONAL_DATA, "Numero di telefono personale in chiaro."),
    ("Questionario di gradimento in più lingue",
     "Offriamo un corso a pagamento sui questionari: 300 euro, iscrizioni sul nostro sito!",
     Flag.Reason.SPAM, ""),
    ("Social del progetto: chi li gestisce?",
     "Secondo me questa discussione non serve a niente, i social sono tempo perso.",
     Flag.Reason.OFF_TOPIC, "Tono poco rispettoso verso chi ha chiesto."),
)  # fmt: skip


def check_questions() -> None:
    titles = [q.title for q in QUESTIONS]
    assert len(titles) == len(set(titles)), "duplicate question titles"
    assert all(q.theme in THEMES for q in QUESTIONS)
    assert all(title in titles for title, *_ in FLAGGED)


# --- Writing it --------------------------------------------------------------------------------
def _themes(writer: BulkWriter) -> dict[str, Theme]:
    by_name = {t.name: t for t in Theme.objects.filter(name__in=[n for n, _ in THEMES.values()])}
    rows = [
        {"name": name, "slug": slugify(name), "description": text}
        for name, text in THEMES.values()
        if name not in by_name
    ]
    if rows:
        writer.sync(
            Theme, rows, ("slug",), Theme.objects.filter(slug__in=[r["slug"] for r in rows])
        )
    by_name = {t.name: t for t in Theme.objects.filter(name__in=[n for n, _ in THEMES.values()])}
    return {key: by_name[name] for key, (name, _text) in THEMES.items()}


def _experts(writer: BulkWriter, programme: Programme, copy: int) -> list[int]:
    """The programme's experts in a stable order, completed with fictitious ones up to four."""
    ids = list(
        ProgrammeRole.objects.filter(programme=programme, role=ProgrammeRole.Role.EXPERT)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    missing = FICTITIOUS_EXPERTS[: max(0, len(EXPERT_THEMES) - len(ids))]
    if missing:
        suffix = "" if copy == 1 else f".x{copy}"
        password = make_password(settings.TESSERE_DEMO_PASSWORD)
        rows = [
            {
                "email": f"{first.lower()}.{last.lower()}{suffix}@{DEMO_DOMAIN}",
                "first_name": first,
                "last_name": last,
                "password": password,
            }
            for first, last in missing
        ]
        users = writer.sync(
            User, rows, ("email",), User.objects.filter(email__in=[r["email"] for r in rows]),
            create_only=("password",),
        )  # fmt: skip
        role_rows = [
            {"user_id": user.pk, "programme_id": programme.pk, "role": ProgrammeRole.Role.EXPERT}
            for user in users.values()
        ]
        writer.sync(
            ProgrammeRole, role_rows, ("user_id", "programme_id", "role"),
            ProgrammeRole.objects.filter(programme=programme, role=ProgrammeRole.Role.EXPERT),
        )  # fmt: skip
        ids += [users[(row["email"],)].pk for row in rows]
    return ids


def _run(writer: BulkWriter, programme: Programme, copy: int, themes: dict[str, Theme]) -> int:
    space = Space.objects.filter(programme=programme, slug=SPACE_SLUG).first()
    if space is None:
        return 0
    experts = _experts(writer, programme, copy)
    # Experts by theme.
    assignments = [
        {"programme_id": programme.pk, "user_id": experts[i], "theme_id": themes[key].pk}
        for i, keys in enumerate(EXPERT_THEMES)
        for key in keys
    ]
    writer.sync(
        ExpertTheme, assignments, ("programme_id", "user_id", "theme_id"),
        ExpertTheme.objects.filter(programme=programme),
    )  # fmt: skip
    answerers: dict[str, list[int]] = {}
    for row in assignments:
        key = next(k for k, t in themes.items() if t.pk == row["theme_id"])
        answerers.setdefault(key, []).append(row["user_id"])
    askers = list(
        ProjectRole.objects.filter(project__programme=programme)
        .exclude(user_id__in=experts)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .distinct()
    )
    if not askers:
        return 0
    now = timezone.now().replace(second=0, microsecond=0)

    # 1. The questions (times written once).
    topic_rows = []
    for i, q in enumerate(QUESTIONS):
        asked = now - dt.timedelta(days=q.days_ago, hours=i % 7)
        topic_rows.append(
            {"space_id": space.pk, "title": q.title, "author_id": askers[(i * 5) % len(askers)],
             "created_at": asked, "last_posted_at": asked}
        )  # fmt: skip
    topics = writer.sync(
        Topic, topic_rows, ("space_id", "title"), Topic.objects.filter(space=space),
        create_only=("created_at", "last_posted_at"),
    )  # fmt: skip
    writer.sync_m2m(
        Topic.themes.through, "topic_id", "theme_id",
        {topics[(space.pk, q.title)].pk: {themes[q.theme].pk} for q in QUESTIONS},
    )  # fmt: skip

    # 2. Their posts: the question, the expert's answer, the asker's thanks, flagged replies.
    flagged = {title: (text, reason, note) for title, text, reason, note in FLAGGED}
    post_rows = []
    for i, q in enumerate(QUESTIONS):
        topic = topics[(space.pk, q.title)]
        start = topic.created_at
        posts = [(topic.author_id, q.body, start, False)]
        if q.answer:
            pool = answerers[q.theme]
            expert = pool[i % len(pool)]
            posts.append((expert, q.answer, start + dt.timedelta(hours=20 + i % 30), True))
            if q.title in flagged:
                other = askers[(i * 5 + 3) % len(askers)]
                posts.append((other, flagged[q.title][0], start + dt.timedelta(days=2), False))
            if q.thanks:
                posts.append((topic.author_id, q.thanks, start + dt.timedelta(days=3), False))
        for number, (author, body, when, expert_answer) in enumerate(posts, start=1):
            post_rows.append(
                {"topic_id": topic.pk, "number": number, "author_id": author, "body": body,
                 "created_at": min(when, now), "is_expert_answer": expert_answer}
            )  # fmt: skip
    posts_by_key = writer.sync(
        Post, post_rows, ("topic_id", "number"),
        Post.objects.filter(topic__space=space), create_only=("created_at",),
    )  # fmt: skip

    # 3. What the topics derive from their posts (read back: stable on a second run).
    derived = []
    for q in QUESTIONS:
        topic = topics[(space.pk, q.title)]
        own = sorted(
            (p for (tid, _n), p in posts_by_key.items() if tid == topic.pk), key=lambda p: p.number
        )
        last = own[-1]
        answer = next((p for p in own if p.is_expert_answer), None)
        accepted = answer if (q.accepted and answer is not None) else None
        derived.append(
            {"space_id": space.pk, "title": q.title, "reply_count": len(own) - 1,
             "last_post_number": last.number, "last_posted_at": last.created_at,
             "last_poster_id": last.author_id,
             "expert_answered_at": answer.created_at if answer else None,
             "accepted_post_id": accepted.pk if accepted else None,
             "solved_at": accepted.created_at + dt.timedelta(days=1) if accepted else None}
        )  # fmt: skip
    writer.sync(Topic, derived, ("space_id", "title"), topics.values())

    # 4. FAQ entries from accepted answers, and the open flags.
    faq_rows, faq_themes = [], {}
    for q in QUESTIONS:
        if not (q.faq and q.accepted and q.answer):
            continue
        topic = topics[(space.pk, q.title)]
        post = next(p for (tid, n), p in posts_by_key.items() if tid == topic.pk and n == 2)
        faq_rows.append(
            {"programme_id": programme.pk, "question": q.title, "answer": q.answer,
             "source_topic_id": topic.pk, "source_post_id": post.pk, "is_published": True,
             "created_by_id": experts[0]}
        )  # fmt: skip
        faq_themes[q.title] = {themes[q.theme].pk}
    entries = writer.sync(
        FaqEntry, faq_rows, ("programme_id", "question"),
        FaqEntry.objects.filter(programme=programme),
    )  # fmt: skip
    writer.sync_m2m(
        FaqEntry.themes.through, "faqentry_id", "theme_id",
        {entries[(programme.pk, title)].pk: ids for title, ids in faq_themes.items()},
    )  # fmt: skip
    flag_rows = []
    for i, (title, _text, reason, note) in enumerate(FLAGGED):
        topic = topics[(space.pk, title)]
        post = posts_by_key[(topic.pk, 3)]
        flag_rows.append(
            {"post_id": post.pk, "reporter_id": topic.author_id, "reason": reason, "note": note,
             "status": Flag.Status.OPEN, "created_at": post.created_at + dt.timedelta(hours=3 + i)}
        )  # fmt: skip
    writer.sync(
        Flag, flag_rows, ("post_id", "reporter_id"),
        Flag.objects.filter(post__topic__space=space), create_only=("created_at", "status"),
    )  # fmt: skip
    return len(QUESTIONS)


@transaction.atomic
def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    check_questions()
    writer = BulkWriter()
    themes = _themes(writer)
    questions = 0
    for copy in range(1, scale + 1):
        programme = Programme.objects.filter(slug=programme_slug(copy)).first()
        if programme is not None:
            questions += _run(writer, programme, copy, themes)
    if stdout is not None:
        stdout.write(f"Expert consultation: {questions} questions.\n")
    return {"questions": questions, **dict(writer.created)}
