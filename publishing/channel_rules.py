"""What each channel accepts, and a check of one channel variant against it (REFERENCE.md §7).

Pure functions over plain values: no models, no queries, no app registry. The Message/ChannelVariant
models, their forms and the publisher call `check_variant`; the UI lists `all_rules()`.

Lengths are counted the way each network counts them:

- `Counting.CHARACTERS`: Unicode code points after NFC normalisation, so "ą" typed as "a" plus a
  combining ogonek counts 1, as a reader sees it. An emoji made of several code points counts each of
  them; networks that count UTF-16 units would count an emoji outside the BMP as 2.
- `Counting.GRAPHEMES`: extended grapheme clusters (what Bluesky counts, and Mastodon): an emoji with
  a skin tone, a ZWJ family or a flag counts 1, and so does a letter with its combining accents.
- `Counting.X_WEIGHTED`: twitter-text v3, X's published counting rules; see `x_weighted_length`.

`link_length` makes every link count that many regardless of its length: X (twitter-text: links with
or without http(s)://, bare domains such as krakow.pl/abc too) and Mastodon (links with http(s)://
only: the server extracts links "without protocol" switched off) both count 23.

Defaults are the documented values; an installation overrides any field of any channel with the setting
`DIALOG_CHANNEL_RULES = {"mastodon": {"text_limit": 1000}}` (read at every call, so tests and a
changed setting take effect without a restart). A Mastodon instance with another limit is the usual case.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

import regex
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

MEGABYTE = 1024 * 1024  # networks say "8 MB"; Django's filesizeformat shows 8 * 1024 * 1024 bytes as "8,0 MB"


class Counting(StrEnum):
    CHARACTERS = "characters"
    GRAPHEMES = "graphemes"
    X_WEIGHTED = "x_weighted"


class UnknownChannelError(LookupError):
    """A channel key that no rules exist for (a typo, or a channel added to the CSV but not here)."""


@dataclass(frozen=True, kw_only=True)
class ChannelRules:
    """What one channel accepts. `None` means "no limit" or "not checked"."""

    key: str
    label: str | Promise
    is_social_network: bool
    text_limit: int | None
    counting: Counting = Counting.CHARACTERS
    link_length: int | None = None  # every link counts this many; None: as typed
    text_required: bool = True
    image_required: bool = False
    max_images: int | None = None
    image_formats: frozenset[str] | None = None  # Pillow's names: "JPEG", "PNG", "GIF", "WEBP"
    max_image_bytes: int | None = None
    min_aspect_ratio: Fraction | None = None  # width / height
    max_aspect_ratio: Fraction | None = None
    alt_text_required: bool = True  # accessibility is a feature: every channel, every image

    def __post_init__(self):
        # Normalise values that may come from settings ("4:5", ["jpeg", "png"], "graphemes").
        set_ = object.__setattr__
        set_(self, "counting", Counting(self.counting))
        if self.image_formats is not None:
            formats = [self.image_formats] if isinstance(self.image_formats, str) else self.image_formats
            set_(self, "image_formats", frozenset(normalise_format(name) for name in formats))
        for name in ("min_aspect_ratio", "max_aspect_ratio"):
            if getattr(self, name) is not None:
                set_(self, name, _ratio(getattr(self, name)))
        for name in ("text_limit", "link_length", "max_images", "max_image_bytes"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ValueError(f"{name} must be a whole number ≥ 0 or None, not {value!r}")
        if self.min_aspect_ratio and self.max_aspect_ratio and self.min_aspect_ratio > self.max_aspect_ratio:
            raise ValueError("min_aspect_ratio is larger than max_aspect_ratio")


@dataclass(frozen=True)
class ImageFacts:
    """What the rules need to know about one image of a variant (read from the image library)."""

    width: int
    height: int
    file_size: int | None  # bytes; None when unknown (Wagtail fills it lazily): not checked
    format: str | None  # "JPEG", "PNG", "GIF", "WEBP"; None when unknown: not checked
    alt_text: str = ""

    def __post_init__(self):
        if self.format:
            object.__setattr__(self, "format", normalise_format(self.format))


@dataclass(frozen=True)
class ChannelProblem:
    code: str
    message: str
    field: str  # "text" or "images"
    image: int | None = None  # 1-based position of the image the problem is about, as in the message


def normalise_format(name: str) -> str:
    name = name.strip().upper()
    return {"JPG": "JPEG", "TIF": "TIFF"}.get(name, name)


def _ratio(value) -> Fraction:
    """4:5 given as Fraction(4, 5), 0.8, "0.8" or "4:5"."""
    if isinstance(value, str) and ":" in value:
        width, height = value.split(":")
        return Fraction(width.strip()) / Fraction(height.strip())
    if isinstance(value, float):
        return Fraction(value).limit_denominator(1000)
    return Fraction(value)


# --- The channels -------------------------------------------------------------------------------------
# Values from REFERENCE.md §7. What §7 does not state (image formats and sizes of X, Bluesky, Mastodon,
# Threads and the others) is left unchecked (None) rather than guessed; DIALOG_CHANNEL_RULES adds it.
_INSTAGRAM_MIN_RATIO = Fraction(4, 5)
_INSTAGRAM_MAX_RATIO = Fraction(191, 100)

_DEFAULTS: dict[str, ChannelRules] = {
    rules.key: rules
    for rules in (
        # Our own channels have no limit set by a network: a news item on the portal, a newsletter, an
        # entry in Magiczny Kraków (krakow.pl's CMS) and a press release are long-form texts whose
        # length is an editorial choice, and any number we invented would block legitimate texts.
        # An installation that learns the CMS's limit sets it in DIALOG_CHANNEL_RULES.
        ChannelRules(key="website", label=pgettext_lazy("channel", "Website news item"), is_social_network=False,
                     text_limit=None),
        ChannelRules(key="facebook", label="Facebook", is_social_network=True, text_limit=63_206),
        ChannelRules(
            key="instagram", label="Instagram", is_social_network=True, text_limit=2_200,
            image_required=True, max_images=10, image_formats=frozenset({"JPEG", "PNG"}), max_image_bytes=8 * MEGABYTE,
            min_aspect_ratio=_INSTAGRAM_MIN_RATIO, max_aspect_ratio=_INSTAGRAM_MAX_RATIO,
        ),
        ChannelRules(key="x", label="X", is_social_network=True, text_limit=280, counting=Counting.X_WEIGHTED,
                     link_length=23, max_images=4),
        ChannelRules(key="linkedin", label="LinkedIn", is_social_network=True, text_limit=3_000),
        # 500 is Mastodon's default; each instance may set its own (override it for ours).
        ChannelRules(key="mastodon", label="Mastodon", is_social_network=True, text_limit=500,
                     counting=Counting.GRAPHEMES, link_length=23, max_images=4),
        ChannelRules(key="bluesky", label="Bluesky", is_social_network=True, text_limit=300,
                     counting=Counting.GRAPHEMES, max_images=4),
        ChannelRules(key="threads", label="Threads", is_social_network=True, text_limit=500),
        ChannelRules(key="youtube", label="YouTube", is_social_network=True, text_limit=5_000),  # the video's description
        ChannelRules(key="newsletter", label=pgettext_lazy("channel", "Newsletter"), is_social_network=False,
                     text_limit=None),
        ChannelRules(key="magiczny-krakow", label=pgettext_lazy("channel", "Magiczny Kraków entry"),
                     is_social_network=False, text_limit=None),
        ChannelRules(key="press", label=pgettext_lazy("channel", "Press release"), is_social_network=False,
                     text_limit=None),
    )
}

_FIELDS = {field.name for field in dataclasses.fields(ChannelRules)} - {"key"}


def _configured_overrides() -> Mapping[str, Mapping]:
    overrides = getattr(settings, "DIALOG_CHANNEL_RULES", None) or {}
    if not isinstance(overrides, Mapping):
        raise ImproperlyConfigured("DIALOG_CHANNEL_RULES must be a dict of channel key → dict of fields.")
    unknown = sorted(set(overrides) - set(_DEFAULTS))
    if unknown:
        raise ImproperlyConfigured(
            f"DIALOG_CHANNEL_RULES names unknown channels {unknown}; known: {', '.join(_DEFAULTS)}."
        )
    return overrides


def rules_for(channel_key: str) -> ChannelRules:
    """The rules of one channel, with the installation's overrides applied."""
    try:
        rules = _DEFAULTS[channel_key]
    except KeyError:
        raise UnknownChannelError(
            f"No rules for channel {channel_key!r}; known channels: {', '.join(_DEFAULTS)}."
        ) from None
    fields = _configured_overrides().get(channel_key)
    if not fields:
        return rules
    wrong = sorted(set(fields) - _FIELDS)
    if wrong:
        raise ImproperlyConfigured(
            f"DIALOG_CHANNEL_RULES[{channel_key!r}] has unknown fields {wrong}; allowed: {', '.join(sorted(_FIELDS))}."
        )
    try:
        return dataclasses.replace(rules, **fields)
    except (TypeError, ValueError, ZeroDivisionError) as error:
        raise ImproperlyConfigured(f"DIALOG_CHANNEL_RULES[{channel_key!r}]: {error}") from error


