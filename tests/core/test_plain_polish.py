"""Plain-Polish advice (core.plain_polish): FOG-PL as REFERENCE.md §5 defines it, long sentences, officialese, HTML."""

import pytest
from django.test import override_settings
from django.utils import translation

from core import plain_polish

# A real-looking announcement in office style, and the same news said plainly.
OFFICE = (
    "Uprzejmie informujemy, że w związku z powyższym Prezydent Miasta Krakowa ogłasza konsultacje społeczne "
    "dotyczące przedmiotowego projektu zagospodarowania terenu przy ul. Grodzkiej 5 w dniach 15.03.2027 – "
    "20.04.2027 r. na zasadach określonych w uchwale nr CXI/2904/18 Rady Miasta Krakowa."
)
PLAIN = "Chcemy poznać Twoje zdanie o nowym parku. Napisz do nas do 20 kwietnia. Przyjdź też na spotkanie."


@pytest.mark.parametrize(
    "word, expected",
    [
        ("nie", 1),  # "i" before a vowel is not a nucleus
        ("mieszkańców", 3),
        ("konsultacji", 4),
        ("informacja", 4),
        ("społecznych", 3),
        ("Kraków", 2),
        ("ZAGOSPODAROWANIA", 7),
        ("ósemka", 3),
        ("pięć", 1),
        ("zjazd", 1),
    ],
)
def test_syllables_are_counted_by_vowel_nuclei(word, expected):
    assert plain_polish.syllables(word) == expected


def test_sentences_do_not_end_at_abbreviations_initials_or_dates():
    text = "Spotkanie jest np. przy ul. Długiej 5 dnia 15.03.2027 r. o godz. 17. J. Nowak zaprasza! Czy przyjdziesz?"
    spans = plain_polish.sentences(text)
    assert [text[start:end].strip() for start, end in spans] == [
        "Spotkanie jest np. przy ul. Długiej 5 dnia 15.03.2027 r. o godz. 17.",  # a number, then a stop: the end
        "J. Nowak zaprasza!",
        "Czy przyjdziesz?",
    ]


def test_a_line_break_ends_a_sentence():
    assert len(plain_polish.sentences("Konsultacje parku\nSpotkanie w sobotę\n\nZapraszamy")) == 3


def test_fog_follows_the_formula():
    text = "Konsultacje społeczne trwają. Zapraszamy mieszkańców."  # 5 words, 2 sentences
    result = plain_polish.fog(text)
    assert (result.words, result.sentences) == (5, 2)
    assert result.hard_words == 2  # kon-sul-ta-cje, za-pra-sza-my; spo-łecz-ne and miesz-kań-ców have 3
    assert result.score == round(0.4 * (5 / 2 + 100 * 2 / 5), 1) == 17.0


def test_office_style_scores_high_and_plain_text_low():
    assert plain_polish.fog(OFFICE).score > 9
    assert plain_polish.fog(PLAIN).score <= 9
    assert plain_polish.fog("").score == 0


def test_check_gives_fog_long_sentence_and_officialese_advice_with_places():
    findings = plain_polish.check(OFFICE)
    codes = [finding.code for finding in findings]
    assert codes.count("fog_too_high") == 1
    assert codes.count("long_sentence") == 1
    officialese = [finding.fragment for finding in findings if finding.code == "officialese"]
    assert officialese == ["Uprzejmie informujemy", "w związku z powyższym", "przedmiotowego"]
    for finding in findings:
        if finding.start is not None:
            assert OFFICE[finding.start : finding.end] == finding.fragment
    assert plain_polish.check(PLAIN) == []


def test_advice_is_in_polish():
    with translation.override("pl"):
        [fog] = plain_polish.fog_findings(OFFICE)
        [sentence] = plain_polish.long_sentences(OFFICE)
    assert "FOG-PL" in fog.message and "powyżej 9,0" in fog.message
    assert "słów" in sentence.message


@override_settings(DIALOG_FOG_THRESHOLD=30, DIALOG_MAX_SENTENCE_WORDS=50, DIALOG_OFFICIALESE=["trwają"])
def test_thresholds_and_phrases_are_settings():
    codes = [finding.code for finding in plain_polish.check(OFFICE)]
    assert codes == []
    assert [f.fragment for f in plain_polish.check("Konsultacje TRWAJĄ do piątku.")] == ["TRWAJĄ"]


def test_an_officialese_wildcard_matches_any_ending_but_not_inside_other_words():
    found = plain_polish.officialese("Niniejszym ogłaszamy. Niniejsze pismo. Bezniniejszy tekst.", phrases=["niniejsz*"])
    assert [finding.fragment for finding in found] == ["Niniejszym", "Niniejsze"]


def test_html_images_need_alt_text_and_links_need_telling_text():
    html = (
        '<p>Mapa: <img src="/media/mapa.png" alt="Mapa parku Reduta z granicami terenu"> '
        '<img src="/media/logo.png"> <img src="/media/x.png" alt="  "></p>'
        '<p>Formularz jest <a href="/f">tutaj</a>, regulamin: <a href="/r">https://krakow.pl/regulamin</a>, '
        '<a href="/o"><img src="/i.png" alt="Ikona"></a> <a href="/k" aria-label="Kontakt z zespołem">✉</a> '
        '<a href="/p">Program spotkania (PDF)</a></p>'
    )
    findings = plain_polish.html_findings(html)
    assert [(f.code, f.fragment) for f in findings] == [
        ("alt_missing", "/media/logo.png"),
        ("alt_missing", "/media/x.png"),
        ("link_not_descriptive", "tutaj"),
        ("link_not_descriptive", "https://krakow.pl/regulamin"),
        ("link_without_text", "/o"),
    ]


def test_wagtail_rich_text_image_embeds_are_checked_too():
    findings = plain_polish.html_findings('<embed embedtype="image" id="7" format="left" alt=""/>')
    assert [f.code for f in findings] == ["alt_missing"]
