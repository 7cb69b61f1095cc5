"""Consistency of a text with its record's facts (core.fact_check): dates, weekdays, times, places and links."""

from datetime import date, time

import pytest
from django.utils import translation

from core.fact_check import FactSheet, check, date_mentions, normalise_url, place_mentions, time_mentions

FACTS = FactSheet(
    dates=frozenset({date(2027, 3, 16), date(2027, 4, 20)}),  # 16 March 2027 is a Tuesday
    times=frozenset({time(17, 30), time(19, 0)}),
    places=("Centrum Obywatelskie, ul. Reymonta 20, Kraków",),
    urls=("https://dialog.krakow.pl/konsultacje/park-reduta/",),
)


def codes_and_fragments(text: str, facts: FactSheet = FACTS) -> list[tuple[str, str]]:
    findings = check(text, facts)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.fragment  # the place in the text is exact
    return [(finding.code, finding.fragment) for finding in findings]


def test_a_text_that_says_what_the_record_says_passes():
    text = (
        "Spotkanie we wtorek 16 marca 2027 r. o godz. 17.30 w Centrum Obywatelskim przy ul. Reymonta 20. "
        "Uwagi zbieramy do 20.04.2027, do godz. 19:00. Szczegóły: https://dialog.krakow.pl/konsultacje/park-reduta"
    )
    assert codes_and_fragments(text) == []


def test_a_wrong_day_is_flagged_with_its_place_in_the_text():
    assert codes_and_fragments("Zapraszamy 15 marca na spotkanie.") == [("date_mismatch", "15 marca")]
    with translation.override("pl"):
        [finding] = check("Zapraszamy 15 marca na spotkanie.", FACTS)
    assert "16 marca 2027" in finding.message and "20 kwietnia 2027" in finding.message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("16 marca", []),
        ("16 marca 2027 r.", []),
        ("16 marca 2026", [("date_mismatch", "16 marca 2026")]),  # right day, wrong year
        ("16.03", []),
        ("16.03.2027", []),
        ("2027-03-16", []),
        ("16/03/2027", []),
        ("17.03.2027", [("date_mismatch", "17.03.2027")]),
        ("15–16 marca", [("date_mismatch", "15–16 marca")]),  # the range starts on a day the record does not have
        ("31 kwietnia", [("date_invalid", "31 kwietnia")]),
        ("w sobotę 16 marca", [("weekday_mismatch", "sobotę 16 marca")]),
        ("wtorek, 16 marca", []),
    ],
)
def test_dates_as_the_unit_writes_them(text, expected):
    assert codes_and_fragments(text) == expected


def test_numbers_that_are_not_dates_are_left_alone():
    assert date_mentions("Budżet 2,5 mln zł, 1/3 głosów, wersja 2.5, o godz. 17.30, w latach 2020–2027.") == []


def test_the_weekday_is_named_in_lower_case_in_polish():
    with translation.override("pl"):
        [finding] = check("w sobotę 16 marca", FACTS)
    assert "wtorek" in finding.message


def test_times_with_a_colon_or_after_godz():
    found = [(mention.fragment, mention.value) for mention in time_mentions("o 18:00, godz. 17.30, godz. 17.00–19.00, 17.30 zł")]
    assert found == [("18:00", time(18, 0)), ("17.30", time(17, 30)), ("17.00", time(17, 0)), ("19.00", time(19, 0))]
    assert codes_and_fragments("Start o 18:00, koniec o godz. 19.00.") == [("time_mismatch", "18:00")]


def test_addresses_match_in_any_grammatical_case():
    assert [mention.value for mention in place_mentions("przy ulicy Reymonta 20 i ul. Grodzkiej 5, Ul. Grodzka 5")] == [
        "ul. reymont 20", "ul. grodzk 5", "ul. grodzk 5",
    ]
    assert codes_and_fragments("Spotkanie przy ulicy Reymonta 20.") == []
    assert codes_and_fragments("Spotkanie przy ul. Grodzkiej 5.") == [("place_mismatch", "ul. Grodzkiej 5")]


def test_links_are_compared_without_scheme_www_trailing_slash_and_utm():
    assert normalise_url("https://www.Dialog.krakow.pl/konsultacje/park-reduta/?utm_source=fb") == "dialog.krakow.pl/konsultacje/park-reduta"
    text = "Więcej: www.dialog.krakow.pl/konsultacje/park-reduta?utm_source=fb. Inne: https://krakow.pl/inne."
    assert codes_and_fragments(text) == [("url_mismatch", "https://krakow.pl/inne")]


def test_an_empty_fact_sheet_has_nothing_to_contradict_except_links():
    text = "16 marca o 18:00 przy ul. Grodzkiej 5, https://krakow.pl/x"
    assert codes_and_fragments(text, FactSheet()) == [("url_mismatch", "https://krakow.pl/x")]
