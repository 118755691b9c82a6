"""The demo discussions of Territori Inclusivi: what the projects' people and the programme
team talk about in the free exchange, in the team's room and in each project's own space.
Fictitious conversations (the people are the demo people of registry/seed_data.py); mentions
name demo people; "QUOTE" at the start of a reply quotes the message before it.
"""

from __future__ import annotations

from dataclasses import dataclass

QUOTE = "QUOTE"

# Theme names of registry/seed_data.py.
GOV = "Governance interna dei partenariati"
RETI = "Reti territoriali"
LEZ = "Lezioni apprese"
DIR = "Accesso ai diritti"
LAV = "Lavoro e formazione"
CASA = "Abitare"
SAL = "Salute"
SCUOLA = "Scuola e giovani"
MED = "Mediazione culturale"
NARR = "Cambio di narrazione"
PART = "Partecipazione e cittadinanza"


@dataclass(frozen=True)
class TopicSpec:
    title: str
    body: str
    themes: tuple[str, ...]
    replies: tuple[str, ...]
    pinned: bool = False
    locked: bool = False


FREE_EXCHANGE: tuple[TopicSpec, ...] = (
    TopicSpec(
        "Benvenute e benvenuti nel Confronto libero: come usarlo",
        "Questo è lo spazio di scambio tra i rappresentanti dei progetti. Aprite una discussione "
        "per ogni argomento, indicate i temi e i progetti coinvolti, e usate @[Nome Cognome] per "
        "chiamare in causa qualcuno. Le domande tecniche vanno in *Chiedi all'esperto*.",
        (GOV,),
        (
            "Grazie, molto chiaro. Si possono allegare anche i verbali in PDF?",
            "Sì, fino a cinque file per messaggio: PDF, immagini, documenti Office e ODT.",
            "Ottimo, così evitiamo le catene di email infinite.",
        ),
        pinned=True,
    ),
    TopicSpec(
        "Co-progettazione con i comuni: da dove siete partiti?",
        "Nel Saluzzese abbiamo iniziato con un tavolo tecnico mensile tra i comuni capofila e il "
        "consorzio dei servizi. Voi come avete coinvolto le amministrazioni più piccole, che "
        "spesso non hanno personale dedicato?",
        (GOV, RETI),
        (
            "Noi abbiamo proposto ai comuni sotto i 3.000 abitanti una convenzione unica gestita "
            "dall'unione montana: un solo interlocutore invece di sei.",
            "QUOTE Da noi l'unione montana non esiste: siamo passati dal segretario comunale, che "
            "segue quattro comuni e ha fatto da ponte.",
            "Consiglio pratico: portate ai tavoli dati del territorio, non solo il progetto. I "
            "sindaci si muovono quando vedono i numeri della loro popolazione.",
        ),
    ),
    TopicSpec(
        "Mediazione culturale negli sportelli comunali",
        "Stiamo valutando se tenere la mediatrice allo sportello anagrafe due mattine a "
        "settimana o renderla disponibile su appuntamento. Qualcuno ha provato entrambe le "
        "formule?",
        (MED, DIR),
        (
            "Su appuntamento le persone non vengono: la presenza fissa crea fiducia. Noi abbiamo "
            "visto raddoppiare gli accessi in tre mesi.",
            "La presenza fissa funziona, ma conviene avvisare prima il personale comunale: la "
            "mediatrice non è un'interprete a chiamata.",
            "Segnalo che @[Hanane Idrissi] ha raccolto esperienze simili in Liguria, forse può "
            "condividerle.",
        ),
    ),
    TopicSpec(
        "Reti territoriali: come tenerle vive dopo la fine del bando",
        "Tra pochi mesi i finanziamenti finiscono. Quali accordi state firmando perché la rete "
        "continui a riunirsi? Protocolli d'intesa, patti di collaborazione, altro?",
        (RETI, GOV, LEZ),
        (
            "Abbiamo inserito il tavolo di rete nel piano di zona: così diventa un impegno del "
            "consorzio e non solo del progetto.",
            "Il patto di collaborazione con il comune ci ha permesso di mantenere la sede del "
            "punto di ascolto a costo zero.",
            "QUOTE Ottima idea il piano di zona. Avete dovuto modificare il regolamento?",
            "No, è bastata una delibera dell'assemblea dei sindaci.",
        ),
    ),
    TopicSpec(
        "Inserimento lavorativo nei frutteti: tirocini o contratti stagionali?",
        "Le aziende agricole ci chiedono tirocini per la stagione, ma rischiamo di coprire "
        "lavoro che dovrebbe essere pagato regolarmente. Come vi regolate?",
        (LAV, DIR),
        (
            "Noi accettiamo tirocini solo se c'è un percorso formativo vero e un impegno "
            "all'assunzione. Altrimenti indirizziamo ai contratti stagionali.",
            "Il centro per l'impiego ci ha aiutato a scrivere una lista di criteri condivisi con "
            "le associazioni di categoria.",
            "Potete condividere la lista di criteri? Ci sarebbe utilissima.",
        ),
    ),
    TopicSpec(
        "Housing: la casa di accoglienza temporanea funziona?",
        "Da un anno gestiamo quattro alloggi temporanei per famiglie in uscita dall'accoglienza. "
        "Il problema è l'uscita: dopo sei mesi trovare un affitto sul mercato è quasi "
        "impossibile.",
        (CASA,),
        (
            "Stesso problema. Abbiamo provato con un fondo di garanzia per i proprietari: qualche "
            "risultato, ma serve tempo per costruire fiducia.",
            "Le agenzie sociali per la casa sono l'unica cosa che abbiamo visto funzionare "
            "davvero, ma servono almeno due persone dedicate.",
            "Un'idea: coinvolgere le parrocchie, che spesso hanno alloggi sfitti.",
        ),
    ),
    TopicSpec(
        "Scuola e famiglie: come coinvolgere i genitori che non parlano italiano",
        "I colloqui con gli insegnanti vanno deserti. Abbiamo tradotto gli avvisi, ma non basta. "
        "Che cosa ha funzionato da voi?",
        (SCUOLA, MED),
        (
            "Le feste di fine anno organizzate con le famiglie: lì i genitori vengono, e si "
            "costruisce il rapporto per i colloqui.",
            "I gruppi di mamme con la mediatrice, al mattino, nella scuola stessa.",
            "QUOTE Confermo: il gruppo mamme ha cambiato il clima della scuola primaria di "
            "Verzuolo.",
        ),
    ),
    TopicSpec(
        "Valutazione: quali indicatori state usando?",
        "Il valutatore ci chiede indicatori di esito e non solo di attività. Qualcuno ha "
        "trovato indicatori sensati per misurare la «qualità della rete»?",
        (LEZ, RETI),
        (
            "Noi usiamo il numero di invii tra servizi e quanti vanno a buon fine: dice molto "
            "sulla rete reale.",
            "Il questionario sulle reti del programma (onde T0 e T1) è un buon punto di partenza.",
            "@[Paolo Ghione] ci aveva suggerito di tenere un diario degli episodi di "
            "collaborazione: qualitativo ma efficace.",
        ),
    ),
    TopicSpec(
        "Comunicazione: raccontare il progetto senza pietismo",
        "Ogni volta che usciamo sui giornali locali il titolo parla di «emergenza». Come "
        "lavorate con i giornalisti per cambiare il racconto?",
        (NARR,),
        (
            "Diamo noi le storie, con le persone che parlano in prima persona e scelgono cosa "
            "raccontare.",
            "Il laboratorio con @[Laura Morando] ci ha dato un glossario da mandare alle "
            "redazioni: ha funzionato più del previsto.",
            "Evitiamo le foto di gruppo anonime: volti, nomi e mestieri.",
        ),
    ),
    TopicSpec(
        "Sportello diritti: permessi di soggiorno e tempi della questura",
        "I tempi di rinnovo sono arrivati a otto mesi. Come gestite le persone che nel frattempo "
        "perdono il lavoro perché il datore non si fida della ricevuta?",
        (DIR, LAV),
        (
            "Abbiamo preparato una lettera per i datori di lavoro che spiega il valore della "
            "ricevuta: la consegniamo insieme alla pratica.",
            "Con la prefettura abbiamo ottenuto un canale dedicato per i casi urgenti, ma solo "
            "dopo mesi di incontri.",
            "Utile la lettera: la potete pubblicare nell'archivio dei lavori?",
        ),
    ),
    TopicSpec(
        "Salute: accesso al medico di base per i lavoratori stagionali",
        "Chi resta solo tre mesi non riesce a scegliere il medico di base. L'ASL ci ha proposto "
        "un ambulatorio temporaneo: esperienze?",
        (SAL, DIR),
        (
            "L'ambulatorio estivo con il camper dell'ASL ha fatto più di 400 visite: è stata la "
            "cosa più apprezzata del progetto.",
            "Attenzione agli orari: deve essere aperto la sera, dopo il lavoro nei campi.",
            "QUOTE Concordo, noi l'abbiamo spostato dalle 18 alle 21 e gli accessi sono "
            "triplicati.",
        ),
    ),
    TopicSpec(
        "Partecipazione: consulte dei cittadini stranieri, servono ancora?",
        "Nel nostro comune la consulta non si riunisce da due anni. Ha senso rilanciarla o "
        "meglio puntare su forme più informali?",
        (PART,),
        (
            "Noi l'abbiamo trasformata in un'assemblea aperta due volte l'anno: meno formale, più "
            "partecipata.",
            "Le consulte funzionano se hanno un budget, anche piccolo, da decidere davvero.",
            "Secondo me servono ancora, ma con un mandato chiaro e un referente in giunta.",
        ),
    ),
    TopicSpec(
        "Governance del partenariato: ogni quanto si riunisce la vostra cabina di regia?",
        "Noi siamo otto partner e ci riuniamo una volta al mese, ma spesso mancano i comuni. "
        "Meglio riunioni più rare e più decisionali?",
        (GOV,),
        (
            "Ogni due mesi, con un ordine del giorno inviato una settimana prima e decisioni "
            "scritte a fine riunione.",
            "Abbiamo separato la cabina di regia politica (trimestrale) dal gruppo tecnico "
            "(mensile): ha sbloccato molte cose.",
            "QUOTE Anche noi: il gruppo tecnico è dove si lavora davvero.",
        ),
    ),
    TopicSpec(
        "Corsi di italiano serali: orari e babysitting",
        "Le donne con figli piccoli non riescono a frequentare i corsi del CPIA. Qualcuno ha "
        "organizzato un servizio di babysitting durante le lezioni?",
        (LAV, SCUOLA, PART),
        (
            "Sì, con volontarie del servizio civile: costi bassissimi e frequenza raddoppiata.",
            "Il CPIA di Cuneo ha aperto una classe al mattino con spazio bimbi: chiedete a loro.",
            "Noi abbiamo usato la biblioteca comunale: i bambini fanno letture mentre le mamme "
            "studiano.",
        ),
    ),
    TopicSpec(
        "Mediatori e interpreti: chi paga dopo il progetto?",
        "Il costo della mediazione è la voce più alta del nostro budget. Qualche servizio "
        "pubblico ha accettato di farsene carico?",
        (MED, GOV),
        (
            "L'ASL ha inserito la mediazione nel bando dei servizi ausiliari: una vittoria dopo "
            "due anni di lavoro.",
            "Il consorzio ha un elenco di mediatori a chiamata, pagati a ore: non è l'ideale ma "
            "garantisce continuità.",
            "Proviamo a scrivere una nota comune al programma? Potrebbe pesare di più.",
            "QUOTE Sì, io ci sto. @[Marco Bertolino] possiamo parlarne al prossimo incontro?",
        ),
    ),
    TopicSpec(
        "Orti sociali come luogo di incontro",
        "Abbiamo avviato un orto condiviso con famiglie italiane e straniere. Idee per farlo "
        "durare oltre la prima stagione?",
        (PART, RETI),
        (
            "Affidate la gestione a un comitato di ortisti, con regole scritte insieme.",
            "Da noi la festa del raccolto è diventata un appuntamento del paese.",
            "Coinvolgete la scuola: le classi che curano un'aiuola portano con sé le famiglie.",
        ),
    ),
    TopicSpec(
        "Formazione congiunta per operatori pubblici e del terzo settore",
        "Vorremmo organizzare una formazione comune tra assistenti sociali, insegnanti e "
        "operatori delle cooperative. Quali temi hanno funzionato di più?",
        (LAV, RETI, MED),
        (
            "Il diritto dell'immigrazione di base: tutti ne hanno bisogno e nessuno l'ha studiato.",
            "Lavorare su casi reali, anonimizzati: si impara il linguaggio degli altri servizi.",
            "Noi abbiamo chiesto a @[Davide Gallo] una mattina sul permesso per protezione "
            "speciale: sala piena.",
        ),
    ),
    TopicSpec(
        "Trasporti nelle valli: come arrivare ai servizi senza auto",
        "In valle c'è un pullman la mattina e uno la sera. Molte persone non riescono ad "
        "arrivare agli sportelli. Soluzioni?",
        (DIR, PART),
        (
            "Sportelli itineranti: un giorno per comune, a rotazione.",
            "Il trasporto a chiamata dell'unione montana, se prenotato il giorno prima.",
            "Abbiamo organizzato un gruppo di autisti volontari con rimborso chilometrico.",
        ),
    ),
    TopicSpec(
        "Raccolta dati: consenso e privacy negli sportelli",
        "Dobbiamo raccogliere dati per il monitoraggio ma le persone diffidano dei moduli. Come "
        "spiegate il consenso in modo comprensibile?",
        (DIR, LEZ),
        (
            "Informativa breve tradotta in sei lingue e spiegata a voce dalla mediatrice.",
            "Raccogliamo solo quello che serve: meno campi, più fiducia.",
            "QUOTE E non chiedete mai il codice fiscale se non serve davvero.",
        ),
    ),
    TopicSpec(
        "Giovani di seconda generazione: spazi di protagonismo",
        "Stiamo cercando di coinvolgere ragazze e ragazzi di seconda generazione come "
        "peer educator. Esperienze da condividere?",
        (SCUOLA, PART, NARR),
        (
            "Il laboratorio di podcast è stato il modo migliore per farli parlare di sé.",
            "Pagateli: un piccolo compenso cambia il rapporto e la responsabilità.",
            "Da noi due ragazzi del gruppo ora lavorano come mediatori nelle scuole medie.",
        ),
    ),
    TopicSpec(
        "Lavoro domestico e di cura: come tutelare le assistenti familiari",
        "Molte donne del nostro territorio lavorano come assistenti familiari senza contratto. "
        "Come le intercettate?",
        (LAV, DIR),
        (
            "Attraverso i patronati e le parrocchie: sono i luoghi dove arrivano.",
            "Uno sportello il giovedì pomeriggio, il loro giorno libero.",
            "Il corso per assistenti familiari con attestato regionale aiuta anche a chiedere un "
            "contratto regolare.",
        ),
    ),
    TopicSpec(
        "Incontro di novembre: cosa portiamo dal nostro territorio?",
        "In vista del prossimo incontro della comunità di pratica, proviamo a raccogliere qui "
        "le domande aperte di ogni progetto.",
        (LEZ, GOV),
        (
            "Per noi: come passare dal progetto a un servizio stabile del consorzio.",
            "La sostenibilità della mediazione, come si diceva nell'altra discussione.",
            "Vorremmo confrontarci sugli strumenti di valutazione partecipata.",
        ),
    ),
    TopicSpec(
        "Biblioteche come presidio interculturale",
        "La biblioteca del nostro comune ha aperto una sezione di libri in lingua e un gruppo "
        "di conversazione. Altre esperienze?",
        (PART, SCUOLA),
        (
            "Da noi il gruppo di conversazione del sabato è diventato il posto dove si trova "
            "anche lavoro, grazie al passaparola.",
            "Le letture ad alta voce bilingui per i bambini sono un successo.",
            "Bella idea, la proponiamo alla nostra bibliotecaria.",
        ),
    ),
    TopicSpec(
        "Strumenti: modelli di protocollo d'intesa tra comuni e terzo settore",
        "Raccogliamo qui i modelli di protocollo che avete usato. Chi ne ha uno da condividere "
        "può caricarlo nell'Archivio dei lavori e linkarlo qui.",
        (GOV, RETI),
        (
            "Caricato il nostro, con le note sulle parti che abbiamo dovuto rinegoziare.",
            "Il nostro ha una clausola sulla condivisione dei dati tra servizi: utile a chi ci "
            "sta lavorando.",
            "Grazie, lo adattiamo per la valle.",
        ),
        locked=True,
    ),
)

