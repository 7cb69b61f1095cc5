"""Writes of surveys: versions of the questions, responses (all four ways in), e-mail confirmation, printed codes.

`submit_response` is the one door for answers. It stores a response with all its answers in one transaction or
nothing, and exactly once: the database refuses a second response with the same idempotency key (a double click or
a retry after a lost answer returns the first), a second one from the same verified address, a second one with
the same printed code, and a second one with the same ALTCHA proof.
"""

import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core.prepared import prepared_cursor, sql_names

from . import emails
from .models import Answer, ParticipationMode, Response, ResponseSource, Survey, SurveyCode, SurveyStatus, SurveyVersion
from .questions import ANSWER_COLUMNS, UPLOAD_DIR, answer_columns, condition_met

logger = logging.getLogger(__name__)

CONFIRM_SALT = "surveys.confirm"
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read from paper

REFUSALS = {
    "closed": _("This survey is not taking responses now. Your answers were not saved."),
    "already_answered": _("A response from this e-mail address has already been confirmed. Each address can answer once."),
    "pending": _("A response from this e-mail address is already waiting for confirmation. Check your mailbox."),
    "wrong_code": _("This code does not exist for this survey. Check it on your slip."),
    "used_code": _("This code has already been used. Each code can be used once."),
    "replayed": _("This anti-robot check was already used. Please send the form again."),
    "invalid_answers": _("Some answers do not match the questions of this survey. Please fill the survey again."),
    "missing_answers": _("Some required questions were not answered. Please go back and answer them."),
    "email_required": _("Enter your e-mail address."),
}


class SubmissionRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code
        self.message = REFUSALS[code]


@dataclass(frozen=True)
class Submission:
    response: Response
    created: bool


def snapshot_questions(survey: Survey) -> list[dict]:
    return [question.snapshot() for question in survey.questions.order_by("sort_order", "pk")]


@transaction.atomic
def current_version(*, survey: Survey) -> SurveyVersion:
    """The version residents answer now: the latest, or a new one if the questions changed since (never an update)."""
    Survey.objects.select_for_update().filter(pk=survey.pk).first()  # two editors saving at once make one version
    snapshot = snapshot_questions(survey)
    latest = survey.versions.order_by("-number").first()
    if latest is not None and latest.questions == snapshot:
        return latest
    return SurveyVersion.objects.create(survey=survey, number=(latest.number + 1) if latest else 1, questions=snapshot)


def email_hash(email: str) -> str:
    """The keyed hash stored instead of the address: enough to tell "this address answered", useless to write to it."""
    key = salted_hmac("surveys.email", "key", algorithm="sha256").digest()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def confirmation_token(response: Response) -> str:
    return signing.dumps(response.pk, salt=CONFIRM_SALT, compress=True)


def _check_answers(version: SurveyVersion, answers: dict) -> None:
    """The last line of defence behind the forms: only this version's questions, every required shown one answered."""
    by_code = {question["code"]: question for question in version.questions}
    if not set(answers) <= set(by_code) or None in answers.values():  # an answer left out is absent, never None
        raise SubmissionRefused("invalid_answers")
    for question in version.questions:
        shown = condition_met(question, answers, by_code)
        if question["code"] in answers and not shown:
            raise SubmissionRefused("invalid_answers")
        if shown and question["required"] and question["code"] not in answers:
            raise SubmissionRefused("missing_answers")


def submit_response(
    *, survey: Survey, version: SurveyVersion, answers: dict, idempotency_key: UUID, source: str,
    proof: str | None = None, unverified: bool = False, email: str = "", code: str = "",
    entered_by=None, paper_reference: str = "",
) -> Submission:
    """Store one response with all its answers, or nothing. Raises SubmissionRefused (Polish message).

    A response already stored under the same idempotency key is returned instead of any refusal. It is looked for
    only once something refuses or a unique value collides, so a first submission spends no query on it.
    """
    try:
        return _submit(
            survey=survey, version=version, answers=answers, idempotency_key=idempotency_key, source=source,
            proof=proof, unverified=unverified, email=email, code=code, entered_by=entered_by,
            paper_reference=paper_reference,
        )
    except SubmissionRefused:
        existing = Response.objects.filter(idempotency_key=idempotency_key, survey=survey).first()
        if existing is not None:
            return Submission(existing, created=False)
        raise