def all_rules() -> list[ChannelRules]:
    """Every channel's rules in the order the UI shows them: the portal, the networks, then the rest."""
    return [rules_for(key) for key in _DEFAULTS]


# --- Links --------------------------------------------------------------------------------------------
# A re-implementation of twitter-text's URL extraction as its conformance suite (extract.yml) documents
# it, with extraction "without protocol" on, as X's composer has it:
# - a link with http(s):// needs a host under a known top-level domain;
# - a bare domain (no protocol) is a link when it has only Latin letters, digits, "-" and "_", and is not
#   preceded by "-", "_", ".", "/"; but a single name under a country TLD without a path ("krakow.pl",
#   and so "m.in." or "m.st.") is not, except under .co and .tv; "www.krakow.pl" and "krakow.pl/abc" are;
# - nothing preceded by a letter, digit, "@", "$" or "#" (e-mail addresses, cashtags, hashtags) is a link;
# - trailing punctuation ("…/abc." or "…/abc,") is not part of the link.
# Top-level domains: every two-letter country code (as twitter-text lists them) but only the common
# generic ones (twitter-text carries IANA's ≈1,200): a bare domain under another generic TLD (e.g.
# "example.photography") counts as typed here while X counts it 23; with http(s):// it is still found.
_COUNTRY_TLDS = (
    "ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv "
    "bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et eu "
    "fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in "
    "io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf "
    "mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph "
    "pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy "
    "sz tc td tf tg th tj tk tl tm tn to tp tr tt tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt "
    "za zm zw"
).split()
_SHORT_DOMAIN_COUNTRY_TLDS_ALLOWED = {"co", "tv"}  # twitter-text's "special" ccTLDs: t.co, twitch.tv are links
_GENERIC_TLDS = (
    "com org net edu gov mil int info biz name pro aero asia cat coop jobs mobi museum post tel travel xxx "
    "academy agency app art blog cafe center city cloud club community design dev digital eco education email "
    "events foundation fun gallery global green group help krakow life link live media network news ngo one "
    "online ong page photo press pub radio school shop site social solutions space store studio team tech "
    "today top video waw warszawa website wiki world xyz zone"
).split()


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_TLD = rf"(?:{_alternatives(_COUNTRY_TLDS + _GENERIC_TLDS)}|xn--[a-z0-9-]+)(?=[^0-9a-z@+\-]|$)"
_LATIN_ACCENTS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff"
_CYRILLIC = "\u0400-\u04ff"
# A host: subdomains may hold "_", the name under the TLD may not; no label starts or ends with "-" or "_".
_ANY_LETTER = r"[^\W_]"
_HOST = rf"(?:{_ANY_LETTER}(?:[\w\-]*{_ANY_LETTER})?\.)*{_ANY_LETTER}(?:[^\W_]|-)*(?<!-)\.{_TLD}"
_LATIN = rf"[a-z0-9{_LATIN_ACCENTS}]"
_LATIN_HOST = rf"(?:{_LATIN}(?:[a-z0-9_\-{_LATIN_ACCENTS}]*{_LATIN})?\.)*{_LATIN}(?:[a-z0-9\-{_LATIN_ACCENTS}]*{_LATIN})?\.{_TLD}"
_SHORT_COUNTRY_DOMAIN = re.compile(
    rf"{_LATIN}(?:[a-z0-9\-{_LATIN_ACCENTS}]*{_LATIN})?\."
    rf"(?:{_alternatives(set(_COUNTRY_TLDS) - _SHORT_DOMAIN_COUNTRY_TLDS_ALLOWED)})",
    re.IGNORECASE,
)
_PATH_CHAR = rf"[a-z0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN_ACCENTS}{_CYRILLIC}]"
_PATH_END = rf"[+\-a-z0-9=_#/{_LATIN_ACCENTS}{_CYRILLIC}]"
_PARENS = rf"\({_PATH_CHAR}*\)"
_QUERY_CHAR = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#/]"
_REST = (
    r"(?::[0-9]+)?"
    rf"(?P<path>/(?:(?:{_PATH_CHAR}|{_PARENS})*(?:{_PATH_END}|{_PARENS}))?)?"
    rf"(?:\?{_QUERY_CHAR}*{_QUERY_END})?"
)
_PRECEDING = r"(?<![a-z0-9@＠$#＃])"
_LINK_WITH_PROTOCOL = re.compile(rf"{_PRECEDING}(?P<protocol>https?://)(?P<host>{_HOST}){_REST}", re.IGNORECASE)
_LINK_OR_BARE_DOMAIN = re.compile(
    rf"{_PRECEDING}(?:(?P<protocol>https?://)(?P<host>{_HOST})|(?<![\-_./])(?P<domain>{_LATIN_HOST})){_REST}",
    re.IGNORECASE,
)
_MAX_LABEL_LENGTH = 63  # DNS; twitter-text rejects a host whose label would not encode


