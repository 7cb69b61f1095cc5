"""Reads of e-consultations with their relations loaded up front, so pages cost the same at any number of comments."""

from dataclasses import dataclass

from django.db.models import CharField, Count, F, IntegerField, Prefetch, Q, QuerySet, Value

from catalog.models import ConsultationPage
from catalog.statuses import Status
from core.visibility import public

from .models import ConsultationDocument, DocumentParagraph, DocumentStatus, ModerationState, Remark, RemarkCategory


def public_document(document_id: int) -> ConsultationDocument | None:
    """A published document of a consultation the public may see (live, not in a closed section)."""
    return (
        ConsultationDocument.objects.select_related("consultation")
        .filter(pk=document_id, status=DocumentStatus.PUBLISHED, consultation__in=public(ConsultationPage.objects.all()))
        .first()
    )


def published_documents(consultation: ConsultationPage) -> QuerySet:
    return ConsultationDocument.objects.filter(consultation=consultation, status=DocumentStatus.PUBLISHED).annotate(
        published_comments=Count("paragraphs__remarks", filter=Q(paragraphs__remarks__moderation=ModerationState.PUBLISHED))
    )


def paragraphs_with_comments(document: ConsultationDocument) -> list[DocumentParagraph]:
    """Paragraphs in order, each with `.comments` (published, oldest first): two queries whatever the numbers."""
    comments = Remark.objects.filter(moderation=ModerationState.PUBLISHED).order_by("created_at", "pk")
    return list(
        document.paragraphs.order_by("number").prefetch_related(Prefetch("remarks", queryset=comments, to_attr="comments"))
    )


def public_comment(remark_id: int) -> Remark | None:
    """A published comment on a published document of a public consultation (what "report abuse" may point at)."""
    return (
        Remark.objects.select_related("paragraph__document__consultation")
        .filter(
            pk=remark_id, moderation=ModerationState.PUBLISHED, paragraph__document__status=DocumentStatus.PUBLISHED,
            consultation__in=public(ConsultationPage.objects.all()),
        )
        .first()
    )


def categories_for(consultation: ConsultationPage) -> QuerySet:
    """The categories usable in a consultation: its own and the global ones."""
    return RemarkCategory.objects.filter(Q(consultation=consultation) | Q(consultation=None)).order_by("name")


def categories_with_counts(consultation: ConsultationPage) -> QuerySet:
    """The consultation's categories (own first, then global) with how many of its remarks each codes."""
    return categories_for(consultation).annotate(
        remark_count=Count("remarks", filter=Q(remarks__consultation=consultation)),
    ).order_by(F("consultation_id").asc(nulls_last=True), "name")


def analysable_remarks(consultation: ConsultationPage) -> QuerySet:
    """What automatic grouping looks at: remarks not merged into another and not hidden or rejected by a moderator."""
    return (
        Remark.objects.filter(consultation=consultation, merged_into=None)
        .exclude(moderation__in=[ModerationState.HIDDEN, ModerationState.REJECTED])
        .order_by("pk")
    )


def remarks_by_id(ids) -> dict[int, Remark]:
    """Remarks with their categories, for showing groups (two queries whatever the number)."""
    return {remark.pk: remark for remark in Remark.objects.filter(pk__in=list(ids)).prefetch_related("categories")}


def survey_questions_of(consultation: ConsultationPage) -> dict[tuple[int, str], dict]:
    """Every question of every version of the consultation's surveys, by (version id, question key)."""
    from surveys.models import SurveyVersion

    versions = SurveyVersion.objects.filter(survey__consultation=consultation).values_list("pk", "questions")
    return {(version_id, question["key"]): question for version_id, version in versions for question in version}


def open_answers_to_sync(consultation: ConsultationPage, questions: dict[tuple[int, str], dict]) -> QuerySet:
    """Open answers (and "other" texts) of the consultation's counted survey responses that are not remarks yet, oldest
    first (`questions`: `survey_questions_of`). Counted: verified-e-mail responses only once confirmed."""
    from surveys.models import Answer, ResponseSource

    text_keys = {key for (_version, key), question in questions.items() if question["kind"] == "text"}
    other_keys = {key for (_version, key), question in questions.items() if question["config"].get("other")}
    return (
        Answer.objects.filter(response__survey__consultation=consultation, remark__isnull=True)
        .filter(Q(question_key__in=text_keys) | Q(question_key__in=other_keys, value__has_key="other"))
        .filter(~Q(response__source=ResponseSource.EMAIL) | Q(response__confirmed_at__isnull=False))
        .order_by("pk")
    )


