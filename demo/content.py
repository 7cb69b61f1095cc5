"""The demo content: a plausible year of Kraków's civic-dialogue unit (DK-06), in Polish.

Pure data, no database access. Dates are offsets from an anchor day (`seed_demo --today`) so the
demo always looks current and one anchor always gives the same data. Records refer to each other by
slug, to organisations by short name (district councils as ``council(number)``), to staff by username.
Public institutions carry their real names and websites; people, NGOs and companies are invented, and
every e-mail address is under the reserved example.org domain so nothing can reach a real inbox.
"""

from dataclasses import dataclass, field
from typing import Any

from catalog.models import (
    CampaignKind,
    CampaignPage,
    CatalogPage,
    ConsultationPage,
    EventPage,
    EventType,
    OfferKind,
    OfferPage,
    ProjectPage,
)
from catalog.statuses import Status
from core.roles import ADMINISTRATOR, AUTOR, KOORDYNATOR, PARTNER, REDAKTOR
from directory.models import LegalBasis
from directory.models import OrganisationKind as Kind

DEMO_PASSWORD = "dialog-demo-2026"  # noqa: S105 – public on purpose; seed_demo refuses it when DEBUG is off
PUBLISHER = "koordynator"  # publishes what editors write


@dataclass(frozen=True)
class Day:
    """A moment relative to the anchor day: ``Day(-3, "17:00")`` is three days earlier at 17:00 Warsaw time."""

    offset: int
    at: str = "00:00"


@dataclass(frozen=True)
class TopicSpec:
    name: str
    slug: str
    description: str


@dataclass(frozen=True)
class OrganisationSpec:
    short_name: str
    name: str
    kind: str
    website: str = ""
    street: str = ""
    postal_code: str = ""
    description: str = ""


@dataclass(frozen=True)
class PersonSpec:
    first_name: str
    last_name: str
    email: str
    legal_basis: str
    legal_basis_note: str
    memberships: tuple[tuple[str, str, bool], ...]  # (organisation key, role, primary contact)
    consent_days_ago: int | None = None
    do_not_contact: bool = False


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    role: str | None  # a group from core.roles; None for the superuser
    role_label: str
    organisation: str | None = None  # organisation key the account acts for (partners)


@dataclass(frozen=True)
class RecordSpec:
    model: type[CatalogPage]
    slug: str
    title: str
    lead: str
    status: str
    starts: Day | None
    ends: Day | None = None
    body: str = ""  # paragraphs separated by blank lines
    districts: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    unit: str | None = None  # responsible unit (organisation key)
    owner: str | None = None  # responsible person (username)
    author: str = "redaktor"  # who created the record
    publish: bool = True
    go_live: Day | None = None  # scheduled publication
    submit_for_approval: bool = False
    relations: dict[str, str] = field(default_factory=dict)  # {"project": slug, "consultation": slug}
    fields: dict[str, Any] = field(default_factory=dict)  # type-specific fields


def council(number: int) -> str:
    """The key of a district council created by `bootstrap`."""
    return f"rada:{number}"


TOPICS = [
    TopicSpec("Zieleń i klimat", "zielen-i-klimat", "Parki, drzewa, podwórka, jakość powietrza i przygotowanie miasta na upały i ulewy."),
    TopicSpec("Transport", "transport", "Komunikacja miejska, ruch pieszy i rowerowy, parkowanie i bezpieczeństwo na drogach."),
    TopicSpec("Budżet obywatelski", "budzet-obywatelski", "Projekty, które mieszkańcy zgłaszają i wybierają w głosowaniu."),
    TopicSpec("Planowanie przestrzenne", "planowanie-przestrzenne", "Plan ogólny, plany miejscowe i zagospodarowanie przestrzeni publicznych."),
    TopicSpec("Edukacja", "edukacja", "Szkoły, przedszkola i edukacja obywatelska dzieci, młodzieży i dorosłych."),
    TopicSpec("Kultura i dziedzictwo", "kultura-i-dziedzictwo", "Domy kultury, biblioteki, zabytki i wydarzenia w dzielnicach."),
    TopicSpec("Polityka społeczna i zdrowie", "polityka-spoleczna-i-zdrowie", "Wsparcie rodzin, profilaktyka zdrowotna i pomoc sąsiedzka."),
    TopicSpec("Seniorzy", "seniorzy", "Sprawy osób starszych: aktywność, opieka i miasto przyjazne seniorom."),
    TopicSpec("Młodzież", "mlodziez", "Głos młodych mieszkańców: rady młodzieżowe, szkoły i miejsca spotkań."),
    TopicSpec("Dostępność", "dostepnosc", "Miasto dostępne dla osób z niepełnosprawnościami i ze szczególnymi potrzebami."),
    TopicSpec("Sport i rekreacja", "sport-i-rekreacja", "Boiska, baseny, kąpieliska, ścieżki i rekreacja na świeżym powietrzu."),
]

