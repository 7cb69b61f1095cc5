"""Writes of citizen panels: sign-up, criteria and quotas, the selection run and recommendations.

Staff actions are logged in Wagtail's audit log on the panel. One sign-up per e-mail and panel is a unique index
(case-insensitive), so two simultaneous submissions cannot both pass. The solver (`selection`, NumPy and SciPy,
≈ 55 MB) is imported by the draw itself, not here: the admin's URLs load this module in every server process
(tests/core/test_process_imports.py).
"""

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.models import District

from .models import (
    Candidate,
    CitizenPanel,
    Criterion,
    CriterionKind,
    CriterionOption,
    PanelStatus,
    Recommendation,
    ResultRole,
    SelectionResultRow,
    SelectionRun,
)
from .quotas import Candidate as DrawCandidate
from .quotas import CriterionQuotas, OptionQuota, QuotasInfeasible, quota_bounds

if TYPE_CHECKING:
    from . import selection

MAX_SEED = 10**12


class SignUpRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class SelectionRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def refusal_messages() -> dict[str, str]:
    return {
        "duplicate": _("This e-mail address has already been used to sign up for this panel. Thank you – your first "
                       "sign-up counts, you do not need to do anything else."),
        "closed_before": _("Recruitment has not started yet."),
        "closed_after": _("Recruitment is closed."),
        "consent": _("Tick the consent to the processing of your data: without it we cannot enter you in the draw."),
        "answer": _("Choose one of the answers."),
    }


# ------------------------------------------------------------------------------------------------- sign-up