def _submit(*, survey, version, answers, idempotency_key, source, proof, unverified, email, code, entered_by, paper_reference):
    if version.survey_id != survey.pk:
        raise SubmissionRefused("invalid_answers")
    if source == ResponseSource.PAPER:
        if survey.status == SurveyStatus.DRAFT:  # paper forms collected while it was open may be typed in later
            raise SubmissionRefused("closed")
    elif not survey.is_open():
        raise SubmissionRefused("closed")
    _check_answers(version, answers)
    if source == ResponseSource.EMAIL and not email:
        raise SubmissionRefused("email_required")
    code = normalise_code(code)
    if source == ResponseSource.CODE and not code:  # e.g. "---": nothing of a code is left to look up
        raise SubmissionRefused("wrong_code")
    try:
        with transaction.atomic():
            response = _store(
                survey=survey, version=version, answers=answers, idempotency_key=idempotency_key, source=source,
                proof=proof, unverified=unverified, email=email, code=code, entered_by=entered_by,
                paper_reference=paper_reference,
            )
    except IntegrityError:
        # Someone else won a race for one of the unique values: say which, or return the winner for the same key.
        again = Response.objects.filter(idempotency_key=idempotency_key, survey=survey).first()
        if again is not None:
            return Submission(again, created=False)
        if email:
            raise SubmissionRefused("pending") from None
        if code:
            raise SubmissionRefused("used_code") from None
        if proof:
            raise SubmissionRefused("replayed") from None
        raise
    if email:
        language = get_language()  # the resident's, while the request that sent the answers is still running
        transaction.on_commit(lambda: emails.send_confirmation(response=response, email=email, language=language))
    return Submission(response, created=True)


def _store(*, survey, version, answers, idempotency_key, source, proof, unverified, email, code, entered_by, paper_reference):
    address_hash = email_hash(email) if email else ""
    if address_hash:
        earlier = Response.objects.select_for_update().filter(survey=survey, email_hash=address_hash).first()
        if earlier is not None:
            if earlier.confirmed_at is not None:
                raise SubmissionRefused("already_answered")
            if earlier.idempotency_key == idempotency_key:
                raise SubmissionRefused("pending")  # sent twice: `submit_response` returns the first
            earlier.delete()  # never confirmed: the newer answers replace it, and its link stops working
    response = Response(
        survey=survey, version=version, submitted_at=timezone.now(), source=source, idempotency_key=idempotency_key,
        proof=proof, unverified=unverified, email_hash=address_hash, entered_by=entered_by,
        paper_reference=paper_reference,
    )
    _insert_response(response, code=code)
    by_code = {question["code"]: question for question in version.questions}
    _insert_answers(response.pk, [(by_code[code_]["key"], value, answer_columns(by_code[code_], value)) for code_, value in answers.items()])
    if source == ResponseSource.PAPER:
        log(instance=survey, action="surveys.paper_response", user=entered_by,
            data={"response": response.pk, "paper_reference": paper_reference})
    return response


# The hot path writes with plain SQL: the ORM's model instances, signals and compiled INSERTs cost several times what
# PostgreSQL takes to store the rows. Values still go through each field's own conversion for the database, and the
# columns are the model's own, so a field added to `Response` is written here too.
RESPONSE_FIELDS = [field for field in Response._meta.concrete_fields if not field.primary_key]
_RESPONSE, *_RESPONSE_COLUMNS = sql_names(Response, *(field.name for field in RESPONSE_FIELDS))
_CODE, _CODE_ID, _CODE_SURVEY, _CODE_CODE = sql_names(SurveyCode, "id", "survey", "code")
_INTO = f"INSERT INTO {_RESPONSE} ({', '.join(_RESPONSE_COLUMNS)})"
_RETURNING = f"RETURNING {', '.join(sql_names(Response, 'id', 'code')[1:])}"
INSERT_RESPONSE = f"{_INTO} VALUES ({', '.join(['%s'] * len(RESPONSE_FIELDS))}) {_RETURNING}"
# With a printed code, the INSERT itself looks up the code's id: no row means the survey has no such code (a response
# costs one statement less than reading the code first), and a used code breaks the one-to-one link's uniqueness.
INSERT_CODED_RESPONSE = (
    f"{_INTO} SELECT {', '.join(f'code.{_CODE_ID}' if field.name == 'code' else '%s' for field in RESPONSE_FIELDS)} "  # noqa: S608
    f"FROM {_CODE} AS code WHERE code.{_CODE_SURVEY} = %s AND code.{_CODE_CODE} = %s {_RETURNING}"
)
# The answers go in one statement whatever their number, as one JSON list of [key, value as JSON, then the
# `ANSWER_COLUMNS`]: its SQL text never changes, so PostgreSQL prepares it once per connection, and one string costs
# less to send than seven values per answer. The same SQL cannot read a JSON list on both databases.
ANSWERS_FROM_JSON = {
    "postgresql": "SELECT %s, (item ->> 0)::uuid, (item ->> 1)::jsonb, item ->> 2, item ->> 3, (item ->> 4)::boolean, "
                  "(item ->> 5)::float8 FROM jsonb_array_elements(%s::jsonb) AS answers(item)",
    "sqlite": "SELECT %s, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
              "json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]') FROM json_each(%s)",
}

