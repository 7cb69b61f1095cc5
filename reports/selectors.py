"""Reads of consultation reports: one selector builds everything a report shows (`report_data`), and the HTML, PDF
and DOCX are each rendered from it; the public results page reads its numbers here too.

Generated parts are computed from the live data at every call, in a fixed number of queries whatever the number of
remarks or responses (aggregates by the database; survey results from `surveys.results`). Once a version is
published, the results page reads that version's snapshot (`results_snapshot`, stored with it) and the rows of its
decisions (`PublishedDecision`, written from it) instead: what residents see changes only with the next version.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, Func, JSONField, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from catalog.models import ConsultationPage
from catalog.statuses import Status
from consultations.models import (
    AuthorType,
    ConsultationDocument,
    Decision,
    DocumentStatus,
    ModerationState,
    Remark,
    RemarkSource,
)
from core.visibility import public

from .models import (
    ConsultationReport,
    PublicationRequest,
    PublishedDecision,
    PublishedDecisionCategory,
    PublishedReport,
)

# The sections the resolution asks a report to have (REFERENCE.md §2), in order. Each may carry a note written by staff.
SECTIONS = [
    ("aim", _("Aim and subject of the consultation")),
    ("dates", _("Dates of the consultation")),
    ("forms", _("Forms of consultation")),
    ("participation", _("Participation: people and submissions")),
    ("results", _("Results of the surveys")),
    ("remarks", _("Remarks, decisions and their justification")),
    ("conclusions", _("Conclusions")),
    ("attachments", pgettext_lazy("report section", "Attachments")),
]
SECTION_KEYS = [key for key, _title in SECTIONS]


def report_due_days() -> int:
    return settings.DIALOG_REPORT_DUE_DAYS


def report_reminder_days_before() -> int:
    return settings.DIALOG_REPORT_REMINDER_DAYS_BEFORE


def report_due_on(consultation: ConsultationPage) -> date | None:
    """The day the report is due: DIALOG_REPORT_DUE_DAYS after the consultation's end (REFERENCE.md §2, unverified)."""
    if consultation.ends_at is None:
        return None
    return timezone.localdate(consultation.ends_at) + timedelta(days=report_due_days())


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class Participation:
    remarks: int  # published remarks, duplicates included
    distinct_remarks: int  # without the duplicates merged into another remark
    withheld: int  # comments hidden or rejected by moderation (not in the report)
    pending: int  # comments still awaiting moderation
    by_source: list[Tally]
    by_author: list[Tally]
    responses: int  # counted survey responses, all surveys of the consultation
    decided: int
    undecided: int
    by_decision: list[Tally]


@dataclass(frozen=True)
class RemarkLine:
    """One remark as the report prints it: no names of private persons (only organisations are named)."""

    number: int
    received_on: date
    source: str
    author: str
    where: str  # document and paragraph, for comments on a document
    text: str
    categories: list[str]
    decision: str
    decision_value: str
    justification: str
    merged_into: int | None
    # The same again as values, for the results page's snapshot (labels are translated when the page is shown).
    source_value: str = ""
    author_type: str = ""
    organisation: str = ""
    document: str = ""
    paragraph: int | None = None
    category_ids: list[int] = field(default_factory=list)

    @property
    def decision_text(self) -> str:
        """The decision, or for a merged duplicate the decision on the remark it was merged into."""
        decision = self.decision or gettext("no decision yet")
        if self.merged_into:
            return gettext("Merged into remark no. %(number)d: %(decision)s") % {"number": self.merged_into, "decision": decision}
        return decision


@dataclass(frozen=True)
class Attachment:
    title: str
    url: str


@dataclass(frozen=True)
class Meeting:
    title: str
    starts_at: datetime | None


@dataclass(frozen=True)
class Way:
    title: str
    count: int


