"""The demo programme's content, as plain data: organisations, projects, people, lines, texts.

Real: the funder and co-funders, the programme's lead and partner, the six public projects'
names, leads and territories, and the public bodies among their partners. Invented: the seven
other projects, the third-sector partners of the real projects, and every person (all emails
@demo.tessere.it). `check_data()` keeps the pieces consistent; `seeds.py` writes them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils.text import slugify

from .models import Organisation, ProgrammeRole

DEMO_DOMAIN = "demo.tessere.it"
PROGRAMME_SLUG = "territori-inclusivi"
DASH = "\u2013"  # the en dash of the programme's title, escaped so linters see no look-alike

K = Organisation.Kind

CAPITALS = {
    "TO": "Torino", "VC": "Vercelli", "NO": "Novara", "CN": "Cuneo", "AT": "Asti",
    "AL": "Alessandria", "BI": "Biella", "VB": "Verbania", "IM": "Imperia", "SV": "Savona",
    "GE": "Genova", "SP": "La Spezia",
}  # fmt: skip

INVENTED = "Progetto dimostrativo: nome e contenuti sono inventati per la demo."
REAL_NOTE = (
    "*Dati dimostrativi: nome, capofila e territori del progetto sono reali; il partenariato è "
    "ricostruito per la demo (gli enti pubblici esistono, gli altri enti partner sono "
    "inventati) e le persone sono fittizie.*"
)
INVENTED_ORG = "Ente inventato per la demo."


# --- The data ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgSpec:
    name: str
    kind: str
    town: str | None  # municipality name as ISTAT writes it; None for bodies outside the regions
    car: str = ""
    website: str = ""
    invented: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.name)[:180]


@dataclass(frozen=True)
class PersonSpec:
    first_name: str
    last_name: str
    organisation: str  # OrgSpec.name
    login: str = ""  # local part of a fixed demo login (admin, mentore...), if any

    @property
    def local_part(self) -> str:
        if self.login:
            return self.login
        raw = f"{self.first_name}.{self.last_name}".lower().replace(" ", "").replace("'", "")
        return unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()


@dataclass(frozen=True)
class ProjectSpec:
    acronym: str
    title: str
    car: str
    towns: tuple[str, ...]
    lead: str
    partners: tuple[str, ...]
    themes: tuple[str, ...]
    start: date
    end: date
    summary: str
    description: str
    representatives: tuple[PersonSpec, PersonSpec, PersonSpec]
    coordinator: PersonSpec
    operators: tuple[PersonSpec, ...]
    real: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.acronym)


def _p(first: str, last: str, organisation: str, login: str = "") -> PersonSpec:
    return PersonSpec(first, last, organisation, login)


THEMES: tuple[tuple[str, str], ...] = (
    ("Governance interna dei partenariati",
     "Come i partenariati decidono, si organizzano e si coordinano."),
    ("Reti territoriali",
     "Come si costruiscono e si mantengono nel tempo i rapporti di rete sul territorio."),
    ("Lezioni apprese",
     "Elaborare l'esperienza del proprio progetto e confrontarla con gli altri."),
    ("Accesso ai diritti",
     "Documenti, residenza, servizi e orientamento: rendere esigibili i diritti."),
    ("Lavoro e formazione", "Orientamento, formazione, tirocini e lavoro dignitoso."),
    ("Abitare", "Trovare, mantenere e condividere una casa."),
    ("Salute", "Accesso ai servizi sanitari e benessere delle persone e delle comunità."),
    ("Scuola e giovani", "Scuola, percorsi educativi e protagonismo giovanile."),
    ("Mediazione culturale", "Mediazione linguistica e interculturale tra persone e servizi."),
    ("Cambio di narrazione", "Come si raccontano le migrazioni e l'inclusione."),
    ("Partecipazione e cittadinanza", "Partecipazione attiva alla vita delle comunità locali."),
)  # fmt: skip

CSP = "Fondazione Compagnia di San Paolo"
CRC = "Fondazione CRC"
DE_MARI = "Fondazione De Mari"
IRES = "IRES Piemonte"
CODICI = "Codici Ricerca e Intervento"
CROCEVIA = "Associazione Crocevia - Studi su migrazioni e territori"
BUSSOLA = "Osservatorio Bussola - Valutazione e comunità"
PAROLE = "Associazione Parole Nuove - Laboratorio di narrazione sociale"

PROGRAMME_ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(CSP, K.FOUNDATION, "Torino", "TO", "https://www.compagniadisanpaolo.it"),
    OrgSpec(CRC, K.FOUNDATION, "Cuneo", "CN", "https://www.fondazionecrc.it"),
    OrgSpec(DE_MARI, K.FOUNDATION, "Savona", "SV", "https://www.fondazionedemari.it"),
    OrgSpec(IRES, K.UNIVERSITY, "Torino", "TO", "https://www.ires.piemonte.it"),
    OrgSpec(CODICI, K.UNIVERSITY, None),  # based in Milano, outside the programme's regions
    OrgSpec(CROCEVIA, K.ASSOCIATION, "Alessandria", "AL", invented=True),
    OrgSpec(BUSSOLA, K.ASSOCIATION, "Torino", "TO", invented=True),
    OrgSpec(PAROLE, K.ASSOCIATION, "Genova", "GE", invented=True),
)


def _o(name: str, kind: str, town: str, car: str) -> OrgSpec:
    return OrgSpec(name, kind, town, car)


def _i(name: str, kind: str, town: str, car: str) -> OrgSpec:
    return OrgSpec(name, kind, town, car, invented=True)


# Partner organisations of the projects. Real: public bodies and the real leads. Invented (`_i`):
# third-sector bodies, and every body of the seven invented projects but public ones.
PROJECT_ORGANISATIONS: tuple[OrgSpec, ...] = (
    # Ubuntu (CN)
    _o("Comune di Saluzzo", K.MUNICIPALITY, "Saluzzo", "CN"),
    _o("Consorzio Monviso Solidale", K.SOCIAL_SERVICES, "Fossano", "CN"),
    _o("ASL CN1", K.HEALTH_AUTHORITY, "Cuneo", "CN"),
    _o("Comune di Lagnasco", K.MUNICIPALITY, "Lagnasco", "CN"),
    _o("Comune di Verzuolo", K.MUNICIPALITY, "Verzuolo", "CN"),
    _o("CPIA 1 Cuneo", K.SCHOOL, "Cuneo", "CN"),
    _i("Associazione Frutteti Aperti", K.ASSOCIATION, "Saluzzo", "CN"),
    _i("Cooperativa sociale Terre del Marchesato", K.SOCIAL_COOPERATIVE, "Saluzzo", "CN"),
    # Nega-so (CN)
    _o("Liberitutti Società Cooperativa Sociale", K.SOCIAL_COOPERATIVE, "Dronero", "CN"),
    _o("Comune di Dronero", K.MUNICIPALITY, "Dronero", "CN"),
    _o("Consorzio Socio-Assistenziale del Cuneese", K.SOCIAL_SERVICES, "Cuneo", "CN"),
    _o("Istituto Comprensivo G. Giolitti di Dronero", K.SCHOOL, "Dronero", "CN"),
    _o("Unione Montana Valle Maira", K.OTHER, "Dronero", "CN"),
    _i("Associazione Lingue di Valle", K.ASSOCIATION, "San Damiano Macra", "CN"),
    _i("Cooperativa sociale La Strada degli Acciugai", K.SOCIAL_COOPERATIVE, "Busca", "CN"),
    # L'accoglienza che cura (SV, with a partner from Imperia)
    _o("Fondazione Diocesana Comunità Servizi Onlus", K.DIOCESAN, "Savona", "SV"),
    _o("Comune di Savona", K.MUNICIPALITY, "Savona", "SV"),
    _o("Comune di Cairo Montenotte", K.MUNICIPALITY, "Cairo Montenotte", "SV"),
    _o("ASL 2 Savonese", K.HEALTH_AUTHORITY, "Savona", "SV"),
    _o("CPIA di Savona", K.SCHOOL, "Savona", "SV"),
    _i("Associazione Valbormida Accogliente", K.ASSOCIATION, "Cairo Montenotte", "SV"),
    _i("Cooperativa sociale Il Faro di Vado", K.SOCIAL_COOPERATIVE, "Vado Ligure", "SV"),
    _i("Associazione Mediatori del Ponente", K.ASSOCIATION, "Sanremo", "IM"),
    # InCopi (GE)
    _o("Il Biscione Società Cooperativa Sociale", K.SOCIAL_COOPERATIVE, "Genova", "GE"),
    _o("Comune di Genova - Municipio II Centro Ovest", K.MUNICIPALITY, "Genova", "GE"),
    _o("CPIA Centro Ponente di Genova", K.SCHOOL, "Genova", "GE"),
    _o("ASL 3 Genovese", K.HEALTH_AUTHORITY, "Genova", "GE"),
    _i("Associazione Sampierdarena Plurale", K.ASSOCIATION, "Genova", "GE"),
    _i("Cooperativa sociale Fili di Ponente", K.SOCIAL_COOPERATIVE, "Genova", "GE"),
    _i("Centro interculturale Vento Largo", K.OTHER, "Genova", "GE"),
    _i("Polisportiva Centro Ovest Insieme", K.ASSOCIATION, "Genova", "GE"),
    # Abitare la Casa (SP)
    _o("Lindbergh Società Cooperativa Sociale", K.SOCIAL_COOPERATIVE, "La Spezia", "SP"),
    _o("Provincia della Spezia", K.OTHER, "La Spezia", "SP"),
    _o("Comune di Arcola", K.MUNICIPALITY, "Arcola", "SP"),
    _o("Comune di Santo Stefano di Magra", K.MUNICIPALITY, "Santo Stefano di Magra", "SP"),
    _o("Comune di Castelnuovo Magra", K.MUNICIPALITY, "Castelnuovo Magra", "SP"),
    _o("ASL 5 Spezzino", K.HEALTH_AUTHORITY, "La Spezia", "SP"),
    _i("Associazione Case Aperte Val di Magra", K.ASSOCIATION, "Santo Stefano di Magra", "SP"),
    _i("Cooperativa sociale Il Golfo Abitato", K.SOCIAL_COOPERATIVE, "La Spezia", "SP"),
    # COSì (AT)
    _o("PIAM Onlus", K.ASSOCIATION, "Asti", "AT"),
    _o("Consorzio CO.GE.SA.", K.SOCIAL_SERVICES, "Asti", "AT"),
    _o("Comune di Chiusano d'Asti", K.MUNICIPALITY, "Chiusano d'Asti", "AT"),
    _o("Comune di Monale", K.MUNICIPALITY, "Monale", "AT"),
    _o("Comune di Settime", K.MUNICIPALITY, "Settime", "AT"),
    _o("ASL AT", K.HEALTH_AUTHORITY, "Asti", "AT"),
    _o("Centro per l'impiego di Asti", K.OTHER, "Asti", "AT"),
    _i("Cooperativa sociale Colline in Movimento", K.SOCIAL_COOPERATIVE, "Cortandone", "AT"),
    # Radici in rete (TO, invented)
    _i("Cooperativa sociale Vallate Solidali", K.SOCIAL_COOPERATIVE, "Pinerolo", "TO"),
    _o("Comune di Pinerolo", K.MUNICIPALITY, "Pinerolo", "TO"),
    _i("Consorzio dei servizi sociali del Pinerolese", K.SOCIAL_SERVICES, "Pinerolo", "TO"),
    _o("ASL TO3", K.HEALTH_AUTHORITY, "Collegno", "TO"),
    _o("Comune di Torre Pellice", K.MUNICIPALITY, "Torre Pellice", "TO"),
    _i("Associazione Mani Intrecciate", K.ASSOCIATION, "Luserna San Giovanni", "TO"),
    _i("Istituto di istruzione superiore Alta Val Pellice", K.SCHOOL, "Torre Pellice", "TO"),
    _i("Centro d'ascolto parrocchiale di San Maurizio", K.DIOCESAN, "Pinerolo", "TO"),
    # Ponti di comunità (NO, invented)
    _i("Associazione Ponti Aperti", K.ASSOCIATION, "Novara", "NO"),
    _o("Comune di Novara", K.MUNICIPALITY, "Novara", "NO"),
    _o("Comune di Trecate", K.MUNICIPALITY, "Trecate", "NO"),
    _o("ASL NO", K.HEALTH_AUTHORITY, "Novara", "NO"),
    _i("Consorzio socio-assistenziale Ovest Ticino", K.SOCIAL_SERVICES, "Romentino", "NO"),
    _i("Cooperativa sociale Risaie e Mestieri", K.SOCIAL_COOPERATIVE, "Galliate", "NO"),
    _i("Istituto comprensivo Novara Est", K.SCHOOL, "Novara", "NO"),
    _i("Centro interculturale La Piazza di Tutti", K.OTHER, "Novara", "NO"),
    # Terre d'acqua inclusive (VC, invented)
    _i("Cooperativa sociale Le Grange", K.SOCIAL_COOPERATIVE, "Vercelli", "VC"),
    _o("Comune di Vercelli", K.MUNICIPALITY, "Vercelli", "VC"),
    _o("Comune di Santhià", K.MUNICIPALITY, "Santhià", "VC"),
    _o("ASL VC", K.HEALTH_AUTHORITY, "Vercelli", "VC"),
    _i("Consorzio socio-assistenziale del Vercellese", K.SOCIAL_SERVICES, "Santhià", "VC"),
    _i("Associazione Mondine di Oggi", K.ASSOCIATION, "Trino", "VC"),
    _i("Centro d'ascolto interparrocchiale di Trino", K.DIOCESAN, "Trino", "VC"),
    _o("Centro per l'impiego di Vercelli", K.OTHER, "Vercelli", "VC"),
    # Filo comune (BI, invented)
    _i("Cooperativa sociale Lanificio Sociale", K.SOCIAL_COOPERATIVE, "Biella", "BI"),
    _o("Comune di Biella", K.MUNICIPALITY, "Biella", "BI"),
    _o("Comune di Cossato", K.MUNICIPALITY, "Cossato", "BI"),
    _o("ASL BI", K.HEALTH_AUTHORITY, "Ponderano", "BI"),
    _i("Consorzio dei servizi sociali del Biellese", K.SOCIAL_SERVICES, "Biella", "BI"),
    _i("Associazione Tessiture di Comunità", K.ASSOCIATION, "Valdilana", "BI"),
    _i("Fondazione di comunità delle Valli Biellesi", K.FOUNDATION, "Biella", "BI"),
    _i("Istituto di istruzione superiore Valle Cervo", K.SCHOOL, "Andorno Micca", "BI"),
    # Lago aperto (VB, invented)
    _i("Associazione Approdi Ossolani", K.ASSOCIATION, "Domodossola", "VB"),
    _o("Comune di Verbania", K.MUNICIPALITY, "Verbania", "VB"),
    _o("Comune di Domodossola", K.MUNICIPALITY, "Domodossola", "VB"),
    _o("ASL VCO", K.HEALTH_AUTHORITY, "Omegna", "VB"),
    _o("Consorzio dei Servizi Sociali del Verbano", K.SOCIAL_SERVICES, "Verbania", "VB"),
    _i("Cooperativa sociale Sponde", K.SOCIAL_COOPERATIVE, "Verbania", "VB"),
    _o("CPIA del Verbano Cusio Ossola", K.SCHOOL, "Verbania", "VB"),
    _i("Gruppo volontari Accoglienza Cusio", K.ASSOCIATION, "Omegna", "VB"),
    # Mosaico alessandrino (AL, invented)
    _i("Cooperativa sociale Tanaro e Bormida", K.SOCIAL_COOPERATIVE, "Alessandria", "AL"),
    _o("Comune di Alessandria", K.MUNICIPALITY, "Alessandria", "AL"),
    _o("Comune di Casale Monferrato", K.MUNICIPALITY, "Casale Monferrato", "AL"),
    _o("Comune di Tortona", K.MUNICIPALITY, "Tortona", "AL"),
    _o("ASL AL", K.HEALTH_AUTHORITY, "Alessandria", "AL"),
    _i("Consorzio socio-assistenziale dell'Alessandrino", K.SOCIAL_SERVICES, "Alessandria", "AL"),
    _i("Associazione Donne al Centro", K.ASSOCIATION, "Tortona", "AL"),
    _i("Centro d'ascolto diocesano di Casale", K.DIOCESAN, "Casale Monferrato", "AL"),
    _o("Centro per l'impiego di Novi Ligure", K.OTHER, "Novi Ligure", "AL"),
    # Trame canavesane (TO, invented)
    _i("Associazione Dora Baltea Solidale", K.ASSOCIATION, "Ivrea", "TO"),
    _o("Comune di Ivrea", K.MUNICIPALITY, "Ivrea", "TO"),
    _o("Comune di Cuorgnè", K.MUNICIPALITY, "Cuorgnè", "TO"),
    _o("ASL TO4", K.HEALTH_AUTHORITY, "Chivasso", "TO"),
    _i("Consorzio dei servizi sociali dell'Eporediese", K.SOCIAL_SERVICES, "Ivrea", "TO"),
    _i("Cooperativa sociale Terre del Canavese", K.SOCIAL_COOPERATIVE, "Castellamonte", "TO"),
    _i("Istituto comprensivo Alto Canavese", K.SCHOOL, "Cuorgnè", "TO"),
    _i("Fondazione Comunità Canavesana per il lavoro", K.FOUNDATION, "Rivarolo Canavese", "TO"),
)  # fmt: skip

PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        acronym="Ubuntu",
        title=f"Ubuntu {DASH} Io sono perché noi siamo",
        car="CN",
        towns=("Saluzzo", "Lagnasco", "Manta", "Verzuolo", "Revello"),
        lead="Comune di Saluzzo",
        partners=(
            "Consorzio Monviso Solidale", "ASL CN1", "Comune di Lagnasco", "Comune di Verzuolo",
            "CPIA 1 Cuneo", "Associazione Frutteti Aperti",
            "Cooperativa sociale Terre del Marchesato",
        ),
        themes=("Lavoro e formazione", "Abitare", "Reti territoriali", "Accesso ai diritti"),
        start=date(2021, 7, 1),
        end=date(2022, 12, 31),
        summary=(
            "Una rete stabile tra enti pubblici e del terzo settore per l'accoglienza e "
            "l'integrazione nei territori agricoli ai piedi del Monviso. Si rivolge ai braccianti "
            "stagionali e alle famiglie di origine straniera che vivono nel Saluzzese."
        ),
        description=(
            "Il nome viene da una parola bantu che si può tradurre con «io sono perché noi "
            "siamo». Ogni estate il Saluzzese accoglie centinaia di lavoratori stagionali della "
            "frutticoltura: il progetto vuole passare dalla gestione dell'emergenza a una rete "
            "stabile tra comuni, servizi e associazioni.\n\n"
            "- accoglienza diffusa e servizi di base per i braccianti stagionali;\n"
            "- orientamento ai servizi e ai diritti per le famiglie di origine straniera;\n"
            "- momenti pubblici di incontro e confronto con la comunità locale.\n\n" + REAL_NOTE
        ),
        representatives=(
            _p("Francesca", "Aimar", "Comune di Saluzzo", "rappresentante"),
            _p("Stefano", "Dalmasso", "Consorzio Monviso Solidale"),
            _p("Aïcha", "Traoré", "Associazione Frutteti Aperti"),
        ),
        coordinator=_p("Andrea", "Giordano", "Comune di Saluzzo", "coordinatore"),
        operators=(
            _p("Luca", "Beltramo", "Cooperativa sociale Terre del Marchesato", "operatore"),
            _p("Fatou", "Ndiaye", "Associazione Frutteti Aperti"),
        ),
        real=True,
    ),
    ProjectSpec(
        acronym="Nega-so",
        title="Nega-so: Valle Myra è casa mia",
        car="CN",
        towns=("Dronero", "Busca", "San Damiano Macra", "Villar San Costanzo", "Roccabruna"),
        lead="Liberitutti Società Cooperativa Sociale",
        partners=(
            "Comune di Dronero", "Consorzio Socio-Assistenziale del Cuneese",
            "Istituto Comprensivo G. Giolitti di Dronero", "Unione Montana Valle Maira", "ASL CN1",
            "Associazione Lingue di Valle", "Cooperativa sociale La Strada degli Acciugai",
        ),
        themes=(
            "Scuola e giovani", "Mediazione culturale", "Cambio di narrazione",
            "Partecipazione e cittadinanza",
        ),
        start=date(2021, 5, 1),
        end=date(2022, 11, 30),
        summary=(
            "Un progetto di inclusione in Valle Maira che lavora con scuole, musei e comunità "
            "locali. Le storie dell'emigrazione di ieri e dell'immigrazione di oggi diventano "
            "occasione di incontro tra culture."
        ),
        description=(
            "La Valle Maira, un tempo terra di emigrazione (gli acciugai), oggi accoglie nuove "
            "famiglie arrivate da altri paesi. Il progetto coinvolge scuole, musei e "
            "associazioni culturali:\n\n"
            "- laboratori con bambini e ragazzi delle scuole della valle;\n"
            "- eventi pubblici sulla memoria delle migrazioni;\n"
            "- accompagnamento delle famiglie nell'accesso ai servizi.\n\n" + REAL_NOTE
        ),
        representatives=(
            _p("Elisa", "Rinaudo", "Liberitutti Società Cooperativa Sociale"),
            _p("Giorgio", "Abello", "Comune di Dronero"),
            _p("Nadia", "Chiotti", "Istituto Comprensivo G. Giolitti di Dronero"),
        ),
        coordinator=_p("Elisa", "Rinaudo", "Liberitutti Società Cooperativa Sociale"),
        operators=(_p("Samuel", "Okafor", "Associazione Lingue di Valle"),),
        real=True,
    ),
    ProjectSpec(
        acronym="L'accoglienza che cura",
        title="L'accoglienza che cura",
        car="SV",
        towns=("Savona", "Cairo Montenotte", "Carcare", "Millesimo", "Vado Ligure"),
        lead="Fondazione Diocesana Comunità Servizi Onlus",
        partners=(
            "Comune di Savona", "Comune di Cairo Montenotte", "ASL 2 Savonese", "CPIA di Savona",
            "Associazione Valbormida Accogliente", "Cooperativa sociale Il Faro di Vado",
            "Associazione Mediatori del Ponente",
        ),
        themes=("Salute", "Reti territoriali", "Accesso ai diritti"),
        start=date(2021, 4, 1),
        end=date(2022, 9, 30),
        summary=(
            "Un progetto nei distretti Bormide e Savonese per cambiare il modo in cui le "
            "comunità accolgono le persone con background migratorio. Sviluppa competenze di "
            "cura collettiva con formazione per gli operatori e laboratori con enti e istituzioni."
        ),
        description=(
            "Prendersi cura della comunità a partire dalle persone più vulnerabili: il progetto "
            "amplia e struttura reti territoriali capaci di accogliere.\n\n"
            "- formazione per operatori e operatrici dei servizi territoriali;\n"
            "- *policy lab* con enti e istituzioni dei distretti;\n"
            "- conoscenza e valorizzazione dei servizi del territorio;\n"
            "- eventi aperti alla cittadinanza.\n\n" + REAL_NOTE
        ),
        representatives=(
            _p("Roberta", "Ferro", "Fondazione Diocesana Comunità Servizi Onlus"),
            _p("Massimo", "Pizzorno", "Comune di Savona"),
            _p("Lorenzo", "Bruzzone", "ASL 2 Savonese"),
        ),
        coordinator=_p("Caterina", "Delfino", "Fondazione Diocesana Comunità Servizi Onlus"),
        operators=(
            _p("Hamid", "Benali", "Associazione Mediatori del Ponente"),
            _p("Valentina", "Siri", "Cooperativa sociale Il Faro di Vado"),
        ),
        real=True,
    ),
    ProjectSpec(
        acronym="InCopi",
        title=f"InCopi {DASH} In Centro Ovest Peer Inclusive",
        car="GE",
        towns=("Genova",),
        lead="Il Biscione Società Cooperativa Sociale",
        partners=(
            "Comune di Genova - Municipio II Centro Ovest", "CPIA Centro Ponente di Genova",
            "ASL 3 Genovese", "Associazione Sampierdarena Plurale",
            "Cooperativa sociale Fili di Ponente", "Centro interculturale Vento Largo",
            "Polisportiva Centro Ovest Insieme",
        ),
        themes=("Partecipazione e cittadinanza", "Accesso ai diritti", "Lavoro e formazione"),
        start=date(2021, 3, 1),
        end=date(2022, 12, 31),
        summary=(
            "Nel Municipio II Centro Ovest di Genova il progetto forma operatori e operatrici "
            "peer, abitanti del quartiere che accompagnano altri abitanti a conoscere e usare i "
            "servizi. Da persone a rischio di marginalità, i partecipanti diventano una risorsa "
            "per il territorio."
        ),
        description=(
            "Sampierdarena e il Centro Ovest: un quartiere denso di servizi che non sempre "
            "arrivano a chi ne ha bisogno. Il progetto lavora su tre fronti:\n\n"
            "- formazione di operatori e operatrici *peer* (educatori alla pari);\n"
            "- laboratori e spazi sociali aperti al quartiere;\n"
            "- coordinamento tra operatori pubblici e privati e prassi condivise.\n\n" + REAL_NOTE
        ),
        representatives=(
            _p("Sara", "Parodi", "Il Biscione Società Cooperativa Sociale", "rappresentante.altro"),
            _p("Daniele", "Canepa", "Comune di Genova - Municipio II Centro Ovest"),
            _p("Ilham", "Zerouali", "Associazione Sampierdarena Plurale"),
        ),
        coordinator=_p("Federica", "Repetto", "Il Biscione Società Cooperativa Sociale"),
        operators=(
            _p("Kevin", "Mendoza", "Cooperativa sociale Fili di Ponente"),
            _p("Giulia", "Risso", "Centro interculturale Vento Largo"),
        ),
        real=True,
    ),
    ProjectSpec(
        acronym="Abitare la Casa",
        title="Abitare la Casa",
        car="SP",
        towns=(
            "Ameglia", "Arcola", "Castelnuovo Magra", "Luni", "Santo Stefano di Magra",
            "Vezzano Ligure",
        ),
        lead="Lindbergh Società Cooperativa Sociale",
        partners=(
            "Provincia della Spezia", "Comune di Arcola", "Comune di Santo Stefano di Magra",
            "Comune di Castelnuovo Magra", "ASL 5 Spezzino",
            "Associazione Case Aperte Val di Magra",
            "Cooperativa sociale Il Golfo Abitato",
        ),
        themes=("Abitare", "Accesso ai diritti", "Reti territoriali"),
        start=date(2021, 4, 15),
        end=date(2022, 10, 15),
        summary=(
            "Un progetto sull'abitare nei comuni della bassa Val di Magra e nella provincia della "
            "Spezia. Accompagna persone e famiglie fragili, con attenzione a chi ha un background "
            "migratorio, nel trovare e nel mantenere una casa."
        ),
        description=(
            "Trovare casa è spesso il primo ostacolo all'autonomia. Sei comuni e la Provincia "
            "lavorano con il terzo settore per:\n\n"
            "- uno sportello casa diffuso sul territorio;\n"
            "- la mediazione con i proprietari e le agenzie;\n"
            "- percorsi di accompagnamento all'autonomia abitativa.\n\n" + REAL_NOTE
        ),
        representatives=(
            _p("Monica", "Lazzoni", "Lindbergh Società Cooperativa Sociale"),
            _p("Riccardo", "Bianchi", "Provincia della Spezia"),
            _p("Elena", "Ferrari", "Comune di Arcola"),
        ),
        coordinator=_p("Monica", "Lazzoni", "Lindbergh Società Cooperativa Sociale"),
        operators=(_p("Mihaela", "Ionescu", "Cooperativa sociale Il Golfo Abitato"),),
        real=True,
    ),
    ProjectSpec(
        acronym="COSì",
        title=f"COSì {DASH} Comuni Solidali Inclusivi",
        car="AT",
        towns=("Chiusano d'Asti", "Cortandone", "Settime", "Castellero", "Monale"),
        lead="PIAM Onlus",
        partners=(
            "Consorzio CO.GE.SA.", "Comune di Chiusano d'Asti", "Comune di Monale",
            "Comune di Settime",
            "ASL AT", "Centro per l'impiego di Asti", "Cooperativa sociale Colline in Movimento",
        ),
        themes=(
            "Partecipazione e cittadinanza", "Lavoro e formazione", "Scuola e giovani",
            "Reti territoriali",
        ),
        start=date(2021, 5, 1),
        end=date(2022, 12, 31),
        summary=(
            "Nei piccoli comuni del Nord Astigiano il progetto rafforza i servizi di prossimità "
            "per anziani soli, giovani e cittadini stranieri. Amministrazioni, terzo settore e "
            "comunità lavorano insieme per comuni più solidali e inclusivi."
        ),
        description=(
            "Piccoli comuni rurali con molti anziani, pochi servizi e una presenza straniera "
            "significativa. Il progetto lavora su tre filoni:\n\n"
            "- servizi di prossimità socio-assistenziali, come un taxi sociale;\n"
            "- attività educative e ricreative su integrazione e multiculturalità;\n"
            "- recupero e valorizzazione dei sentieri e del territorio.\n\n" + REAL_NOTE
        ),
        representatives=(
            _p("Giada", "Cerrato", "PIAM Onlus"),
            _p("Franco", "Musso", "Comune di Chiusano d'Asti"),
            _p("Ornella", "Bosticco", "Consorzio CO.GE.SA."),
        ),
        coordinator=_p("Simone", "Gatti", "PIAM Onlus"),
        operators=(
            _p("Ibrahim", "Sow", "Cooperativa sociale Colline in Movimento"),
            _p("Chiara", "Bussi", "Centro per l'impiego di Asti"),
        ),
        real=True,
    ),
    ProjectSpec(
        acronym="Radici",
        title=f"Radici in rete {DASH} Pinerolese inclusivo",
        car="TO",
        towns=("Pinerolo", "Luserna San Giovanni", "Torre Pellice", "Bricherasio"),
        lead="Cooperativa sociale Vallate Solidali",
        partners=(
            "Comune di Pinerolo", "Consorzio dei servizi sociali del Pinerolese", "ASL TO3",
            "Comune di Torre Pellice", "Associazione Mani Intrecciate",
            "Istituto di istruzione superiore Alta Val Pellice",
            "Centro d'ascolto parrocchiale di San Maurizio",
        ),
        themes=("Lavoro e formazione", "Reti territoriali", "Governance interna dei partenariati"),
        start=date(2021, 6, 1),
        end=date(2022, 10, 31),
        summary=(
            "Percorsi di orientamento e inserimento lavorativo per giovani e adulti di origine "
            "straniera nelle valli del Pinerolese. Il progetto collega servizi sociali, scuole e "
            "aziende agricole del territorio."
        ),
        description=(
            "Una rete tra servizi, scuole e imprese delle valli per accompagnare le persone dal "
            "primo orientamento al lavoro, con tirocini, corsi di lingua e un tavolo di "
            "coordinamento tra i partner.\n\n" + INVENTED
        ),
        representatives=(
            _p("Irene", "Pons", "Cooperativa sociale Vallate Solidali"),
            _p("Mattia", "Malan", "Comune di Pinerolo"),
            _p("Noemi", "Bein", "Consorzio dei servizi sociali del Pinerolese"),
        ),
        coordinator=_p("Irene", "Pons", "Cooperativa sociale Vallate Solidali"),
        operators=(
            _p("Omar", "Haddad", "Associazione Mani Intrecciate"),
            _p("Alice", "Rostan", "Istituto di istruzione superiore Alta Val Pellice"),
        ),
    ),
    ProjectSpec(
        acronym="Ponti",
        title="Ponti di comunità",
        car="NO",
        towns=("Novara", "Trecate", "Galliate", "Cameri"),
        lead="Associazione Ponti Aperti",
        partners=(
            "Comune di Novara", "Comune di Trecate", "ASL NO",
            "Consorzio socio-assistenziale Ovest Ticino",
            "Cooperativa sociale Risaie e Mestieri", "Istituto comprensivo Novara Est",
            "Centro interculturale La Piazza di Tutti",
        ),
        themes=("Mediazione culturale", "Salute", "Accesso ai diritti"),
        start=date(2021, 4, 1),
        end=date(2022, 9, 30),
        summary=(
            "Una rete di mediatori e mediatrici interculturali tra servizi sanitari, scuole e "
            "sportelli comunali dell'area novarese. Punta a ridurre le barriere linguistiche e "
            "informative nell'accesso ai servizi."
        ),
        description=(
            "Mediazione linguistica e culturale su chiamata per ambulatori, scuole e sportelli, "
            "con una formazione comune per operatori dei servizi e mediatori.\n\n" + INVENTED
        ),
        representatives=(
            _p("Laura", "Ferrario", "Associazione Ponti Aperti"),
            _p("Gianluca", "Bovio", "Comune di Novara"),
            _p("Rania", "Mansour", "ASL NO"),
        ),
        coordinator=_p("Paola", "Zanetta", "Associazione Ponti Aperti"),
        operators=(
            _p("Joseph", "Mensah", "Centro interculturale La Piazza di Tutti"),
            _p("Arianna", "Ruga", "Cooperativa sociale Risaie e Mestieri"),
        ),
    ),
    ProjectSpec(
        acronym="TerrAcqua",
        title="Terre d'acqua inclusive",
        car="VC",
        towns=("Vercelli", "Santhià", "Trino", "Crescentino"),
        lead="Cooperativa sociale Le Grange",
        partners=(
            "Comune di Vercelli", "Comune di Santhià", "ASL VC",
            "Consorzio socio-assistenziale del Vercellese",
            "Associazione Mondine di Oggi",
            "Centro d'ascolto interparrocchiale di Trino", "Centro per l'impiego di Vercelli",
        ),
        themes=("Lavoro e formazione", "Abitare", "Salute"),
        start=date(2021, 5, 15),
        end=date(2022, 11, 15),
        summary=(
            "Accoglienza, casa e lavoro dignitoso per chi lavora nelle campagne e nelle risaie "
            "del Vercellese. Il progetto mette in rete comuni, servizi e associazioni contro lo "
            "sfruttamento e l'isolamento."
        ),
        description=(
            "Sportelli mobili nelle cascine, soluzioni abitative temporanee e orientamento al "
            "lavoro regolare, costruiti insieme da comuni, servizi e terzo settore.\n\n" + INVENTED
        ),
        representatives=(
            _p("Marco", "Cerutti", "Cooperativa sociale Le Grange"),
            _p("Sonia", "Actis", "Comune di Vercelli"),
            _p("Karim", "Mahdi", "Associazione Mondine di Oggi"),
        ),
        coordinator=_p("Marco", "Cerutti", "Cooperativa sociale Le Grange"),
        operators=(
            _p("Teresa", "Balocco", "Centro d'ascolto interparrocchiale di Trino"),
            _p("Dmytro", "Kovalenko", "Cooperativa sociale Le Grange"),
        ),
    ),
    ProjectSpec(
        acronym="Filo",
        title="Filo comune",
        car="BI",
        towns=("Biella", "Cossato", "Valdilana", "Candelo"),
        lead="Cooperativa sociale Lanificio Sociale",
        partners=(
            "Comune di Biella", "Comune di Cossato", "ASL BI",
            "Consorzio dei servizi sociali del Biellese",
            "Associazione Tessiture di Comunità", "Fondazione di comunità delle Valli Biellesi",
            "Istituto di istruzione superiore Valle Cervo",
        ),
        themes=(
            "Governance interna dei partenariati", "Lezioni apprese",
            "Partecipazione e cittadinanza",
        ),
        start=date(2021, 3, 15),
        end=date(2022, 9, 15),
        summary=(
            "Un laboratorio di governance condivisa tra enti pubblici e terzo settore del "
            "Biellese, nato dall'esperienza delle filiere tessili. Il progetto sperimenta "
            "strumenti comuni per decidere, monitorare e imparare insieme."
        ),
        description=(
            "Cabina di regia, patti di collaborazione e momenti periodici di rilettura "
            "dell'esperienza: il partenariato prova a tessere un modo comune di lavorare.\n\n"
            + INVENTED
        ),
        # Two representatives from the same organisation: the demo of the warning.
        representatives=(
            _p("Nicoletta", "Sella", "Cooperativa sociale Lanificio Sociale"),
            _p("Fabio", "Botta", "Cooperativa sociale Lanificio Sociale"),
            _p("Anna", "Mosca", "Comune di Biella"),
        ),
        coordinator=_p("Nicoletta", "Sella", "Cooperativa sociale Lanificio Sociale"),
        operators=(
            _p("Youssef", "El Amrani", "Associazione Tessiture di Comunità"),
            _p("Carla", "Rey", "Istituto di istruzione superiore Valle Cervo"),
        ),
    ),
    ProjectSpec(
        acronym="Lago aperto",
        title=f"Lago aperto {DASH} Approdi nel Verbano Cusio Ossola",
        car="VB",
        towns=("Verbania", "Domodossola", "Omegna", "Gravellona Toce"),
        lead="Associazione Approdi Ossolani",
        partners=(
            "Comune di Verbania", "Comune di Domodossola", "ASL VCO",
            "Consorzio dei Servizi Sociali del Verbano",
            "Cooperativa sociale Sponde", "CPIA del Verbano Cusio Ossola",
            "Gruppo volontari Accoglienza Cusio",
        ),
        themes=("Scuola e giovani", "Cambio di narrazione", "Partecipazione e cittadinanza"),
        start=date(2021, 6, 15),
        end=date(2022, 12, 15),
        summary=(
            "Giovani di origine straniera e giovani del territorio raccontano insieme il lago e "
            "le valli con laboratori di video e fotografia. Il progetto lavora sull'immagine "
            "pubblica delle migrazioni e sulla partecipazione giovanile."
        ),
        description=(
            "Laboratori nelle scuole e nei centri giovani, una mostra itinerante e una "
            "redazione giovanile che racconta il territorio da punti di vista nuovi.\n\n" + INVENTED
        ),
        representatives=(
            _p("Marina", "Zanoletti", "Associazione Approdi Ossolani"),
            _p("Ivan", "Ceretti", "Comune di Domodossola"),
            _p("Amadou", "Diallo", "Cooperativa sociale Sponde"),
        ),
        coordinator=_p("Roberto", "Pirazzi", "Associazione Approdi Ossolani"),
        operators=(_p("Lucia", "Morandi", "CPIA del Verbano Cusio Ossola"),),
    ),
    ProjectSpec(
        acronym="Mosaico",
        title="Mosaico alessandrino",
        car="AL",
        towns=("Alessandria", "Casale Monferrato", "Tortona", "Novi Ligure"),
        lead="Cooperativa sociale Tanaro e Bormida",
        partners=(
            "Comune di Alessandria", "Comune di Casale Monferrato", "Comune di Tortona", "ASL AL",
            "Consorzio socio-assistenziale dell'Alessandrino", "Associazione Donne al Centro",
            "Centro d'ascolto diocesano di Casale", "Centro per l'impiego di Novi Ligure",
        ),
        themes=("Accesso ai diritti", "Salute", "Mediazione culturale", "Lezioni apprese"),
        start=date(2021, 4, 15),
        end=date(2022, 10, 15),
        summary=(
            "Sportelli di orientamento diffusi nei centri zona della provincia di Alessandria per "
            "l'accesso a documenti, salute e lavoro. Il progetto costruisce procedure condivise "
            "tra comuni, consorzio, sanità e terzo settore."
        ),
        description=(
            "Quattro sportelli collegati da procedure e strumenti comuni, con una mappa "
            "aggiornata dei servizi e incontri periodici tra gli operatori.\n\n" + INVENTED
        ),
        representatives=(
            _p("Silvia", "Cavalli", "Cooperativa sociale Tanaro e Bormida"),
            _p("Enrico", "Ravazzi", "Comune di Alessandria"),
            _p("Meriem", "Bouzid", "Associazione Donne al Centro"),
        ),
        coordinator=_p("Silvia", "Cavalli", "Cooperativa sociale Tanaro e Bormida"),
        operators=(
            _p("Giacomo", "Grassi", "Centro per l'impiego di Novi Ligure"),
            _p("Nicolò", "Barbieri", "Centro d'ascolto diocesano di Casale"),
        ),
    ),
    ProjectSpec(
        acronym="Trame",
        title="Trame canavesane",
        car="TO",
        towns=("Ivrea", "Cuorgnè", "Castellamonte", "Rivarolo Canavese"),
        lead="Associazione Dora Baltea Solidale",
        partners=(
            "Comune di Ivrea", "Comune di Cuorgnè", "ASL TO4",
            "Consorzio dei servizi sociali dell'Eporediese",
            "Cooperativa sociale Terre del Canavese", "Istituto comprensivo Alto Canavese",
            "Fondazione Comunità Canavesana per il lavoro",
        ),
        themes=("Lavoro e formazione", "Scuola e giovani", "Reti territoriali"),
        start=date(2021, 9, 1),
        end=date(2022, 12, 31),
        summary=(
            "Percorsi di formazione e tirocinio per giovani adulti nel Canavese, costruiti con "
            "scuole, imprese artigiane e servizi sociali. Il progetto intreccia inserimento "
            "lavorativo e partecipazione alla vita delle comunità locali."
        ),
        description=(
            "Botteghe scuola con artigiani del territorio, tutoraggio individuale e un patto "
            "locale per il lavoro tra comuni, servizi e imprese.\n\n" + INVENTED
        ),
        representatives=(
            _p("Alessandra", "Vigna", "Associazione Dora Baltea Solidale"),
            _p("Pietro", "Chiono", "Comune di Ivrea"),
            _p("Olena", "Shevchenko", "Cooperativa sociale Terre del Canavese"),
        ),
        coordinator=_p("Claudio", "Perotti", "Associazione Dora Baltea Solidale"),
        operators=(
            _p("Rosa", "Bellino", "Istituto comprensivo Alto Canavese"),
            _p("Mamadou", "Ba", "Cooperativa sociale Terre del Canavese"),
        ),
    ),
)  # fmt: skip

R = ProgrammeRole.Role
PROGRAMME_TEAM: tuple[tuple[str, PersonSpec], ...] = (
    (R.ADMIN, _p("Giulia", "Ferraris", IRES, "admin")),
    (R.ADMIN, _p("Lorenzo", "Bonino", IRES)),
    (R.FACILITATOR, _p("Marco", "Bertolino", IRES, "facilitatore")),
    (R.FACILITATOR, _p("Serena", "Colombo", CODICI)),
    (R.FACILITATOR, _p("Matteo", "Ruffino", IRES)),
    (R.MENTOR, _p("Silvia", "Rinaldi", CODICI, "mentore")),
    (R.MENTOR, _p("Tommaso", "Villa", CODICI)),
    (R.MENTOR, _p("Beatrice", "Marengo", IRES)),
    (R.EXPERT, _p("Davide", "Gallo", CROCEVIA, "esperto")),
    (R.EXPERT, _p("Hanane", "Idrissi", CROCEVIA)),
    (R.EXPERT, _p("Fulvio", "Sacco", IRES)),
    (R.EXPERT, _p("Marta", "Olivero", IRES)),
    (R.MONITOR, _p("Chiara", "Audisio", CSP, "monitor")),
    (R.MONITOR, _p("Giorgio", "Borgna", CSP)),
    (R.PROJECT_MANAGER, _p("Elena", "Bosio", CSP, "pm")),
    (R.EVALUATOR, _p("Paolo", "Ghione", BUSSOLA, "valutatore")),
    (R.EVALUATOR, _p("Ilaria", "Conti", BUSSOLA)),
    (R.NARRATIVE, _p("Laura", "Morando", PAROLE, "narrazione")),
)
OUTSIDER = _p("Tommaso", "Ricci", "", "esterno")
SUPERUSER = _p("Amministrazione", "Tecnica", "", "root")

PROGRAMME_TITLE = f"Territori Inclusivi {DASH} Comunità di pratiche"
PROGRAMME_SUMMARY = (
    "L'accompagnamento dei partner dei 13 progetti finanziati dal bando Territori inclusivi di "
    "Compagnia di San Paolo in Piemonte e Liguria: una comunità di pratiche, il mentoring sui "
    "singoli progetti, una piattaforma per condividere il lavoro e il raccordo con le altre linee "
    "del bando."
)
PROGRAMME_DESCRIPTION = """\
## Obiettivo generale