ORGANISATIONS = [
    # City Hall units
    OrganisationSpec("WDO", "Wydział ds. Dialogu Obywatelskiego", Kind.CITY_UNIT, "https://www.krakow.pl/", "pl. Wszystkich Świętych 3-4", "31-004",
                     "Wydział prowadzący konsultacje społeczne, budżet obywatelski i współpracę z radami dzielnic."),
    OrganisationSpec("DK-06", "Referat ds. Komunikacji i Promocji Dialogu Obywatelskiego", Kind.CITY_UNIT, "", "pl. Wszystkich Świętych 3-4", "31-004",
                     "Referat odpowiedzialny za komunikację i promocję dialogu obywatelskiego."),
    OrganisationSpec("WKS", "Wydział Komunikacji Społecznej", Kind.CITY_UNIT, "https://www.krakow.pl/", "pl. Wszystkich Świętych 3-4", "31-004"),
    OrganisationSpec("WE", "Wydział Edukacji", Kind.CITY_UNIT, "https://www.krakow.pl/"),
    OrganisationSpec("WKŚ", "Wydział Kształtowania Środowiska", Kind.CITY_UNIT, "https://www.krakow.pl/"),
    OrganisationSpec("WPP", "Wydział Planowania Przestrzennego", Kind.CITY_UNIT, "https://www.krakow.pl/"),
    OrganisationSpec("WPSZ", "Wydział Polityki Społecznej i Zdrowia", Kind.CITY_UNIT, "https://www.krakow.pl/"),
    # Municipal units
    OrganisationSpec("ZZM", "Zarząd Zieleni Miejskiej w Krakowie", Kind.MUNICIPAL_UNIT, "https://zzm.krakow.pl/",
                     description="Jednostka miejska odpowiedzialna za parki, skwery, drzewa i zieleń przyuliczną."),
    OrganisationSpec("ZDMK", "Zarząd Dróg Miasta Krakowa", Kind.MUNICIPAL_UNIT, "https://zdmk.krakow.pl/"),
    OrganisationSpec("ZTP", "Zarząd Transportu Publicznego w Krakowie", Kind.MUNICIPAL_UNIT, "https://ztp.krakow.pl/"),
    OrganisationSpec("MOPS", "Miejski Ośrodek Pomocy Społecznej w Krakowie", Kind.MUNICIPAL_UNIT, "https://mops.krakow.pl/"),
    OrganisationSpec("BK", "Biblioteka Kraków", Kind.MUNICIPAL_UNIT, "https://www.bibliotekakrakow.pl/",
                     description="Sieć filii bibliotecznych we wszystkich dzielnicach; partner punktów konsultacyjnych."),
    OrganisationSpec("KBF", "Krakowskie Biuro Festiwalowe", Kind.MUNICIPAL_UNIT, "https://kbf.krakow.pl/"),
    OrganisationSpec("NCK", "Nowohuckie Centrum Kultury", Kind.MUNICIPAL_UNIT, "https://nck.krakow.pl/", "al. Jana Pawła II 232", "31-913"),
    OrganisationSpec("CKP", "Centrum Kultury Podgórza", Kind.MUNICIPAL_UNIT, "https://ckpodgorza.pl/", "ul. Sokolska 13", "30-510"),
    # Universities
    OrganisationSpec("UJ", "Uniwersytet Jagielloński", Kind.UNIVERSITY, "https://www.uj.edu.pl/", "ul. Gołębia 24", "31-007"),
    OrganisationSpec("AGH", "Akademia Górniczo-Hutnicza im. Stanisława Staszica w Krakowie", Kind.UNIVERSITY, "https://www.agh.edu.pl/", "al. Mickiewicza 30", "30-059"),
    OrganisationSpec("PK", "Politechnika Krakowska im. Tadeusza Kościuszki", Kind.UNIVERSITY, "https://www.pk.edu.pl/", "ul. Warszawska 24", "31-155"),
    OrganisationSpec("UEK", "Uniwersytet Ekonomiczny w Krakowie", Kind.UNIVERSITY, "https://uek.krakow.pl/", "ul. Rakowicka 27", "31-510"),
    OrganisationSpec("UKEN", "Uniwersytet Komisji Edukacji Narodowej w Krakowie", Kind.UNIVERSITY, "https://www.uken.krakow.pl/", "ul. Podchorążych 2", "30-084"),
    # Media
    OrganisationSpec("Radio Kraków", "Radio Kraków", Kind.MEDIA, "https://www.radiokrakow.pl/"),
    OrganisationSpec("Gazeta Krakowska", "Gazeta Krakowska", Kind.MEDIA, "https://gazetakrakowska.pl/"),
    OrganisationSpec("Dziennik Polski", "Dziennik Polski", Kind.MEDIA, "https://dziennikpolski24.pl/"),
    OrganisationSpec("LoveKraków", "LoveKraków.pl", Kind.MEDIA, "https://lovekrakow.pl/"),
    OrganisationSpec("TVP3 Kraków", "TVP3 Kraków", Kind.MEDIA, "https://krakow.tvp.pl/"),
    # NGOs (invented)
    OrganisationSpec("Przestrzeń Wspólna", "Fundacja Przestrzeń Wspólna", Kind.NGO,
                     description="Wspiera wspólnoty mieszkaniowe w zazielenianiu podwórek i organizowaniu sąsiadów."),
    OrganisationSpec("Rowerowy Kraków", "Stowarzyszenie Rowerowy Kraków", Kind.NGO,
                     description="Działa na rzecz bezpiecznej jazdy rowerem i spójnej sieci tras rowerowych."),
    OrganisationSpec("Miasto Dostępne", "Fundacja Miasto Dostępne", Kind.NGO,
                     description="Doradza w sprawach dostępności, tłumaczy materiały na tekst łatwy do czytania."),
    OrganisationSpec("Seniorzy w Akcji", "Stowarzyszenie Seniorzy w Akcji – Kraków", Kind.NGO),
    OrganisationSpec("Sąsiedzi z Podgórza", "Stowarzyszenie Sąsiedzi z Podgórza", Kind.NGO),
    OrganisationSpec("Głos Młodych", "Fundacja Głos Młodych", Kind.NGO,
                     description="Prowadzi warsztaty o samorządzie i budżecie obywatelskim dla uczniów."),
    # CSR companies (invented)
    OrganisationSpec("Krakowska Pracownia Danych", "Krakowska Pracownia Danych sp. z o.o.", Kind.COMPANY,
                     description="Partner CSR: bezpłatne analizy danych z konsultacji i wizualizacje wyników."),
    OrganisationSpec("Zielony Kwadrat", "Zielony Kwadrat sp. z o.o.", Kind.COMPANY,
                     description="Partner CSR: sadzonki i wolontariat pracowniczy przy zazielenianiu podwórek."),
    OrganisationSpec("Druk Małopolska", "Drukarnia Małopolska S.A.", Kind.COMPANY,
                     description="Partner CSR: druk plakatów i ulotek kampanii informacyjnych."),
    # Other
    OrganisationSpec("MRK", "Młodzieżowa Rada Krakowa", Kind.OTHER,
                     description="Ciało doradcze złożone z przedstawicieli krakowskich szkół."),
]

