"""The announcement's checks: missing fields, too short, too few forms, no meeting, late information."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.models import ConsultationForm, ConsultationPage
from consultations import rules

pytestmark = pytest.mark.django_db  # building a Wagtail page reads the default locale

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(60))


def complete(**overrides) -> ConsultationPage:
    fields = dict(
        pk=1, title="Park Zakrzówek", aim="Zbieramy opinie o parku.", legal_basis="art. 5a u.s.g.", organiser="Wydział Zieleni",
        organiser_contact="zielen@example.org", starts_at=START, ends_at=START + dt.timedelta(days=21),
        consultation_forms=[ConsultationForm.OPEN_MEETING, ConsultationForm.SURVEY, ConsultationForm.WRITTEN_REMARKS],
        how_to_submit="Formularz online lub list.", submissions_until=START + dt.timedelta(days=20),
        accessibility_info="Sala bez progów.",
    )
    fields.update(overrides)
    return ConsultationPage(**fields)


def codes(consultation, announced_at=START - dt.timedelta(days=10), campaigns=()):
    return [w.code for w in rules.announcement_warnings(consultation, announced_at=announced_at, campaigns_with_actions=campaigns)]


def test_a_complete_announcement_published_in_time_has_no_warnings():
    assert codes(complete()) == []


def test_missing_fields_are_named_in_polish(compiled_translations):
    from django.utils import translation

    with translation.override("pl"):
        warnings = rules.missing_fields(complete(legal_basis="", accessibility_info=""))
    assert [w.message for w in warnings] == ["W ogłoszeniu brakuje: podstawa prawna, informacja o dostępności."]


def test_duration_under_21_days_warns():
    assert codes(complete(ends_at=START + dt.timedelta(days=19), submissions_until=None)) == [
        "announcement_incomplete", "consultation_too_short",
    ]
    assert codes(complete(ends_at=START + dt.timedelta(days=20))) == []  # 1–21 March counts as 21 days


def test_fewer_than_three_forms_and_no_meeting_warn():
    assert codes(complete(consultation_forms=[ConsultationForm.SURVEY, ConsultationForm.WRITTEN_REMARKS])) == [
        "too_few_forms", "no_meeting",
    ]
    assert codes(complete(consultation_forms=[
        ConsultationForm.SURVEY, ConsultationForm.WRITTEN_REMARKS, ConsultationForm.DOCUMENT_COMMENTS,
    ])) == ["no_meeting"]
    assert codes(complete(consultation_forms=[
        ConsultationForm.WORKSHOP, ConsultationForm.WRITTEN_REMARKS, ConsultationForm.DOCUMENT_COMMENTS,
    ])) == []


def test_the_minimum_number_of_forms_is_a_setting(settings, compiled_translations):
    from django.utils import translation

    settings.DIALOG_CONSULTATION_MIN_FORMS = 4
    assert codes(complete()) == ["too_few_forms"]
    with translation.override("pl"):
        [warning] = rules.too_few_forms(complete())
    assert warning.message == "Konsultacje mają 3 formy; powinny mieć co najmniej 4."
    settings.DIALOG_CONSULTATION_MIN_FORMS = 2
    assert codes(complete(consultation_forms=[ConsultationForm.OPEN_MEETING, ConsultationForm.SURVEY])) == []


def test_information_shorter_than_seven_days_before_opening_warns():
    assert codes(complete(), announced_at=START - dt.timedelta(days=6)) == ["information_too_late"]
    assert codes(complete(), announced_at=START - dt.timedelta(days=7)) == []


def test_a_linked_campaign_is_judged_by_the_planners_rule():
    from catalog.models import CampaignPage

    campaign = CampaignPage(pk=2, title="Kampania", starts_at=START - dt.timedelta(days=3))
    assert codes(complete(), campaigns=[(campaign, [])]) == ["campaign_too_late"]
    campaign.starts_at = START - dt.timedelta(days=14)
    assert codes(complete(), announced_at=START, campaigns=[(campaign, [])]) == []


def test_deadline_after_the_end_warns():
    assert codes(complete(submissions_until=START + dt.timedelta(days=30))) == ["deadline_after_end"]
