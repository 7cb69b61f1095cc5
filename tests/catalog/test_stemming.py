"""Polish stems for search: inflections of a word meet, case and diacritics do not matter, other words stay apart."""

import pytest

from catalog.stemming import fold, query_stems, stemmed, words


def found_by(query: str, text: str) -> bool:
    """Whether every stem of the query is among the stems a record with this text is indexed by."""
    return set(query_stems(query)) <= set(stemmed(text).split())


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("konsultacji", "Konsultacje"),
        ("konsultacjach", "konsultacją"),
        ("parku", "Park"),
        ("park", "w parkach"),
        ("rowerowych", "Trasa rowerowa"),
        ("trasy rowerowe", "Trasa rowerowa"),
        ("Łagiewnikach", "Łagiewniki"),
        ("lagiewnikach", "Spacer po Łagiewnikach"),
        ("ŁAGIEWNIKI", "Spacer po Łagiewnikach"),
        ("podworka", "Zielone podwórka"),
        ("mieszkańców", "mieszkańcami"),
        ("projektow", "Lista projektów"),  # typed without diacritics: "ó" of the ending changes the stem
        ("budzet", "Budżet obywatelski"),
    ],
)
def test_inflected_forms_and_words_without_diacritics_meet(query, text):
    assert found_by(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("parkingu", "Spacer po parku"),
        ("tramwaj", "Trasa rowerowa"),
        ("rowerowych konsultacji", "Trasa rowerowa"),
    ],
)
def test_other_words_stay_apart(query, text):
    assert not found_by(query, text)


def test_stems_are_lower_case_without_diacritics():
    assert stemmed("Źródło ŁĄKI, ścieżki i żółte róże") == stemmed("zrodlo laki sciezki i zolte roze")
    assert stemmed("Źródło ŁĄKI, ścieżki i żółte róże").isascii()
    assert fold("Łódź Żółć") == "lodz zolc"


def test_words_drop_punctuation_that_backends_read_as_syntax():
    assert words('"park" OR (ławki) a_b -c: 2026*') == ["park", "OR", "ławki", "a", "b", "c", "2026"]
    assert query_stems("!?* ") == []
