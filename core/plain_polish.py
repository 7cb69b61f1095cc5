"""Plain-Polish checks of a text written for residents: FOG-PL, long sentences, officialese, images and links.

One module every writing feature uses (messages and their channel variants now; BIP entries, reports and
pages later), so a text gets the same advice wherever it is written. Pure functions over strings; the
advice never blocks a save. The numbers follow REFERENCE.md §5 (Kraków's "Wytyczne tworzenia pism w UMK"
and the Pracownia Prostej Polszczyzny's FOG-PL):

    FOG-PL = 0.4 × (W/S + 100 × H/W)

W words, S sentences, H "hard" words of four or more syllables. A syllable is a vowel nucleus
(a ą e ę i o ó u y), except an "i" directly before another vowel, which only softens the consonant
("nie", "mieszkańców"). Thresholds and the phrase list are settings: DIALOG_FOG_THRESHOLD (9),
DIALOG_MAX_SENTENCE_WORDS (20), DIALOG_OFFICIALESE (phrases; a trailing * stands for any ending).
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

VOWELS = frozenset("aąeęioóuy")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Words followed by a full stop that do not end a sentence: abbreviations common in the unit's texts.
ABBREVIATIONS = frozenset(
    "al arch bl dr godz gr im inż itd itp jw ks m mgr min mln mld np nr ok os pl pn pon por prof pt r sob "
    "st św tel tj tys tzn tzw ul ust wg wt ww zł zob śr czw niedz lit pkt art poz".split()
)
SENTENCE_END = re.compile(r"[.!?…]+[\"”»)]*(?=\s|$)|\n\s*\n|\n")
NON_DESCRIPTIVE_LINKS = frozenset({
    "tu", "tutaj", "kliknij", "kliknij tu", "kliknij tutaj", "link", "ten link", "więcej", "czytaj więcej",
    "zobacz więcej", "dowiedz się więcej", "szczegóły", "strona", "here", "click here", "more", "read more",
})
URL_TEXT = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One piece of advice, with where it applies: `start`/`end` are offsets into the checked text (None for the whole text)."""

    code: str
    message: str
    fragment: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Fog:
    words: int
    sentences: int
    hard_words: int
    score: float
    longest_words: tuple[str, ...] = field(default=())


def syllables(word: str) -> int:
    """Vowel nuclei of a Polish word; "i" before a vowel is not one."""
    letters = word.casefold()
    count = 0
    for index, letter in enumerate(letters):
        if letter not in VOWELS:
            continue
        if letter == "i" and index + 1 < len(letters) and letters[index + 1] in VOWELS:
            continue
        count += 1
    return count


def words(text: str) -> list[re.Match]:
    """Words as runs of letters (with inner hyphens and apostrophes); numbers are not words."""
    return list(WORD.finditer(text))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence with at least one word. A full stop after an abbreviation, an initial
    ("J. Nowak") or inside a number ("15.03.2027") does not end a sentence; a line break does (lists, headings)."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.group().startswith(".") and _continues_after_stop(text, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [(begin, end) for begin, end in spans if WORD.search(text, begin, end)]


def _continues_after_stop(text: str, stop: int) -> bool:
    before = re.search(r"([^\W\d_]+)$", text[:stop])
    if before is None:
        return False
    token = before.group(1)
    return token.casefold() in ABBREVIATIONS or (len(token) == 1 and token.isupper())


def fog(text: str) -> Fog:
    """FOG-PL of a text (0 for a text without words)."""
    found = [match.group() for match in words(text)]
    if not found:
        return Fog(words=0, sentences=0, hard_words=0, score=0.0)
    hard = [word for word in found if syllables(word) >= 4]
    count_sentences = max(1, len(sentences(text)))
    score = 0.4 * (len(found) / count_sentences + 100 * len(hard) / len(found))
    longest = tuple(sorted(set(hard), key=lambda word: (-syllables(word), word))[:5])
    return Fog(words=len(found), sentences=count_sentences, hard_words=len(hard), score=round(score, 1), longest_words=longest)