PEOPLE = [
    PersonSpec("Katarzyna", "Zielińska", "k.zielinska@example.org", LegalBasis.PUBLIC_SOURCE,
               "Dane kontaktowe przewodniczącej zarządu dzielnicy opublikowane w BIP.", ((council(13), "przewodnicząca zarządu dzielnicy", True),)),
    PersonSpec("Andrzej", "Kaczmarek", "a.kaczmarek@example.org", LegalBasis.PUBLIC_SOURCE,
               "Dane kontaktowe radnego dzielnicy opublikowane w BIP.", ((council(18), "radny dzielnicy, komisja ds. zieleni", True),)),
    PersonSpec("Tomasz", "Wróbel", "t.wrobel@example.org", LegalBasis.PUBLIC_SOURCE,
               "Służbowe dane rzecznika prasowego jednostki miejskiej.", (("ZZM", "rzecznik prasowy", True),)),
    PersonSpec("Agnieszka", "Lis", "a.lis@example.org", LegalBasis.PUBLIC_TASK,
               "Pracownica Urzędu – współpraca przy realizacji zadania publicznego.", (("WE", "koordynatorka edukacji obywatelskiej", True),)),
    PersonSpec("Magdalena", "Krawczyk", "m.krawczyk@example.org", LegalBasis.CONSENT,
               "Zgoda na listę mailingową dla mediów, formularz biura prasowego.", (("Radio Kraków", "dziennikarka działu miejskiego", True),),
               consent_days_ago=180),
    PersonSpec("Piotr", "Nowicki", "p.nowicki@example.org", LegalBasis.CONSENT,
               "Zgoda wyrażona na spotkaniu konsultacyjnym.", (("Rowerowy Kraków", "prezes zarządu", True), (council(5), "członek komisji ds. komunikacji", False)),
               consent_days_ago=95),
    PersonSpec("Ewa", "Jabłońska", "e.jablonska@example.org", LegalBasis.CONTRACT,
               "Umowa o współpracy przy Krakowskim Panelu Klimatycznym.", (("UJ", "ekspertka panelu klimatycznego", True), ("AGH", "recenzentka materiałów", False))),
    PersonSpec("Joanna", "Mazur", "j.mazur@example.org", LegalBasis.CONTRACT,
               "Porozumienie o współpracy w programie CSR.", (("Zielony Kwadrat", "koordynatorka programów CSR", True),)),
    PersonSpec("Michał", "Dudek", "m.dudek@example.org", LegalBasis.CONSENT,
               "Zgoda wycofana – zachowujemy tylko informację o sprzeciwie.", (("MRK", "przewodniczący", False),),
               consent_days_ago=400, do_not_contact=True),
]

USERS = [
    UserSpec("admin", "Konto", "serwisowe", None, "superużytkownik"),
    UserSpec("administrator", "Barbara", "Wiśniewska", ADMINISTRATOR, "Administrator"),
    UserSpec("koordynator", "Marek", "Lewandowski", KOORDYNATOR, "Koordynator"),
    UserSpec("redaktor", "Ewelina", "Kamińska", REDAKTOR, "Redaktor"),
    UserSpec("autor", "Paweł", "Zając", AUTOR, "Autor"),
    UserSpec("partner", "Katarzyna", "Zielińska", PARTNER, "Partner", organisation=council(13)),
]


def _event(slug: str, title: str, lead: str, event_type: str, starts: Day, ends: Day, *,
           venue: str = "", address: str = "", online_url: str = "", **spec: Any) -> RecordSpec:
    """An event is either at a venue or online (with a meeting link)."""
    fields = {"event_type": event_type, "venue_name": venue, "venue_address": address,
              "is_online": bool(online_url), "online_url": online_url}
    return RecordSpec(EventPage, slug, title, lead, starts=starts, ends=ends, fields=fields, **spec)


UMK_HALL = "Urząd Miasta Krakowa, Sala Obrad"
UMK_ADDRESS = "pl. Wszystkich Świętych 3-4, 31-004 Kraków"
WEBINAR_URL = "https://spotkania.example.org/dialog-krakow"

PROJECTS = [
    RecordSpec(
        ProjectPage, "krakowski-panel-klimatyczny", "Krakowski Panel Klimatyczny",
        "Losowo wybrani mieszkańcy przez kilka spotkań uczą się od ekspertów i przygotowują rekomendacje dla miasta.",
        Status.RUNNING, Day(-90), Day(120, "23:59"),
        body="Panel obywatelski to mała, losowo wybrana grupa mieszkańców, która odzwierciedla Kraków pod względem wieku, płci, "
             "wykształcenia i dzielnicy.\n\nRekomendacje, które poprze co najmniej 80% panelistów i które mieszczą się w kompetencjach "
             "miasta, Prezydent wdraża.",
        topics=("zielen-i-klimat",), partners=("UJ", "AGH", "Krakowska Pracownia Danych"), unit="WDO", owner="koordynator",
    ),
    RecordSpec(
        ProjectPage, "budzet-obywatelski-edukacja", "Budżet obywatelski – edukacja",
        "Uczymy, jak zgłosić projekt do budżetu obywatelskiego, i wspieramy szkolne budżety obywatelskie.",
        Status.RUNNING, Day(-200), Day(160, "23:59"),
        body="Program łączy lekcje w szkołach, warsztaty dla samorządów uczniowskich i dyżury dla autorów projektów.",
        topics=("budzet-obywatelski", "edukacja", "mlodziez"), partners=("WE", "MRK", "UKEN", "Głos Młodych"), unit="WDO", owner="redaktor",
    ),
    RecordSpec(
        ProjectPage, "zielone-podworka", "Zielone podwórka",
        "Wspólnie z mieszkańcami zamieniamy zabetonowane podwórka w zielone miejsca do odpoczynku.",
        Status.RUNNING, Day(-300), Day(400, "23:59"),
        body="Wspólnoty i spółdzielnie zgłaszają podwórka, mieszkańcy projektują zmiany na warsztatach, a Zarząd Zieleni Miejskiej "
             "pomaga je zrealizować.",
        districts=(1, 2, 5, 8, 13), topics=("zielen-i-klimat",), partners=("ZZM", "Przestrzeń Wspólna", "Zielony Kwadrat"), unit="ZZM",
    ),
    RecordSpec(
        ProjectPage, "krakow-bez-barier-informacja", "Kraków bez barier – informacja dla wszystkich",
        "Przygotowujemy materiały o konsultacjach w tekście łatwym do czytania i w polskim języku migowym.",
        Status.PLANNED, Day(30), Day(395, "23:59"),
        topics=("dostepnosc",), partners=("Miasto Dostępne",), unit="DK-06", owner="redaktor",
    ),
]