@transaction.atomic
def sign_up(
    *, panel: CitizenPanel, full_name: str, email: str, phone: str = "", answers: dict[str, str], consent: bool,
) -> Candidate:
    """Enter a resident in the draw. Refuses outside the recruitment window, without consent, or a second time."""
    messages = refusal_messages()
    state = panel.recruitment_state()
    if state != "open":
        raise SignUpRefused(f"closed_{state}", messages[f"closed_{state}"])
    if not consent:
        raise SignUpRefused("consent", messages["consent"])
    valid = {c.key: {o.value for o in c.options.all()} for c in panel.criteria.prefetch_related("options")}
    for key, values in valid.items():
        if answers.get(key) not in values:
            raise SignUpRefused(f"answer:{key}", messages["answer"])
    email = email.strip()
    if Candidate.objects.filter(panel=panel, email__iexact=email).exists():
        raise SignUpRefused("duplicate", messages["duplicate"])
    CitizenPanel.objects.select_for_update().get(pk=panel.pk)  # numbers are given out one at a time
    number = (panel.candidates.aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            return Candidate.objects.create(
                panel=panel, number=number, full_name=full_name.strip(), email=email, phone=phone.strip(),
                answers={key: answers[key] for key in valid}, consent=True, consent_at=timezone.now(),
                consent_clause_version=settings.DIALOG_PANEL_CONSENT_CLAUSE_VERSION,
            )
    except IntegrityError as error:  # the same address submitted twice at the same moment
        raise SignUpRefused("duplicate", messages["duplicate"]) from error


# ----------------------------------------------------------------------------------------- criteria and quotas

DEFAULT_OPTIONS = {
    CriterionKind.AGE: [("16-29", "16–29 lat"), ("30-44", "30–44 lata"), ("45-59", "45–59 lat"), ("60-74", "60–74 lata"),
                        ("75-plus", "75 lat i więcej")],
    CriterionKind.SEX: [("kobieta", "kobieta"), ("mezczyzna", "mężczyzna")],
    CriterionKind.EDUCATION: [("podstawowe", "podstawowe lub gimnazjalne"), ("zawodowe", "zasadnicze zawodowe"),
                              ("srednie", "średnie lub policealne"), ("wyzsze", "wyższe")],
}
DEFAULT_LABELS = {
    CriterionKind.AGE: "Ile masz lat?",
    CriterionKind.SEX: "Płeć",
    CriterionKind.EDUCATION: "Jakie masz wykształcenie?",
    CriterionKind.DISTRICT: "W której dzielnicy mieszkasz?",
}


@transaction.atomic
def add_standard_criteria(*, panel: CitizenPanel, user=None) -> list[Criterion]:
    """Age band, sex, education and district with their usual answers (districts from core.District); idempotent."""
    created = []
    for position, kind in enumerate([CriterionKind.AGE, CriterionKind.SEX, CriterionKind.EDUCATION, CriterionKind.DISTRICT]):
        criterion, made = Criterion.objects.get_or_create(
            panel=panel, key=kind.value, defaults={"label": DEFAULT_LABELS[kind], "kind": kind, "position": position}
        )
        if not made:
            continue
        created.append(criterion)
        if kind == CriterionKind.DISTRICT:
            for district in District.objects.order_by("number"):
                CriterionOption.objects.create(
                    criterion=criterion, value=district.slug[:40], label=str(district), district=district,
                    position=district.number,
                )
        else:
            for option_position, (value, label) in enumerate(DEFAULT_OPTIONS[kind]):
                CriterionOption.objects.create(criterion=criterion, value=value, label=label, position=option_position)
    if created and user is not None:
        log(instance=panel, action="wagtail.edit", user=user)
    return created


@transaction.atomic
def fill_district_shares(*, criterion: Criterion, user=None) -> int:
    """Population shares of the district answers from District.population; returns how many answers got one."""
    options = list(criterion.options.select_related("district").select_for_update(of=("self",)))
    total = sum(o.district.population or 0 for o in options if o.district_id)
    if not total:
        return 0
    changed = 0
    for option in options:
        if option.district_id and option.district.population:
            option.population_share = (Decimal(option.district.population) / Decimal(total)).quantize(
                Decimal("0.000001"), rounding=ROUND_HALF_UP
            )
            option.save(update_fields=["population_share"])
            changed += 1
    if user is not None:
        log(instance=criterion.panel, action="wagtail.edit", user=user)
    return changed


@transaction.atomic
def derive_quotas(*, panel: CitizenPanel, user=None) -> int:
    """Every answer's minimum and maximum seats from its population share (floor and ceiling of share × size)."""
    changed = 0
    for option in CriterionOption.objects.filter(criterion__panel=panel).select_for_update():
        share = float(option.population_share) if option.population_share is not None else None
        option.min_seats, option.max_seats = quota_bounds(share, panel.panel_size)
        option.save(update_fields=["min_seats", "max_seats"])
        changed += 1
    if user is not None:
        log(instance=panel, action="wagtail.edit", user=user)
    return changed


def fill_quotas_from_population(*, panel: CitizenPanel, user=None) -> None:
    """The Koordynator's one action: district shares from the population data, then every quota from the shares."""
    with transaction.atomic():
        for criterion in panel.criteria.filter(kind=CriterionKind.DISTRICT):
            fill_district_shares(criterion=criterion)
        derive_quotas(panel=panel, user=user)


@transaction.atomic
def add_custom_criterion(*, panel: CitizenPanel, key: str, label: str, options: list[tuple[str, str]], user=None) -> Criterion:
    """A criterion of the panel's own (e.g. "Czy masz dzieci?") with its answers as (value, label) pairs."""
    position = (panel.criteria.aggregate(m=Max("position"))["m"] or 0) + 1
    criterion = Criterion.objects.create(panel=panel, key=key, label=label, kind=CriterionKind.CUSTOM, position=position)
    CriterionOption.objects.bulk_create([
        CriterionOption(criterion=criterion, value=value, label=option_label, position=i, max_seats=panel.panel_size)
        for i, (value, option_label) in enumerate(options)
    ])
    if user is not None:
        log(instance=panel, action="wagtail.edit", user=user)
    return criterion


@transaction.atomic
def update_quotas(
    *, panel: CitizenPanel, quotas: dict[int, tuple[Decimal | None, int, int]], user=None
) -> None:
    """Set the share, minimum and maximum of the panel's answers (by option id); minimum ≤ maximum is a constraint."""
    for option in CriterionOption.objects.filter(criterion__panel=panel, pk__in=quotas).select_for_update():
        option.population_share, option.min_seats, option.max_seats = quotas[option.pk]
        option.save(update_fields=["population_share", "min_seats", "max_seats"])
    if user is not None:
        log(instance=panel, action="wagtail.edit", user=user)


# --------------------------------------------------------------------------------------------------- selection


def problem_for(panel: CitizenPanel) -> tuple[list[CriterionQuotas], list[DrawCandidate]]:
    criteria = list(panel.criteria.prefetch_related("options"))
    specs = [
        CriterionQuotas(
            key=c.key, label=c.label,
            options=tuple(OptionQuota(o.value, o.label, o.min_seats, o.max_seats) for o in c.options.all()),
        )
        for c in criteria
    ]
    candidates = [
        DrawCandidate(id=row["number"], answers=tuple(str(row["answers"].get(c.key, "")) for c in criteria))
        for row in panel.candidates.values("number", "answers")
    ]
    return specs, candidates


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED)


