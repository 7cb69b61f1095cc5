"""Reads of surveys: what the public may see, the version being answered, counts for staff."""

from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from catalog.statuses import Status
from core.prepared import prepared_read

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
    """A survey the public may open: not a draft; a closed one still shows, saying it is closed.

    Every page of a survey reads it, so its SQL is compiled once per process (`core.prepared`). The consultation is
    not joined: most surveys have none; a survey that has one reads it when first asked (one query).
    """
    return next(iter(prepared_read(_public_survey, None, [survey_id])), None)


def _public_survey(_shape, survey_id) -> QuerySet[Survey]:
    return Survey.objects.exclude(status=SurveyStatus.DRAFT).filter(pk=survey_id).order_by()[:1]


# Versions read in this process, by primary key. A version is never updated once made (`services.current_version`
# makes a new one), so a copy cannot go stale; each page of an attempt then needs no query and no JSON parsing for it.
_versions: dict[int, SurveyVersion] = {}
KEPT_VERSIONS = 200


def _keep(version: SurveyVersion) -> SurveyVersion:
    if len(_versions) >= KEPT_VERSIONS:
        _versions.clear()
    _versions[version.pk] = version
    return version


def _forget_version(sender, instance, **kwargs) -> None:
    """A saved or deleted version leaves the copy (tests that roll back reuse primary keys)."""
    _versions.pop(instance.pk, None)


post_save.connect(_forget_version, sender=SurveyVersion, dispatch_uid="surveys.selectors.version_saved")
post_delete.connect(_forget_version, sender=SurveyVersion, dispatch_uid="surveys.selectors.version_deleted")


def latest_version(survey: Survey) -> SurveyVersion | None:
    """The version a new attempt answers, read from the database (then kept for the attempt's later pages)."""
    version = survey.versions.order_by("-number").first()
    return _keep(version) if version is not None else None


def version_of(survey: Survey, version_id) -> SurveyVersion | None:
    """The version an attempt started with: this process's copy, else one query."""
    if not version_id:
        return None
    version = _versions.get(version_id)
    if version is None:
        version = survey.versions.filter(pk=version_id).first()
        if version is None:
            return None
        _keep(version)
    return version if version.survey_id == survey.pk else None


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
