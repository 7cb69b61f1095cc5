"""Reads of citizen panels for the public page, the sign-up form, the staff views and the report."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import (
    CitizenPanel,
    Criterion,
    CriterionOption,
    PanelStatus,
    Recommendation,
    SelectionResultRow,
    SelectionRun,
)


def public_panels() -> QuerySet[CitizenPanel]:
    return CitizenPanel.objects.exclude(status=PanelStatus.DRAFT)


def panel_with_criteria(queryset: QuerySet[CitizenPanel]) -> QuerySet[CitizenPanel]:
    return queryset.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related(
            Prefetch("options", queryset=CriterionOption.objects.order_by("position", "pk"))
        )),
    )


def public_panel(slug: str) -> CitizenPanel | None:
    return panel_with_criteria(public_panels().select_related("consultation", "project")).filter(slug=slug).first()


def current_run(panel: CitizenPanel) -> SelectionRun | None:
    return SelectionRun.objects.filter(panel=panel, is_current=True).select_related("run_by").first()


def result_rows(run: SelectionRun) -> QuerySet[SelectionResultRow]:
    return run.rows.select_related("candidate").order_by("candidate__number")


def public_meetings(panel: CitizenPanel):
    from core.visibility import public

    return public(panel.meetings.live()).order_by("starts_at")


def recommendations(panel: CitizenPanel) -> list[Recommendation]:
    return list(panel.recommendations.all())


@dataclass
class OptionCount:
    criterion: Criterion
    option: CriterionOption
    candidates: int


def counts_per_option(panel: CitizenPanel) -> list[OptionCount]:
    """How many candidates gave each answer (answers live in JSON, so they are counted in Python)."""
    panel = panel_with_criteria(CitizenPanel.objects.filter(pk=panel.pk)).get()
    counter: Counter[tuple[str, str]] = Counter()
    for answers in panel.candidates.values_list("answers", flat=True):
        for key, value in answers.items():
            counter[(key, value)] += 1
    return [
        OptionCount(criterion=criterion, option=option, candidates=counter[(criterion.key, option.value)])
        for criterion in panel.criteria.all() for option in criterion.options.all()
    ]