@dataclass
class RunOutcome:
    run: SelectionRun
    result: "selection.SelectionResult"


def run_selection(*, panel: CitizenPanel, seed: int, user=None) -> RunOutcome:
    """Draw the panel with `seed`; the result replaces any earlier one as the current run (both stay in history).

    The solver runs outside the transaction (it can take seconds); the rows are written in one transaction.
    """
    if not 0 <= seed < MAX_SEED:
        raise SelectionRefused(_("The seed must be a whole number from 0 to 999 999 999 999."))
    criteria, candidates = problem_for(panel)
    if not criteria:
        raise SelectionRefused(_("Add the criteria and quotas first."))
    # The solver with NumPy and SciPy loads in the process that draws, not at start; before the clock, so `seconds`
    # stays the solver's time.
    from . import selection

    started = time.perf_counter()
    try:
        result = selection.select_panel(
            criteria=criteria, candidates=candidates, panel_size=panel.panel_size, reserve_size=panel.reserve_size,
            seed=seed, srs_runs=settings.DIALOG_PANEL_SRS_RUNS, max_levels=settings.DIALOG_PANEL_LEXIMIN_MAX_LEVELS,
            max_columns=settings.DIALOG_PANEL_LEXIMIN_MAX_COLUMNS,
        )
    except QuotasInfeasible as infeasible:
        raise SelectionRefused(infeasible.message) from infeasible
    seconds = time.perf_counter() - started
    with transaction.atomic():
        panel = CitizenPanel.objects.select_for_update().get(pk=panel.pk)
        SelectionRun.objects.filter(panel=panel, is_current=True).update(is_current=False)
        run = SelectionRun.objects.create(
            panel=panel, seed=seed, algorithm_version=result.algorithm_version, run_by=user,
            candidates_count=len(candidates), leximin_min=result.leximin_min, leximin_mean=result.leximin_mean,
            srs_min=result.srs_min, srs_mean=result.srs_mean, srs_near_zero=result.srs_near_zero,
            srs_runs=result.srs_runs, complete=result.complete, levels=result.levels, seconds=round(seconds, 2),
            quotas=[
                {"criterion": q.criterion, "option": q.option, "label": q.label, "min": q.min_seats, "max": q.max_seats,
                 "candidates": q.candidates, "selected": q.selected, "reserve": q.reserve, "met": q.met}
                for q in result.quotas
            ],
            distribution=result.distribution,
        )
        ids = dict(panel.candidates.values_list("number", "pk"))
        position = {number: i + 1 for i, number in enumerate(result.selected)}
        position.update({number: i + 1 for i, number in enumerate(result.reserve)})
        selected, reserve = set(result.selected), set(result.reserve)
        SelectionResultRow.objects.bulk_create([
            SelectionResultRow(
                run=run, candidate_id=ids[number],
                role=ResultRole.SELECTED if number in selected else ResultRole.RESERVE if number in reserve else ResultRole.NOT_SELECTED,
                position=position.get(number), leximin_probability=result.leximin_probability[number],
                srs_probability=result.srs_probability[number],
            )
            for number in sorted(result.leximin_probability)
        ], batch_size=1000)
        panel.published_seed = seed
        panel.status = PanelStatus.SELECTED
        panel.save(update_fields=["published_seed", "status"])
        if user is not None:
            log(instance=panel, action="panels.selection_run", user=user, data={"seed": seed, "run": run.pk})
    return RunOutcome(run=run, result=result)