Accompagnare i partner dei 13 progetti finanziati nell'ambito del bando *Territori inclusivi* \
di Compagnia di San Paolo, attivi su territori piemontesi e liguri, a gestire la complessità \
della governance interna e del rapporto con gli stakeholder del territorio e a condividere le \
conoscenze e le opportunità di formazione e integrazione con progettualità attive sui medesimi \
territori.

Il bando è volto a sostenere i soggetti più fragili nell'accesso alle opportunità e ai diritti \
e a creare tessuti sociali coesi e inclusivi dove le persone possano raggiungere autonomia e \
piena cittadinanza, e in particolare coloro che provengono da percorsi migratori possano \
sentirsi parte attiva di una nuova collettività.

## Attività

### 1. Comunità di pratiche

**Azione.** Organizzazione di incontri di scambio e confronto tra i diversi partner \
progettuali sui diversi territori piemontesi e liguri (cui partecipano persone con un ruolo di \
coordinamento di ciascun progetto, possibilmente appartenenti a 3 organizzazioni diverse) per \
approfondire il tema del funzionamento dei sistemi interni di governance dei progetti e attivare \
uno scambio alla pari di pratiche e saperi sviluppati su temi analoghi in contesti differenti. \
**2 giornate in presenza e 4 giornate online suddivise in 8 mezze giornate.** Gli incontri sono \
gestiti con metodologie partecipative e prevedono interventi che possano ispirare il confronto \
sui temi di interesse per i diversi progetti e territori. In particolare, lavorare sulle \
modalità con cui si costruiscono e si mantengono attivi nel tempo i rapporti di rete \
territoriale e su come elaborare le *lessons learned* a partire dalle proprie esperienze per \
confrontare saperi e conoscenze con gli altri progetti finanziati sullo stesso bando.