CONSULTATIONS = [
    RecordSpec(
        ConsultationPage, "park-rzeczny-wilga", "Park Rzeczny Wilga – koncepcja zagospodarowania",
        "Zapytamy, jak ma wyglądać park wzdłuż Wilgi: ścieżki, miejsca odpoczynku i ochrona przyrody.",
        Status.PLANNED, Day(40), Day(70, "23:59"),
        districts=(9, 11, 13), topics=("zielen-i-klimat", "planowanie-przestrzenne"), partners=("ZZM", council(9), council(11)),
        unit="WKŚ", owner="koordynator",
    ),
    RecordSpec(
        ConsultationPage, "strefa-czystego-transportu-zasady", "Strefa Czystego Transportu – zasady i wyjątki dla mieszkańców",
        "Przygotowujemy konsultacje zasad wjazdu do strefy i wyjątków dla mieszkańców.",
        Status.IN_PREPARATION, Day(25), Day(60, "23:59"),
        topics=("transport", "zielen-i-klimat"), partners=("ZTP", "ZDMK"), unit="WKŚ", owner="redaktor",
    ),
    RecordSpec(
        ConsultationPage, "park-lotnikow-zasady", "Zasady korzystania z Parku Lotników Polskich",
        "Od przyszłego tygodnia możesz zgłaszać uwagi do regulaminu parku: godziny otwarcia, psy, rowery i imprezy.",
        Status.ANNOUNCED, Day(5), Day(35, "23:59"),
        body="Uwagi zbieramy przez formularz online, mailem, na spotkaniu otwartym i podczas spaceru badawczego.",
        districts=(14,), topics=("zielen-i-klimat", "sport-i-rekreacja"), partners=("ZZM", council(14)), unit="ZZM",
    ),
    RecordSpec(
        ConsultationPage, "zielone-podworka-zasady-programu", "Zielone podwórka – zasady programu na lata 2027–2029",
        "Powiedz, które podwórka zazielenić najpierw i jak wspólnoty mają zgłaszać się do programu.",
        Status.OPEN, Day(-12), Day(16, "23:59"),
        body="Do końca konsultacji możesz wypełnić ankietę online, przyjść na spotkanie otwarte albo do punktu konsultacyjnego.\n\n"
             "Każda uwaga dostanie odpowiedź w raporcie z konsultacji.",
        districts=(1, 2, 5, 13), topics=("zielen-i-klimat",), partners=("ZZM", "Przestrzeń Wspólna", council(13)),
        unit="WDO", owner="redaktor", relations={"project": "zielone-podworka"},
    ),
    RecordSpec(
        ConsultationPage, "rowerowy-krakow-2030", "Rowerowy Kraków 2030 – kierunki rozwoju tras rowerowych",
        "Wskaż brakujące połączenia rowerowe i miejsca, w których jazda rowerem jest niebezpieczna.",
        Status.OPEN, Day(-5), Day(24, "23:59"),
        districts=(3, 4, 14, 15, 16, 18), topics=("transport",), partners=("ZDMK", "Rowerowy Kraków", "PK"),
        unit="ZDMK", owner="koordynator",
    ),
    RecordSpec(
        ConsultationPage, "regulamin-budzetu-obywatelskiego", "Regulamin budżetu obywatelskiego na kolejną edycję",
        "Konsultacje zakończone. Analizujemy uwagi i przygotowujemy raport.",
        Status.CLOSED, Day(-60), Day(-25, "23:59"),
        topics=("budzet-obywatelski",), partners=("MRK",), unit="WDO", relations={"project": "budzet-obywatelski-edukacja"},
    ),
    RecordSpec(
        ConsultationPage, "kapielisko-zakrzowek-sezon", "Kąpielisko Zakrzówek – organizacja sezonu letniego",
        "Raport opublikowany: zebraliśmy 1 243 uwagi o godzinach otwarcia, biletach i dostępności kąpieliska.",
        Status.REPORT_PUBLISHED, Day(-150), Day(-120, "23:59"),
        districts=(8,), topics=("sport-i-rekreacja", "dostepnosc"), partners=("ZZM", council(8)), unit="WDO", owner="redaktor",
    ),
    RecordSpec(
        ConsultationPage, "krakow-przyjazny-seniorom", "Kraków przyjazny seniorom – plan działań",
        "Raport opublikowany: seniorzy wskazali ławki, toalety publiczne i transport jako najpilniejsze sprawy.",
        Status.REPORT_PUBLISHED, Day(-220), Day(-190, "23:59"),
        topics=("seniorzy", "polityka-spoleczna-i-zdrowie"), partners=("MOPS", "WPSZ", "Seniorzy w Akcji"), unit="WPSZ",
    ),
]

CAMPAIGNS = [
    RecordSpec(
        CampaignPage, "twoj-glos-w-sprawie-zieleni", "Twój głos w sprawie zieleni",
        "Plakaty na klatkach schodowych, spoty w radiu i posty zapraszają do konsultacji „Zielone podwórka”.",
        Status.RUNNING, Day(-20), Day(16, "23:59"),
        districts=(1, 2, 5, 13), topics=("zielen-i-klimat",), partners=("Radio Kraków", "Druk Małopolska"), owner="redaktor",
        relations={"project": "zielone-podworka", "consultation": "zielone-podworka-zasady-programu"},
        fields={"kind": CampaignKind.INFORMATION},
    ),
    RecordSpec(
        CampaignPage, "rowerem-na-konsultacje", "Rowerem na konsultacje",
        "Kampania w mediach społecznościowych i na stacjach rowerowych zachęca do udziału w konsultacjach tras rowerowych.",
        Status.APPROVED, Day(2), Day(24, "23:59"),
        topics=("transport",), partners=("Rowerowy Kraków", "LoveKraków"), owner="koordynator",
        relations={"consultation": "rowerowy-krakow-2030"}, fields={"kind": CampaignKind.INFORMATION},
    ),
    RecordSpec(
        CampaignPage, "szkolne-budzety-obywatelskie", "Szkolne budżety obywatelskie",
        "Kampania edukacyjna dla szkół: lekcje, plakaty i film o tym, jak uczniowie decydują o pieniądzach szkoły.",
        Status.PLANNED, Day(45), Day(120, "23:59"),
        topics=("budzet-obywatelski", "edukacja", "mlodziez"), partners=("WE", "Głos Młodych"),
        relations={"project": "budzet-obywatelski-edukacja"}, fields={"kind": CampaignKind.EDUCATIONAL},
    ),
    RecordSpec(
        CampaignPage, "klimat-na-serio", "Klimat na serio",
        "Kampania towarzysząca panelowi klimatycznemu: webinary z ekspertami i materiały o adaptacji do zmian klimatu.",
        Status.EVALUATED, Day(-150), Day(-80, "23:59"),
        topics=("zielen-i-klimat",), partners=("UJ", "AGH", "TVP3 Kraków"), owner="koordynator",
        relations={"project": "krakowski-panel-klimatyczny"}, fields={"kind": CampaignKind.EDUCATIONAL},
    ),
    RecordSpec(
        CampaignPage, "sasiedzi-dla-sasiadow", "Sąsiedzi dla sąsiadów",
        "Kampania społeczna o pomocy sąsiedzkiej i lokalnych inicjatywach w dzielnicach.",
        Status.FINISHED, Day(-100), Day(-40, "23:59"),
        districts=(13, 18), topics=("polityka-spoleczna-i-zdrowie", "seniorzy"), partners=("Sąsiedzi z Podgórza", "MOPS", "Gazeta Krakowska"),
        fields={"kind": CampaignKind.SOCIAL},
    ),
    RecordSpec(
        CampaignPage, "konsultacje-w-prostym-jezyku", "Konsultacje w prostym języku",
        "Pomysł: krótkie filmy i ulotki w tekście łatwym do czytania o tym, jak wziąć udział w konsultacjach.",
        Status.IDEA, Day(90), None,
        topics=("dostepnosc",), partners=("Miasto Dostępne",), author="autor", publish=False, submit_for_approval=True,
        relations={"project": "krakow-bez-barier-informacja"}, fields={"kind": CampaignKind.SOCIAL},
    ),
]