@dataclass(frozen=True)
class ReportData:
    consultation: ConsultationPage
    report: ConsultationReport
    title: str
    generated_at: datetime
    due_on: date | None
    forms: list[str]
    documents: list[Way]
    meetings: list[Meeting]
    participation: Participation
    surveys: list  # surveys.results.SurveyResults
    remarks: list[RemarkLine]
    attachments: list[Attachment]
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def sections(self) -> list[tuple[str, str, str]]:
        """(key, title, note) in the report's order."""
        return [(key, str(title), self.notes.get(key, "")) for key, title in SECTIONS]


def draft_for(consultation: ConsultationPage) -> ConsultationReport:
    """The consultation's report, or an unsaved one prefilled from the announcement (saved at the first edit)."""
    report = ConsultationReport.objects.filter(consultation=consultation).first()
    if report is not None:
        return report
    introduction = "\n\n".join(part for part in (consultation.aim, consultation.legal_basis and (
        _("Legal basis: %(basis)s") % {"basis": consultation.legal_basis})) if part)
    return ConsultationReport(consultation=consultation, introduction=str(introduction or consultation.lead))


def _labelled(rows, choices) -> list[Tally]:
    labels = dict(choices)
    return [Tally(str(labels.get(key, key)), count) for key, count in rows if count]


def participation(consultation: ConsultationPage, responses: int) -> Participation:
    """Numbers of the report and the results page: four aggregate queries."""
    remarks = Remark.objects.filter(consultation=consultation)
    totals = remarks.aggregate(
        published=Count("pk", filter=Q(moderation=ModerationState.PUBLISHED)),
        distinct=Count("pk", filter=Q(moderation=ModerationState.PUBLISHED, merged_into=None)),
        withheld=Count("pk", filter=Q(moderation__in=[ModerationState.HIDDEN, ModerationState.REJECTED])),
        pending=Count("pk", filter=Q(moderation=ModerationState.PENDING)),
        decided=Count("pk", filter=Q(moderation=ModerationState.PUBLISHED, merged_into=None) & ~Q(decision="")),
    )
    published = remarks.filter(moderation=ModerationState.PUBLISHED)
    by_source = published.order_by().values_list("source").annotate(n=Count("pk"))
    by_author = published.order_by().values_list("author_type").annotate(n=Count("pk"))
    by_decision = published.filter(merged_into=None).exclude(decision="").order_by().values_list("decision").annotate(n=Count("pk"))
    by_decision = dict(by_decision)
    return Participation(
        remarks=totals["published"], distinct_remarks=totals["distinct"], withheld=totals["withheld"], pending=totals["pending"],
        by_source=_labelled(sorted(by_source, key=lambda row: -row[1]), RemarkSource.choices),
        by_author=_labelled(sorted(by_author, key=lambda row: -row[1]), AuthorType.choices),
        responses=responses, decided=totals["decided"], undecided=totals["distinct"] - totals["decided"],
        by_decision=[Tally(str(label), by_decision.get(value, 0)) for value, label in Decision.choices],
    )


def report_remarks(consultation: ConsultationPage) -> QuerySet:
    """Published remarks (duplicates too) with what a line of the report shows: two queries at any number."""
    return (
        Remark.objects.filter(consultation=consultation, moderation=ModerationState.PUBLISHED)
        .select_related("organisation", "paragraph__document", "merged_into")
        .prefetch_related("categories")
        .order_by("received_on", "pk")
    )


def remark_line(remark: Remark) -> RemarkLine:
    author = remark.get_author_type_display()
    if remark.organisation is not None:
        author = f"{author}: {remark.organisation.name}"
    where = ""
    if remark.paragraph is not None:
        where = str(_("%(document)s, paragraph %(number)d") % {
            "document": remark.paragraph.document.title, "number": remark.paragraph.number,
        })
    decided = remark.merged_into if remark.merged_into is not None else remark
    categories = list(remark.categories.all())
    return RemarkLine(
        number=remark.pk, received_on=remark.received_on, source=str(remark.get_source_display()), author=str(author),
        where=where, text=remark.text, categories=[category.name for category in categories],
        decision=str(decided.get_decision_display()) if decided.decision else "", decision_value=decided.decision,
        justification=decided.justification, merged_into=remark.merged_into_id,
        source_value=remark.source, author_type=remark.author_type,
        organisation=remark.organisation.name if remark.organisation is not None else "",
        document=remark.paragraph.document.title if remark.paragraph is not None else "",
        paragraph=remark.paragraph.number if remark.paragraph is not None else None,
        category_ids=[category.pk for category in categories],
    )


