"""What a panel draw is asked and what it reports, without NumPy or SciPy: candidates, criteria with their quotas,
the refusal when no panel meets them, each quota's outcome, and the figures the report states.

`services` needs these in every server process from its start (the admin's URLs import it), and `report` when it
prints; the solver, `selection`, is imported only where a draw runs, so a process loads NumPy and SciPy only then
(≈ 55 MB, tests/core/test_process_imports.py). `selection` re-exports all of it: `panels.selection.Candidate` works.
"""

import math
from dataclasses import dataclass

NEAR_ZERO = 1e-3  # "almost never selected" in the comparison
FIX_TOLERANCE = 1e-6  # how far a fixed probability may drop in later levels (solver tolerance is ~1e-7)


@dataclass(frozen=True)
class OptionQuota:
    value: str
    label: str
    min_seats: int
    max_seats: int


@dataclass(frozen=True)
class CriterionQuotas:
    key: str
    label: str
    options: tuple[OptionQuota, ...]


@dataclass(frozen=True)
class Candidate:
    id: int
    answers: tuple[str, ...]  # one option value per criterion, in the criteria's order


class QuotasInfeasible(Exception):
    """No panel meets the quotas; `message` says which quota (in Polish, for the Koordynator)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class QuotaResult:
    criterion: str
    option: str
    label: str
    min_seats: int
    max_seats: int
    candidates: int
    selected: int
    reserve: int

    @property
    def met(self) -> bool:
        return self.min_seats <= self.selected <= self.max_seats


def quota_bounds(share: float | None, panel_size: int) -> tuple[int, int]:
    """Seats for an option from its population share: floor and ceiling of share × panel size (no share: no quota)."""
    if share is None:
        return 0, panel_size
    expected = share * panel_size
    low, high = math.floor(expected + 1e-9), math.ceil(expected - 1e-9)
    return max(0, low), min(panel_size, max(high, low))