TEAM_ROOM: tuple[TopicSpec, ...] = (
    TopicSpec(
        "Preparazione dell'incontro di novembre",
        "Propongo un world café sulle reti e una sessione sulle lezioni apprese. Chi si occupa "
        "della facilitazione dei tavoli?",
        (LEZ, RETI),
        (
            "Io prendo il tavolo sulla sostenibilità.",
            "Io quello sulla mediazione; serve una persona per il tavolo giovani.",
            "QUOTE Il tavolo giovani lo seguo io, con @[Laura Morando] se è disponibile.",
        ),
        pinned=True,
    ),
    TopicSpec(
        "Progetti in difficoltà: come intervenire",
        "Due progetti hanno la cabina di regia ferma da tre mesi. Proposta: un incontro di "
        "mentoring dedicato prima della fine dell'anno.",
        (GOV,),
        (
            "D'accordo. Porterei anche il monitoraggio della fondazione, per chiarezza.",
            "Meglio prima un incontro solo con i coordinatori, poi con tutti.",
            "Preparo una scaletta e la condivido qui entro venerdì.",
        ),
    ),
    TopicSpec(
        "Esperti: chi copre i temi scoperti?",
        "Sulle domande di valutazione rispondiamo lentamente. Possiamo chiedere a un secondo "
        "valutatore di seguire lo spazio *Chiedi all'esperto*?",
        (LEZ,),
        (
            "Ne parlo con Ilaria Conti, credo sia disponibile.",
            "Intanto mettiamo un promemoria settimanale sulle domande senza risposta.",
            "Fatto: la lista delle domande senza risposta è nella pagina dedicata.",
        ),
    ),
    TopicSpec(
        "Calendario degli incontri del 2022",
        "Bozza: due giornate in presenza (maggio e ottobre) e otto mezze giornate online. "
        "Osservazioni entro fine mese.",
        (GOV,),
        (
            "Ottobre è pesante per i progetti agricoli: meglio fine settembre?",
            "QUOTE Concordo, fine settembre.",
            "Aggiornato il calendario con fine settembre.",
        ),
    ),
    TopicSpec(
        "Moderazione del Confronto libero: regole condivise",
        "Proposta di tre regole semplici: rispetto, niente dati personali di terzi, un tema per "
        "discussione. Le pubblichiamo in evidenza?",
        (PART,),
        (
            "Sì, aggiungerei di segnalare e non rispondere ai messaggi offensivi.",
            "Le metto nella discussione di benvenuto.",
            "Perfetto.",
        ),
    ),
    TopicSpec(
        "Report per la fondazione: struttura condivisa",
        "Per il report intermedio propongo la stessa struttura per tutti i progetti: attività, "
        "rete, esiti, lezioni apprese.",
        (LEZ, GOV),
        (
            "Aggiungerei una sezione sulle difficoltà, onesta.",
            "E una pagina di sintesi leggibile anche fuori dal programma.",
            "Bozza della struttura caricata nell'archivio, riservata al gruppo di lavoro.",
        ),
    ),
    TopicSpec(
        "Mentoring: calendario delle visite ai progetti",
        "Ogni mentore visita i suoi progetti una volta al trimestre. Segnate qui le date per "
        "evitare sovrapposizioni con gli incontri.",
        (GOV,),
        (
            "Ubuntu e Radici a febbraio, Ponti a marzo.",
            "InCopi e Mosaico a febbraio.",
            "Trame e Lago aperto a marzo.",
        ),
    ),
    TopicSpec(
        "Comunicazione del programma: newsletter trimestrale",
        "Proposta di una newsletter con una storia per progetto, a turno. Chi la cura?",
        (NARR,),
        (
            "La curo io, con il supporto della consulente per la narrazione.",
            "Attenzione al consenso delle persone fotografate.",
            "QUOTE Sì, useremo il modulo di liberatoria del programma.",
        ),
    ),
    TopicSpec(
        "Questionario sulle reti: seconda onda",
        "La seconda onda del questionario apre ad aprile. Serve un promemoria ai coordinatori "
        "che non hanno risposto alla prima.",
        (RETI, LEZ),
        (
            "Mando io il promemoria dalla pagina delle onde.",
            "Chiedo ai mentori di ricordarlo nelle visite.",
            "Risposte arrivate: mancano tre organizzazioni.",
        ),
    ),
    TopicSpec(
        "Chiusura del programma: cosa lasciamo",
        "Iniziamo a pensare a cosa resta: l'archivio pubblico, le buone pratiche, le FAQ. Chi "
        "coordina la revisione delle buone pratiche?",
        (LEZ,),
        (
            "Posso coordinarla io con un mentore per progetto.",
            "Pubblichiamo solo quelle riviste, anche se sono poche.",
            "Ottimo, procediamo così.",
        ),
    ),
)