EVENTS = [
    _event("debata-drzewa-w-miescie", "Debata: jak chronić drzewa w mieście?",
           "Eksperci, urzędnicy i mieszkańcy rozmawiają o wycinkach, nasadzeniach i drzewach przy nowych inwestycjach.",
           EventType.DEBATE, Day(9, "18:00"), Day(9, "20:00"), venue="Małopolski Ogród Sztuki", address="ul. Rajska 12, 31-124 Kraków",
           status=Status.ANNOUNCED, districts=(1,), topics=("zielen-i-klimat",), partners=("ZZM", "UJ"), owner="redaktor"),
    _event("warsztaty-zielone-podworka-grzegorzki", "Warsztaty projektowe „Zielone podwórka” – Grzegórzki",
           "Z architektem krajobrazu zaprojektujesz zieleń na swoim podwórku. Materiały zapewniamy.",
           EventType.WORKSHOP, Day(6, "17:00"), Day(6, "19:30"), venue="Siedziba Rady Dzielnicy II Grzegórzki", address="Kraków",
           status=Status.ANNOUNCED, districts=(2,), topics=("zielen-i-klimat",), partners=(council(2), "Przestrzeń Wspólna"),
           relations={"consultation": "zielone-podworka-zasady-programu", "project": "zielone-podworka"}),
    _event("spotkanie-zielone-podworka-podgorze", "Spotkanie otwarte: Zielone podwórka w Podgórzu",
           "Przedstawiliśmy projekt zasad programu i zebraliśmy uwagi mieszkańców Podgórza.",
           EventType.CONSULTATION_MEETING, Day(-4, "18:00"), Day(-4, "20:00"), venue="Centrum Kultury Podgórza", address="ul. Sokolska 13, 30-510 Kraków",
           status=Status.FINISHED, districts=(13,), topics=("zielen-i-klimat",), partners=(council(13), "CKP"), owner="redaktor",
           relations={"consultation": "zielone-podworka-zasady-programu"}),
    _event("spotkanie-trasy-rowerowe-nowa-huta", "Spotkanie konsultacyjne: trasy rowerowe w Nowej Hucie",
           "Porozmawiajmy o połączeniach rowerowych Nowej Huty z centrum i z Mistrzejowicami.",
           EventType.CONSULTATION_MEETING, Day(11, "17:30"), Day(11, "19:30"), venue="Nowohuckie Centrum Kultury", address="al. Jana Pawła II 232, 31-913 Kraków",
           status=Status.ANNOUNCED, districts=(18,), topics=("transport",), partners=("NCK", council(18), "Rowerowy Kraków"),
           relations={"consultation": "rowerowy-krakow-2030"}),
    _event("panel-klimatyczny-spotkanie-3", "Krakowski Panel Klimatyczny – spotkanie 3: energia i budynki",
           "Paneliści słuchają ekspertów o ociepleniu budynków i odnawialnych źródłach energii. Obserwatorzy mile widziani.",
           EventType.CITIZEN_PANEL, Day(13, "10:00"), Day(13, "16:00"), venue=UMK_HALL, address=UMK_ADDRESS,
           status=Status.ANNOUNCED, districts=(1,), topics=("zielen-i-klimat",), partners=("UJ", "AGH"), owner="koordynator",
           relations={"project": "krakowski-panel-klimatyczny"}),
    _event("panel-klimatyczny-spotkanie-2", "Krakowski Panel Klimatyczny – spotkanie 2: transport",
           "Paneliści rozmawiali o transporcie publicznym, rowerach i strefie czystego transportu.",
           EventType.CITIZEN_PANEL, Day(-16, "10:00"), Day(-16, "16:00"), venue=UMK_HALL, address=UMK_ADDRESS,
           status=Status.FINISHED, districts=(1,), topics=("zielen-i-klimat", "transport"), partners=("UJ", "ZTP"), owner="koordynator",
           relations={"project": "krakowski-panel-klimatyczny"}),
    _event("webinar-jak-zlozyc-uwage", "Webinar: jak złożyć uwagę w konsultacjach online",
           "W 45 minut pokażemy, jak wypełnić formularz, dołączyć załącznik i sprawdzić odpowiedź na swoją uwagę.",
           EventType.WEBINAR, Day(4, "18:00"), Day(4, "18:45"), online_url=WEBINAR_URL,
           status=Status.ANNOUNCED, topics=("dostepnosc",), partners=("Miasto Dostępne",), owner="redaktor"),
    _event("spacer-badawczy-park-lotnikow", "Spacer badawczy po Parku Lotników Polskich",
           "Przejdziemy park z projektantami i zapiszemy, co warto zmienić w regulaminie.",
           EventType.RESEARCH_WALK, Day(8, "16:00"), Day(8, "18:00"), venue="Park Lotników Polskich – wejście od al. Jana Pawła II",
           status=Status.ANNOUNCED, districts=(14,), topics=("zielen-i-klimat",), partners=("ZZM", council(14)),
           relations={"consultation": "park-lotnikow-zasady"}),
    _event("spacer-badawczy-wilga", "Spacer badawczy wzdłuż Wilgi",
           "Spacer z przyrodnikami wzdłuż Wilgi przed konsultacjami koncepcji parku rzecznego.",
           EventType.RESEARCH_WALK, Day(48, "10:00"), Day(48, "13:00"), venue="Bulwar nad Wilgą, przy ul. Kamieńskiego",
           status=Status.PLANNED, districts=(11,), topics=("zielen-i-klimat",), partners=("ZZM", council(11)), owner="koordynator",
           go_live=Day(14, "09:00"), relations={"consultation": "park-rzeczny-wilga"}),
    _event("dyzur-eksperta-zielen-na-podworku", "Dyżur eksperta: zieleń na podwórku",
           "Ogrodniczka z Zarządu Zieleni Miejskiej doradzi, jakie rośliny sprawdzą się na Twoim podwórku.",
           EventType.DUTY_HOURS, Day(3, "16:00"), Day(3, "18:00"), venue="Biblioteka Kraków – filia w Krowodrzy",
           status=Status.ANNOUNCED, districts=(5,), topics=("zielen-i-klimat",), partners=("BK", "ZZM"),
           relations={"consultation": "zielone-podworka-zasady-programu"}),
    _event("dyzur-strefa-czystego-transportu", "Dyżur konsultacyjny: Strefa Czystego Transportu",
           "Urzędnicy odpowiedzą na pytania o zasady wjazdu i wyjątki dla mieszkańców.",
           EventType.DUTY_HOURS, Day(30, "12:00"), Day(30, "16:00"), venue=UMK_HALL, address=UMK_ADDRESS,
           status=Status.PLANNED, districts=(1,), topics=("transport",), partners=("WKŚ",),
           relations={"consultation": "strefa-czystego-transportu-zasady"}),
    _event("punkt-konsultacyjny-rynek-podgorski", "Punkt konsultacyjny na Rynku Podgórskim",
           "Przyjdź, obejrzyj mapy podwórek i zostaw swoją uwagę na miejscu.",
           EventType.CONSULTATION_POINT, Day(7, "10:00"), Day(7, "14:00"), venue="Rynek Podgórski", address="Rynek Podgórski, Kraków",
           status=Status.ANNOUNCED, districts=(13,), topics=("zielen-i-klimat",), partners=(council(13), "Sąsiedzi z Podgórza"), owner="redaktor",
           relations={"consultation": "zielone-podworka-zasady-programu"}),
    _event("mobilny-punkt-bienczyce", "Mobilny punkt konsultacyjny w Bieńczycach",
           "Mobilny punkt stanie przy ośrodku kultury: zaznacz na mapie, gdzie brakuje drogi rowerowej.",
           EventType.CONSULTATION_POINT, Day(10, "15:00"), Day(10, "19:00"), venue="Ośrodek Kultury im. C.K. Norwida", address="os. Górali 5, Kraków",
           status=Status.ANNOUNCED, districts=(16,), topics=("transport",), partners=(council(16),),
           relations={"consultation": "rowerowy-krakow-2030"}),
    _event("warsztaty-rady-dzielnic-konsultacje", "Warsztaty dla rad dzielnic: jak prowadzić konsultacje",
           "Radni z ośmiu dzielnic ćwiczyli planowanie konsultacji i pisanie ogłoszeń prostym językiem.",
           EventType.WORKSHOP, Day(-30, "10:00"), Day(-30, "14:00"), venue="Dworek Białoprądnicki", address="ul. Papiernicza 2, 31-221 Kraków",
           status=Status.FINISHED, districts=(4,), topics=("planowanie-przestrzenne",), partners=(council(4), "DK-06"), owner="koordynator"),
    _event("warsztaty-szkolny-budzet", "Warsztaty „Szkolny budżet obywatelski” dla samorządów uczniowskich",
           "Uczniowie nauczą się zbierać pomysły, liczyć koszty i organizować głosowanie w szkole.",
           EventType.WORKSHOP, Day(20, "09:00"), Day(20, "13:00"), venue="Szkoła podstawowa w Prokocimiu (adres w zaproszeniu)",
           status=Status.PLANNED, districts=(12,), topics=("budzet-obywatelski", "edukacja", "mlodziez"), partners=("Głos Młodych", "WE"),
           relations={"project": "budzet-obywatelski-edukacja"}),
    _event("debata-mlodziezy-budzet", "Debata oksfordzka młodzieży o budżecie obywatelskim",
           "Odwołana z powodu remontu sali. Nowy termin ogłosimy wkrótce.",
           EventType.DEBATE, Day(15, "12:00"), Day(15, "14:00"), venue="Siedziba Rady Dzielnicy III Prądnik Czerwony",
           status=Status.CANCELLED, districts=(3,), topics=("budzet-obywatelski", "mlodziez"), partners=("MRK", council(3)),
           relations={"project": "budzet-obywatelski-edukacja"}),
    _event("piknik-zielone-podworka-debniki", "Piknik sąsiedzki „Zielone podwórka” na Dębnikach",
           "Sąsiedzi sadzili byliny i malowali donice na odnowionym podwórku.",
           EventType.OTHER, Day(-45, "11:00"), Day(-45, "16:00"), venue="Park Dębnicki",
           status=Status.FINISHED, districts=(8,), topics=("zielen-i-klimat",), partners=("Zielony Kwadrat", council(8)),
           relations={"project": "zielone-podworka"}),
    _event("webinar-wyniki-zakrzowek", "Webinar: wyniki konsultacji „Kąpielisko Zakrzówek”",
           "Omówiliśmy raport z konsultacji i zmiany wprowadzone przed sezonem.",
           EventType.WEBINAR, Day(-100, "18:00"), Day(-100, "19:00"), online_url=WEBINAR_URL,
           status=Status.FINISHED, districts=(8,), topics=("sport-i-rekreacja",), owner="redaktor",
           relations={"consultation": "kapielisko-zakrzowek-sezon"}),
    _event("spotkanie-regulamin-budzetu-bronowice", "Spotkanie otwarte: regulamin budżetu obywatelskiego",
           "Mieszkańcy Bronowic zgłaszali uwagi do zasad głosowania i oceny projektów.",
           EventType.CONSULTATION_MEETING, Day(-40, "18:00"), Day(-40, "20:00"), venue="Siedziba Rady Dzielnicy VI Bronowice",
           status=Status.FINISHED, districts=(6,), topics=("budzet-obywatelski",), partners=(council(6),),
           relations={"consultation": "regulamin-budzetu-obywatelskiego"}),
    _event("dzien-sasiada-podgorze", "Dzień Sąsiada w Podgórzu",
           "Propozycja rady dzielnicy: gry podwórkowe, stoisko z informacją o konsultacjach i wymiana roślin.",
           EventType.OTHER, Day(35, "12:00"), Day(35, "18:00"), venue="Park Bednarskiego",
           status=Status.PLANNED, districts=(13,), topics=("kultura-i-dziedzictwo",), partners=(council(13),),
           author="partner", publish=False),
]