def fog_findings(text: str, *, threshold: float | None = None) -> list[Finding]:
    threshold = settings.DIALOG_FOG_THRESHOLD if threshold is None else threshold
    result = fog(text)
    if result.score <= threshold:
        return []
    return [Finding(
        "fog_too_high",
        _("FOG-PL %(score)s is above %(threshold)s: the text needs more years of schooling than most residents have. "
          "Shorter sentences and fewer long words help (e.g. %(words)s).")
        % {"score": number_format(result.score, 1), "threshold": number_format(threshold, 1),
           "words": ", ".join(result.longest_words) or "–"},
    )]


def long_sentences(text: str, *, limit: int | None = None) -> list[Finding]:
    limit = settings.DIALOG_MAX_SENTENCE_WORDS if limit is None else limit
    findings = []
    for start, end in sentences(text):
        count = len(WORD.findall(text, start, end))
        if count > limit:
            fragment = text[start:end].strip()
            offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            findings.append(Finding(
                "long_sentence",
                ngettext(
                    "This sentence has %(count)d word; sentences over %(limit)d words are hard to follow.",
                    "This sentence has %(count)d words; sentences over %(limit)d words are hard to follow.",
                    count,
                ) % {"count": count, "limit": limit},
                fragment=fragment, start=offset, end=offset + len(fragment),
            ))
    return findings


def officialese(text: str, *, phrases: list[str] | None = None) -> list[Finding]:
    """Phrases of office style that plain Polish avoids, wherever they stand (any letter case)."""
    phrases = settings.DIALOG_OFFICIALESE if phrases is None else phrases
    findings = []
    for phrase in phrases:
        for match in _phrase_pattern(phrase).finditer(text):
            findings.append(Finding(
                "officialese",
                _("“%(phrase)s” is office style; say it the way you would to a neighbour.") % {"phrase": match.group()},
                fragment=match.group(), start=match.start(), end=match.end(),
            ))
    return sorted(findings, key=lambda finding: finding.start)


def _phrase_pattern(phrase: str) -> re.Pattern:
    parts = []
    for word in phrase.split():
        wildcard = word.endswith("*")
        parts.append(re.escape(word.rstrip("*")) + (r"[^\W\d_]*" if wildcard else ""))
    return re.compile(r"(?<![^\W\d_])" + r"\s+".join(parts) + r"(?![^\W\d_])", re.IGNORECASE)


class _HtmlFacts(HTMLParser):
    """Images and links of an HTML fragment, with the text of each link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str | None]] = []
        self.links: list[dict] = []
        self._open_links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img" or (tag == "embed" and attributes.get("embedtype") == "image"):
            self.images.append(attributes)
        elif tag == "a":
            link = {"href": attributes.get("href") or "", "label": attributes.get("aria-label") or "", "text": ""}
            self.links.append(link)
            self._open_links.append(link)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "a" and self._open_links:
            self._open_links.pop()

    def handle_data(self, data):
        for link in self._open_links:
            link["text"] += data


def html_findings(html: str) -> list[Finding]:
    """Images without alternative text and links whose text does not say where they lead."""
    parser = _HtmlFacts()
    parser.feed(html)
    parser.close()
    findings = []
    for number, image in enumerate(parser.images, start=1):
        if not (image.get("alt") or "").strip():
            findings.append(Finding(
                "alt_missing",
                _("Image %(number)d has no alternative text: a screen reader cannot tell what it shows.") % {"number": number},
                fragment=image.get("src") or image.get("id") or "",
            ))
    for link in parser.links:
        text = " ".join((link["label"] or link["text"]).split())
        plain = text.casefold().rstrip(".:!…")
        if not text:
            findings.append(Finding("link_without_text", _("A link has no text: say where it leads."), fragment=link["href"]))
        elif plain in NON_DESCRIPTIVE_LINKS or URL_TEXT.match(text):
            findings.append(Finding(
                "link_not_descriptive",
                _("The link text “%(text)s” does not say where it leads; name the page instead.") % {"text": text},
                fragment=text,
            ))
    return findings


def check(text: str, *, html: str | None = None) -> list[Finding]:
    """All plain-Polish advice for a text (and, for rich text, its HTML)."""
    findings = [*fog_findings(text), *long_sentences(text), *officialese(text)]
    if html is not None:
        findings.extend(html_findings(html))
    return findings

