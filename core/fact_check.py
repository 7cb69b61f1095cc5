"""Does a text say the same dates, times, places and links as the record it is about?

A message about a consultation or an event is written once and adapted for many channels; a slip in
one variant ("15 marca" when the meeting is on the 16th) reaches thousands of people. This module finds
what a text mentions and compares it with a `FactSheet` – the facts of the record, built by the feature
that knows the record – and says where in the text each mismatch is.

What it recognises (Polish usage, as the unit writes):
- dates: "16 marca", "16 marca 2027 r.", "15–16 marca", "16.03.2027", "16.03", "2027-03-16"; a weekday
  right before a date ("w sobotę 16 marca") must be that date's weekday;
- times: "17:30", "godz. 17.30", "godz. 17", "17:00–19:00"; a bare "17.30" is a time only after "godz."
  (otherwise "16.03" would be both);
- places: street addresses (ul., al., os., pl., rondo + name + number), compared with the sheet's places;
- links: http(s) and www. addresses, compared without scheme, "www.", trailing slash and utm_ parameters.
A day and month without a year match a sheet date on that day and month. Pure functions, no database.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, time
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .plain_polish import Finding

MONTHS = {  # the genitive, as dates are written: "16 marca"
    "stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6, "lipca": 7,
    "sierpnia": 8, "września": 9, "października": 10, "listopada": 11, "grudnia": 12,
}
WEEKDAYS = {  # nominative and accusative ("w sobotę"), Monday = 0
    "poniedziałek": 0, "wtorek": 1, "środa": 2, "środę": 2, "czwartek": 3, "piątek": 4,
    "sobota": 5, "sobotę": 5, "niedziela": 6, "niedzielę": 6,
}
_MONTH = "|".join(MONTHS)
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")\s*,?\s*"
WORDED_DATE = re.compile(
    r"(?<!\d)(?:" + _WEEKDAY + r")?(?:(?P<first>\d{1,2})\s*[–—-]\s*)?(?P<day>\d{1,2})\s+(?P<month>" + _MONTH + r")"
    r"(?:\s+(?P<year>\d{4}))?(?:\s*r\.)?",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(
    r"(?<![\d.:])(?:" + _WEEKDAY + r")?(?:(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2})"
    r"|(?P<day>\d{1,2})\.(?P<month>\d{2})(?:\.(?P<year>\d{4}))?|(?P<slash_day>\d{1,2})/(?P<slash_month>\d{1,2})/(?P<slash_year>\d{4}))"
    r"(?![\d:]|\.\d)",
    re.IGNORECASE,
)
TIME = re.compile(
    r"(?P<after_godz>godz(?:\.|ina|iny|inie)?\s*)?(?<![\d.:])(?P<hour>[01]?\d|2[0-3])"
    r"(?:(?P<colon>:)(?P<minute>[0-5]\d)|(?:\.(?P<dot_minute>[0-5]\d)))?(?![\d:])",
    re.IGNORECASE,
)
ADDRESS = re.compile(
    r"(?P<kind>(?i:ul\.|ulic[ayz]|al\.|alej[ai]|aleja|os\.|osiedl[eu]|pl\.|plac[u]?|rond[oa]))\s+"
    r"(?P<name>(?:[A-ZĄĆĘŁŃÓŚŹŻ0-9][\w.'’-]*\s+){0,4}?)(?P<number>\d+[a-zA-Z]?(?:/\d+)?)\b",
)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'„”«»()]+", re.IGNORECASE)
_CASE_ENDINGS = ("iej", "ej", "ą", "a", "y", "i", "e", "u", "o")  # "Grodzka", "Grodzkiej", "Grodzką" → "grodzk"
_STREET_KINDS = {"ul": "ul.", "uli": "ul.", "al": "al.", "ale": "al.", "os": "os.", "osi": "os.", "pl": "pl.", "pla": "pl.", "ron": "rondo"}


@dataclass(frozen=True)
class FactSheet:
    """The facts a text about a record may mention: its days, times of day, places and addresses on the web."""

    dates: frozenset[date] = field(default_factory=frozenset)
    times: frozenset[time] = field(default_factory=frozenset)
    places: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    kind: str  # "date", "time", "place", "url"
    fragment: str
    start: int
    end: int
    value: object = None


def check(text: str, facts: FactSheet) -> list[Finding]:
    """Every date, time, address and link in `text` that the fact sheet does not contain, in text order."""
    findings = [*_date_findings(text, facts), *_time_findings(text, facts), *_place_findings(text, facts),
                *_url_findings(text, facts)]
    return sorted(findings, key=lambda finding: (finding.start, finding.code))


# --- dates --------------------------------------------------------------------------------------------------------


def date_mentions(text: str) -> list[tuple[Mention, int | None]]:
    """(mention with value (day, month, year or None), the weekday written before it or None)."""
    found = []
    taken: list[tuple[int, int]] = []
    for match in WORDED_DATE.finditer(text):
        month = MONTHS[match["month"].casefold()]
        year = int(match["year"]) if match["year"] else None
        weekday = WEEKDAYS[match["weekday"].casefold()] if match["weekday"] else None
        if match["first"]:
            found.append((Mention("date", match.group(), match.start(), match.end(), (int(match["first"]), month, year)), None))
        found.append((Mention("date", match.group(), match.start(), match.end(), (int(match["day"]), month, year)), weekday))
        taken.append(match.span())
    for match in NUMERIC_DATE.finditer(text):
        if any(start <= match.start() < end for start, end in taken) or _after_godz(text, match.start()):
            continue
        if match["iso_year"]:
            value = (int(match["iso_day"]), int(match["iso_month"]), int(match["iso_year"]))
        elif match["slash_year"]:
            value = (int(match["slash_day"]), int(match["slash_month"]), int(match["slash_year"]))
        else:
            value = (int(match["day"]), int(match["month"]), int(match["year"]) if match["year"] else None)
        if not 1 <= value[1] <= 12 or not 1 <= value[0] <= 31:
            continue  # "17.45" is not a date
        weekday = WEEKDAYS[match["weekday"].casefold()] if match["weekday"] else None
        found.append((Mention("date", match.group(), match.start(), match.end(), value), weekday))
    return sorted(found, key=lambda item: item[0].start)


def _after_godz(text: str, position: int) -> bool:
    return re.search(r"godz(?:\.|ina|iny|inie)?\s*$", text[max(0, position - 12):position], re.IGNORECASE) is not None


def _date_findings(text: str, facts: FactSheet) -> list[Finding]:
    if not facts.dates:
        return []
    findings = []
    for mention, weekday in date_mentions(text):
        day, month, year = mention.value
        matching = [fact for fact in facts.dates if (fact.day, fact.month) == (day, month) and year in (None, fact.year)]
        if not _real_day(day, month, year):
            findings.append(_finding("date_invalid", _("“%(text)s” is not a real date.") % {"text": mention.fragment}, mention))
            continue
        if not matching:
            findings.append(_finding(
                "date_mismatch",
                _("“%(text)s” is not a date of this record (%(facts)s).") % {"text": mention.fragment, "facts": _dates_list(facts.dates)},
                mention,
            ))
            continue
        if weekday is not None and all(fact.weekday() != weekday for fact in matching):
            actual = date_format(sorted(matching)[0], "l")
            if not get_language().startswith("en"):
                actual = actual.lower()  # Polish and Ukrainian write weekdays in lower case
            findings.append(_finding(
                "weekday_mismatch",
                _("“%(text)s”: that day is a %(weekday)s.") % {"text": mention.fragment, "weekday": actual},
                mention,
            ))
    return findings


def _real_day(day: int, month: int, year: int | None) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or 2028, month)[1]  # 2028: a leap year allows 29 Feb


def _dates_list(dates) -> str:
    return ", ".join(date_format(day, "j E Y") for day in sorted(dates))


# --- times --------------------------------------------------------------------------------------------------------


def time_mentions(text: str) -> list[Mention]:
    """"17:30" anywhere; "17.30" and "17" only after "godz." (and the end of a range that follows one)."""
    found = []
    for match in TIME.finditer(text):
        if match["colon"]:
            minute = int(match["minute"])
        elif match["after_godz"] or _range_end_after_godz(text, match.start()):
            minute = int(match["dot_minute"] or 0)
        else:
            continue
        start = match.start("hour")
        found.append(Mention("time", text[start:match.end()], start, match.end(), time(int(match["hour"]), minute)))
    return found


def _range_end_after_godz(text: str, position: int) -> bool:
    """The "19.00" of "godz. 17.00–19.00"."""
    return re.search(r"godz(?:\.|ina|iny|inie)?\s*\d{1,2}(?:[.:]\d{2})?\s*[–—-]\s*$", text[max(0, position - 24):position],
                     re.IGNORECASE) is not None


def _time_findings(text: str, facts: FactSheet) -> list[Finding]:
    if not facts.times:
        return []
    known = ", ".join(moment.strftime("%H:%M") for moment in sorted(facts.times))
    return [
        _finding("time_mismatch", _("“%(text)s” is not a time of this record (%(facts)s).") % {"text": mention.fragment, "facts": known}, mention)
        for mention in time_mentions(text) if mention.value not in facts.times
    ]


# --- places and links ---------------------------------------------------------------------------------------------


def place_mentions(text: str) -> list[Mention]:
    return [Mention("place", match.group(), match.start(), match.end(), _address_key(match.group())) for match in ADDRESS.finditer(text)]


def _address_key(address: str) -> str:
    """"ulica Grodzka 5" and "ul. Grodzkiej 5" → "ul. grodzk 5": kind, name without its case ending, number."""
    match = ADDRESS.search(address)
    if match is None:
        return " ".join(address.casefold().split())
    kind = match["kind"].casefold().rstrip(".")
    kind = _STREET_KINDS.get(kind[:3], _STREET_KINDS.get(kind[:2], kind))
    name = " ".join(_without_case_ending(word) for word in match["name"].casefold().split())
    return f"{kind} {name} {match['number'].casefold()}".replace("  ", " ")


def _without_case_ending(word: str) -> str:
    for ending in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _place_findings(text: str, facts: FactSheet) -> list[Finding]:
    known = {mention.value for place in facts.places for mention in place_mentions(place)}
    if not known:
        return []  # the record names no street address to compare with
    return [
        _finding("place_mismatch", _("“%(text)s” is not the place of this record (%(facts)s).") % {"text": mention.fragment, "facts": "; ".join(facts.places)}, mention)
        for mention in place_mentions(text) if mention.value not in known
    ]


def url_mentions(text: str) -> list[Mention]:
    found = []
    for match in URL.finditer(text):
        raw = match.group().rstrip(".,;:!?…")
        found.append(Mention("url", raw, match.start(), match.start() + len(raw), normalise_url(raw)))
    return found


def normalise_url(url: str) -> str:
    """Scheme, "www.", a trailing slash and utm_ parameters do not make a link different."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    host = parts.netloc.casefold().removeprefix("www.")
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if not key.startswith("utm_")])
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def _url_findings(text: str, facts: FactSheet) -> list[Finding]:
    known = {normalise_url(url) for url in facts.urls}
    return [
        _finding("url_mismatch", _("The link “%(text)s” is not the address of this record (%(facts)s).") % {"text": mention.fragment, "facts": ", ".join(facts.urls) or _("none given")}, mention)
        for mention in url_mentions(text) if mention.value not in known
    ]


def _finding(code: str, message: str, mention: Mention) -> Finding:
    return Finding(code, message, fragment=mention.fragment, start=mention.start, end=mention.end)