OFFERS = [
    RecordSpec(OfferPage, "szkolenie-rady-dzielnic-konsultacje", "Szkolenie dla rad dzielnic: konsultacje krok po kroku",
               "Jednodniowe szkolenie o planowaniu konsultacji, ogłoszeniach i raportach.", Status.AVAILABLE, None,
               topics=("planowanie-przestrzenne",), unit="DK-06", owner="koordynator",
               fields={"kind": OfferKind.TRAINING, "audience": "radni i pracownicy rad dzielnic",
                       "how_to_use": "Napisz do nas – ustalimy termin szkolenia w siedzibie rady dzielnicy."}),
    RecordSpec(OfferPage, "poradnik-konsultacje-w-krakowie", "Poradnik „Konsultacje społeczne w Krakowie”",
               "Jak przebiegają konsultacje, kto je ogłasza i co dzieje się z Twoją uwagą.", Status.AVAILABLE, Day(-200),
               unit="DK-06", fields={"kind": OfferKind.PUBLICATION, "audience": "mieszkańcy",
                                     "how_to_use": "Pobierz PDF albo odbierz wersję drukowaną w punkcie obsługi mieszkańców."}),
    RecordSpec(OfferPage, "poradnik-etr-konsultacje", "Tekst łatwy do czytania: jak wziąć udział w konsultacjach",
               "Krótki poradnik z obrazkami, napisany prostymi zdaniami.", Status.AVAILABLE, Day(-60),
               topics=("dostepnosc",), partners=("Miasto Dostępne",), unit="DK-06", owner="redaktor",
               fields={"kind": OfferKind.PUBLICATION, "audience": "osoby, którym trudno czytać długie teksty"}),
    RecordSpec(OfferPage, "formularze-online-uwagi", "Formularze online do zbierania uwag",
               "Gotowe formularze e-konsultacji dla wydziałów i jednostek miejskich.", Status.AVAILABLE, None,
               partners=("Krakowska Pracownia Danych",), unit="DK-06",
               fields={"kind": OfferKind.TOOL, "audience": "wydziały Urzędu i jednostki miejskie"}),
    RecordSpec(OfferPage, "mobilny-punkt-konsultacyjny", "Mobilny punkt konsultacyjny dla dzielnic",
               "Namiot, mapy i tablice, z którymi rada dzielnicy może zbierać uwagi w parku lub na targu.", Status.AVAILABLE, None,
               unit="DK-06", owner="koordynator",
               fields={"kind": OfferKind.TOOL, "audience": "rady dzielnic",
                       "how_to_use": "Zarezerwuj termin co najmniej dwa tygodnie wcześniej."}),
    RecordSpec(OfferPage, "mikrogranty-inicjatywy-sasiedzkie", "Mikrogranty „Inicjatywy sąsiedzkie”",
               "Do 5 000 zł na sąsiedzki projekt: piknik, warsztaty, wspólne sadzenie.", Status.AVAILABLE, Day(-30), Day(150, "23:59"),
               districts=(13, 18), topics=("polityka-spoleczna-i-zdrowie",), partners=("Sąsiedzi z Podgórza", "Zielony Kwadrat"), unit="WDO",
               fields={"kind": OfferKind.PROGRAMME, "audience": "grupy sąsiedzkie i organizacje pozarządowe"}),
    RecordSpec(OfferPage, "lekcje-o-partycypacji", "Lekcje o partycypacji dla szkół ponadpodstawowych",
               "45-minutowe lekcje o konsultacjach, budżecie obywatelskim i radach dzielnic.", Status.AVAILABLE, None,
               topics=("edukacja", "mlodziez"), partners=("Głos Młodych", "WE"), owner="redaktor",
               fields={"kind": OfferKind.TRAINING, "audience": "uczniowie szkół ponadpodstawowych i nauczyciele"}),
    RecordSpec(OfferPage, "dostepne-spotkania-pjm-petla", "Dostępne spotkania: tłumacz PJM, pętla indukcyjna, napisy",
               "Na każde spotkanie konsultacyjne zamówimy tłumacza polskiego języka migowego lub napisy na żywo.", Status.AVAILABLE, None,
               topics=("dostepnosc",), partners=("Miasto Dostępne",), unit="DK-06",
               fields={"kind": OfferKind.PROGRAMME, "audience": "osoby głuche, słabosłyszące i ze szczególnymi potrzebami",
                       "how_to_use": "Zgłoś potrzebę przy zapisie na wydarzenie, najpóźniej 5 dni przed spotkaniem."}),
    RecordSpec(OfferPage, "zestaw-spaceru-badawczego", "Zestaw do spaceru badawczego",
               "Karty obserwacji, mapy i instrukcja do wydruku – zorganizuj spacer badawczy w swojej okolicy.", Status.AVAILABLE, None,
               topics=("planowanie-przestrzenne",), partners=("PK",),
               fields={"kind": OfferKind.TOOL, "audience": "rady dzielnic, szkoły i organizacje"}),
    RecordSpec(OfferPage, "kurs-budzet-obywatelski-od-kuchni", "Kurs e-learningowy „Budżet obywatelski od kuchni” (edycja archiwalna)",
               "Kurs z poprzedniej edycji budżetu obywatelskiego; zasady zmieniły się od tego czasu.", Status.ARCHIVED, Day(-700), Day(-330, "23:59"),
               topics=("budzet-obywatelski",), unit="WDO",
               fields={"kind": OfferKind.TRAINING, "audience": "autorzy projektów"}),
]