# The two topics of each project's own space: {acronym} is the project's acronym.
PROJECT_ROOM: tuple[TopicSpec, ...] = (
    TopicSpec(
        "Verbale della cabina di regia di {acronym}",
        "Carico qui il riassunto dell'ultima cabina di regia: stato delle attività, budget, "
        "prossimi passi. Correzioni e integrazioni nelle risposte.",
        (GOV,),
        (
            "Grazie. Al punto 3 manca la decisione sul nuovo partner.",
            "QUOTE Giusto, l'abbiamo rinviata alla prossima riunione.",
            "Aggiungo che il comune ha confermato la sala per gli sportelli.",
        ),
    ),
    TopicSpec(
        "{acronym}: calendario delle attività del trimestre",
        "Ecco le attività previste per i prossimi tre mesi. Segnalate sovrapposizioni e assenze.",
        (GOV, RETI),
        (
            "La settimana del 15 sono in ferie, mi sostituisce una collega.",
            "Possiamo spostare il laboratorio del giovedì al martedì?",
            "Per me va bene il martedì.",
        ),
    ),
    TopicSpec(
        "{acronym}: casi da discutere insieme (senza dati personali)",
        "Raccogliamo qui le situazioni complesse da discutere nell'équipe, descritte senza "
        "nomi né dati che permettano di riconoscere le persone.",
        (DIR, MED),
        (
            "Una famiglia con sfratto esecutivo a fine mese: chi ha contatti con l'agenzia casa?",
            "Posso sentire io l'assistente sociale di riferimento.",
            "Aggiornamento: trovata una sistemazione temporanea.",
        ),
    ),
    TopicSpec(
        "{acronym}: materiali per la comunicazione",
        "Raccolgo le foto e i testi per il sito e i social del progetto. Ricordate le "
        "liberatorie firmate.",
        (NARR,),
        (
            "Ho caricato le foto della festa di quartiere, liberatorie comprese.",
            "Per il testo breve propongo: «Una rete che accoglie, un territorio che cresce».",
            "Bello, lo usiamo anche per il volantino.",
        ),
    ),
)