def consultations_to_sync() -> QuerySet:
    """Ids of open and closed consultations that have surveys: the ones whose open answers may still grow."""
    return (
        ConsultationPage.objects.filter(status__in=[Status.OPEN, Status.CLOSED], surveys__isnull=False)
        .values_list("pk", flat=True).distinct().order_by("pk")
    )


@dataclass(frozen=True)
class RemarkFilters:
    source: str = ""
    category: int | None = None
    decision: str = ""  # a Decision value, or "none" for remarks without one
    moderation: str = ""


def staff_remarks(consultation: ConsultationPage, filters: RemarkFilters = RemarkFilters()) -> QuerySet:
    """Every remark of a consultation for staff, filtered, with what the list shows loaded in a fixed number of queries."""
    remarks = (
        Remark.objects.filter(consultation=consultation)
        .select_related("paragraph__document", "organisation", "merged_into", "decided_by")
        .prefetch_related("categories", "attachments")
        .annotate(open_reports=Count("abuse_reports", filter=Q(abuse_reports__resolved_at=None)))
        .order_by("received_on", "pk")
    )
    if filters.source:
        remarks = remarks.filter(source=filters.source)
    if filters.category:
        remarks = remarks.filter(categories=filters.category)
    if filters.decision == "none":
        remarks = remarks.filter(decision="", merged_into=None)
    elif filters.decision:
        remarks = remarks.filter(decision=filters.decision)
    if filters.moderation:
        remarks = remarks.filter(moderation=filters.moderation)
    return remarks


def moderation_queue() -> QuerySet:
    """Comments waiting for a moderator and published ones with open abuse reports, oldest first."""
    return (
        Remark.objects.annotate(open_reports=Count("abuse_reports", filter=Q(abuse_reports__resolved_at=None)))
        .filter(Q(moderation=ModerationState.PENDING) | Q(open_reports__gt=0))
        .select_related("consultation", "paragraph__document")
        .prefetch_related(Prefetch("abuse_reports", to_attr="reports"))
        .order_by("created_at", "pk")
    )


def staff_consultations() -> QuerySet:
    """Consultations with the numbers of their remarks, for the back-office's entry page."""
    return ConsultationPage.objects.annotate(
        remark_count=Count("remarks", distinct=True),
        undecided=Count("remarks", filter=Q(remarks__decision="", remarks__merged_into=None), distinct=True),
    ).order_by("-starts_at", "title")


@dataclass(frozen=True)
class WayToTakePart:
    """A published document to comment on, or an open survey, of a consultation (its page lists both)."""

    kind: str  # "document" or "survey"
    pk: int
    title: str
    slug: str
    comments: int


def ways_to_take_part(consultation: ConsultationPage) -> list[WayToTakePart]:
    """Published documents (with their published comment counts) and open surveys in one query (UNION ALL):
    the consultation's page stays within the portal's budget of 15 queries."""
    from surveys.selectors import consultation_surveys

    if consultation.pk is None:  # the editor's preview of a consultation not saved yet
        return []
    text, number = CharField(), IntegerField()
    documents = published_documents(consultation).order_by().annotate(
        way=Value("document", output_field=text), way_pk=F("pk"), way_title=F("title"), way_slug=Value("", output_field=text),
        way_comments=F("published_comments"),
    ).values_list("way", "way_pk", "way_title", "way_slug", "way_comments").order_by()
    surveys = consultation_surveys(consultation).order_by().annotate(
        way=Value("survey", output_field=text), way_pk=F("pk"), way_title=F("title"), way_slug=F("slug"),
        way_comments=Value(0, output_field=number),
    ).values_list("way", "way_pk", "way_title", "way_slug", "way_comments").order_by()
    rows = [WayToTakePart(*row) for row in documents.union(surveys, all=True).order_by()]
    return sorted(rows, key=lambda row: (row.kind, row.title))