def _link_spans(text: str, *, bare_domains: bool) -> list[tuple[int, int]]:
    spans = []
    for match in (_LINK_OR_BARE_DOMAIN if bare_domains else _LINK_WITH_PROTOCOL).finditer(text):
        host = match.group("host") or match.group("domain")
        if max(len(label) for label in host.split(".")) > _MAX_LABEL_LENGTH:
            continue
        if match.group("protocol") or match.group("path"):
            spans.append(match.span())
        elif not _SHORT_COUNTRY_DOMAIN.fullmatch(match.group("domain")):
            spans.append(match.span("domain"))  # without a path, twitter-text's link is the domain alone
    return spans


def find_links(text: str, *, bare_domains: bool = True) -> list[str]:
    """Links as twitter-text finds them; with `bare_domains=False` only those with http(s):// (as Mastodon)."""
    text = unicodedata.normalize("NFC", text)
    return [text[start:end] for start, end in _link_spans(text, bare_domains=bare_domains)]


def _split_links(text: str, *, bare_domains: bool) -> tuple[list[str], int]:
    """The pieces of (NFC) text between links, and how many links there were."""
    pieces, position = [], 0
    spans = _link_spans(text, bare_domains=bare_domains)
    for start, end in spans:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return pieces, len(spans)


# --- Counting -----------------------------------------------------------------------------------------
_GRAPHEME = regex.compile(r"\X")
# X weighs a whole emoji 2 (twitter-text parses emoji with twemoji's list). A grapheme cluster is taken
# as one emoji when it shows as an emoji (Emoji_Presentation or VS16), is a keycap or a flag, or joins a
# pictograph with modifiers or ZWJ. A lone text-style pictograph is weighed by its code point like any
# character, which gives the same 2 for "☺" or "™"; only "©" and "®" without VS16 count 1 here, where
# twemoji's list may make them 2.
_EMOJI_MARK = regex.compile(r"[\p{Emoji_Presentation}\p{Regional_Indicator}\uFE0F\u20E3]")
_PICTOGRAPH = regex.compile(r"\p{Extended_Pictographic}")
# twitter-text v3's weighted ranges: these code points weigh 1, every other weighs 2. They hold Latin
# (with Polish letters), Greek, Cyrillic, Hebrew, Arabic, Indic scripts, and general punctuation such as
# the dashes and the quotes „” — but not "…" (U+2026), "€" or CJK characters, which count 2.
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def _x_code_point_weight(character: str) -> int:
    code = ord(character)
    return 1 if any(start <= code <= end for start, end in _X_LIGHT_RANGES) else 2