def survey_results(consultation: ConsultationPage) -> list:
    from surveys.results import consultation_results

    return consultation_results(consultation)


def report_data(consultation: ConsultationPage, report: ConsultationReport | None = None) -> ReportData:
    """Everything the report shows, read now: the one source of the HTML preview, the PDF and the DOCX."""
    report = report or draft_for(consultation)
    surveys = survey_results(consultation)
    documents = ConsultationDocument.objects.filter(consultation=consultation, status=DocumentStatus.PUBLISHED).annotate(
        comments=Count("paragraphs__remarks", filter=Q(paragraphs__remarks__moderation=ModerationState.PUBLISHED))
    ).order_by("created_at", "pk")
    meetings = consultation.events.live().order_by("starts_at", "pk").values_list("title", "starts_at")
    attachments = consultation.attachments.select_related("document").order_by("sort_order", "pk")
    notes = {key: (report.notes or {}).get(key, "") for key in SECTION_KEYS}
    notes["aim"], notes["conclusions"] = report.introduction, report.conclusions
    return ReportData(
        consultation=consultation, report=report, title=str(_("Report on the consultation: %(title)s") % {"title": consultation.title}),
        generated_at=timezone.now(), due_on=report_due_on(consultation),
        forms=consultation.get_consultation_forms_display(),
        documents=[Way(document.title, document.comments) for document in documents],
        meetings=[Meeting(title, starts_at) for title, starts_at in meetings],
        participation=participation(consultation, sum(survey.responses for survey in surveys)),
        surveys=surveys,
        remarks=[remark_line(remark) for remark in report_remarks(consultation)],
        attachments=[
            Attachment(attachment.label or attachment.document.title, attachment.document.url) for attachment in attachments
        ],
        notes=notes,
    )


# ---------------------------------------------------------------------------------------------- public results page


def public_consultation(key: str) -> ConsultationPage | None:
    """A live, public consultation by its slug (the links Dialog writes) or its page id."""
    consultations = public(ConsultationPage.objects.all())
    by_slug = consultations.filter(slug=key).first()
    if by_slug is not None or not (key.isascii() and key.isdecimal()):  # "²" is a digit to str.isdigit, not to int()
        return by_slug
    return consultations.filter(pk=int(key)).first()


def has_results(consultation: ConsultationPage) -> bool:
    """Results are shown once the consultation has ended (never while residents can still take part)."""
    return consultation.status in (Status.CLOSED, Status.REPORT_PUBLISHED)


def latest_publication(consultation: ConsultationPage) -> PublishedReport | None:
    return PublishedReport.objects.filter(report__consultation=consultation).order_by("-number").defer("snapshot").first()


# How long the staff page shows what became of the last "publish" (a pending request is shown however old).
REQUEST_SHOWN_FOR = timedelta(days=1)


def publication_request_to_show(consultation: ConsultationPage) -> PublicationRequest | None:
    """The consultation's latest request to publish, if it still waits or runs or ended within `REQUEST_SHOWN_FOR`."""
    request = (PublicationRequest.objects.filter(consultation=consultation)
               .select_related("requested_by", "publication").defer("publication__snapshot").order_by("-requested_at", "-pk").first())
    if request is None or request.pending or request.finished_at >= timezone.now() - REQUEST_SHOWN_FOR:
        return request
    return None


