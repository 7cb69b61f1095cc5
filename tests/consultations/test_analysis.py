"""Automatic grouping of remarks on real Polish text: the analyzer (stems, stop words), two themes told apart, keywords
as residents wrote them, the same groups for the same remarks, and too few remarks."""

import pytest
from django.core.cache import cache

from consultations import analysis, services
from consultations.analysis import Analyzer, group_texts
from tests.consultations.conftest import PARK_REMARKS, TRANSPORT_REMARKS


def numbered(texts: list[str], start: int = 1) -> list[tuple[int, str]]:
    return list(enumerate(texts, start))


def test_analyzer_reduces_inflections_to_one_stem():
    stems = Analyzer()("Parku, parkiem i parki!")
    assert stems == ["park", "park", "park"]


def test_analyzer_drops_stop_words_punctuation_numbers_and_short_words():
    stems = Analyzer()("Proszę, żeby w tym parku nie było 152 aut; to są nasze drzewa.")
    assert stems == [Analyzer()("parku")[0], Analyzer()("aut")[0], Analyzer()("nasze")[0], Analyzer()("drzewa")[0]]
    assert "prosz" not in stems and not any(stem.isdigit() for stem in stems)


def test_stop_words_typed_without_diacritics_are_dropped_too():
    assert Analyzer()("Prosze, zeby bylo wiecej") == []


def test_keyword_is_the_word_residents_used_most():
    analyzer = Analyzer()
    for text in ["w parku", "w parku", "parkiem", "parki"]:
        analyzer(text)
    assert analyzer.word_for(analyzer("parku")[0]) == "parku"


def test_two_themes_fall_into_two_groups_with_their_keywords():
    park = numbered(PARK_REMARKS)
    transport = numbered(TRANSPORT_REMARKS, start=100)
    grouping = group_texts(park + transport, groups_at_most=2)
    groups = {frozenset(group.remark_ids): group for group in grouping.groups}
    assert set(groups) == {frozenset(pk for pk, _text in park), frozenset(pk for pk, _text in transport)}
    park_group = groups[frozenset(pk for pk, _text in park)]
    transport_group = groups[frozenset(pk for pk, _text in transport)]
    assert "drzew" in park_group.keywords[:3]
    assert {"autobusy", "parking"} <= set(transport_group.keywords[:4])
    assert grouping.ungrouped == ()


def test_with_more_groups_allowed_no_group_mixes_the_two_themes():
    park, transport = numbered(PARK_REMARKS), numbered(TRANSPORT_REMARKS, start=100)
    grouping = group_texts(park + transport, groups_at_most=6)
    assert len(grouping.groups) >= 2
    for group in grouping.groups:
        assert set(group.remark_ids) <= {pk for pk, _text in park} or set(group.remark_ids) <= {pk for pk, _text in transport}
    assert sorted(pk for group in grouping.groups for pk in group.remark_ids) == [pk for pk, _text in park + transport]


def test_the_same_remarks_give_the_same_groups_in_any_order():
    items = numbered(PARK_REMARKS) + numbered(TRANSPORT_REMARKS, start=100)
    first = group_texts(items, groups_at_most=6)
    again = group_texts(list(reversed(items)), groups_at_most=6)
    assert first == again
    assert first.digest == again.digest


def test_the_cap_on_groups_is_kept():
    texts = [f"{word} {word} osiedle" for word in ["drzewa", "autobusy", "chodniki", "śmieci", "ławki", "hałas"] for _ in range(3)]
    grouping = group_texts(numbered(texts), groups_at_most=2)
    assert len(grouping.groups) <= 2


def test_too_few_remarks_are_not_grouped():
    grouping = group_texts(numbered(PARK_REMARKS[: analysis.MIN_REMARKS - 1]))
    assert grouping.too_few and grouping.groups == ()
    assert len(grouping.ungrouped) == analysis.MIN_REMARKS - 1


def test_remarks_of_stop_words_only_are_set_aside():
    items = numbered(PARK_REMARKS + TRANSPORT_REMARKS) + [(500, "Tak, to jest to."), (501, "!!!")]
    grouping = group_texts(items, groups_at_most=4)
    assert grouping.ungrouped == (500, 501)
    assert all(500 not in group.remark_ids for group in grouping.groups)


def test_no_words_at_all_gives_no_groups():
    assert group_texts([(1, "i"), (2, "?")]).too_few


@pytest.mark.django_db
def test_consultation_grouping_leaves_out_merged_and_rejected_remarks_and_follows_changes(consultation, settings):
    settings.DIALOG_ANALYSIS_MAX_GROUPS = 3
    cache.clear()
    remarks = [
        services.register_remark(consultation=consultation, text=text, source="letter", received_on="2026-11-20",
                                 author_type="resident", user=None)
        for text in PARK_REMARKS + TRANSPORT_REMARKS
    ]
    services.merge_remarks(keep=remarks[0], duplicates=[remarks[1]], user=None)
    services.moderate(remark=remarks[2], state="rejected", user=None)
    grouping = analysis.consultation_grouping(consultation)
    grouped = {pk for group in grouping.groups for pk in group.remark_ids}
    assert remarks[1].pk not in grouped and remarks[2].pk not in grouped
    assert len(grouped) == len(remarks) - 2
    assert analysis.consultation_grouping(consultation) == grouping  # the same remarks: the cached groups
    services.register_remark(consultation=consultation, text="Więcej drzew w parku!", source="letter",
                             received_on="2026-11-21", author_type="resident", user=None)
    assert analysis.consultation_grouping(consultation).digest != grouping.digest