_ANSWER, *_ANSWER_COLUMNS = sql_names(Answer, "response", "question_key", "value", *ANSWER_COLUMNS)
INSERT_ANSWERS = f"INSERT INTO {_ANSWER} ({', '.join(_ANSWER_COLUMNS)})"


def _insert_response(response: Response, *, code: str = "") -> None:
    """INSERT one response with RETURNING its id; `response` then stands for the stored row. With a printed code, the
    response takes that code of its survey; SubmissionRefused("wrong_code") if the survey has no such code."""
    values = [field.get_db_prep_save(field.pre_save(response, add=True), connection) for field in RESPONSE_FIELDS if not (code and field.name == "code")]
    with prepared_cursor(connection) as cursor:
        if code:
            cursor.execute(INSERT_CODED_RESPONSE, [*values, response.survey_id, code])
        else:
            cursor.execute(INSERT_RESPONSE, values)
        row = cursor.fetchone()
    if row is None:
        raise SubmissionRefused("wrong_code")
    response.pk, response.code_id = row
    response._state.adding, response._state.db = False, connection.alias


def _insert_answers(response_id: int, rows: list[tuple[str, object, dict]]) -> None:
    """One INSERT of the (question key, value, `questions.answer_columns`) answers. A key (a version's UUID string)
    goes as 32 hex digits, as Django stores a UUID on SQLite; PostgreSQL reads them as a UUID too."""
    if not rows:
        return
    document = json.dumps([[UUID(key).hex, json.dumps(value), *(columns[name] for name in ANSWER_COLUMNS)] for key, value, columns in rows])
    with prepared_cursor(connection) as cursor:
        cursor.execute(
            f"{INSERT_ANSWERS} {ANSWERS_FROM_JSON[connection.vendor]}", [response_id, document],
        )


@transaction.atomic
def confirm_email(*, token: str) -> Response | None:
    """Confirm the response the signed token names; None if the token is wrong, expired or its response replaced."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.DIALOG_SURVEY_CONFIRMATION_DAYS * 86400)
    except signing.BadSignature:
        return None
    response = Response.objects.select_for_update().filter(pk=pk, source=ResponseSource.EMAIL).first()
    if response is not None and response.confirmed_at is None:
        response.confirmed_at = timezone.now()
        response.save(update_fields=["confirmed_at"])
    return response


def normalise_code(code: str) -> str:
    compact = "".join(character for character in code.upper() if character.isalnum())
    return "-".join(compact[index:index + 3] for index in range(0, len(compact), 3))


@transaction.atomic
def generate_codes(*, survey: Survey, count: int, batch: str, user) -> list[SurveyCode]:
    """N new single-use codes for printing; each is 9 characters from an unambiguous alphabet (26⁹ possibilities)."""
    if survey.mode != ParticipationMode.CODE:
        raise ValueError("codes are only for surveys answered with codes")
    codes = []
    while len(codes) < count:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(9))
        value = normalise_code(raw)
        if value in {code.code for code in codes} or SurveyCode.objects.filter(code=value).exists():
            continue
        codes.append(SurveyCode(survey=survey, code=value, batch=batch, created_by=user))
    SurveyCode.objects.bulk_create(codes)
    log(instance=survey, action="surveys.codes_generated", user=user, data={"count": count, "batch": batch})
    return codes


def purge_abandoned_uploads(*, now: datetime) -> int:
    """Delete files saved from a survey page whose response was never sent: older than a day, no answer holds them.

    A file is saved when its page is sent (the session cannot hold it); the periodic job `survey_uploads` cleans up.
    """
    try:
        _folders, names = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{UPLOAD_DIR}/{name}"
        if default_storage.get_modified_time(path) > now - timedelta(days=1) or Answer.objects.filter(value__file=path).exists():
            continue
        default_storage.delete(path)
        removed += 1
    return removed


def purge_unconfirmed_responses(*, now: datetime) -> int:
    """Delete verified-e-mail responses whose address was not confirmed within DIALOG_SURVEY_CONFIRMATION_DAYS.

    Their link no longer works (it expires after the same days), so they can never count; keeping them would
    only keep a fingerprint of an address that gave no consent. Their files go with the next `survey_uploads` run.
    """
    cutoff = now - timedelta(days=settings.DIALOG_SURVEY_CONFIRMATION_DAYS)
    stale = Response.objects.filter(source=ResponseSource.EMAIL, confirmed_at__isnull=True, submitted_at__lt=cutoff)
    with transaction.atomic():
        _count, per_model = stale.delete()
    removed = per_model.get(Response._meta.label, 0)
    if removed:
        logger.info("Deleted %d survey responses never confirmed by e-mail", removed)
    return removed