def _x_cluster_weight(cluster: str) -> int:
    if _EMOJI_MARK.search(cluster) or (len(cluster) > 1 and _PICTOGRAPH.search(cluster)):
        return 2
    return sum(_x_code_point_weight(character) for character in cluster)


def x_weighted_length(text: str, *, link_length: int | None = 23) -> int:
    """The length X gives `text` (twitter-text v3 `parseTweet(...).weightedLength`).

    The text is NFC-normalised; every link (see `find_links`, bare domains included) counts
    `link_length`; every emoji, however many code points it has (skin tones, ZWJ families, flags),
    counts 2; any other code point counts 1 inside twitter-text's light ranges (Latin incl. Polish
    letters, Cyrillic, common punctuation) and 2 outside them (CJK, "…", "€").
    """
    text = unicodedata.normalize("NFC", text)
    if link_length is None:
        pieces, links = [text], 0
    else:
        pieces, links = _split_links(text, bare_domains=True)
    weight = sum(_x_cluster_weight(cluster) for piece in pieces for cluster in _GRAPHEME.findall(piece))
    return weight + links * (link_length or 0)


def grapheme_length(text: str) -> int:
    """Extended grapheme clusters: 👍🏽, a ZWJ family, 🇵🇱 and "ą" (composed or not) count 1 each."""
    return len(_GRAPHEME.findall(text))