def publication(consultation: ConsultationPage, number: int) -> PublishedReport | None:
    """One published version of the consultation's report (every published version stays available)."""
    return PublishedReport.objects.filter(report__consultation=consultation, number=number).defer("snapshot").first()


@dataclass(frozen=True)
class PublicNumbers:
    remarks: int
    distinct_remarks: int
    responses: int
    by_source: list[Tally]


@dataclass(frozen=True)
class PublicResults:
    """What the results page shows of a published version."""

    participation: PublicNumbers
    surveys: list  # surveys.results.SurveyResults
    publication: PublishedReport
    # A version published before snapshots were kept has no rows of decisions: they are read from the live data
    # (published remarks only, entries as in a snapshot), and the page says so. The only decisions filtered in Python.
    live_decisions: list[dict] | None = None

    @property
    def live(self) -> bool:
        return self.live_decisions is not None

    def categories(self) -> list[tuple[int, str]]:
        """The categories the shown decisions carry, for the filter, by name: one query."""
        if self.live_decisions is not None:
            found = {pk: name for line in self.live_decisions for pk, name in line["categories"]}
        else:
            found = dict(
                PublishedDecisionCategory.objects.filter(_still_published("decision__number"), decision__publication=self.publication)
                .order_by().values_list("category_id", "name").distinct()
            )
        return sorted(found.items(), key=lambda item: (item[1].casefold(), item[0]))

    def filtered(self, *, decision: str = "", category: int | None = None) -> QuerySet[PublishedDecision] | list[PublishedDecision]:
        """The shown decisions that match, in the version's order: a queryset to page, each row's categories
        prefetched with the page (a list for a version without rows)."""
        if self.live_decisions is not None:
            return [
                _live_decision(line) for line in self.live_decisions
                if (not decision or line["decision"] == decision) and (category is None or category in dict(line["categories"]))
            ]
        found = PublishedDecision.objects.filter(_still_published("number"), publication=self.publication)
        if decision:
            found = found.filter(decision=decision)
        if category is not None:
            found = found.filter(Exists(PublishedDecisionCategory.objects.filter(decision=OuterRef("pk"), category_id=category)))
        return found.order_by("position").prefetch_related(Prefetch("categories", PublishedDecisionCategory.objects.order_by("pk")))


def _still_published(number: str) -> Exists:
    """A remark hidden or rejected by moderation after publication, or erased at its author's request, leaves the
    public page at once, not with the next version (the published files are a record; the page is public display)."""
    return Exists(Remark.objects.filter(pk=OuterRef(number), moderation=ModerationState.PUBLISHED))


def _live_decision(line: dict) -> PublishedDecision:
    decision = PublishedDecision.from_snapshot(line)
    decision.category_names = [name for _pk, name in line["categories"]]  # unsaved: no rows to read them from
    return decision


class _WithoutKey(Func):
    """A JSON object without one of its keys, left out by the database (JSON_REMOVE; PostgreSQL's `jsonb - text`)."""

    function = "JSON_REMOVE"
    output_field = JSONField()

    def __init__(self, expression: str, key: str):
        super().__init__(expression, Value(f"$.{key}"))
        self.key = key

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"({sql} - %s::text)", (*params, self.key)


def results_snapshot(data: ReportData) -> dict:
    """What the results page needs of a version, taken from the same data as its files; plain JSON types (lists,
    not tuples), as the column gives it back, so a new snapshot compares equal to a stored one of the same data."""
    published = data.remarks
    duplicates: dict[int, int] = {}
    sources: dict[str, int] = {}
    for line in published:
        sources[line.source_value] = sources.get(line.source_value, 0) + 1
        if line.merged_into:
            duplicates[line.merged_into] = duplicates.get(line.merged_into, 0) + 1
    surveys = _surveys_json(data.surveys)
    return {
        "remarks": len(published),
        "distinct_remarks": sum(1 for line in published if not line.merged_into),
        "responses": data.participation.responses,
        "by_source": sorted(([value, count] for value, count in sources.items()), key=lambda row: (-row[1], row[0])),
        "surveys": surveys,
        "decisions": [
            {
                "number": line.number, "received_on": line.received_on.isoformat(), "source": line.source_value,
                "author_type": line.author_type, "organisation": line.organisation, "document": line.document,
                "paragraph": line.paragraph, "text": line.text, "decision": line.decision_value,
                "justification": line.justification,
                "categories": [[pk, name] for pk, name in zip(line.category_ids, line.categories, strict=True)],
                "duplicates": duplicates.get(line.number, 0),
            }
            for line in published if not line.merged_into and line.decision_value
        ],
    }