STALE_DRAW = timedelta(hours=1)  # a draw "running" longer than this died with its worker: a new one may start


def draw_running(panel: CitizenPanel) -> bool:
    return panel.draw_started_at is not None and panel.draw_started_at > timezone.now() - STALE_DRAW


def request_selection(*, panel: CitizenPanel, seed: int, user=None) -> bool:
    """Queue the draw with `seed` as a background task (it takes seconds to a minute, longer than a request should
    wait). False if a draw of this panel is already running; the management page shows it until it ends."""
    if not 0 <= seed < MAX_SEED:
        raise SelectionRefused(_("The seed must be a whole number from 0 to 999 999 999 999."))
    from . import tasks

    now = timezone.now()
    with transaction.atomic():
        if draw_running(CitizenPanel.objects.select_for_update().get(pk=panel.pk)):
            return False
        CitizenPanel.objects.filter(pk=panel.pk).update(draw_seed=seed, draw_started_at=now, draw_started_by=user, draw_error="")
        transaction.on_commit(partial(tasks.run_requested_selection.enqueue, panel.pk))
    return True


def run_requested_selection(*, panel_id: int) -> str:
    """The background task's work: the queued draw, then the panel says it is no longer running (or why it failed)."""
    panel = CitizenPanel.objects.filter(pk=panel_id, draw_started_at__isnull=False).select_related("draw_started_by").first()
    if panel is None:
        return "nothing queued"
    error = _("The draw stopped because of an error. Try again; if it happens again, tell the administrator.")
    try:
        run_selection(panel=panel, seed=panel.draw_seed, user=panel.draw_started_by)
        error = ""
    except SelectionRefused as refusal:
        error = refusal.message
    finally:
        CitizenPanel.objects.filter(pk=panel_id).update(draw_seed=None, draw_started_at=None, draw_started_by=None, draw_error=error)
    return "refused" if error else "drawn"


# ---------------------------------------------------------------------------------------------- recommendations


@transaction.atomic
def record_recommendation(
    *, panel: CitizenPanel, text: str, votes_for: int, votes_against: int, votes_abstain: int,
    within_city_powers: bool = True, number: int | None = None, user=None,
) -> Recommendation:
    """Add (or, with `number`, correct) a recommendation and its votes."""
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise ValueError("votes cannot be negative")
    CitizenPanel.objects.select_for_update().get(pk=panel.pk)
    if number is None:
        number = (panel.recommendations.aggregate(m=Max("number"))["m"] or 0) + 1
    recommendation, _created = Recommendation.objects.update_or_create(
        panel=panel, number=number,
        defaults={"text": text.strip(), "votes_for": votes_for, "votes_against": votes_against,
                  "votes_abstain": votes_abstain, "within_city_powers": within_city_powers},
    )
    if user is not None:
        log(instance=panel, action="panels.recommendation_recorded", user=user, data={"number": number})
    return recommendation


def erase_contact_data(*, now=None) -> int:
    """Candidates' names, e-mails and phones are erased DIALOG_PANEL_RETENTION_MONTHS after their panel finished
    (the promise of the sign-up form's RODO clause). Numbers and answers stay: the published draw and report use them."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(30.44 * settings.DIALOG_PANEL_RETENTION_MONTHS))
    candidates = Candidate.objects.filter(panel__finished_at__lt=cutoff).exclude(full_name="")
    erased = 0
    for candidate in candidates.only("pk", "number"):
        # The e-mail stays unique per panel (a database constraint) without being anyone's address.
        erased += Candidate.objects.filter(pk=candidate.pk).update(full_name="", phone="", email=f"{candidate.number}@usunieto.invalid")
    return erased