def character_length(text: str) -> int:
    """Unicode code points after NFC normalisation ("ą" as "a" + combining ogonek counts 1)."""
    return len(unicodedata.normalize("NFC", text))


def text_length(text: str, rules: ChannelRules) -> int:
    """`text`'s length as the channel counts it."""
    if rules.counting == Counting.X_WEIGHTED:
        return x_weighted_length(text, link_length=rules.link_length)
    count = grapheme_length if rules.counting == Counting.GRAPHEMES else character_length
    if rules.link_length is None:
        return count(text)
    pieces, links = _split_links(unicodedata.normalize("NFC", text), bare_domains=False)
    return sum(count(piece) for piece in pieces) + links * rules.link_length


# --- Checking a variant -------------------------------------------------------------------------------
def check_variant(channel: str | ChannelRules, text: str, images: Sequence[ImageFacts] = ()) -> list[ChannelProblem]:
    """Everything that keeps this text and these images from going out on the channel; [] when none.

    `channel` is a key (the installation's rules are used) or a `ChannelRules` (e.g. a Mastodon
    instance's own limit: `dataclasses.replace(rules_for("mastodon"), text_limit=1000)`).
    """
    rules = channel if isinstance(channel, ChannelRules) else rules_for(channel)
    return [*_text_problems(rules, text or ""), *_image_count_problems(rules, images), *_image_problems(rules, images)]


def _text_problems(rules: ChannelRules, text: str) -> list[ChannelProblem]:
    if not text.strip():
        if rules.text_required:
            return [ChannelProblem("text_empty", _("The text for %(channel)s is empty.") % {"channel": rules.label}, "text")]
        return []
    if rules.text_limit is None:
        return []
    length = text_length(text, rules)
    if length <= rules.text_limit:
        return []
    values = {"count": length, "limit": rules.text_limit, "channel": rules.label,
              "link_length": rules.link_length, "excess": length - rules.text_limit}
    sentences = [
        ngettext(
            "The text has %(count)d character; %(channel)s allows %(limit)d.",
            "The text has %(count)d characters; %(channel)s allows %(limit)d.",
            length,
        ) % values
    ]
    how_counted = _how_counted(rules)
    if how_counted:
        sentences.append(how_counted % values)
    sentences.append(
        ngettext("Shorten it by %(excess)d character.", "Shorten it by %(excess)d characters.", values["excess"]) % values
    )
    return [ChannelProblem("text_too_long", " ".join(sentences), "text")]


