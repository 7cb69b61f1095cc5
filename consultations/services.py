"""Writes of e-consultations: the status that follows the dates, documents for comments, residents' comments and
abuse reports, offline remarks, open answers of surveys taken into the remarks, moderation, coding, the categories
of a consultation, merging and decisions.

Every staff write records a Wagtail audit entry (`wagtail.log_actions.log`); status changes go through Wagtail's
revisions and publishing, so the page's history shows them like an editor's change.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from catalog.models import ConsultationPage
from catalog.statuses import Status

from . import selectors
from .models import (
    AbuseReport,
    AuthorType,
    ConsultationDocument,
    Decision,
    DocumentParagraph,
    DocumentStatus,
    ModerationMode,
    ModerationState,
    Remark,
    RemarkCategory,
    RemarkSource,
)

REFUSALS = {
    "closed": _("Comments on this document are closed."),
    "not_published": _("This comment cannot be reported."),
    "justification_required": _("Write the justification of the decision."),
    "merge_other_consultation": _("Only remarks of the same consultation can be merged."),
    "merge_into_merged": _("The remark to keep has itself been merged into another one."),
    "reason_required": _("Give the reason for the change of status."),
    "status_not_allowed": _("This status is not used for consultations."),
    "category_name_taken": _("A category with this name already exists here. Merge the two instead."),
    "category_name_required": _("Name the category."),
    "category_not_own": _("Only categories of this consultation can be changed here; global ones are shared by all."),
    "category_merge_same": _("Choose two different categories to merge."),
    "category_not_empty": _("The category still codes remarks. Confirm that they should lose it, or merge it into another."),
}


class Refused(Exception):  # noqa: N818 - a refusal is an expected outcome, not a bug
    """A rule refused the request; `message` is for people (Polish when rendered), `code` for programs."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(REFUSALS[self.code])


def _actor(user):
    return user if user is not None and user.is_authenticated else None


# ---------------------------------------------------------------------------------------------- status


def _publish_with_status(page: ConsultationPage, status: str, user) -> None:
    """Publish the live content with the new status; an editor's unpublished draft keeps its changes and gets the status too."""
    draft_revision = page.get_latest_revision() if page.has_unpublished_changes else None
    if page.live:
        live = page.live_revision.as_object() if page.live_revision else page
        live.status = status
        live.save_revision(user=user, log_action=True).publish(user=user)
    if draft_revision is not None or not page.live:
        draft = draft_revision.as_object() if draft_revision is not None else page
        draft.status = status
        if not page.live:
            draft.save()  # as Wagtail's editor does: a page never published keeps its content in its row too
        draft.save_revision(user=user, log_action=True)


@transaction.atomic
def change_status(*, consultation: ConsultationPage, status: str, reason: str, user) -> bool:
    """A staff member sets the status by hand, with the reason kept in the audit log; False if it already had it."""
    if not reason.strip():
        raise Refused("reason_required")
    if status not in ConsultationPage.allowed_statuses:
        raise Refused("status_not_allowed")
    page = ConsultationPage.objects.select_for_update().get(pk=consultation.pk)
    if page.status == status:
        return False
    previous = page.status
    _publish_with_status(page, status, user)
    log(instance=page, action="consultations.status_changed", user=_actor(user),
        data={"from": previous, "to": status, "reason": reason.strip(), "automatic": False})
    return True


@dataclass(frozen=True)
class StatusMove:
    consultation_id: int
    from_status: str
    to_status: str


def _due_moves(now: datetime) -> list[StatusMove]:
    live = ConsultationPage.objects.live()
    opening = live.filter(status=Status.ANNOUNCED, starts_at__lte=now).exclude(ends_at__lte=now)
    closing = live.filter(status__in=[Status.ANNOUNCED, Status.OPEN], ends_at__lte=now)
    return [
        *(StatusMove(pk, Status.ANNOUNCED, Status.OPEN) for pk in opening.values_list("pk", flat=True)),
        *(StatusMove(pk, status, Status.CLOSED) for pk, status in closing.values_list("pk", "status")),
    ]