# Created in this order: later records refer to earlier ones by slug.
RECORDS = PROJECTS + CONSULTATIONS + CAMPAIGNS + EVENTS + OFFERS

# Material for the generated volume records (`seed_demo --scale N`).
VOLUME_SUBJECTS = [
    "nowe nasadzenia drzew", "bezpieczne przejścia dla pieszych", "plac zabaw przy szkole", "remont boiska osiedlowego",
    "droga rowerowa do centrum", "zieleń przy bulwarach", "oświetlenie parku", "mała retencja wody deszczowej",
    "strefa relaksu dla seniorów", "biblioteka sąsiedzka", "ogród społeczny", "parkingi rowerowe przy szkołach",
    "rewitalizacja skweru", "wybieg dla psów", "kino plenerowe", "lokalne centrum aktywności", "zielone przystanki",
    "uspokojenie ruchu na osiedlu", "ławki i poidełka", "dostępne przejścia podziemne", "targowisko dzielnicowe",
    "świetlica dla młodzieży", "łąki kwietne", "bezpieczna droga do szkoły",
]
EVENT_TYPE_TITLES = {
    EventType.DEBATE: "Debata", EventType.WORKSHOP: "Warsztaty", EventType.CITIZEN_PANEL: "Panel obywatelski",
    EventType.CONSULTATION_MEETING: "Spotkanie konsultacyjne", EventType.WEBINAR: "Webinar",
    EventType.RESEARCH_WALK: "Spacer badawczy", EventType.DUTY_HOURS: "Dyżur eksperta",
    EventType.CONSULTATION_POINT: "Punkt konsultacyjny", EventType.OTHER: "Spotkanie",
}
OFFER_KIND_TITLES = {
    OfferKind.PROGRAMME: "Program", OfferKind.TRAINING: "Szkolenie", OfferKind.TOOL: "Narzędzie", OfferKind.PUBLICATION: "Poradnik",
}


