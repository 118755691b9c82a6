"""The demo programme's lessons learned, as plain data: three for each of the 13 projects and
one written by two projects together, across the programme's themes.

Each lesson names its project, its author (by the index of the project's representative in
`tessere.registry.seed_data`), the meeting and agenda item it came from where there is one (by
slug and position in `tessere.meetings.seed_data`), and its status: most are validated, some
are drafts, a few were reused by other projects. The stories are invented; the places are the
projects' own. `check_lessons()` keeps the pieces consistent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tessere.meetings.seed_data import (
    GOVERNANCE,
    HEALTH,
    HELD,
    HOUSING,
    LESSONS,
    MEDIATION,
    NARRATIVE,
    NETWORKS,
    PARTICIPATION,
    RIGHTS,
    SCHOOL,
    WORK,
)
from tessere.registry.seed_data import PROJECTS, THEMES

DRAFT, VALIDATED, REUSED = "draft", "validated", "reused"

START = "2021-06-17-avvio-della-comunita-di-pratiche"
DECIDE = "2021-07-08-come-decidono-i-partenariati"
TORINO = "2021-09-30-giornata-in-presenza-a-torino"
MAPS = "2021-10-21-mappare-le-reti-territoriali"
COUNCILS = "2021-11-25-lavorare-con-comuni-e-servizi-sociali"
REVIEW = "2022-01-27-un-anno-di-progetti-after-action-review"
REACH = "2022-03-17-raggiungere-le-persone"
GENOVA = "2022-05-19-giornata-in-presenza-a-genova"
WORK_HOME = "2022-06-23-lavoro-e-casa"
AFTER = "2022-10-13-dopo-il-bando-tenere-vive-le-reti"


@dataclass(frozen=True)
class LessonSpec:
    project: str  # acronym
    author: int  # index of the project's representative
    title: str
    situation: str
    what_happened: str
    learned: str
    do_differently: str
    themes: tuple[str, ...]
    status: str = VALIDATED
    meeting: str = ""  # a held meeting's slug
    item: int = 0  # position of the agenda item in that meeting
    also: tuple[str, ...] = ()  # other projects the lesson belongs to
    reused_by: tuple[str, ...] = ()
    evidence: str = ""
    written: dt.date | None = None  # when it was written, if not a week after its meeting


LESSONS_LEARNED: tuple[LessonSpec, ...] = (
    # --- Ubuntu -------------------------------------------------------------------------------
    LessonSpec(
        "Ubuntu", 1,
        "Il tavolo della stagione va convocato in inverno",
        "Ogni estate centinaia di braccianti arrivano nel Saluzzese per la raccolta della frutta. "
        "Il tavolo tra comuni, consorzio, ASL e associazioni si riuniva a giugno, a raccolta già "
        "iniziata.",
        "Nel 2021 le prime persone dormivano nei parchi quando i posti dell'accoglienza diffusa "
        "non erano ancora pronti: ogni ente rincorreva l'emergenza per conto proprio.",
        "Una rete territoriale decide quando ha tempo per decidere. In estate può solo "
        "coordinare quello che è stato deciso prima.",
        "Convocare il tavolo a febbraio e ad aprile, con un documento di impegni firmato da ogni "
        "ente e un referente reperibile per tutta la stagione.",
        (NETWORKS, GOVERNANCE),
        status=REUSED, meeting=REVIEW, item=2, reused_by=("TerrAcqua",),
        evidence="Protocollo d'intesa per la stagione agricola 2022, Comune di Saluzzo\nVerbale del tavolo stagionale del 15 febbraio 2022",
    ),
    LessonSpec(
        "Ubuntu", 2,
        "Le aziende agricole al tavolo portano soluzioni",
        "Il progetto chiedeva alle aziende frutticole di segnalare i bisogni abitativi dei "
        "lavoratori stagionali.",
        "Le risposte sono state pochissime finché due imprenditori non sono stati invitati al "
        "tavolo come parte della rete: hanno proposto moduli abitativi in cascina e un "
        "trasporto condiviso verso i frutteti.",
        "Se le imprese hanno un posto al tavolo e un ruolo riconosciuto, portano soluzioni e "
        "non solo richieste di manodopera.",
        "Coinvolgere le associazioni di categoria agricole fin dalla progettazione, con un "
        "accordo scritto su alloggi e trasporti.",
        (WORK, HOUSING),
        meeting=WORK_HOME, item=3,
    ),
    LessonSpec(
        "Ubuntu", 0,
        "Lo sportello va al mercato del sabato",
        "Lo sportello informativo per i lavoratori stagionali era aperto in municipio a "
        "Saluzzo, il martedì e il giovedì mattina.",
        "Gli accessi erano pochissimi. Spostato il sabato mattina al mercato, con una "
        "mediatrice e materiali in più lingue, gli accessi sono più che triplicati in un mese.",
        "Un servizio è accessibile se è offerto dove e quando le persone possono arrivarci: "
        "non basta che esista.",
        "Decidere luoghi e orari con le persone a cui il servizio è rivolto e verificarli dopo "
        "il primo mese.",
        (RIGHTS, MEDIATION),
        meeting=REACH, item=3,
    ),
    # --- Nega-so ------------------------------------------------------------------------------
    LessonSpec(
        "Nega-so", 0,
        "La memoria degli acciugai apre le porte",
        "In Valle Maira una parte degli abitanti guardava con diffidenza le famiglie arrivate "
        "negli ultimi anni.",
        "Una serata al museo sulla storia degli acciugai emigrati, con le testimonianze delle "
        "nuove famiglie, ha riempito la sala e aperto conversazioni che prima non erano "
        "possibili.",
        "Partire dalla storia di emigrazione della comunità locale crea un terreno comune più "
        "efficace di qualsiasi campagna informativa.",
        "Preparare le serate insieme alle famiglie e alle pro loco, non solo con le istituzioni "
        "culturali.",
        (NARRATIVE, PARTICIPATION),
        meeting=GENOVA, item=3,
    ),
    LessonSpec(
        "Nega-so", 2,
        "In valle la scuola tiene insieme la rete",
        "In un territorio montano con servizi dispersi, il progetto faticava a raggiungere le "
        "famiglie arrivate da poco.",
        "L'istituto comprensivo è diventato il punto d'incontro: colloqui, laboratori e "
        "informazioni sui servizi passavano dalla scuola, che le famiglie frequentano ogni "
        "giorno.",
        "Nei piccoli territori conviene appoggiarsi all'istituzione che le famiglie già "
        "frequentano, invece di aprire nuovi sportelli.",
        "Concordare subito con la dirigenza scolastica tempi e spazi: l'anno scolastico ha "
        "ritmi rigidi e settembre è già tardi.",
        (SCHOOL, NETWORKS),
        meeting=MAPS, item=3,
    ),
    LessonSpec(
        "Nega-so", 1,
        "Il trasporto decide chi partecipa",
        "I laboratori si tenevano a Dronero, ma molte famiglie vivono nelle frazioni alte della "
        "valle.",
        "Chi non aveva l'auto non partecipava. Da quando l'Unione montana mette a disposizione "
        "il pulmino, la partecipazione è raddoppiata.",
        "In valle il trasporto è parte del progetto, non un dettaglio logistico.",
        "Mettere a bilancio il trasporto fin dall'inizio e pianificarlo con l'Unione montana.",
        (PARTICIPATION, RIGHTS),
        status=DRAFT, written=dt.date(2022, 7, 4),
    ),
    # --- L'accoglienza che cura ---------------------------------------------------------------
    LessonSpec(
        "L'accoglienza che cura", 0,
        "Il policy lab funziona se al tavolo c'è chi decide",
        "Il progetto ha avviato un *policy lab* con gli enti dei distretti Bormide e Savonese "
        "sulla presa in carico delle persone più vulnerabili.",
        "Ai primi due incontri sono arrivati operatori senza mandato: molte idee, nessuna "
        "decisione. Al terzo, con i dirigenti dei servizi e un assessore, è stato approvato un "
        "protocollo di presa in carico condivisa.",
        "Un laboratorio di policy serve se al tavolo siedono anche persone che possono "
        "impegnare il proprio ente.",
        "Due livelli distinti, operativo e decisionale, con un passaggio formale dal primo al "
        "secondo.",
        (GOVERNANCE, NETWORKS),
        meeting=COUNCILS, item=2,
    ),
    LessonSpec(
        "L'accoglienza che cura", 2,
        "Formare insieme operatori sanitari e sociali",
        "Il corso per gli operatori dei servizi territoriali era previsto separato per ASL, "
        "comuni e terzo settore.",
        "Con una formazione congiunta gli operatori si sono conosciuti di persona: da allora si "
        "telefonano invece di scriversi solo per posta certificata.",
        "La formazione comune costruisce rete: le relazioni che nascono contano quanto i "
        "contenuti.",
        "Dedicare parte di ogni modulo ai casi reali portati dai partecipanti.",
        (HEALTH, NETWORKS),
        written=dt.date(2022, 2, 14),
    ),
    LessonSpec(
        "L'accoglienza che cura", 1,
        "La mappa dei servizi va tenuta viva",
        "Il progetto ha stampato nel 2021 una mappa dei servizi della Val Bormida per le "
        "persone appena arrivate.",
        "Dopo sei mesi la mappa era già superata: orari cambiati, sportelli chiusi, numeri di "
        "telefono non più attivi.",
        "Una mappa dei servizi è un processo, non un prodotto: serve qualcuno incaricato di "
        "aggiornarla.",
        "Una versione online con un referente per ogni ente e una verifica ogni tre mesi.",
        (RIGHTS,),
        meeting=MAPS, item=4,
    ),
    # --- InCopi -------------------------------------------------------------------------------
    LessonSpec(
        "InCopi", 0,
        "Gli operatori peer hanno bisogno di supervisione",
        "Il progetto ha formato abitanti del Centro Ovest come operatori e operatrici *peer* "
        "che accompagnano altri abitanti ai servizi.",
        "Dopo la formazione iniziale alcuni peer si sono trovati soli davanti a situazioni "
        "difficili e due hanno lasciato. Con una supervisione di gruppo ogni quindici giorni il "
        "gruppo si è stabilizzato.",
        "Il lavoro alla pari regge se chi lo fa ha un luogo dove portare i casi difficili e "
        "sentirsi parte di un gruppo.",
        "Prevedere supervisione e un compenso riconosciuto fin dall'inizio, non quando emergono "
        "le difficoltà.",
        (PARTICIPATION, WORK),
        meeting=GENOVA, item=4,
    ),
    LessonSpec(
        "InCopi", 1,
        "Il Municipio come partner, non come sportello",
        "All'inizio il Municipio II Centro Ovest era coinvolto solo per permessi e spazi.",
        "Da quando un funzionario partecipa alla cabina di regia, le prassi tra servizi pubblici "
        "e privati sono diventate condivise e i casi vengono segnalati nei due sensi.",
        "Un ente pubblico diventa partner quando una persona con un ruolo riconosciuto partecipa "
        "alle decisioni, non quando firma un accordo.",
        "Chiedere fin dalla firma del partenariato un referente nominato e il suo tempo.",
        (GOVERNANCE, NETWORKS),
        meeting=DECIDE, item=3,
    ),
    LessonSpec(
        "InCopi", 2,
        "Le persone si incontrano dove già sono",
        "Volantini e sportelli non raggiungevano le donne arrivate da poco a Sampierdarena.",
        "Le operatrici peer le hanno incontrate davanti alle scuole e nei negozi del quartiere: "
        "in tre mesi una trentina di donne si è rivolta ai servizi.",
        "La fiducia passa dalle persone, non dai canali informativi.",
        "Mappare i luoghi di incontro informali del quartiere prima di decidere dove comunicare.",
        (RIGHTS, PARTICIPATION),
        status=DRAFT, meeting=REACH, item=3,
    ),
    # --- Abitare la Casa ----------------------------------------------------------------------
    LessonSpec(
        "Abitare la Casa", 0,
        "Un fondo di garanzia convince i proprietari",
        "Molti proprietari della bassa Val di Magra non affittavano a famiglie con background "
        "migratorio.",
        "Le campagne di sensibilizzazione non hanno dato risultati. Con un piccolo fondo di "
        "garanzia contro la morosità e una persona di riferimento per i proprietari, in un anno "
        "sono stati firmati quattordici contratti.",
        "I proprietari chiedono garanzie concrete e un interlocutore che risponda al telefono.",
        "Attivare il fondo dal primo mese e farlo conoscere attraverso le agenzie immobiliari.",
        (HOUSING, RIGHTS),
        status=REUSED, meeting=WORK_HOME, item=3, reused_by=("Ubuntu", "TerrAcqua"),
        evidence="Regolamento del fondo di garanzia per la locazione\nElenco dei contratti firmati nel 2021-2022 (archivio del progetto)",
    ),
    LessonSpec(
        "Abitare la Casa", 1,
        "Sei comuni, un solo regolamento dello sportello casa",
        "Lo sportello casa è diffuso in sei comuni e nella Provincia della Spezia.",
        "Ogni comune applicava criteri di accesso diversi e le persone venivano rimandate da un "
        "ufficio all'altro. Con un regolamento unico approvato dalla conferenza dei sindaci le "
        "segnalazioni sono diventate tracciabili.",
        "Le regole comuni tra enti pubblici vanno approvate dove quegli enti decidono insieme, "
        "non negoziate una per una.",
        "Portare subito la questione alla conferenza dei sindaci, con una bozza già discussa "
        "dagli uffici.",
        (GOVERNANCE, NETWORKS, HOUSING),
        meeting=COUNCILS, item=3,
        evidence="Deliberazione della conferenza dei sindaci, febbraio 2022",
    ),
    LessonSpec(
        "Abitare la Casa", 2,
        "L'autonomia abitativa si prepara prima del contratto",
        "Alcune famiglie accompagnate dallo sportello hanno ottenuto una casa in affitto.",
        "Dopo pochi mesi alcune non riuscivano a gestire utenze e spese condominiali e sono "
        "arrivate le prime morosità.",
        "Trovare casa e saperla mantenere sono due passi diversi: il secondo va accompagnato.",
        "Un breve percorso di educazione all'abitare e alla gestione delle spese prima "
        "dell'ingresso in casa.",
        (HOUSING,),
        written=dt.date(2022, 7, 18),
    ),
    # --- COSì ---------------------------------------------------------------------------------
    LessonSpec(
        "COSì", 0,
        "Il taxi sociale ha fatto incontrare due fragilità",
        "Nei piccoli comuni del Nord Astigiano il taxi sociale porta gli anziani soli alle "
        "visite e al mercato; gli autisti sono giovani stranieri in tirocinio.",
        "All'inizio alcune anziane non volevano salire. Dopo qualche mese chiedevano l'autista "
        "per nome e lo invitavano a pranzo.",
        "Un servizio di prossimità diventa occasione di conoscenza reciproca se le persone "
        "restano le stesse nel tempo.",
        "Assegnare gli stessi autisti alle stesse persone e raccontare il servizio alla comunità.",
        (PARTICIPATION, WORK),
        status=REUSED, meeting=GENOVA, item=3, reused_by=("Nega-so",),
        evidence="Storia selezionata nella giornata di Genova (most significant change)",
    ),
    LessonSpec(
        "COSì", 1,
        "Nei piccoli comuni il sindaco è la rete",
        "Il progetto lavora in comuni tra i 500 e i 1.500 abitanti.",
        "Dove il sindaco partecipava di persona, le attività partivano in poche settimane; "
        "dove delegava a uffici sovraccarichi, si fermavano.",
        "Nei comuni piccoli la rete passa dalle persone che hanno il potere di decidere e il "
        "tempo di esserci.",
        "Un patto semplice con ogni sindaco e un incontro ogni tre mesi.",
        (NETWORKS, GOVERNANCE),
        meeting=TORINO, item=3,
    ),
    LessonSpec(
        "COSì", 2,
        "I sentieri come cantiere di inclusione",
        "Il progetto ha avviato il recupero dei sentieri con tirocinanti e volontari.",
        "Giovani stranieri e volontari anziani hanno lavorato insieme scambiandosi competenze; "
        "due tirocini sono diventati contratti stagionali con una ditta di manutenzione del "
        "verde.",
        "Un lavoro utile e visibile alla comunità apre strade al lavoro e al riconoscimento.",
        "Coinvolgere prima le imprese locali, per costruire insieme gli sbocchi dei tirocini.",
        (WORK, PARTICIPATION),
        status=DRAFT, written=dt.date(2022, 9, 12),
    ),
    # --- Radici -------------------------------------------------------------------------------
    LessonSpec(
        "Radici", 0,
        "Il tavolo di coordinamento ha bisogno di una segreteria",
        "Il partenariato si riuniva ogni mese in un tavolo di coordinamento.",
        "Senza verbali le decisioni venivano dimenticate. Dopo aver affidato a una persona la "
        "segreteria del tavolo (quattro ore a settimana, ordine del giorno e verbale condiviso), "
        "le decisioni sono state rispettate.",
        "La governance di un partenariato costa tempo, e quel tempo va finanziato.",
        "Mettere a bilancio fin dalla progettazione la funzione di coordinamento.",
        (GOVERNANCE,),
        status=REUSED, meeting=DECIDE, item=3, reused_by=("Trame", "Filo"),
        evidence="Modello di verbale del tavolo di coordinamento\nRegolamento del tavolo, approvato il 10 novembre 2021",
    ),
    LessonSpec(
        "Radici", 2,
        "I tirocini tengono se il tutor aziendale è preparato",
        "Il progetto attiva tirocini in aziende agricole e artigiane delle valli.",
        "I primi tirocini si sono interrotti per incomprensioni. Con un breve percorso per i "
        "tutor aziendali su lingua e differenze culturali, le interruzioni si sono dimezzate.",
        "Il tirocinio è una relazione a tre: anche l'azienda va accompagnata.",
        "Prevedere l'incontro con il tutor aziendale prima dell'avvio di ogni tirocinio.",
        (WORK,),
        meeting=WORK_HOME, item=3,
    ),
    LessonSpec(
        "Radici", 1,
        "L'italiano dentro l'orario di lavoro",
        "I corsi di italiano serali per i lavoratori avevano molti abbandoni.",
        "In accordo con due aziende agricole, un'ora di lingua alla settimana si tiene in "
        "orario di lavoro: la frequenza è salita e le aziende hanno visto meno errori.",
        "Chi lavora tutto il giorno non può studiare la sera: la formazione va portata dentro il "
        "lavoro.",
        "Proporre l'accordo alle aziende come investimento sulla sicurezza, non come favore.",
        (WORK, RIGHTS),
        written=dt.date(2022, 3, 7),
    ),
    LessonSpec(
        "Radici", 0,
        "Il passaggio di consegne si prepara sei mesi prima",
        "Alla fine del progetto alcune attività devono passare ai servizi ordinari.",
        "Dove il passaggio è stato preparato per tempo con i servizi sociali le attività "
        "continuano; dove si è aspettato l'ultimo mese si sono interrotte.",
        "La sostenibilità non si decide alla fine: si costruisce quando il progetto è ancora in "
        "corso.",
        "Un piano di passaggio per ogni attività, condiviso con chi la erediterà.",
        (LESSONS, GOVERNANCE),
        status=DRAFT, meeting=AFTER, item=2, also=("Filo",),
    ),
    # --- Ponti --------------------------------------------------------------------------------
    LessonSpec(
        "Ponti", 0,
        "La mediazione su chiamata deve essere facile da chiamare",
        "Il servizio di mediazione interculturale era disponibile per ambulatori, scuole e "
        "sportelli comunali dell'area novarese.",
        "Per chiederlo serviva un modulo con 48 ore di anticipo e veniva usato poco. Con un "
        "numero unico e la mediazione telefonica immediata le richieste sono quadruplicate.",
        "Un servizio per gli operatori deve adattarsi ai loro tempi, che sono quelli "
        "dell'imprevisto.",
        "Progettare l'accesso al servizio con chi lo userà, provandolo in un ambulatorio prima di "
        "estenderlo.",
        (MEDIATION, RIGHTS),
        meeting=REACH, item=3,
        evidence="Registro delle chiamate al numero unico, aprile-settembre 2022",
    ),
    LessonSpec(
        "Ponti", 2,
        "Mediare non è tradurre: formarsi insieme",
        "Negli ambulatori i mediatori venivano usati come semplici traduttori.",
        "Dopo una formazione congiunta tra mediatori e personale sanitario, i mediatori "
        "partecipano alla preparazione dei colloqui e segnalano i malintesi culturali.",
        "La mediazione funziona quando i servizi ne capiscono il ruolo; la formazione comune è "
        "il modo più rapido.",
        "Inserire la formazione sulla mediazione nel piano formativo dell'ASL.",
        (MEDIATION, HEALTH),
        meeting=REACH, item=2,
    ),
    LessonSpec(
        "Ponti", 1,
        "La prenotazione online ha lasciato fuori qualcuno",
        "Il Comune di Novara ha spostato online le prenotazioni degli sportelli anagrafici.",
        "Molte persone senza identità digitale o senza dimestichezza con i siti non riuscivano "
        "più a prenotare. Un punto di prenotazione assistita presso il centro interculturale ha "
        "risolto gran parte dei casi.",
        "Ogni innovazione digitale dei servizi ha bisogno di una porta assistita.",
        "Coinvolgere i servizi di mediazione prima di cambiare i canali di accesso.",
        (RIGHTS,),
        status=DRAFT, written=dt.date(2022, 4, 20),
    ),
    # --- TerrAcqua ----------------------------------------------------------------------------
    LessonSpec(
        "TerrAcqua", 2,
        "Lo sportello mobile va dove si lavora",
        "Molti lavoratori delle risaie non arrivano mai agli sportelli di Vercelli.",
        "Lo sportello mobile nelle cascine all'ora di pranzo ha fatto emergere situazioni di "
        "lavoro irregolare, poi accompagnate verso il centro per l'impiego e il sindacato.",
        "Per incontrare chi lavora bisogna andare nei luoghi e negli orari del lavoro.",
        "Accordarsi prima con le aziende per l'accesso alle cascine, per evitare diffidenze.",
        (WORK, RIGHTS),
        meeting=REACH, item=3,
    ),
    LessonSpec(
        "TerrAcqua", 1,
        "Un alloggio temporaneo senza uscita diventa un parcheggio",
        "Il progetto gestisce alcuni posti di alloggio temporaneo per lavoratori stagionali.",
        "I posti sono rimasti occupati per mesi senza un percorso di uscita. Da allora ogni "
        "ingresso ha un piano di uscita concordato e un limite di sei mesi.",
        "L'accoglienza temporanea funziona se è la prima tappa di un percorso, non la soluzione.",
        "Definire il percorso di uscita al momento dell'ingresso, insieme alla persona.",
        (HOUSING,),
        meeting=WORK_HOME, item=3,
    ),
    LessonSpec(
        "TerrAcqua", 0,
        "Imparare da Ubuntu: il calendario della stagione",
        "Il progetto cercava un modo per organizzare l'accoglienza dei lavoratori stagionali "
        "delle risaie nei mesi di punta.",
        "Nel peer assist di Torino Ubuntu, Radici e Abitare la Casa hanno raccontato le loro "
        "esperienze; TerrAcqua ha convocato il tavolo della stagione a febbraio 2022, prima "
        "dei trapianti.",
        "Il confronto con un progetto simile in un altro territorio ha fatto risparmiare un anno "
        "di tentativi.",
        "Chiedere un peer assist appena si riconosce un problema che altri hanno già affrontato.",
        (NETWORKS, WORK),
        meeting=TORINO, item=4, also=("Ubuntu",),
    ),
    # --- Filo ---------------------------------------------------------------------------------
    LessonSpec(
        "Filo", 2,
        "Due persone dello stesso ente nella comunità: un limite",
        "Filo era rappresentato nella comunità di pratiche da due persone della cooperativa "
        "capofila e da una del Comune di Biella.",
        "Nel primo anno quello che arrivava dalla comunità rifletteva soprattutto il punto di "
        "vista del capofila e gli altri partner ne sapevano poco.",
        "La pluralità dei rappresentanti non è una formalità: porta nella comunità punti di "
        "vista diversi e ne riporta i frutti a tutto il partenariato.",
        "Far ruotare tra i partner il posto di uno dei rappresentanti e fare un breve resoconto "
        "a tutti dopo ogni incontro.",
        (GOVERNANCE, PARTICIPATION),
        meeting=REVIEW, item=3,
    ),
    LessonSpec(
        "Filo", 0,
        "Rileggere l'esperienza ogni sei mesi",
        "Le riunioni del partenariato trattavano solo scadenze e rendicontazione.",
        "Con una riunione semestrale di rilettura, condotta con le domande dell'after-action "
        "review, sono emersi problemi mai discussi e due attività sono state riprogettate.",
        "Imparare dall'esperienza richiede un momento dedicato, separato dalla gestione.",
        "Mettere in calendario le riletture fin dall'avvio del progetto, con un facilitatore "
        "esterno al partenariato.",
        (LESSONS, GOVERNANCE),
        status=REUSED, meeting=REVIEW, item=2, reused_by=("Mosaico", "COSì"),
        evidence="Traccia delle domande per la rilettura semestrale",
    ),
    LessonSpec(
        "Filo", 1,
        "Il patto di collaborazione rende esplicite le aspettative",
        "Il progetto coinvolge cittadini attivi nella cura di spazi comuni a Biella e Cossato.",
        "Finché gli accordi erano a voce, le aspettative di volontari ed enti si scontravano. "
        "Con un patto di collaborazione scritto, compiti e responsabilità sono diventati chiari.",
        "Scrivere le regole non raffredda la partecipazione: la protegge dai malintesi.",
        "Usare il regolamento comunale dei beni comuni fin dall'inizio.",
        (PARTICIPATION, GOVERNANCE),
        written=dt.date(2022, 4, 11),
    ),
    # --- Lago aperto --------------------------------------------------------------------------
    LessonSpec(
        "Lago aperto", 0,
        "I ragazzi raccontano meglio di noi",
        "Il progetto produceva materiali di comunicazione sulle proprie attività.",
        "I video realizzati dai ragazzi nei laboratori sono stati visti e condivisi molto più "
        "dei materiali del progetto; il giornale locale ha ripreso due delle loro storie.",
        "Le storie raccontate dai diretti interessati arrivano più lontano e cambiano lo sguardo "
        "di chi ascolta.",
        "Preparare fin dall'inizio liberatorie e regole di tutela dei minori.",
        (NARRATIVE, SCHOOL),
        meeting=GENOVA, item=3,
    ),
    LessonSpec(
        "Lago aperto", 1,
        "La mostra itinerante ha bisogno di padroni di casa",
        "La mostra fotografica del progetto ha girato i comuni del Verbano Cusio Ossola.",
        "Nei comuni più piccoli ha avuto pochi visitatori finché non è stata affidata a gruppi "
        "locali, la biblioteca e la pro loco, che l'hanno animata con incontri.",
        "Un'iniziativa itinerante funziona se in ogni tappa qualcuno la sente propria.",
        "Individuare un gruppo locale per ogni tappa prima di fissare il calendario.",
        (PARTICIPATION, NARRATIVE),
        written=dt.date(2022, 6, 6),
    ),
    LessonSpec(
        "Lago aperto", 2,
        "Le parole dei comunicati stampa",
        "I primi comunicati del progetto parlavano dei «migranti» come destinatari delle "
        "attività.",
        "Riscritti con i ragazzi, i comunicati parlano di persone e di quello che fanno; la "
        "stampa locale li ha ripresi con titoli diversi dal solito.",
        "Il modo in cui il progetto parla di sé è già parte del cambio di narrazione.",
        "Rileggere i testi pubblici con le persone di cui si parla.",
        (NARRATIVE,),
        status=DRAFT, written=dt.date(2022, 8, 29),
    ),
    # --- Mosaico ------------------------------------------------------------------------------
    LessonSpec(
        "Mosaico", 0,
        "Procedure comuni tra quattro sportelli",
        "Quattro sportelli di orientamento, in quattro centri zona della provincia di "
        "Alessandria, avevano moduli e procedure diversi.",
        "Le persone che si spostavano tra i comuni ripetevano lo stesso colloquio più volte. Con "
        "una scheda di accesso comune e un archivio condiviso i colloqui doppi sono quasi "
        "spariti.",
        "Uniformare gli strumenti è il modo più concreto di fare rete tra sportelli.",
        "Scrivere la scheda comune con gli operatori di tutti gli sportelli, non calarla "
        "dall'alto.",
        (GOVERNANCE, RIGHTS),
        meeting=COUNCILS, item=3,
        evidence="Scheda di accesso comune agli sportelli, versione 2",
    ),
    LessonSpec(
        "Mosaico", 2,
        "Uno spazio per le donne apre l'accesso alla salute",
        "Poche donne arrivate da poco si rivolgevano agli sportelli e ai servizi sanitari.",
        "Un pomeriggio riservato alle donne, con una mediatrice e un'ostetrica dell'ASL, ha "
        "portato molte di loro a fare per la prima volta gli screening.",
        "Uno spazio riservato e figure femminili di fiducia aprono porte che lo sportello "
        "ordinario non apre.",
        "Costruire il pomeriggio con le associazioni di donne già presenti sul territorio.",
        (HEALTH, MEDIATION),
        meeting=REACH, item=3,
    ),
    LessonSpec(
        "Mosaico", 1,
        "Senza residenza non c'è accesso ai servizi",
        "Alcune persone seguite dagli sportelli vivevano senza una residenza anagrafica.",
        "Erano escluse da medico di base e servizi sociali. Con il Comune di Alessandria è stata "
        "resa operativa l'iscrizione nella via fittizia per le persone senza dimora.",
        "Molti diritti dipendono da un primo passo amministrativo: sbloccarlo vale più di molti "
        "servizi.",
        "Mappare all'inizio del progetto gli ostacoli amministrativi che bloccano l'accesso.",
        (RIGHTS,),
        written=dt.date(2022, 9, 19),
    ),
    # --- Trame --------------------------------------------------------------------------------
    LessonSpec(
        "Trame", 0,
        "Nelle botteghe scuola l'artigiano va accompagnato",
        "Il progetto porta giovani adulti a imparare un mestiere nelle botteghe artigiane del "
        "Canavese.",
        "I primi artigiani hanno accolto i ragazzi con entusiasmo ma senza tempo per insegnare. "
        "Con un tutor del progetto presente un giorno alla settimana i percorsi hanno tenuto.",
        "Chi insegna un mestiere ha bisogno di sostegno quanto chi lo impara.",
        "Concordare con ogni artigiano tempi e compiti del tutor prima dell'avvio.",
        (WORK,),
        meeting=WORK_HOME, item=3,
    ),
    LessonSpec(
        "Trame", 1,
        "Un patto per il lavoro regge se ha obiettivi misurabili",
        "Comuni, servizi e imprese hanno firmato un patto locale per il lavoro.",
        "Firmato con entusiasmo, il patto è stato presto dimenticato. Dopo una revisione con le "
        "domande dell'after-action review, il patto ha obiettivi annuali e un incontro pubblico "
        "di verifica.",
        "Un accordo di rete vive se ha qualcosa da verificare insieme.",
        "Scrivere gli obiettivi e la data della prima verifica nel patto stesso.",
        (NETWORKS, GOVERNANCE),
        meeting=AFTER, item=3,
    ),
    LessonSpec(
        "Trame", 2,
        "Una rete che funziona è pronta anche per l'emergenza",
        "Nella primavera 2022 sono arrivate nel Canavese molte famiglie dall'Ucraina.",
        "La rete costruita dal progetto ha organizzato in pochi giorni accoglienza, iscrizioni a "
        "scuola e corsi di lingua, con una mediatrice di lingua ucraina già attiva nel progetto.",
        "Una rete che funziona nell'ordinario è la prima risorsa nell'emergenza.",
        "Tenere aggiornato un elenco di contatti e disponibilità della rete, pronto all'uso.",
        (NETWORKS, RIGHTS),
        written=dt.date(2022, 5, 2),
    ),
)  # fmt: skip


def check_lessons() -> None:
    """Fail fast when the lessons contradict the projects, themes or meeting plan."""
    problems: list[str] = []
    projects = {p.acronym: p for p in PROJECTS}
    themes = {name for name, _ in THEMES}
    meetings = {spec.slug: spec for spec in HELD}
    titles = [lesson.title for lesson in LESSONS_LEARNED]
    if len(set(titles)) != len(titles):
        problems.append("two lessons share a title")
    for lesson in LESSONS_LEARNED:
        where = lesson.title
        if lesson.project not in projects:
            problems.append(f"{where}: unknown project {lesson.project}")
            continue
        if not 0 <= lesson.author < len(projects[lesson.project].representatives):
            problems.append(f"{where}: no representative {lesson.author}")
        if not set(lesson.also) | set(lesson.reused_by) <= set(projects):
            problems.append(f"{where}: unknown projects")
        if lesson.project in lesson.reused_by:
            problems.append(f"{where}: a project does not reuse its own lesson")
        if (lesson.status == REUSED) != bool(lesson.reused_by):
            problems.append(f"{where}: reused lessons, and only they, say who reused them")
        if not set(lesson.themes) <= themes or not lesson.themes:
            problems.append(f"{where}: unknown or missing themes")
        if lesson.meeting:
            spec = meetings.get(lesson.meeting)
            if spec is None:
                problems.append(f"{where}: not a held meeting {lesson.meeting}")
            elif lesson.item and not 1 <= lesson.item <= len(spec.agenda):
                problems.append(f"{where}: {lesson.meeting} has no agenda item {lesson.item}")
        elif lesson.item or lesson.written is None:
            problems.append(f"{where}: without a meeting, give a date and no agenda item")
    if problems:
        raise ValueError("Inconsistent lessons: " + "; ".join(problems))