def advance_statuses(*, now: datetime) -> list[StatusMove]:
    """Announced consultations open at their start and close at their end (a periodic job; idempotent).

    Each move is its own transaction with the page locked and its status read again, so two schedulers or an
    editor's change at the same moment never publish twice.
    """
    done = []
    for move in _due_moves(now):
        with transaction.atomic():
            page = ConsultationPage.objects.select_for_update().filter(pk=move.consultation_id, status=move.from_status).first()
            if page is None:
                continue
            _publish_with_status(page, move.to_status, None)
            log(instance=page, action="consultations.status_changed", user=None,
                data={"from": move.from_status, "to": move.to_status, "reason": "", "automatic": True})
        done.append(move)
    return done


# ---------------------------------------------------------------------------------------------- documents

_HEADING = re.compile(r"^\s*(§\s*\d+[a-z]?\.?|Art\.\s*\d+[a-z]?\.?|Rozdział\s+[IVXLC\d]+\.?)(.*)$", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[tuple[str, str]]:
    """Cut pasted text into (heading, text) paragraphs at blank lines.

    A block that starts with "§ 1", "Art. 2" or "Rozdział III" keeps that line as its heading; a heading alone in
    its block heads the next block, so "§ 3" on its own line above the text stays with it.
    """
    blocks = [block.strip() for block in _BLANK_LINES.split(text.replace("\r\n", "\n")) if block.strip()]
    paragraphs: list[tuple[str, str]] = []
    waiting_heading = ""
    for block in blocks:
        first, _newline, rest = block.partition("\n")
        match = _HEADING.match(first)
        heading, body = "", block
        if match:
            heading, body = first.strip(), rest.strip()
        if heading and not body:
            waiting_heading = f"{waiting_heading} {heading}".strip()
            continue
        if waiting_heading:
            heading = f"{waiting_heading} {heading}".strip()
            waiting_heading = ""
        paragraphs.append((heading, " ".join(line.strip() for line in body.splitlines())))
    if waiting_heading:
        paragraphs.append(("", waiting_heading))
    return paragraphs


@transaction.atomic
def create_document(
    *, consultation: ConsultationPage, title: str, intro: str, text: str, user, moderation: str = "",
    comments_open_until: datetime | None = None, publish: bool = False,
) -> ConsultationDocument:
    """A document for comments from pasted text, its paragraphs numbered from 1."""
    document = ConsultationDocument.objects.create(
        consultation=consultation, title=title, intro=intro, comments_open_until=comments_open_until,
        moderation=moderation or settings.DIALOG_COMMENT_MODERATION,
        status=DocumentStatus.PUBLISHED if publish else DocumentStatus.DRAFT,
    )
    DocumentParagraph.objects.bulk_create(
        DocumentParagraph(document=document, number=number, heading=heading[:255], text=body)
        for number, (heading, body) in enumerate(split_paragraphs(text), start=1)
    )
    log(instance=document, action="wagtail.create", user=_actor(user), data={"paragraphs": document.paragraphs.count()})
    return document


@transaction.atomic
def update_document(*, document: ConsultationDocument, user, **fields) -> ConsultationDocument:
    """Change a document's title, introduction, closing time or moderation (never its paragraphs)."""
    allowed = {"title", "intro", "comments_open_until", "moderation"}
    document = ConsultationDocument.objects.select_for_update().get(pk=document.pk)
    changed = sorted(name for name, value in fields.items() if name in allowed and getattr(document, name) != value)
    for name in changed:
        setattr(document, name, fields[name])
    if changed:
        document.save(update_fields=changed)
        log(instance=document, action="wagtail.edit", user=_actor(user), data={"fields": changed})
    return document


@transaction.atomic
def set_document_status(*, document: ConsultationDocument, status: str, user) -> ConsultationDocument:
    document = ConsultationDocument.objects.select_for_update().get(pk=document.pk)
    if document.status != status:
        document.status = status
        document.save(update_fields=["status"])
        log(instance=document, action="consultations.document_status", user=_actor(user), data={"status": status})
    return document


# ---------------------------------------------------------------------------------------------- residents


@transaction.atomic
def comment_on_paragraph(
    *, paragraph: DocumentParagraph, text: str, author_name: str, proof_fingerprint: str | None, now: datetime | None = None
) -> Remark:
    """A resident's comment: published at once or waiting for a moderator, as the document is set up.

    The anti-robot proof's fingerprint is unique, so one solved challenge carries one comment; a comment
    without one (no JavaScript) is kept but marked unverified (`core.antibot`).
    """
    document = paragraph.document
    if not document.accepts_comments(now):
        raise Refused("closed")
    moderated_before = document.moderation == ModerationMode.BEFORE
    return Remark.objects.create(
        consultation_id=document.consultation_id, paragraph=paragraph, text=text.strip(), author_name=author_name.strip(),
        source=RemarkSource.DOCUMENT_COMMENT, author_type=AuthorType.RESIDENT,
        received_on=timezone.localdate(now) if now else timezone.localdate(),
        moderation=ModerationState.PENDING if moderated_before else ModerationState.PUBLISHED,
        proof_fingerprint=proof_fingerprint, unverified=proof_fingerprint is None,
    )


@transaction.atomic
def report_abuse(*, remark: Remark, reason: str, client: str) -> tuple[AbuseReport, bool]:
    """Report a published comment; the same client reporting it again changes nothing (one row per client)."""
    if remark.moderation != ModerationState.PUBLISHED or remark.source != RemarkSource.DOCUMENT_COMMENT:
        raise Refused("not_published")
    report, created = AbuseReport.objects.get_or_create(remark=remark, reporter_key=client, defaults={"reason": reason.strip()})
    return report, created


# ---------------------------------------------------------------------------------------------- staff


@transaction.atomic
def moderate(*, remark: Remark, state: str, user) -> Remark:
    """Approve, hide or reject a comment; open abuse reports about it count as handled."""
    remark = Remark.objects.select_for_update().get(pk=remark.pk)
    previous = remark.moderation
    remark.moderation = state
    remark.save(update_fields=["moderation"])
    handled = remark.abuse_reports.filter(resolved_at=None).update(resolved_at=timezone.now())
    log(instance=remark, action="consultations.remark_moderated", user=_actor(user),
        data={"from": previous, "to": state, "abuse_reports_handled": handled})
    return remark


@transaction.atomic
def register_remark(
    *, consultation: ConsultationPage, text: str, source: str, received_on: date, author_type: str, user,
    author_name: str = "", organisation=None, attachments: Iterable = (), categories: Iterable[RemarkCategory] = (),
    uploads: Iterable = (),
) -> Remark:
    """A remark received outside the portal (letter, e-mail, ePUAP, minutes, opinions); uploaded files become documents."""
    remark = Remark.objects.create(
        consultation=consultation, text=text.strip(), source=source, received_on=received_on, author_type=author_type,
        author_name=author_name.strip(), organisation=organisation, moderation=ModerationState.PUBLISHED,
    )
    documents = list(attachments)
    document_model = get_document_model()
    for upload in uploads:
        document = document_model(title=upload.name, file=upload, uploaded_by_user=_actor(user))
        document.save()
        documents.append(document)
    remark.attachments.set(documents)
    remark.categories.set(list(categories))
    log(instance=remark, action="consultations.remark_registered", user=_actor(user),
        data={"source": source, "attachments": len(documents)})
    return remark


def _locked(remarks: Iterable[Remark]) -> list[Remark]:
    return list(Remark.objects.select_for_update().filter(pk__in=[remark.pk for remark in remarks]).order_by("pk"))


@transaction.atomic
def merge_remarks(*, keep: Remark, duplicates: Iterable[Remark], user) -> int:
    """Mark duplicates as merged into `keep` (kept, shown as merged); their categories join `keep`'s. Returns how many."""
    keep = Remark.objects.select_for_update().get(pk=keep.pk)
    if keep.merged_into_id is not None:
        raise Refused("merge_into_merged")
    rows = [remark for remark in _locked(duplicates) if remark.pk != keep.pk]
    if any(remark.consultation_id != keep.consultation_id for remark in rows):
        raise Refused("merge_other_consultation")
    ids = [remark.pk for remark in rows]
    # Remarks merged earlier into one of the duplicates follow it to the remark kept.
    Remark.objects.filter(merged_into_id__in=ids).update(merged_into=keep)
    Remark.objects.filter(pk__in=ids).update(merged_into=keep)
    keep.categories.add(*RemarkCategory.objects.filter(remarks__in=ids).distinct())
    for remark in rows:
        log(instance=remark, action="consultations.remark_merged", user=_actor(user), data={"into": keep.pk})
    return len(rows)


@transaction.atomic
def decide(*, remarks: Iterable[Remark], decision: str, justification: str, user) -> int:
    """Record the decision and its justification ("you said, we did"); merged remarks share the kept one's decision."""
    if decision not in Decision.values:
        raise ValueError(decision)
    if not justification.strip():
        raise Refused("justification_required")
    rows = [remark for remark in _locked(remarks) if remark.merged_into_id is None]
    now = timezone.now()
    actor = _actor(user)
    Remark.objects.filter(pk__in=[remark.pk for remark in rows]).update(
        decision=decision, justification=justification.strip(), decided_by=actor, decided_at=now
    )
    for remark in rows:
        log(instance=remark, action="consultations.remark_decided", user=actor,
            data={"from": remark.decision, "to": decision})
    return len(rows)


@transaction.atomic
def assign_category(*, remarks: Iterable[Remark], category: RemarkCategory, user) -> int:
    """Code remarks with a category (bulk); remarks already coded with it are left as they are."""
    rows = [remark for remark in _locked(remarks) if category.consultation_id in (None, remark.consultation_id)]
    through = Remark.categories.through
    have = set(through.objects.filter(remarkcategory=category, remark__in=rows).values_list("remark_id", flat=True))
    new = [remark for remark in rows if remark.pk not in have]
    through.objects.bulk_create(through(remark_id=remark.pk, remarkcategory_id=category.pk) for remark in new)
    for remark in new:
        log(instance=remark, action="consultations.remark_coded", user=_actor(user), data={"category": category.name})
    return len(new)


@transaction.atomic
def ensure_category(*, consultation: ConsultationPage, name: str, user) -> RemarkCategory:
    """The consultation's category of this name, created if new (a global one of the same name is used as it is)."""
    name = " ".join(name.split())
    existing = RemarkCategory.objects.filter(name__iexact=name).filter(consultation__in=[consultation]).first() or (
        RemarkCategory.objects.filter(name__iexact=name, consultation=None).first()
    )
    if existing is not None:
        return existing
    category = RemarkCategory.objects.create(consultation=consultation, name=name)
    log(instance=category, action="wagtail.create", user=_actor(user))
    return category


def _name_taken(consultation: ConsultationPage, name: str, exclude: RemarkCategory | None = None) -> bool:
    """A name clashes with the consultation's own categories and with the global ones (ignoring case)."""
    same = RemarkCategory.objects.filter(Q(consultation=consultation) | Q(consultation=None), name__iexact=name)
    return same.exclude(pk=exclude.pk if exclude else None).exists()


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise Refused("category_name_required")
    return name


def _own(category: RemarkCategory, consultation: ConsultationPage) -> RemarkCategory:
    """The category locked, if it belongs to the consultation; global categories are shared, so not changed from one."""
    category = RemarkCategory.objects.select_for_update().get(pk=category.pk)
    if category.consultation_id != consultation.pk:
        raise Refused("category_not_own")
    return category


@transaction.atomic
def create_category(*, consultation: ConsultationPage, name: str, user) -> RemarkCategory:
    name = _clean_name(name)
    if _name_taken(consultation, name):
        raise Refused("category_name_taken")
    category = RemarkCategory.objects.create(consultation=consultation, name=name)
    log(instance=category, action="wagtail.create", user=_actor(user))
    return category


@transaction.atomic
def rename_category(*, consultation: ConsultationPage, category: RemarkCategory, name: str, user) -> RemarkCategory:
    category = _own(category, consultation)
    name = _clean_name(name)
    if name == category.name:
        return category
    if _name_taken(consultation, name, exclude=category):
        raise Refused("category_name_taken")
    previous = category.name
    category.name = name
    category.save(update_fields=["name"])
    log(instance=category, action="consultations.category_renamed", user=_actor(user), data={"from": previous, "to": name})
    return category


@transaction.atomic
def merge_categories(*, consultation: ConsultationPage, source: RemarkCategory, target: RemarkCategory, user) -> int:
    """Every remark coded with `source` is coded with `target` instead, and `source` is deleted; returns how many moved.

    `target` may be a global category; `source` must be the consultation's own.
    """
    if source.pk == target.pk:
        raise Refused("category_merge_same")
    source = _own(source, consultation)
    target = RemarkCategory.objects.get(pk=target.pk)
    if target.consultation_id not in (None, consultation.pk):
        raise Refused("category_not_own")
    through = Remark.categories.through
    remark_ids = list(through.objects.filter(remarkcategory=source).values_list("remark_id", flat=True))
    have = set(through.objects.filter(remarkcategory=target, remark_id__in=remark_ids).values_list("remark_id", flat=True))
    through.objects.bulk_create(through(remark_id=pk, remarkcategory_id=target.pk) for pk in remark_ids if pk not in have)
    log(instance=source, action="consultations.category_merged", user=_actor(user),
        data={"from": source.name, "into": target.name, "into_id": target.pk, "remarks": len(remark_ids)})
    source.delete()
    return len(remark_ids)


@transaction.atomic
def delete_category(*, consultation: ConsultationPage, category: RemarkCategory, user, uncode: bool = False) -> int:
    """Delete one of the consultation's categories; one still in use only with `uncode` (its remarks keep no code of it)."""
    category = _own(category, consultation)
    coded = category.remarks.count()
    if coded and not uncode:
        raise Refused("category_not_empty")
    log(instance=category, action="consultations.category_deleted", user=_actor(user), data={"name": category.name, "remarks": coded})
    category.delete()
    return coded


# ---------------------------------------------------------------------------------------------- surveys


def _open_texts(question: dict, value) -> str:
    """What a resident wrote in their own words: an open-text answer, or the text of an "other" choice."""
    if question["kind"] == "text" and isinstance(value, str):
        return value.strip()
    if isinstance(value, dict) and isinstance(value.get("other"), str):
        return value["other"].strip()
    return ""


def sync_open_answers(*, consultation: ConsultationPage, user=None, batch_size: int = 500) -> int:
    """Open answers (and "other" texts) of counted responses to the consultation's surveys become remarks; returns how many.

    Counted responses are those a survey's results count (`selectors.open_answers_to_sync`). Idempotent: an
    answer's remark is unique (`Remark.survey_answer`), so a second run, or two at once, adds nothing twice. Batches
    of `batch_size` answers, one transaction each, so a large survey neither holds one long transaction nor loses
    work done before a failure.
    """
    questions = selectors.survey_questions_of(consultation)
    added, last_pk = 0, 0
    while last_pk is not None:
        batch_added, last_pk = _sync_batch(consultation, questions, after=last_pk, size=batch_size)
        added += batch_added
    _log_synced(consultation, added, user)
    return added


def sync_open_answers_now(*, consultation: ConsultationPage, user=None, batch_size: int = 500) -> tuple[int, bool]:
    """The button's share of `sync_open_answers`: one batch while the person waits; (how many were added, whether
    answers are left for the worker)."""
    added, last_pk = _sync_batch(consultation, selectors.survey_questions_of(consultation), after=0, size=batch_size)
    _log_synced(consultation, added, user)
    return added, last_pk is not None


def _sync_batch(consultation: ConsultationPage, questions: dict, *, after: int, size: int) -> tuple[int, int | None]:
    """Up to `size` open answers after the answer id `after`, in one transaction: (remarks added, the last answer id
    read, or None when none was left)."""
    # Free text may name people: like comments, it is checked before it counts (the report prints every published remark).
    before_publication = settings.DIALOG_COMMENT_MODERATION == "before"
    moderation = ModerationState.PENDING if before_publication else ModerationState.PUBLISHED
    with transaction.atomic():
        batch = list(
            selectors.open_answers_to_sync(consultation, questions).filter(pk__gt=after)
            .select_related("response").only("pk", "question_key", "value", "response__version_id",
                                             "response__submitted_at", "response__unverified")[:size]
        )
        if not batch:
            return 0, None
        rows = []
        for answer in batch:
            question = questions[(answer.response.version_id, str(answer.question_key))]
            text = _open_texts(question, answer.value)
            if text:
                rows.append(Remark(
                    consultation=consultation, text=text, source=RemarkSource.SURVEY, author_type=AuthorType.RESIDENT,
                    received_on=timezone.localdate(answer.response.submitted_at), moderation=moderation,
                    unverified=answer.response.unverified, survey_answer=answer, survey_question=question["text"][:500],
                ))
        before = Remark.objects.filter(survey_answer__in=batch).count()
        Remark.objects.bulk_create(rows, ignore_conflicts=True)  # a sync running at the same time got there first
        return Remark.objects.filter(survey_answer__in=batch).count() - before, (batch[-1].pk if len(batch) == size else None)


def _log_synced(consultation: ConsultationPage, added: int, user) -> None:
    if added:
        log(instance=consultation, action="consultations.survey_answers_synced", user=_actor(user), data={"added": added})