**Output e risultati.** Empowerment dei partner dei progetti. Aumento delle conoscenze rispetto \
alle attività e opportunità sui diversi territori. Aumento della capacità degli operatori \
coinvolti nei progetti di condividere obiettivi e di sviluppare azioni congiunte, di avere \
consapevolezza del proprio ruolo all'interno di partenariati e di reti territoriali, di \
trasmettere le proprie esperienze e competenze e di apprendere dal confronto con altri \
territori. Aumento della capacità dei partner di cogliere le opportunità di \
formazione/informazione offerte da altri progetti sia a livello locale che regionale o \
interregionale.

### 2. Mentoring / accompagnamento sui singoli progetti

**Azione.** In sinergia e coordinamento con il monitoraggio svolto da Compagnia di San Paolo, \
si supportano i partenariati nella gestione dei diversi progetti, attraverso incontri in loco \
e/o sessioni di lavoro online.

**Output e risultati.** Valorizzazione dei punti di forza e consulenza per affrontare nodi e \
criticità delle diverse progettualità. Condivisione di opportunità formative. Aumento della \
capacità dei capofila e dei partner coinvolti di organizzare e coordinare i partner di progetto, \
di monitorare le azioni e di attivare meccanismi per affrontare le criticità.

### 3. Piattaforma multimediale