@dataclass(frozen=True)
class ActionSpec:
    """An action of a demo campaign's plan; `after` names an action of the same campaign it depends on."""

    campaign: str
    title: str
    kind: str
    channel: str | None
    when: Day
    responsible: str
    status: str = "todo"
    until: Day | None = None
    after: str | None = None


ACTIONS = [
    ActionSpec("twoj-glos-w-sprawie-zieleni", "Plakaty na klatkach schodowych", "print", "print", Day(-21, "08:00"), "redaktor", "done", until=Day(14, "20:00")),
    ActionSpec("twoj-glos-w-sprawie-zieleni", "Komunikat prasowy: rusza kampania", "press_release", "press", Day(-20, "10:00"), "koordynator", "done"),
    ActionSpec("twoj-glos-w-sprawie-zieleni", "Post: zielone podwórka w liczbach", "social_post", "facebook", Day(-19, "12:00"), "redaktor", "done", after="Komunikat prasowy: rusza kampania"),
    ActionSpec("twoj-glos-w-sprawie-zieleni", "Spot w Radiu Kraków", "video", "press", Day(-3, "07:30"), "redaktor", "in_progress", until=Day(4, "19:00")),
    ActionSpec("twoj-glos-w-sprawie-zieleni", "Relacja ze spaceru badawczego", "social_post", "facebook", Day(-1, "18:00"), "autor", "todo"),
    ActionSpec("twoj-glos-w-sprawie-zieleni", "Przypomnienie: zostały dwa tygodnie", "social_post", "facebook", Day(0, "09:00"), "redaktor", "ready"),
    ActionSpec("twoj-glos-w-sprawie-zieleni", "Newsletter: zielone podwórka", "newsletter", "newsletter", Day(3, "10:00"), "koordynator", "awaiting_approval"),
    ActionSpec("twoj-glos-w-sprawie-zieleni", "Ostatnie dni konsultacji", "social_post", "instagram", Day(14, "09:00"), "redaktor", "todo"),
    ActionSpec("rowerem-na-konsultacje", "Komunikat prasowy o konsultacjach tras", "press_release", "press", Day(2, "10:00"), "koordynator", "ready"),
    ActionSpec("rowerem-na-konsultacje", "Ogłoszenie w BIP", "bip", "bip", Day(2, "12:00"), "koordynator", "todo"),
    ActionSpec("rowerem-na-konsultacje", "Naklejki na stacjach rowerowych", "print", "print", Day(3, "08:00"), "autor", "todo", until=Day(24, "20:00")),
    ActionSpec("rowerem-na-konsultacje", "Post startowy", "social_post", "facebook", Day(5, "09:00"), "redaktor", "todo", after="Komunikat prasowy o konsultacjach tras"),
    ActionSpec("rowerem-na-konsultacje", "Rolka: trasa na próbę", "video", "instagram", Day(5, "12:00"), "redaktor", "todo"),
    ActionSpec("rowerem-na-konsultacje", "Wpis w Magicznym Krakowie", "magiczny_krakow", "magiczny-krakow", Day(6, "10:00"), "autor", "todo"),
    ActionSpec("rowerem-na-konsultacje", "Wniosek o promocję w SKP", "skp_request", "skp", Day(1, "10:00"), "koordynator", "in_progress"),
]


@dataclass(frozen=True)
class RegistrationSpec:
    """Registration for a demo event: places, mode, and what the venue offers (yes / no / unknown)."""

    event: str
    capacity: int
    mode: str = "open"
    invitation_code: str = ""
    step_free_access: str = "unknown"
    induction_loop: str = "unknown"
    accessible_toilet: str = "unknown"
    public_transport: str = ""


REGISTRATIONS = [
    RegistrationSpec("warsztaty-zielone-podworka-grzegorzki", 25, step_free_access="yes", accessible_toilet="yes",
                     public_transport="Tramwaje 1, 17, 22 – przystanek Rondo Grzegórzeckie"),
    RegistrationSpec("debata-drzewa-w-miescie", 80, step_free_access="yes", induction_loop="yes", accessible_toilet="yes",
                     public_transport="Tramwaje 4, 8, 13, 14, 24 – przystanek Teatr Bagatela"),
    RegistrationSpec("webinar-jak-zlozyc-uwage", 100),
    RegistrationSpec("panel-klimatyczny-spotkanie-3", 10, mode="invitation", invitation_code="PANEL2026", step_free_access="yes"),
]


@dataclass(frozen=True)
class MessageSpec:
    """A demo message about a record, with its channel variants; `submit` starts the approval workflow."""

    title: str
    record: str
    text: str
    author: str
    variants: tuple[tuple[str, str], ...]
    submit: bool = False


MESSAGES = [
    MessageSpec(
        "Zaproszenie na warsztaty „Zielone podwórka”", "warsztaty-zielone-podworka-grzegorzki",
        "Zaprojektuj zieleń na swoim podwórku razem z architektem krajobrazu. Warsztaty w Grzegórzkach, zapisy online.",
        "autor",
        (("facebook", "Masz pomysł na zielone podwórko? Przyjdź na warsztaty w Grzegórzkach i zaprojektuj je z architektem "
                      "krajobrazu. Materiały zapewniamy, liczba miejsc ograniczona – zapisz się online."),
         ("mastodon", "Warsztaty „Zielone podwórka” w Grzegórzkach: zaprojektuj zieleń na swoim podwórku z architektem "
                      "krajobrazu. Zapisy online."),
         ("x", "Zielone podwórka: warsztaty projektowe w Grzegórzkach. Zapisz się!")),
        submit=True,
    ),
    MessageSpec(
        "Debata o drzewach – zapowiedź", "debata-drzewa-w-miescie",
        "Uprzejmie informujemy, że w związku z powyższym odbędzie się debata dotycząca przedmiotowej problematyki drzew.",
        "redaktor",
        (("newsletter", "Uprzejmie informujemy, że w związku z powyższym odbędzie się debata dotycząca przedmiotowej "
                        "problematyki ochrony drzewostanu w przestrzeni zurbanizowanej miasta."),),
    ),
]