def _how_counted(rules: ChannelRules) -> str:
    """A sentence telling how this channel's count differs from what a person would count; "" if it doesn't."""
    if rules.counting == Counting.X_WEIGHTED:
        if rules.link_length is None:
            return _("%(channel)s counts every emoji and some symbols (such as “…”) as 2.")
        return _("%(channel)s counts every link as %(link_length)d and every emoji and some symbols (such as “…”) as 2.")
    if rules.counting == Counting.GRAPHEMES:
        if rules.link_length is None:
            return _("%(channel)s counts every emoji as 1.")
        return _("%(channel)s counts every link as %(link_length)d and every emoji as 1.")
    if rules.link_length is not None:
        return _("%(channel)s counts every link as %(link_length)d.")
    return ""


def _image_count_problems(rules: ChannelRules, images: Sequence[ImageFacts]) -> list[ChannelProblem]:
    if rules.image_required and not images:
        return [ChannelProblem(
            "image_required", _("%(channel)s requires at least one image.") % {"channel": rules.label}, "images"
        )]
    if rules.max_images is not None and len(images) > rules.max_images:
        return [ChannelProblem(
            "too_many_images",
            ngettext(
                "%(channel)s accepts at most %(max)d image; this variant has %(count)d.",
                "%(channel)s accepts at most %(max)d images; this variant has %(count)d.",
                rules.max_images,
            ) % {"channel": rules.label, "max": rules.max_images, "count": len(images)},
            "images",
        )]
    return []


def _image_problems(rules: ChannelRules, images: Iterable[ImageFacts]) -> list[ChannelProblem]:
    problems = []
    for number, image in enumerate(images, start=1):
        values = {"number": number, "channel": rules.label}
        if rules.image_formats is not None and image.format and image.format not in rules.image_formats:
            problems.append(ChannelProblem(
                "image_format",
                _("Image %(number)d is a %(format)s file; %(channel)s accepts %(formats)s.")
                % {**values, "format": image.format, "formats": ", ".join(sorted(rules.image_formats))},
                "images", number,
            ))
        if rules.max_image_bytes is not None and image.file_size is not None and image.file_size > rules.max_image_bytes:
            problems.append(ChannelProblem(
                "image_too_large",
                _("Image %(number)d has %(size)s; %(channel)s accepts at most %(max_size)s.")
                % {**values, "size": filesizeformat(image.file_size), "max_size": filesizeformat(rules.max_image_bytes)},
                "images", number,
            ))
        aspect = _aspect_ratio_problem(rules, image, values)
        if aspect:
            problems.append(aspect)
        if rules.alt_text_required and not (image.alt_text or "").strip():
            problems.append(ChannelProblem(
                "alt_missing", _("Image %(number)d has no alt text.") % values, "images", number
            ))
    return problems


def _aspect_ratio_problem(rules: ChannelRules, image: ImageFacts, values: dict) -> ChannelProblem | None:
    low, high = rules.min_aspect_ratio, rules.max_aspect_ratio
    if (low is None and high is None) or image.width <= 0 or image.height <= 0:
        return None
    ratio = Fraction(image.width, image.height)
    if (low is None or ratio >= low) and (high is None or ratio <= high):
        return None
    values = {**values, "width": image.width, "height": image.height, "ratio": ratio_text(ratio),
              "min": ratio_text(low) if low else "", "max": ratio_text(high) if high else ""}
    if low is not None and high is not None:
        message = _("Image %(number)d (%(width)d×%(height)d px) has an aspect ratio of %(ratio)s; "
                    "%(channel)s accepts from %(min)s to %(max)s.")
    elif low is not None:
        message = _("Image %(number)d (%(width)d×%(height)d px) has an aspect ratio of %(ratio)s; "
                    "%(channel)s accepts at least %(min)s.")
    else:
        message = _("Image %(number)d (%(width)d×%(height)d px) has an aspect ratio of %(ratio)s; "
                    "%(channel)s accepts at most %(max)s.")
    return ChannelProblem("aspect_ratio", message % values, "images", values["number"])


def ratio_text(ratio: Fraction) -> str:
    """4:5, 16:9 and 1:1 as people write them; other ratios as a decimal to 1 ("1,91:1" in Polish)."""
    if max(ratio.numerator, ratio.denominator) <= 32:
        return f"{ratio.numerator}:{ratio.denominator}"
    return f"{number_format(float(ratio), decimal_pos=2)}:1"