**Azione.** Creazione di una sezione dedicata nel Forum del progetto Mediato per depositare il \
lavoro fatto e offrire uno spazio di consulenza da parte di esperti e di confronto libero.

**Output e risultati.** Comunicazione tra i progetti. Scambio di materiali e conoscenze, nonché \
buone pratiche intraprese. Aumento delle opportunità di aggiornamento, formazione e di \
confronto alla pari anche con altre comunità di pratiche, dando sostenibilità al bando \
Territori inclusivi.

### 4. Raccordo trasversale

**Azione.**

- Raccordo del lavoro di approfondimento sulla governance dei progetti con l'attività di \
accompagnamento al cambio di narrazione.
- Raccordo con il lavoro di accompagnamento della Project Manager del bando.
- Raccordo con le attività di valutazione.

**Output e risultati.** Sinergia tra le diverse linee di azione del bando.

## Destinatari

- **Destinatari diretti:** 39 operatori e operatrici in rappresentanza dei partner del \
progetto; responsabili e operatori di tutti i 100 partner dei progetti.
- **Destinatari indiretti:** referenti, operatori e operatrici di tutti i soggetti coinvolti \
nelle reti territoriali; persone straniere beneficiarie dei singoli progetti; comunità locali \
dove insistono le azioni progettuali.