def same_results(stored: dict, snapshot: dict) -> bool:
    """Two snapshots show the same results. Compared without what follows from them: the survey rows' label terms, so
    a snapshot stored before rows had them is not "changed" (a second click would publish and notify again), and the
    results counted again per language (`surveys_in`) that such snapshots also kept."""
    return _compared(stored) == _compared(snapshot)


def _compared(snapshot: dict) -> dict:
    def rows(found: list[dict]) -> list[dict]:
        return [{name: value for name, value in row.items() if name != "term"} for row in found]

    surveys = [
        {**survey, "by_source": rows(survey["by_source"]), "by_district": rows(survey["by_district"]),
         "questions": [{**question, "rows": rows(question["rows"])} for question in survey["questions"]]}
        for survey in snapshot.get("surveys", [])
    ]
    return {**snapshot, "surveys_in": None, "surveys": surveys}


def _surveys_json(surveys: list) -> list[dict]:
    found = [asdict(survey) for survey in surveys]
    for survey in found:
        survey["by_day"] = [[day.isoformat(), count] for day, count in survey["by_day"]]
    return found


def _survey_from_json(survey: dict):
    from surveys.results import QuestionResult, Row, SurveyResults

    return SurveyResults(
        survey_id=survey["survey_id"], title=survey["title"], responses=survey["responses"],
        by_source=[Row(**row) for row in survey["by_source"]], by_district=[Row(**row) for row in survey["by_district"]],
        by_day=[(date.fromisoformat(day), count) for day, count in survey["by_day"]],
        questions=[QuestionResult(**{**question, "rows": [Row(**row) for row in question["rows"]]}) for question in survey["questions"]],
    )


def published_results(publication: PublishedReport) -> PublicResults:
    """The results page of a published version: its snapshot's numbers and surveys, labels in the reader's language,
    and its decisions as rows (`PublishedDecision`) paged and filtered in SQL: the snapshot is read without its
    decisions, so the page costs the same at any number of them. A version published before snapshots were kept
    shows the live data instead. The survey rows' labels that are Dialog's wording are worded now from their terms
    (`surveys.results.reworded`): every language shows the numbers counted once at publication. Snapshots stored
    before rows had terms kept per-language copies (`surveys_in`), read as stored."""
    from surveys.results import reworded

    snapshot = (
        PublishedReport.objects.filter(pk=publication.pk).values_list(_WithoutKey("snapshot", "decisions"), flat=True).get()
    )
    live_decisions = None
    if not snapshot:
        snapshot = results_snapshot(report_data(publication.report.consultation, publication.report))
        live_decisions = snapshot["decisions"]
    labels = dict(RemarkSource.choices)
    return PublicResults(
        participation=PublicNumbers(
            remarks=snapshot["remarks"], distinct_remarks=snapshot["distinct_remarks"], responses=snapshot["responses"],
            by_source=[Tally(str(labels.get(value, value)), count) for value, count in snapshot["by_source"]],
        ),
        surveys=[
            reworded(_survey_from_json(survey))
            for survey in snapshot.get("surveys_in", {}).get(translation.get_language()) or snapshot["surveys"]
        ],
        publication=publication,
        live_decisions=live_decisions,
    )
