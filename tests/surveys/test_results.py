"""Results aggregates: every question type, only counted responses, filters, latest wording, consultations."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext, pgettext

from surveys import services
from surveys.models import Answer, Question, ResponseSource
from surveys.results import consultation_results, reworded, survey_results
from tests.factories import ConsultationFactory

from .conftest import at, every_type_questions, make_survey, question, respond


def other() -> str:
    return pgettext("survey answer", "Other")


def ranked(choice: str, mean: str) -> str:
    return gettext("%(choice)s (mean place %(mean)s)") % {"choice": choice, "mean": mean}


def by_key(results, code, survey):
    key = str(survey.questions.get(code=code).key)
    return next(question for question in results.questions if question.key == key)


def rows(result):
    return {row.label: (row.count, round(row.share, 3)) for row in result.rows}


def test_participation_counts_only_confirmed_complete_responses(answered):
    results = survey_results(answered)
    assert results.responses == 3
    assert {row.label: row.count for row in results.by_source} == {str(ResponseSource.ONLINE.label): 2, str(ResponseSource.PAPER.label): 1}
    assert results.by_day == [(datetime.date(2026, 3, 1), 2), (datetime.date(2026, 3, 3), 1)]
    assert [(row.label, row.count) for row in results.by_district] == [("Stare Miasto", 2), ("Grzegórzki", 1)]


def test_a_survey_without_numeric_questions_has_results(db):
    """No scale or number question: the sums of numbers are over typed NULLs (PostgreSQL refused `sum(text)`)."""
    survey = make_survey([question("dojazd", "single", config={"choices": ["tramwajem"], "other": True})])
    for answer in ({"choice": "tramwajem"}, {"other": "hulajnogą"}):
        respond(survey, {"dojazd": answer})
    result = survey_results(survey).questions[0]
    assert (result.answered, result.mean, [(row.label, row.count) for row in result.rows]) == (
        2, None, [("tramwajem", 1), (pgettext("survey answer", "Other"), 1)],
    )


def test_single_choice_counts_with_other(answered):
    result = by_key(survey_results(answered), "dojazd", answered)
    assert result.answered == 3 and result.open_count == 1 and result.mean is None
    assert rows(result) == {"tramwajem": (2, 0.667), "rowerem": (0, 0.0), "pieszo": (0, 0.0), other(): (1, 0.333)}


def test_multiple_choice_counts_each_choice(answered):
    result = by_key(survey_results(answered), "zalety", answered)
    assert result.answered == 2 and result.open_count == 1
    assert rows(result) == {"cisza": (1, 0.5), "zieleń": (2, 1.0), "plac zabaw": (0, 0.0), other(): (1, 0.5)}


def test_scale_points_and_mean(answered):
    result = by_key(survey_results(answered), "ocena", answered)
    assert rows(result) == {"1": (0, 0.0), "2": (0, 0.0), "3": (1, 0.333), "4": (1, 0.333), "5": (1, 0.333)}
    assert result.mean == pytest.approx(4.0)


def test_ranking_orders_by_mean_place(answered):
    result = by_key(survey_results(answered), "priorytety", answered)
    assert [(row.label, row.count) for row in result.rows] == [
        (ranked("drzewa", "1,3"), 2), (ranked("ławki", "2,0"), 1), (ranked("oświetlenie", "2,7"), 0),
    ]


def test_matrix_counts_row_and_column(answered):
    result = by_key(survey_results(answered), "stan", answered)
    assert result.answered == 2
    assert rows(result) == {
        "czystość: źle": (0, 0.0), "czystość: dobrze": (2, 1.0), "oświetlenie: źle": (1, 0.5), "oświetlenie: dobrze": (0, 0.0),
    }


def test_open_number_date_map_district(answered):
    results = survey_results(answered)
    text = by_key(results, "uwagi", answered)
    assert (text.answered, text.open_count, text.rows) == (1, 1, [])
    number = by_key(results, "wiek", answered)
    assert number.mean == pytest.approx(35.5) and number.rows == []
    assert by_key(results, "kiedy", answered).rows == [] and by_key(results, "kiedy", answered).mean is None
    assert rows(by_key(results, "miejsce", answered)) == {"Stare Miasto": (1, 1.0)}
    assert rows(by_key(results, "dzielnica", answered)) == {"Stare Miasto": (2, 0.667), "Grzegórzki": (1, 0.333)}
    assert by_key(results, "zdjecie", answered).answered == 0


def test_filters_by_district_and_dates(answered, districts):
    old_town, grzegorzki = districts
    assert survey_results(answered, district=old_town).responses == 2
    assert survey_results(answered, district=grzegorzki.pk).responses == 1
    by_dates = survey_results(answered, date_from=datetime.date(2026, 3, 2), date_to=datetime.date(2026, 3, 3))
    assert by_dates.responses == 1
    assert rows(by_key(by_dates, "dojazd", answered)) == {"tramwajem": (1, 1.0), "rowerem": (0, 0.0), "pieszo": (0, 0.0), other(): (0, 0.0)}


def test_confirmed_email_response_counts(answered):
    from surveys.models import Response

    Response.objects.filter(source="email").update(confirmed_at=at(4))
    assert survey_results(answered).responses == 4


def test_latest_wording_and_answers_of_every_version(answered):
    question = Question.objects.get(survey=answered, code="dojazd")
    question.text = "Czym dojeżdżasz do parku?"
    question.save()
    services.current_version(survey=answered)
    respond(answered, {"dojazd": {"choice": "rowerem"}})
    result = by_key(survey_results(answered), "dojazd", answered)
    assert result.text == "Czym dojeżdżasz do parku?"
    assert result.answered == 4 and rows(result)["rowerem"] == (1, 0.25)
    assert [question.number for question in survey_results(answered).questions] == list(range(1, 12))


def test_empty_survey_has_zero_results(db):
    survey = make_survey(every_type_questions())
    results = survey_results(survey)
    assert results.responses == 0 and results.by_day == [] and all(question.answered == 0 for question in results.questions)


def test_consultation_results_lists_its_surveys(answered, site_tree):
    consultation = ConsultationFactory()
    other = make_survey(every_type_questions(), title="Druga ankieta")
    for survey in (answered, other):
        survey.consultation = consultation
        survey.save()
    make_survey(every_type_questions(), consultation=consultation, status="draft")
    results = consultation_results(consultation)
    assert [(result.survey_id, result.responses) for result in results] == [(answered.pk, 3), (other.pk, 0)]


def test_a_survey_without_choice_questions(db):
    survey = make_survey([question("ocena", "scale", config={"min": 1, "max": 3}), question("uwagi", "text")])
    respond(survey, {"ocena": 2, "uwagi": "Dobrze"})
    respond(survey, {"ocena": 3})
    scale, text = survey_results(survey).questions
    assert scale.mean == pytest.approx(2.5) and [row.count for row in scale.rows] == [0, 1, 1]
    assert (text.answered, text.open_count, text.rows) == (1, 1, [])


def test_results_cost_three_queries_whatever_the_answers(answered, django_assert_num_queries):
    """The versions, participation (source and day together) and one scan of the answers for every question type."""
    with django_assert_num_queries(3):
        results = survey_results(answered)
    assert results.responses == 3


def every_row(results):
    return results.by_source + results.by_district + [row for question in results.questions for row in question.rows]


@pytest.mark.usefixtures("compiled_translations")
def test_counted_results_are_worded_in_another_language_from_the_same_counts(answered, django_assert_num_queries):
    """What a published version shows in English or Ukrainian: its Polish counts, Dialog's labels reworded (no query)."""
    respond(answered, {"miejsce": {"address": "Kościuszki 5"}}, submitted_at=at(3))  # a place without a district
    polish = survey_results(answered)
    with translation.override("en"), django_assert_num_queries(0):
        english = reworded(polish)
    assert [(row.count, row.share, row.term) for row in every_row(english)] == [
        (row.count, row.share, row.term) for row in every_row(polish)
    ]
    labels = {row.label for row in every_row(english)}
    assert {"Other", "not given", "drzewa (mean place 1.3)", "online, open", "paper, typed in by staff"} <= labels
    assert {"Stare Miasto", "tramwajem", "czystość: dobrze"} <= labels  # data stays as written
    assert {"Inne", "nie podano", "drzewa (średnie miejsce 1,3)", "online, otwarta"} <= {row.label for row in every_row(polish)}
    assert reworded(polish) == polish  # worded in the language it was counted in, nothing changes


def test_answers_stored_before_their_counted_columns_are_counted_after_the_migration(answered):
    """Migration 0003 fills what the results count each answer as from its response's version: the same results."""
    before = survey_results(answered)
    Answer.objects.update(category="", other=False, number=None)
    assert survey_results(answered) != before
    importlib.import_module("surveys.migrations.0003_answer_counted_as").count_stored_answers(apps, None)
    assert survey_results(answered) == before