# Short replies that keep a conversation going (drawn deterministically).
GENERIC_REPLIES: tuple[str, ...] = (
    "Grazie per la condivisione, molto utile.",
    "Ne parliamo anche alla prossima riunione di équipe.",
    "Anche da noi la situazione è simile.",
    "Interessante: possiamo sentirci per approfondire?",
    "Mi segno il contatto, grazie.",
    "Confermo, è stata anche la nostra esperienza.",
    "Aggiungo che il coinvolgimento dei servizi sociali fin dall'inizio fa la differenza.",
    "Ottimo spunto, lo porto al tavolo di rete.",
    "Qualcuno ha materiali da condividere su questo?",
    "Noi abbiamo provato, ma con risultati alterni: dipende molto dalle persone.",
    "Sono d'accordo, serve continuità.",
    "Propongo di farne un tema per il prossimo incontro della comunità.",
    "Carichiamo la documentazione nell'archivio dei lavori, così resta.",
    "Grazie, risposta chiarissima.",
    "Da noi ha funzionato meglio partire in piccolo e poi allargare.",
    "Attenzione ai tempi: la burocrazia rallenta tutto.",
    "Posso mettervi in contatto con chi se ne occupa nel nostro consorzio.",
    "Bella esperienza, complimenti.",
    "Una domanda: quante persone avete coinvolto?",
    "Circa una trentina, tra operatori e volontari.",
    "Segnalo anche il materiale dell'ultimo incontro online.",
    "Condivido, e aggiungo: serve ascoltare di più le persone direttamente coinvolte.",
)

# Two edits of the demo: (title of the topic, number of the post, the earlier text).
EDITED: tuple[tuple[str, int, str], ...] = (
    (
        "Co-progettazione con i comuni: da dove siete partiti?",
        1,
        "Nel Saluzzese abbiamo iniziato con un tavolo tecnico tra i comuni. Voi come avete "
        "coinvolto le amministrazioni più piccole?",
    ),
    (
        "Housing: la casa di accoglienza temporanea funziona?",
        2,
        "Stesso problema. Abbiamo provato con un fondo di garanzia.",
    ),
)
