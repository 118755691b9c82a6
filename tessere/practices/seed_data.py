"""The demo's good practices: twenty records of the Territori Inclusivi projects and of the
community itself, over the provinces of Piedmont and Liguria. Fictitious, but written as the
projects would write them (figures included). Places: "Town (XX)" for a municipality, "XX"
for a province (car plate code), "01"/"07" for the regions Piemonte and Liguria."""

from __future__ import annotations

from dataclasses import dataclass

PIEMONTE = "01"
LIGURIA = "07"

PUBLISHED, IN_REVIEW, DRAFT, RETURNED = "published", "in_review", "draft", "returned"


@dataclass(frozen=True)
class PracticeSpec:
    title: str
    summary: str
    project: str | None  # the project's acronym; None: from the community of practice
    places: tuple[str, ...]
    themes: tuple[str, ...]
    context: str
    problem: str
    practice: str
    resources: str
    results: str
    transferability: str
    contact: str
    status: str = PUBLISHED
    days_ago: int = 30  # published (or submitted, or last edited) this many days ago
    review_comment: str = ""


PRACTICES: tuple[PracticeSpec, ...] = (
    PracticeSpec(
        title="Accoglienza diffusa dei braccianti stagionali nelle cascine",
        summary=(
            "Posti letto dignitosi per i lavoratori della frutta, nelle aziende agricole e "
            "nei comuni, al posto dei campi di emergenza."
        ),
        project="Ubuntu",
        places=("Saluzzo (CN)", "Lagnasco (CN)", "Verzuolo (CN)"),
        themes=("Abitare", "Lavoro e formazione"),
        context=(
            "Ogni estate nel Saluzzese arrivano tra i 600 e gli 800 lavoratori stagionali per "
            "la raccolta della frutta. Fino al 2020 molti dormivano in un campo allestito in "
            "emergenza o in ripari di fortuna lungo il Po."
        ),
        problem=(
            "Le aziende agricole non avevano spazi a norma né la sicurezza di poterli "
            "allestire senza perdere tempo e denaro; i comuni piccoli non potevano gestire "
            "da soli un'accoglienza di queste dimensioni."
        ),
        practice=(
            "Il progetto ha messo insieme comuni, Consorzio, associazioni di categoria e "
            "aziende per un **modello di accoglienza diffusa**:\n\n"
            "1. un regolamento intercomunale che definisce i requisiti dei moduli abitativi "
            "in azienda;\n"
            "2. un contributo per l'acquisto dei moduli, a fronte dell'impegno a usarli per "
            "almeno cinque stagioni;\n"
            "3. un servizio di accompagnamento che incontra i lavoratori all'arrivo, verifica "
            "i contratti e orienta ai servizi sanitari."
        ),
        resources=(
            "Un coordinatore a tempo pieno da maggio a ottobre, due operatori dello sportello, "
            "circa 180.000 euro di contributi in tre anni (in parte della Regione), la "
            "disponibilità delle associazioni agricole a fare da tramite con le aziende."
        ),
        results=(
            "- 41 aziende hanno allestito posti in cascina, per 312 posti letto;\n"
            "- le presenze nel campo di emergenza sono scese da 370 (2020) a 60 (2022);\n"
            "- il 78% dei lavoratori accolti aveva un contratto regolare verificato."
        ),
        transferability=(
            "Serve un'intesa politica tra i comuni della zona di raccolta prima della stagione, "
            "non durante. Funziona dove le aziende sono medio-piccole e si fidano delle "
            "associazioni di categoria. Attenzione a non scaricare sulle aziende la gestione "
            "sociale: l'accompagnamento deve restare pubblico."
        ),
        contact="Comune di Saluzzo, Ufficio politiche sociali — sportello in via Macallè",
        days_ago=150,
    ),
    PracticeSpec(
        title="Sportello mobile dei diritti nei frutteti",
        summary=(
            "Un furgone attrezzato che porta orientamento legale e sanitario dove i "
            "lavoratori stagionali sono, negli orari in cui possono."
        ),
        project="Ubuntu",
        places=("Saluzzo (CN)", "Revello (CN)", "Manta (CN)"),
        themes=("Accesso ai diritti", "Salute"),
        context=(
            "I braccianti lavorano dall'alba al primo pomeriggio e spesso non hanno un mezzo "
            "per raggiungere gli uffici, aperti solo la mattina."
        ),
        problem=(
            "Permessi di soggiorno in scadenza, tessere sanitarie mai attivate, buste paga "
            "non comprese: problemi che diventavano gravi perché nessuno li intercettava in "
            "tempo."
        ),
        practice=(
            "Tre pomeriggi a settimana, da giugno a settembre, un furgone con un'operatrice "
            "legale, un mediatore e, una volta a settimana, un'infermiera dell'ASL sosta "
            "davanti alle cascine e nei punti di ritrovo concordati con le aziende. Le "
            "pratiche che richiedono un ufficio sono prenotate sul posto e l'appuntamento è "
            "ricordato con un messaggio vocale nella lingua della persona."
        ),
        resources=(
            "Un furgone in comodato da una parrocchia, 3 operatori per 12 ore settimanali, "
            "la collaborazione dell'ASL CN1 e del Patronato; circa 25.000 euro a stagione."
        ),
        results=(
            "In due stagioni 1.140 colloqui; 286 tessere sanitarie attivate; 97 rinnovi di "
            "permesso avviati prima della scadenza. Gli accessi impropri al pronto soccorso "
            "dei lavoratori stagionali sono diminuiti di circa un terzo secondo l'ASL."
        ),
        transferability=(
            "Adatto ai territori con lavoro stagionale sparso. Decisivo concordare le soste "
            "con le aziende (e non solo informarle) e avere sempre con sé un mediatore delle "
            "lingue più parlate. Il furgone conta meno della regolarità: stessi giorni, "
            "stesse ore, tutta la stagione."
        ),
        contact="Consorzio Monviso Solidale, Area inclusione",
        days_ago=120,
    ),
    PracticeSpec(
        title="Patto educativo di comunità in Valle Maira",
        summary=(
            "Scuole, comuni, associazioni e famiglie firmano un patto per tenere aperte "
            "le scuole il pomeriggio e accompagnare i ragazzi arrivati da poco."
        ),
        project="Nega-so",
        places=("Dronero (CN)", "Busca (CN)", "Villar San Costanzo (CN)"),
        themes=("Scuola e giovani", "Partecipazione e cittadinanza"),
        context=(
            "In valle i nuclei familiari accolti negli ultimi anni sono una quarantina; i "
            "ragazzi frequentano le scuole di Dronero e Busca, a molti chilometri da casa, e "
            "il pomeriggio restano soli."
        ),
        problem=(
            "Dispersione scolastica alta tra i ragazzi neoarrivati, poche occasioni di "
            "incontro con i coetanei, famiglie che non conoscevano gli insegnanti."
        ),
        practice=(
            "Un **patto educativo di comunità** firmato da due istituti comprensivi, quattro "
            "comuni, la cooperativa capofila, la biblioteca e tre associazioni sportive. Il "
            "patto prevede doposcuola due pomeriggi a settimana, il trasporto con lo "
            "scuolabus comunale, un mediatore per i colloqui con le famiglie e un tavolo che "
            "si riunisce ogni due mesi per decidere insieme."
        ),
        resources=(
            "Due educatori per 16 ore settimanali, volontari della biblioteca, lo scuolabus "
            "e gli spazi delle scuole messi a disposizione gratuitamente; circa 30.000 euro "
            "l'anno."
        ),
        results=(
            "Frequenza del doposcuola stabile sopra i 35 ragazzi; nessun abbandono tra i "
            "ragazzi seguiti nel secondo anno; 9 ragazzi iscritti a società sportive della "
            "valle; colloqui scuola-famiglia con mediatore passati da 4 a 31."
        ),
        transferability=(
            "Il patto regge se è firmato dai dirigenti scolastici e dai sindaci, non solo "
            "dagli operatori. Serve qualcuno che tenga il calendario del tavolo. In aree "
            "montane il trasporto è la prima condizione: va messo nel patto."
        ),
        contact="Liberitutti Società Cooperativa Sociale, sede di Dronero",
        days_ago=100,
    ),
    PracticeSpec(
        title="Mediatrici di comunità nei consultori",
        summary=(
            "Donne delle comunità di origine, formate e retribuite, accompagnano le "
            "utenti straniere nei consultori familiari."
        ),
        project="L'accoglienza che cura",
        places=("Savona (SV)", "Cairo Montenotte (SV)", "Vado Ligure (SV)"),
        themes=("Salute", "Mediazione culturale"),
        context=(
            "Nei consultori del distretto savonese un terzo delle donne seguite in gravidanza "
            "è di origine straniera; molte arrivano tardi alla prima visita."
        ),
        problem=(
            "La mediazione linguistica su chiamata arrivava tardi o non arrivava; le donne "
            "non tornavano ai controlli e la fiducia nei servizi era bassa."
        ),
        practice=(
            "Sei mediatrici di comunità (lingue arabo, albanese, spagnolo, wolof, urdu, "
            "rumeno) sono presenti in consultorio in giorni fissi e pubblicizzati nelle "
            "comunità. Hanno seguito un corso di 80 ore con ostetriche e psicologhe; "
            "partecipano alle riunioni d'équipe e accompagnano le donne anche al primo "
            "accesso in ospedale."
        ),
        resources=(
            "Sei mediatrici per 10 ore settimanali ciascuna, il corso di formazione "
            "(80 ore, docenti dell'ASL), un coordinamento della fondazione capofila; circa "
            "60.000 euro l'anno."
        ),
        results=(
            "La prima visita entro la 12ª settimana è passata dal 48% al 71% delle donne "
            "straniere seguite; 420 colloqui mediati nel primo anno; due mediatrici sono "
            "state poi assunte dall'ASL."
        ),
        transferability=(
            "Serve l'accordo formale con l'ASL, che riconosca le mediatrici come parte "
            "dell'équipe. La presenza in giorni fissi conta più del numero di ore. Il "
            "percorso formativo va riconosciuto, anche con un attestato."
        ),
        contact="Fondazione Diocesana Comunità Servizi, Segreteria progetti sanitari",
        days_ago=95,
    ),
    PracticeSpec(
        title="Peer educator nel Centro Storico",
        summary=(
            "Giovani con un passato di migrazione formati come educatori alla pari "
            "orientano i coetanei ai servizi del quartiere."
        ),
        project="InCopi",
        places=("Genova (GE)",),
        themes=("Partecipazione e cittadinanza", "Accesso ai diritti"),
        context=(
            "Nel Centro Storico di Genova vivono molti giovani arrivati da soli da "
            "minorenni, che al compimento dei 18 anni escono dalle comunità di accoglienza."
        ),
        problem=(
            "Gli sportelli erano poco frequentati dai ragazzi, che si fidavano solo del "
            "passaparola tra pari, spesso sbagliato."
        ),
        practice=(
            "Dodici peer educator (tra i 19 e i 26 anni) hanno seguito un percorso di "
            "formazione di tre mesi e ora tengono un presidio serale in due piazze, "
            "accompagnano i coetanei agli sportelli e partecipano alla programmazione delle "
            "attività del progetto con voto nel comitato di gestione."
        ),
        resources=(
            "Borse lavoro per i peer educator (400 euro al mese per 10 mesi), una "
            "coordinatrice, la sede della cooperativa capofila; circa 70.000 euro l'anno."
        ),
        results=(
            "Contatti registrati passati da 150 a 610 l'anno; 84 ragazzi accompagnati a "
            "iscriversi al centro per l'impiego; 5 peer educator assunti da enti partner."
        ),
        transferability=(
            "Funziona se i peer hanno un ruolo reale nelle decisioni e un compenso. Serve "
            "una supervisione regolare: ascoltano storie pesanti. Da evitare l'uso dei peer "
            "come semplici interpreti."
        ),
        contact="Il Biscione Società Cooperativa Sociale, via del Campo",
        days_ago=80,
    ),
    PracticeSpec(
        title="Housing first in piccoli comuni liguri",
        summary=(
            "Una casa subito, senza percorsi a tappe, per persone senza dimora nei comuni "
            "della Val di Magra, con un'équipe che va a domicilio."
        ),
        project="Abitare la Casa",
        places=("Arcola (SP)", "Castelnuovo Magra (SP)", "Luni (SP)"),
        themes=("Abitare", "Accesso ai diritti"),
        context=(
            "Nei piccoli comuni della bassa Val di Magra le persone senza dimora sono poche "
            "decine ma invisibili: dormono in auto, in capanni, da conoscenti."
        ),
        problem=(
            "I servizi per senza dimora sono alla Spezia; andarci significa lasciare il "
            "proprio paese e le poche relazioni. I percorsi a tappe (dormitorio, comunità, "
            "casa) qui non esistono."
        ),
        practice=(
            "Il progetto ha preso in affitto sette piccoli appartamenti da privati, con la "
            "garanzia del comune sul canone, e li ha assegnati **subito** a persone senza "
            "dimora, senza condizioni preliminari. Un'équipe di due operatori visita ogni "
            "persona almeno una volta a settimana e la accompagna a servizi, medico, lavoro."
        ),
        resources=(
            "Sette alloggi (canone medio 420 euro), un fondo di garanzia di 20.000 euro, due "
            "operatori a tempo parziale, un'assistente sociale dell'ambito come referente."
        ),
        results=(
            "Nove persone accolte in due anni, sette ancora in casa dopo 18 mesi; quattro "
            "con un lavoro almeno part-time; nessuno sfratto per morosità."
        ),
        transferability=(
            "Adatto a comuni piccoli, con numeri bassi: la garanzia pubblica sul canone è la "
            "chiave per convincere i proprietari. Servono operatori stabili; la rotazione fa "
            "perdere la fiducia costruita."
        ),
        contact="Lindbergh Società Cooperativa Sociale, Area abitare",
        days_ago=75,
    ),
    PracticeSpec(
        title="Tavolo di co-progettazione con i servizi sociali tra piccoli comuni",
        summary=(
            "Cinque comuni sotto i mille abitanti progettano insieme ai servizi sociali e al "
            "terzo settore, con un regolamento e un calendario comuni."
        ),
        project="COSì",
        places=("Chiusano d'Asti (AT)", "Settime (AT)", "Monale (AT)", "AT"),
        themes=("Governance interna dei partenariati", "Reti territoriali"),
        context=(
            "Cinque comuni dell'Astigiano, tutti sotto i mille abitanti, con un'unica "
            "assistente sociale a tempo parziale per tutti."
        ),
        problem=(
            "Ogni comune rispondeva da solo ai bandi e alle emergenze; le associazioni non "
            "sapevano a chi rivolgersi; i servizi arrivavano tardi."
        ),
        practice=(
            "Un **tavolo di co-progettazione** (art. 55 del Codice del terzo settore) con un "
            "regolamento approvato dai cinque consigli comunali: si riunisce ogni mese, a "
            "rotazione nei cinque municipi; decide le priorità, divide i compiti e risponde "
            "ai bandi come un unico soggetto. Il verbale è pubblicato sui cinque siti."
        ),
        resources=(
            "Il tempo dei sindaci e dei funzionari (una mattina al mese), un facilitatore "
            "della capofila, 8.000 euro l'anno per la segreteria."
        ),
        results=(
            "Tre bandi vinti insieme (uno regionale, due di fondazione) per 210.000 euro; "
            "un servizio di trasporto sociale condiviso; 14 associazioni coinvolte."
        ),
        transferability=(
            "Il regolamento approvato dai consigli rende il tavolo stabile oltre i cambi di "
            "giunta. Serve un facilitatore esterno nei primi due anni. La rotazione delle "
            "sedi evita che un comune sembri il capofila."
        ),
        contact="PIAM Onlus, segreteria del tavolo intercomunale",
        days_ago=70,
    ),
    PracticeSpec(
        title="Tirocini con accompagnamento linguistico",
        summary=(
            "Tirocini in azienda con ore di italiano dentro l'orario di lavoro e un tutor "
            "linguistico che conosce il lessico del mestiere."
        ),
        project="Radici",
        places=("Pinerolo (TO)", "Luserna San Giovanni (TO)", "Torre Pellice (TO)"),
        themes=("Lavoro e formazione",),
        context=(
            "Nel Pinerolese le aziende metalmeccaniche e agroalimentari cercano personale, "
            "ma molti candidati di origine straniera hanno un italiano di base."
        ),
        problem=(
            "I corsi serali di italiano erano incompatibili con i turni; i tirocini "
            "fallivano per incomprensioni sulla sicurezza e sulle istruzioni."
        ),
        practice=(
            "Ogni tirocinio di sei mesi include **quattro ore settimanali di italiano** in "
            "azienda, pagate come ore di tirocinio, con un tutor linguistico del CPIA che "
            "prepara il lessico con il tutor aziendale (sicurezza, attrezzi, turni). A metà "
            "percorso tirocinante, tutor e azienda fanno il punto insieme."
        ),
        resources=(
            "Convenzione con il CPIA, due tutor linguistici per 12 ore settimanali, "
            "indennità di tirocinio (600 euro al mese) finanziate in parte dalla Regione."
        ),
        results=(
            "32 tirocini avviati, 26 conclusi, 17 trasformati in contratto; il livello di "
            "italiano medio è passato da A1 ad A2+ in sei mesi; nessun infortunio."
        ),
        transferability=(
            "Serve un CPIA disponibile a uscire dalle aule. Le aziende vanno coinvolte nella "
            "preparazione del lessico, non solo nell'ospitalità. Funziona meglio con due o "
            "tre tirocinanti per azienda."
        ),
        contact="Cooperativa sociale Vallate Solidali, servizio lavoro",
        days_ago=60,
    ),
    PracticeSpec(
        title="Mappatura partecipata delle risorse del quartiere",
        summary=(
            "Abitanti, scuole e associazioni disegnano insieme la mappa di ciò che il "
            "quartiere offre, in sei lingue, stampata e online."
        ),
        project="Ponti",
        places=("Novara (NO)",),
        themes=("Partecipazione e cittadinanza", "Reti territoriali"),
        context=(
            "Nel quartiere di Sant'Agabio, a Novara, vivono famiglie di trenta nazionalità; "
            "le associazioni sono molte ma poco conosciute."
        ),
        problem=(
            "Chi arrivava nel quartiere non sapeva dove trovare un doposcuola, un corso di "
            "italiano o uno sportello; i servizi non si conoscevano tra loro."
        ),
        practice=(
            "Sei passeggiate esplorative con abitanti e studenti, tre serate di "
            "mappatura con cartine giganti, un gruppo di redazione che ha verificato orari e "
            "contatti. Ne è nata una mappa stampata (5.000 copie) e una versione online "
            "aggiornata due volte l'anno dal gruppo stesso."
        ),
        resources=(
            "Un'educatrice di comunità, un grafico volontario, la tipografia (3.500 euro), "
            "le traduzioni fatte da abitanti con un piccolo rimborso."
        ),
        results=(
            "112 risorse mappate; 180 persone coinvolte nelle passeggiate; la mappa è "
            "distribuita da anagrafe, scuole e medici di base; due associazioni hanno "
            "avviato attività comuni dopo essersi conosciute al tavolo."
        ),
        transferability=(
            "Va bene per un quartiere o un piccolo comune. La parte più importante è il "
            "processo, non il prodotto: le persone che si conoscono mappando. Prevedere "
            "chi aggiorna la mappa dopo la fine del progetto."
        ),
        contact="Associazione Ponti Aperti, sede di Sant'Agabio",
        days_ago=55,
    ),
    PracticeSpec(
        title="L'italiano in risaia: corsi dentro l'orario di lavoro",
        summary=(
            "Corsi brevi di italiano per i lavoratori delle risaie, nelle aziende, durante "
            "le pause lunghe della stagione."
        ),
        project="TerrAcqua",
        places=("Vercelli (VC)", "Trino (VC)", "Crescentino (VC)"),
        themes=("Lavoro e formazione", "Salute"),
        context=(
            "Nelle risaie del Vercellese lavorano molti operai di origine indiana e "
            "pakistana, con orari che cambiano con la stagione dell'acqua."
        ),
        problem=(
            "Scarsa conoscenza dell'italiano, e quindi delle norme di sicurezza sui "
            "fitofarmaci; nessun corso compatibile con gli orari."
        ),
        practice=(
            "Moduli di 20 ore di italiano e sicurezza tenuti in azienda nei periodi di "
            "minore lavoro, con un'insegnante e un mediatore punjabi; materiali con "
            "fotografie dei luoghi e degli strumenti reali."
        ),
        resources=(
            "Un'insegnante del CPIA, un mediatore, i locali delle aziende; circa 12.000 euro "
            "per 8 moduli."
        ),
        results=(
            "96 lavoratori formati in 8 aziende; 70 hanno superato il test di comprensione "
            "delle etichette dei prodotti; le aziende chiedono di ripetere i moduli."
        ),
        transferability=(
            "Adatto all'agricoltura con picchi stagionali. Le aziende devono riconoscere le "
            "ore come lavoro. Usare immagini del posto di lavoro vero vale più di qualsiasi "
            "manuale."
        ),
        contact="Cooperativa sociale Le Grange, ufficio formazione",
        days_ago=50,
    ),
    PracticeSpec(
        title="Laboratorio tessile intergenerazionale",
        summary=(
            "Ex tessitrici del Biellese e giovani donne arrivate da poco lavorano insieme "
            "in un laboratorio che produce e vende."
        ),
        project="Filo",
        places=("Biella (BI)", "Valdilana (BI)"),
        themes=("Lavoro e formazione", "Cambio di narrazione"),
        context=(
            "Il distretto tessile biellese ha perso migliaia di posti di lavoro; restano "
            "competenze preziose tra le ex lavoratrici, oggi in pensione."
        ),
        problem=(
            "Giovani donne straniere con esperienza di sartoria non trovavano lavoro né "
            "occasioni di incontro; il saper fare del distretto rischiava di perdersi."
        ),
        practice=(
            "Un laboratorio aperto tre giorni a settimana in un ex lanificio: otto ex "
            "tessitrici volontarie insegnano a dodici giovani donne; i capi prodotti sono "
            "venduti in due negozi della città e online, e il ricavato finanzia le borse."
        ),
        resources=(
            "Lo spazio in comodato dal comune, macchinari donati da due aziende, borse "
            "formative (300 euro al mese), una coordinatrice."
        ),
        results=(
            "Tre anni di attività, 31 giovani donne formate, 11 assunte in aziende del "
            "distretto; 40.000 euro di vendite; una mostra e un servizio sul giornale "
            "locale che hanno cambiato il racconto delle «nuove tessitrici»."
        ),
        transferability=(
            "Funziona dove c'è un saper fare locale da trasmettere e persone disposte a "
            "insegnarlo. Serve chi cura la vendita: senza mercato il laboratorio resta un "
            "corso."
        ),
        contact="Cooperativa sociale Lanificio Sociale, laboratorio di Valdilana",
        days_ago=45,
    ),
    PracticeSpec(
        title="Redazione giovane: un giornale di quartiere scritto dai ragazzi",
        summary=(
            "Ragazze e ragazzi di seconda generazione scrivono, fotografano e pubblicano "
            "un giornale sul lago e sulle sue comunità."
        ),
        project="Lago aperto",
        places=("Verbania (VB)", "Omegna (VB)"),
        themes=("Cambio di narrazione", "Scuola e giovani"),
        context=(
            "Sul Lago Maggiore e sul Cusio le notizie sulle migrazioni erano quasi solo di "
            "cronaca; i giovani di origine straniera non si riconoscevano in quel racconto."
        ),
        problem=(
            "Un racconto pubblico fatto di emergenze e di numeri, che allontanava i ragazzi "
            "dalla vita cittadina."
        ),
        practice=(
            "Una redazione di 15 ragazzi (14-20 anni) si riunisce ogni settimana con una "
            "giornalista e un fotografo; esce un numero ogni due mesi, stampato e sul web, "
            "con interviste, storie di quartiere e inchieste scelte dai ragazzi."
        ),
        resources=(
            "Una giornalista e un fotografo per 6 ore settimanali, la stampa (1.200 euro a "
            "numero), la sala della biblioteca."
        ),
        results=(
            "Dieci numeri usciti, 2.000 copie ciascuno; tre articoli ripresi dal quotidiano "
            "locale; due ragazzi hanno iniziato a collaborare con una testata."
        ),
        transferability=(
            "I ragazzi devono scegliere i temi. Serve un professionista che insegni il "
            "mestiere, non un animatore. La carta conta: il giornale in mano si fa "
            "leggere dagli adulti."
        ),
        contact="Associazione Approdi Ossolani, redazione di Verbania",
        days_ago=40,
    ),
    PracticeSpec(
        title="Ambulatorio di prossimità con mediazione linguistica",
        summary=(
            "Un ambulatorio infermieristico in quartiere, con mediatori, per chi non arriva "
            "ai servizi sanitari."
        ),
        project="Mosaico",
        places=("Alessandria (AL)", "Novi Ligure (AL)"),
        themes=("Salute", "Mediazione culturale"),
        context=(
            "Nei quartieri Cristo ad Alessandria e nel centro di Novi Ligure molte persone "
            "non hanno un medico di base o non sanno di averlo."
        ),
        problem=(
            "Accessi impropri al pronto soccorso, malattie croniche scoperte tardi, "
            "vaccinazioni dei bambini incomplete."
        ),
        practice=(
            "Un ambulatorio infermieristico aperto due pomeriggi a settimana in un centro di "
            "quartiere, con un'infermiera dell'ASL e un mediatore: misura della pressione e "
            "della glicemia, orientamento alla scelta del medico, prenotazione delle "
            "vaccinazioni."
        ),
        resources=(
            "Un'infermiera dell'ASL (distaccata 8 ore settimanali), due mediatori a "
            "rotazione, i locali del centro di quartiere."
        ),
        results=(
            "1.300 accessi in un anno; 210 persone accompagnate alla scelta del medico; 95 "
            "bambini con le vaccinazioni recuperate."
        ),
        transferability=(
            "Il distacco di personale dell'ASL è la condizione; i mediatori fanno la "
            "differenza nelle prime settimane. Scegliere un luogo già frequentato dal "
            "quartiere, non un ufficio."
        ),
        contact="Cooperativa sociale Tanaro e Bormida, servizi sanitari di comunità",
        days_ago=35,
    ),
    PracticeSpec(
        title="Sportello unico per i cittadini stranieri",
        summary=(
            "Un solo sportello in comune per permessi, residenza, scuola e lavoro, con "
            "appuntamenti e mediatori, al posto di cinque uffici."
        ),
        project="Trame",
        places=("Rivarolo Canavese (TO)", "Cuorgnè (TO)", "Ivrea (TO)"),
        themes=("Accesso ai diritti",),
        context=(
            "Nel Canavese i cittadini stranieri dovevano andare a Torino per molte "
            "pratiche, e in comune trovavano uffici diversi per ogni richiesta."
        ),
        problem=(
            "Code, informazioni contraddittorie, viaggi a vuoto, e pratiche di rinnovo "
            "perse per un documento mancante."
        ),
        practice=(
            "Uno **sportello unico** in tre comuni, con orari coordinati: un operatore "
            "formato su immigrazione, residenza e iscrizioni scolastiche, un mediatore su "
            "appuntamento, un canale con la Questura per le pratiche complesse. Ogni "
            "pratica ha una lista di documenti consegnata per scritto, in più lingue."
        ),
        resources=(
            "Tre operatori comunali formati (40 ore), due mediatori, un protocollo con la "
            "Questura e la Prefettura; circa 45.000 euro l'anno."
        ),
        results=(
            "2.400 accessi l'anno; il tempo medio di una pratica di rinnovo è sceso da 4 a "
            "2 mesi; le pratiche respinte per documenti mancanti sono diminuite dell'80%."
        ),
        transferability=(
            "Serve il protocollo con la Questura, altrimenti lo sportello diventa un altro "
            "passaggio. La formazione degli operatori comunali va ripetuta ogni anno: le "
            "norme cambiano spesso."
        ),
        contact="Comune di Rivarolo Canavese, Sportello unico stranieri",
        days_ago=30,
    ),
    PracticeSpec(
        title="Visite di scambio tra progetti",
        summary=(
            "Una giornata nel territorio di un altro progetto: vedere come lavora, fare "
            "domande, riportare a casa un'idea."
        ),
        project=None,
        places=(PIEMONTE, LIGURIA),
        themes=("Lezioni apprese", "Reti territoriali"),
        context=(
            "La comunità di pratiche di Territori Inclusivi riunisce tredici progetti in "
            "due regioni; gli incontri plenari lasciavano poco spazio per conoscersi davvero."
        ),
        problem=(
            "Le presentazioni in plenaria restavano astratte; le buone idee non passavano da "
            "un progetto all'altro."
        ),
        practice=(
            "Ogni progetto ospita almeno una volta una delegazione di un altro (3-5 "
            "persone) per una giornata: visita ai servizi, pranzo con gli operatori, un'ora "
            "di domande preparate in anticipo. La delegazione scrive una pagina su cosa "
            "porta a casa, che viene discussa nell'incontro successivo."
        ),
        resources=(
            "Rimborsi di viaggio (circa 150 euro a visita), il tempo degli operatori "
            "ospitanti, una traccia di domande preparata dalle facilitatrici."
        ),
        results=(
            "18 visite in due anni; 6 pratiche riprese da un altro progetto (tra cui lo "
            "sportello mobile e i tirocini con accompagnamento linguistico); le lezioni "
            "apprese con almeno due progetti sono passate da 3 a 14."
        ),
        transferability=(
            "Adatto a qualsiasi rete di progetti. Le domande vanno preparate prima; la "
            "pagina scritta dopo è ciò che resta. Meglio delegazioni piccole e miste "
            "(coordinatori e operatori)."
        ),
        contact="Segreteria della comunità di pratiche Territori Inclusivi",
        days_ago=20,
    ),
    PracticeSpec(
        title="Agenda condivisa degli orari dei servizi in più lingue",
        summary=(
            "Un'unica agenda settimanale degli sportelli e dei servizi della Val Bormida, "
            "tradotta e appesa dove passano le persone."
        ),
        project="L'accoglienza che cura",
        places=("Carcare (SV)", "Millesimo (SV)", "Cairo Montenotte (SV)"),
        themes=("Accesso ai diritti", "Reti territoriali"),
        context=(
            "In Val Bormida i servizi sono distribuiti in più comuni, con orari ridotti e "
            "che cambiano spesso."
        ),
        problem=(
            "Le persone facevano chilometri per trovare uno sportello chiuso; gli operatori "
            "stessi non conoscevano gli orari degli altri servizi."
        ),
        practice=(
            "Ogni lunedì la segreteria del progetto raccoglie gli orari della settimana da "
            "14 servizi e pubblica un'agenda di una pagina, in italiano, arabo, albanese e "
            "francese, appesa in farmacie, bar e parrocchie e inviata nei gruppi di "
            "messaggistica delle comunità."
        ),
        resources=(
            "Una segretaria per 4 ore settimanali, traduttori volontari, stampa (50 euro al mese)."
        ),
        results=(
            "Otto mesi di pubblicazione senza interruzioni; gli operatori la usano tra "
            "loro; i servizi segnalano meno accessi a vuoto."
        ),
        transferability=(
            "Serve qualcuno che la aggiorni davvero ogni settimana. Funziona in territori "
            "con servizi sparsi. I luoghi dove appenderla vanno scelti con le comunità."
        ),
        contact="Fondazione Diocesana Comunità Servizi, sede della Val Bormida",
        status=IN_REVIEW,
        days_ago=6,
    ),
    PracticeSpec(
        title="Cabina di regia a rotazione tra i partner",
        summary=(
            "La conduzione delle riunioni di partenariato ruota ogni tre mesi tra i "
            "partner, con un verbale di decisioni e non di discussioni."
        ),
        project="Radici",
        places=("Pinerolo (TO)", "TO"),
        themes=("Governance interna dei partenariati",),
        context=(
            "Il partenariato di Radici riunisce nove enti molto diversi per dimensione: un "
            "consorzio pubblico, cooperative, associazioni di volontariato."
        ),
        problem=(
            "Le riunioni erano condotte sempre dalla capofila; i partner piccoli "
            "partecipavano poco e non si sentivano parte delle decisioni."
        ),
        practice=(
            "Ogni tre mesi un partner diverso conduce la cabina di regia, con l'aiuto della "
            "capofila per l'ordine del giorno. Il verbale riporta solo le decisioni, chi le "
            "attua e entro quando; è approvato in apertura della riunione successiva."
        ),
        resources="Il tempo dei partner; una breve formazione alla facilitazione (8 ore).",
        results=(
            "Presenze alle riunioni salite dal 60% al 90% dei partner; le decisioni "
            "attuate nei tempi sono passate da circa metà a tre su quattro."
        ),
        transferability=(
            "Adatto a partenariati con enti di dimensioni diverse. La capofila deve "
            "accettare di non condurre; la formazione alla facilitazione aiuta i partner "
            "più piccoli."
        ),
        contact="Cooperativa sociale Vallate Solidali, coordinamento di progetto",
        status=IN_REVIEW,
        days_ago=3,
    ),
    PracticeSpec(
        title="Mediazione nelle scuole dell'infanzia",
        summary=(
            "Mediatrici presenti all'ingresso e ai colloqui nelle scuole dell'infanzia, "
            "per le famiglie che non parlano ancora italiano."
        ),
        project="Ponti",
        places=("Trecate (NO)", "Galliate (NO)"),
        themes=("Scuola e giovani", "Mediazione culturale"),
        context=(
            "Nelle scuole dell'infanzia di Trecate e Galliate un bambino su quattro ha "
            "genitori che parlano poco l'italiano."
        ),
        problem=(
            "Le famiglie non partecipavano ai colloqui e alle feste; le insegnanti non "
            "riuscivano a spiegare le regole di base (malattie, assenze, pasti)."
        ),
        practice=(
            "Due mediatrici sono presenti all'ingresso del mattino due giorni a settimana e "
            "a tutti i colloqui di inizio anno; traducono gli avvisi principali con le "
            "insegnanti."
        ),
        resources="Due mediatrici per 6 ore settimanali ciascuna.",
        results="",
        transferability="",
        contact="Associazione Ponti Aperti",
        status=DRAFT,
        days_ago=10,
    ),
    PracticeSpec(
        title="Gruppi di parola per le madri",
        summary=(
            "Incontri tra madri arrivate da poco, condotti da una psicologa e una "
            "mediatrice, nei consultori del Casalese e del Tortonese."
        ),
        project="Mosaico",
        places=("Casale Monferrato (AL)", "Tortona (AL)"),
        themes=("Salute", "Mediazione culturale"),
        context=(
            "Molte donne arrivate per ricongiungimento familiare vivono isolate nei primi "
            "anni, con figli piccoli e senza reti."
        ),
        problem="Isolamento, fatica emotiva non riconosciuta, scarso accesso ai servizi.",
        practice=(
            "Un gruppo di parola ogni due settimane in consultorio, con una psicologa e una "
            "mediatrice, e uno spazio per i bambini nella stanza accanto."
        ),
        resources="Una psicologa e una mediatrice per 3 ore ogni due settimane; un'educatrice.",
        results=(
            "Due gruppi avviati con 9 e 11 partecipanti; molte madri sono poi tornate in "
            "consultorio da sole."
        ),
        transferability=(
            "Lo spazio per i bambini è indispensabile. Serve una mediatrice della stessa "
            "lingua della maggior parte del gruppo."
        ),
        contact="Cooperativa sociale Tanaro e Bormida, area famiglie",
        status=DRAFT,
        days_ago=4,
    ),
    PracticeSpec(
        title="Condominio solidale",
        summary=(
            "Un palazzo del centro storico dove alcuni alloggi sono destinati a giovani "
            "usciti dall'accoglienza, con un patto di buon vicinato."
        ),
        project="InCopi",
        places=("Genova (GE)",),
        themes=("Abitare", "Partecipazione e cittadinanza"),
        context=(
            "Un palazzo di proprietà di un ente religioso nel Centro Storico, con alloggi "
            "sfitti da anni."
        ),
        problem=(
            "I giovani usciti dall'accoglienza non trovano casa; i proprietari non si fidano."
        ),
        practice=(
            "Quattro alloggi affittati a canone calmierato a giovani seguiti dal progetto; "
            "un patto di buon vicinato firmato da tutti gli inquilini; una riunione di "
            "condominio al mese facilitata da un'educatrice."
        ),
        resources="Canone calmierato; un'educatrice per 4 ore settimanali.",
        results="Gli alloggi sono tutti occupati.",
        transferability="Serve un proprietario disponibile.",
        contact="Il Biscione Società Cooperativa Sociale",
        status=RETURNED,
        days_ago=8,
        review_comment=(
            "Grazie, la pratica è interessante. Prima di pubblicarla: indicate i risultati "
            "con qualche dato (quanti giovani, da quanto tempo, com'è andata la convivenza) "
            "e spiegate meglio le condizioni per trasferirla, per esempio che garanzie avete "
            "dato al proprietario."
        ),
    ),
)


def check_practices() -> None:
    """The demo's invariants: twenty, each with the parts its status needs."""
    assert len(PRACTICES) == 20, len(PRACTICES)
    titles = [spec.title for spec in PRACTICES]
    assert len(set(titles)) == len(titles), "titles must be unique"
    for spec in PRACTICES:
        assert spec.status in {PUBLISHED, IN_REVIEW, DRAFT, RETURNED}, spec.title
        assert spec.places and spec.themes, spec.title
        if spec.status in {PUBLISHED, IN_REVIEW}:
            assert spec.results and spec.transferability, spec.title
        assert (spec.status == RETURNED) == bool(spec.review_comment), spec.title
