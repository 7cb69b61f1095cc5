"""Reads of surveys: what the public may see, the version being answered, counts for staff."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from catalog.statuses import Status

from .models import ResponseSource, Survey, SurveyStatus, SurveyVersion


def open_surveys(now=None) -> QuerySet[Survey]:
    """Surveys taking answers now, the same rule as `Survey.is_open` but in one query (for listings)."""
    now = now or timezone.now()
    opens = Q(opens_at__lte=now) | Q(opens_at__isnull=True, consultation__isnull=True) | Q(
        opens_at__isnull=True, consultation__starts_at__isnull=True
    ) | Q(opens_at__isnull=True, consultation__starts_at__lte=now)
    closes = Q(closes_at__gt=now) | Q(closes_at__isnull=True, consultation__isnull=True) | Q(
        closes_at__isnull=True, consultation__ends_at__isnull=True
    ) | Q(closes_at__isnull=True, consultation__ends_at__gt=now)
    consultation_open = Q(consultation__isnull=True) | Q(consultation__status=Status.OPEN, consultation__live=True)
    return (
        Survey.objects.filter(status=SurveyStatus.OPEN).filter(opens, closes, consultation_open)
        .filter(versions__isnull=False).distinct()
        .select_related("consultation").order_by("closes_at", "-created_at", "-pk")
    )


def public_survey(survey_id: int) -> Survey | None:
    """A survey the public may open: not a draft; a closed one still shows, saying it is closed."""
    return (
        Survey.objects.exclude(status=SurveyStatus.DRAFT).select_related("consultation").filter(pk=survey_id).first()
    )


def latest_version(survey: Survey) -> SurveyVersion | None:
    return survey.versions.order_by("-number").first()


def version_of(survey: Survey, version_id) -> SurveyVersion | None:
    return survey.versions.filter(pk=version_id).first() if version_id else None


def consultation_surveys(page) -> QuerySet[Survey]:
    return open_surveys().filter(consultation=page)


def with_response_counts(queryset: QuerySet[Survey]) -> QuerySet[Survey]:
    """Counted responses (verified-e-mail ones once confirmed) and the unverified ones, in the same query."""
    counted = Q(responses__source__in=[ResponseSource.ONLINE, ResponseSource.CODE, ResponseSource.PAPER]) | Q(
        responses__source=ResponseSource.EMAIL, responses__confirmed_at__isnull=False
    )
    return queryset.annotate(
        response_count=Count("responses", filter=counted, distinct=True),
        unconfirmed_count=Count("responses", filter=Q(responses__source=ResponseSource.EMAIL, responses__confirmed_at__isnull=True), distinct=True),
        unverified_count=Count("responses", filter=Q(responses__unverified=True), distinct=True),
    )


def is_finished(survey: Survey, now=None) -> bool:
    """Closed by hand, or past its closing date (its own or its consultation's): its open data may be published."""
    if survey.status == SurveyStatus.CLOSED:
        return True
    _opens, closes = survey.window()
    return survey.status == SurveyStatus.OPEN and closes is not None and closes <= (now or timezone.now())


def finished_survey(survey_id: int) -> Survey | None:
    survey = public_survey(survey_id)
    return survey if survey is not None and is_finished(survey) else None