## Chi lo realizza

- **Capofila:** IRES Piemonte
- **Partner:** Codici Ricerca e Intervento
- **Durata:** 13/05/2021 \u2013 31/10/2022
"""

# (code, number, name, description, parent code)
LINES: tuple[tuple[str, int, str, str, str | None], ...] = (
    (
        "comunita", 1, "Comunità di pratiche",
        "Incontri di scambio e confronto tra i partner dei progetti sui territori piemontesi e "
        "liguri, con persone con un ruolo di coordinamento di ciascun progetto, possibilmente di "
        "3 organizzazioni diverse: 2 giornate in presenza e 4 giornate online in 8 mezze "
        "giornate, con metodologie partecipative e interventi che ispirino il confronto. Temi: "
        "la governance interna dei progetti, i rapporti di rete territoriale, le lessons learned. "
        "Risultati attesi: empowerment dei partner, più conoscenza delle attività e delle "
        "opportunità sugli altri territori, più capacità di condividere obiettivi e sviluppare "
        "azioni congiunte.",
        None,
    ),
    (
        "mentoring", 2, "Mentoring e accompagnamento",
        "In sinergia e coordinamento con il monitoraggio di Compagnia di San Paolo, sostegno ai "
        "partenariati nella gestione dei progetti con incontri in loco e/o sessioni di lavoro "
        "online. Risultati attesi: valorizzazione dei punti di forza, consulenza su nodi e "
        "criticità, condivisione di opportunità formative, più capacità dei capofila di "
        "coordinare i partner, monitorare le azioni e affrontare le criticità.",
        None,
    ),
    (
        "piattaforma", 3, "Piattaforma multimediale",
        "Una sezione dedicata nel Forum del progetto Mediato per depositare il lavoro fatto e "
        "offrire uno spazio di consulenza da parte di esperti e di confronto libero. Risultati "
        "attesi: comunicazione tra i progetti, scambio di materiali, conoscenze e buone pratiche, "
        "più opportunità di aggiornamento e di confronto alla pari anche con altre comunità di "
        "pratiche, dando sostenibilità al bando.",
        None,
    ),
    (
        "raccordo", 4, "Raccordo trasversale",
        "Raccordo del lavoro sulla governance dei progetti con il cambio di narrazione, con il "
        "lavoro della Project Manager del bando e con la valutazione. Risultato atteso: sinergia "
        "tra le diverse linee di azione del bando.",
        None,
    ),
    (
        "narrazione", 1, "Cambio di narrazione",
        "Raccordo con l'attività di accompagnamento al cambio di narrazione su migrazioni e "
        "inclusione.",
        "raccordo",
    ),
    (
        "project-manager", 2, "Project management del bando",
        "Raccordo con il lavoro di accompagnamento della Project Manager del bando.",
        "raccordo",
    ),
    ("valutazione", 3, "Valutazione", "Raccordo con le attività di valutazione del bando.",
     "raccordo"),
)  # fmt: skip


def check_data() -> None:
    """Fail fast when the data above contradicts itself (a typo in a name, a missing partner)."""
    problems: list[str] = []
    all_orgs = (*PROGRAMME_ORGANISATIONS, *PROJECT_ORGANISATIONS)
    orgs = {spec.name for spec in all_orgs}
    if len(orgs) != len(all_orgs) or len({spec.slug for spec in all_orgs}) != len(all_orgs):
        problems.append("two organisations share a name or a slug")
    theme_names = {name for name, _ in THEMES}
    used: set[str] = set()
    for project in PROJECTS:
        members = {project.lead, *project.partners}
        if len(members) != 1 + len(project.partners) or not 6 <= len(project.partners) <= 9:
            problems.append(f"{project.acronym}: a lead and 6 to 9 distinct partners are needed")
        if not set(project.themes) <= theme_names:
            problems.append(f"{project.acronym}: unknown themes")
        used |= members
        for person in (*project.representatives, project.coordinator, *project.operators):
            if person.organisation not in members:
                problems.append(f"{project.acronym}: {person} is not from a partner")
        if (INVENTED in project.description) == project.real:
            problems.append(f"{project.acronym}: only invented projects say they are invented")
        if project.coordinator.organisation != project.lead:
            problems.append(f"{project.acronym}: the coordinator is not from the lead partner")
    used |= {person.organisation for _, person in PROGRAMME_TEAM}
    used |= {CSP, CRC, DE_MARI, IRES, CODICI}  # funder, co-funders, programme lead and partner
    if missing := used - orgs:
        problems.append(f"unknown organisations: {sorted(missing)}")
    if unused := orgs - used:
        problems.append(f"organisations in no project: {sorted(unused)}")
    try:
        people = all_people()
    except ValueError as error:
        problems.append(str(error))
    else:
        names = Counter((p.first_name, p.last_name) for p in people.values())
        problems += [
            f"two people are called {first} {last}" for (first, last), n in names.items() if n > 1
        ]
    if problems:
        raise ValueError("Inconsistent demo data: " + "; ".join(problems))


def all_people() -> dict[str, PersonSpec]:
    """Everybody, once, by email local part (a coordinator may also be a representative)."""
    people: dict[str, PersonSpec] = {}
    team = [person for _, person in PROGRAMME_TEAM]
    for project in PROJECTS:
        for person in (*project.representatives, project.coordinator, *project.operators):
            if people.setdefault(person.local_part, person) != person:
                raise ValueError(f"two people share the email {person.local_part}")
    for person in (*team, OUTSIDER, SUPERUSER):
        if person.local_part in people:
            raise ValueError(f"two people share the email {person.local_part}")
        if person not in (OUTSIDER, SUPERUSER):
            people[person.local_part] = person
    return people
