"""Stratified random selection of a citizen panel: LEXIMIN probabilities, one seeded draw, a reserve list and the
comparison with simple random sampling within quotas. Pure Python + NumPy/SciPy: no database, unit-testable. Its
inputs and the quotas' outcomes are plain types in `quotas.py` (re-exported here), so that only a process that runs a
draw imports this module and with it NumPy and SciPy.

What is selected
    Candidates answer every criterion (age band, sex, education, district, custom ones). A *feasible panel* is a
    set of exactly `panel_size` candidates in which, for every option of every criterion, the number of members
    lies between that option's quota minimum and maximum.

Types (an exact reduction, not an approximation)
    Candidates with the same answers to all criteria are interchangeable: every quota sees them alike. The
    LEXIMIN distribution is unique and symmetric, so all candidates of one *type* get the same probability. We
    therefore work with types: a panel is a vector of counts n_t (0 ≤ n_t ≤ c_t, c_t the type's size) and the
    members of a type are drawn uniformly within it. A candidate of type t is selected with probability
    E[n_t] / c_t. At 5,000 candidates this turns 5,000 variables into at most a few hundred.

LEXIMIN (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596, 2021)
    Among all probability distributions over feasible panels, take the one that maximises the smallest selection
    probability of any candidate; subject to that, the second smallest, and so on. A distribution matters only
    through its expected type counts, and those always lie in the *quota polytope* (fractional counts meeting the
    quotas). So, first:
      1. LEXIMIN over the quota polytope, level by level: one LP (HiGHS, `scipy.optimize.linprog`, a few hundred
         variables) maximises z with every type not yet fixed at probability ≥ z; by complementary slackness the
         types with a positive dual price cannot get more than z, so they are fixed at z (within `FIX_TOLERANCE`)
         and the next level raises the rest. Its result is an upper bound for any distribution over panels.
      2. Carathéodory's peeling writes that point as a distribution over integer panels: an ILP (HiGHS,
         `scipy.optimize.milp`) finds a panel v such that x = θ·v + (1 − θ)·x' keeps x' in the polytope, with the
         largest θ it can (asked as twice the last step, halved until found); the peeling goes on with x' until
         less than `LEFTOVER_MASS` is left. When it succeeds, the distribution reaches the upper bound within 1e-6
         per candidate, so it is LEXIMIN over panels – proved, not hoped.
    The polytope may have corners no panel reaches; then a face holds no integer panel, the peeling stops, and
    column generation over panels solves the same problem: an LP over the panels found so far maximises the
    minimum, a pricing ILP adds the panel with the largest dual-weighted sum until none beats the LP's price, and
    types with positive duals are fixed level by level.
    Limits (deterministic, so the same candidates and quotas always give the same distribution): at most
    `max_levels` levels, and for column generation `max_columns` panels. If a limit stops the computation early,
    the types not yet fixed keep the probabilities of the last optimal LP – still at least the last level's z –
    and the result says `complete=False`. Never a wall-clock limit: the result must not depend on the machine's
    speed.

The draw
    One panel is drawn from the final distribution with `numpy.random.default_rng(seed)`: first the panel's type
    counts (the distribution's panels in a fixed order), then, type by type in a fixed order, the members
    uniformly among the type's candidates sorted by id. Same candidates, quotas and seed: same panel. The
    distribution itself is returned, so the draw can be checked without re-running the solver.

The reserve list
    Drawn next with the same generator: a sequential random fill (below) of `reserve_size` places among the
    candidates not selected, with quotas scaled to the reserve's size (floor of the minimum, ceiling of the
    maximum); if those quotas cannot be met, without quotas. The order of the list is the order of the draw.

Simple random sampling within quotas (the comparison)
    The usual practice: go through the candidates in random order and take each one unless that would break a
    maximum or make some minimum impossible to reach with the seats left. A rejected candidate stays rejected
    (counts only grow), so each step is a uniform choice among the candidates still acceptable; a run that gets
    stuck starts again. Each type's probability is estimated by `srs_runs` seeded Monte Carlo runs, as the mean
    number of its members selected divided by its size (exact in expectation and much less noisy than counting
    individual candidates).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

# The NumPy-free part: the report states FIX_TOLERANCE and NEAR_ZERO without importing the solver; quota_bounds is
# re-exported for the callers that import it from here.
from .quotas import (
    FIX_TOLERANCE,
    NEAR_ZERO,
    Candidate,
    CriterionQuotas,
    OptionQuota,
    QuotaResult,
    QuotasInfeasible,
    quota_bounds,  # noqa: F401
)

ALGORITHM_VERSION = "leximin-polytope-types/2"
PRICE_TOLERANCE = 1e-7  # a new panel must beat the LP's price by more than this to be added
POSITIVE_DUAL = 1e-7  # a dual price above this fixes its type at the level's value
DEFAULT_MAX_LEVELS = 200
DEFAULT_MAX_COLUMNS = 150
DEFAULT_SRS_RUNS = 300
MIP_GAP = 1e-3  # the pricing ILP stops within 0.1 % of the best panel: a deterministic limit, not a clock
BOUND_TOLERANCE = 1e-9  # expected counts this close to a bound or quota count as on it (the decomposition's faces)
LEFTOVER_MASS = 5e-7  # the decomposition stops when less is left: no probability moves by more than 1e-6
SMALLEST_STEP = 1e-4  # below this the decomposition asks only for a panel on the point's face


@dataclass
class SelectionResult:
    seed: int
    algorithm_version: str
    selected: list[int]
    reserve: list[int]
    leximin_probability: dict[int, float]
    srs_probability: dict[int, float]
    quotas: list[QuotaResult]
    complete: bool
    levels: int
    columns: int
    srs_runs: int
    srs_restarts: int
    distribution: dict = field(repr=False)  # types, panels and their weights: enough to repeat the draw

    @property
    def leximin_min(self) -> float:
        return min(self.leximin_probability.values())

    @property
    def leximin_mean(self) -> float:
        return float(np.mean(list(self.leximin_probability.values())))

    @property
    def srs_min(self) -> float:
        return min(self.srs_probability.values())

    @property
    def srs_mean(self) -> float:
        return float(np.mean(list(self.srs_probability.values())))

    @property
    def srs_near_zero(self) -> int:
        return sum(1 for p in self.srs_probability.values() if p < NEAR_ZERO)

    @property
    def leximin_near_zero(self) -> int:
        return sum(1 for p in self.leximin_probability.values() if p < NEAR_ZERO)


# ------------------------------------------------------------------------------------------------ the problem


class _Problem:
    """Types, their sizes and the quota matrix (one row per criterion option)."""

    def __init__(self, criteria: Sequence[CriterionQuotas], candidates: Sequence[Candidate], panel_size: int):
        self.criteria = list(criteria)
        self.panel_size = panel_size
        option_index: dict[tuple[int, str], int] = {}
        self.rows: list[tuple[CriterionQuotas, OptionQuota]] = []
        for c, criterion in enumerate(self.criteria):
            for option in criterion.options:
                option_index[(c, option.value)] = len(self.rows)
                self.rows.append((criterion, option))
        by_type: dict[tuple[str, ...], list[int]] = {}
        for candidate in sorted(candidates, key=lambda cand: cand.id):
            if len(candidate.answers) != len(self.criteria):
                raise ValueError(f"candidate {candidate.id} answers {len(candidate.answers)} criteria, not {len(self.criteria)}")
            for c, value in enumerate(candidate.answers):
                if (c, value) not in option_index:
                    raise ValueError(f"candidate {candidate.id}: {value!r} is not an option of {self.criteria[c].key}")
            by_type.setdefault(candidate.answers, []).append(candidate.id)
        self.types = sorted(by_type)  # a fixed order: the draw depends on it
        self.members = [by_type[t] for t in self.types]
        self.sizes = np.array([len(m) for m in self.members], dtype=float)
        self.membership = np.zeros((len(self.rows), len(self.types)))  # row r, type t: 1 if type t has option r
        for t, answers in enumerate(self.types):
            for c, value in enumerate(answers):
                self.membership[option_index[(c, value)], t] = 1
        self.mins = np.array([o.min_seats for _, o in self.rows], dtype=float)
        self.maxs = np.array([o.max_seats for _, o in self.rows], dtype=float)
        self.criterion_of_row = np.array([self.criteria.index(c) for c, _ in self.rows])
        self.type_row_index = np.array(
            [[option_index[(c, value)] for c, value in enumerate(answers)] for answers in self.types], dtype=int
        ).reshape(len(self.types), len(self.criteria))

    def constraints(self) -> list[LinearConstraint]:
        return [
            LinearConstraint(np.ones((1, len(self.types))), self.panel_size, self.panel_size),
            LinearConstraint(self.membership, self.mins, self.maxs),
        ]

    def greedy_panel(self, weights: np.ndarray) -> np.ndarray | None:
        """A quick feasible panel with a large Σ weights·n: seat by seat, the acceptable type of largest weight."""

        def pick(pool: np.ndarray) -> int:
            return int(np.argmax(np.where(pool > 0, weights, -np.inf)))

        return _fill(self, self.sizes, self.panel_size, self.mins, self.maxs, pick)

    def relaxed_bound(self, weights: np.ndarray) -> float:
        """An upper bound on Σ weights·n over feasible panels (the LP relaxation): proves a level optimal cheaply."""
        result = linprog(
            -weights, A_ub=np.vstack([self.membership, -self.membership]), b_ub=np.concatenate([self.maxs, -self.mins]),
            A_eq=np.ones((1, len(self.types))), b_eq=[self.panel_size], bounds=list(zip(np.zeros(len(self.types)), self.sizes, strict=False)),
            method="highs",
        )
        return -result.fun if result.status == 0 else math.inf

    def best_panel(self, weights: np.ndarray) -> np.ndarray | None:
        """The feasible panel (type counts) with the largest Σ weights·n; None if no panel is feasible."""
        result = milp(
            -weights, constraints=self.constraints(), integrality=np.ones(len(self.types)),
            bounds=Bounds(np.zeros(len(self.types)), self.sizes), options={"mip_rel_gap": MIP_GAP},
        )
        if result.x is None:
            return None
        return np.rint(result.x).astype(int)


# ------------------------------------------------------------------------------------ why no panel is feasible


def _fmt_option(criterion: CriterionQuotas, option: OptionQuota) -> str:
    return f"„{criterion.label}: {option.label}”"


def explain_infeasibility(
    criteria: Sequence[CriterionQuotas], candidates: Sequence[Candidate], panel_size: int
) -> str | None:
    """None if some panel meets the quotas; otherwise a Polish sentence naming the quota that cannot be met."""
    if len(candidates) < panel_size:
        return (f"Zgłosiło się {len(candidates)} kandydatów, a panel ma liczyć {panel_size} osób: "
                "nie da się wylosować pełnego składu.")
    problem = _Problem(criteria, candidates, panel_size)
    counts = problem.membership @ problem.sizes
    for r, (criterion, option) in enumerate(problem.rows):
        if option.min_seats > option.max_seats:
            return (f"Kwota {_fmt_option(criterion, option)} ma minimum {option.min_seats} większe niż maksimum "
                    f"{option.max_seats}.")
        if counts[r] < option.min_seats:
            return (f"Kwota {_fmt_option(criterion, option)} wymaga co najmniej {option.min_seats} osób, a zgłosiło się "
                    f"tylko {int(counts[r])} kandydatów z tej grupy.")
    for c, criterion in enumerate(problem.criteria):
        rows = problem.criterion_of_row == c
        if problem.mins[rows].sum() > panel_size:
            return (f"Minima kwot kryterium „{criterion.label}” sumują się do {int(problem.mins[rows].sum())}, "
                    f"więcej niż {panel_size} miejsc w panelu.")
        reachable = np.minimum(problem.maxs[rows], counts[rows]).sum()
        if reachable < panel_size:
            return (f"Maksima kwot kryterium „{criterion.label}” (z uwzględnieniem liczby kandydatów) pozwalają "
                    f"obsadzić tylko {int(reachable)} z {panel_size} miejsc.")
    if problem.best_panel(np.zeros(len(problem.types))) is not None:
        return None
    for a in range(len(criteria)):  # the smallest set of criteria whose quotas clash, named for the Koordynator
        for b in range(a + 1, len(criteria)):
            pair = [criteria[a], criteria[b]]
            sub = [Candidate(cand.id, (cand.answers[a], cand.answers[b])) for cand in candidates]
            pair_problem = _Problem(pair, sub, panel_size)
            if pair_problem.best_panel(np.zeros(len(pair_problem.types))) is None:
                return (f"Kwot kryteriów „{criteria[a].label}” i „{criteria[b].label}” nie da się spełnić jednocześnie "
                        "przy tych kandydatach (za mało osób łączących wymagane cechy).")
    return ("Kwot wszystkich kryteriów nie da się spełnić jednocześnie przy tych kandydatach; "
            "złagodź minima lub maksima w grupach z najmniejszą liczbą zgłoszeń.")


# -------------------------------------------------------------------------------------------------- LEXIMIN


@dataclass
class Distribution:
    panels: np.ndarray  # (columns, types) type counts
    weights: np.ndarray  # probability of each panel
    type_probability: np.ndarray  # per type: probability that one of its candidates is selected
    complete: bool
    levels: int


def _level_lp(problem: _Problem, columns: list[np.ndarray], fixed: np.ndarray, fixed_value: np.ndarray):
    """max z over distributions of the known panels; returns (λ, z, dual prices y per type, price of a panel)."""
    n_types = len(problem.types)
    a = np.array(columns, dtype=float).T / problem.sizes[:, None]  # (types, columns): probability contributions
    m = a.shape[1]
    c = np.zeros(m + 1)
    c[-1] = -1.0  # minimise −z
    a_ub = np.hstack([-a, np.where(fixed, 0.0, 1.0)[:, None]])
    b_ub = np.where(fixed, -(fixed_value - FIX_TOLERANCE), 0.0)
    a_eq = np.zeros((1, m + 1))
    a_eq[0, :m] = 1.0
    bounds = [(0, None)] * m + [(None, None)]
    result = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if result.status != 0:
        raise RuntimeError(f"HiGHS could not solve the level LP: {result.message}")
    prices = np.maximum(-result.ineqlin.marginals, 0.0)
    panel_price = -result.eqlin.marginals[0]
    assert prices.shape == (n_types,)
    return result.x[:m], result.x[-1], prices, panel_price


def _leximin_by_columns(
    problem: _Problem, *, max_levels: int = DEFAULT_MAX_LEVELS, max_columns: int = DEFAULT_MAX_COLUMNS,
    initial: Sequence[np.ndarray] = (),
) -> Distribution:
    n_types = len(problem.types)
    first = problem.best_panel(1.0 / problem.sizes)  # favours small types: a useful first column
    if first is None:
        raise QuotasInfeasible("Żaden skład panelu nie spełnia kwot.")
    columns: list[np.ndarray] = [first, *initial]
    # Warm start: every type must appear in some panel before the minimum can rise above 0, so first a cover –
    # greedy panels that prefer types no panel holds yet (deterministic, milliseconds each).
    covered = first > 0
    for _ in range(n_types):
        if covered.all():
            break
        panel = problem.greedy_panel(np.where(covered, 0.0, 1.0) + 1e-3 / problem.sizes)
        if panel is None or not (panel > 0)[~covered].any():
            break
        columns.append(panel)
        covered |= panel > 0
    unique = {column.tobytes(): column for column in columns}
    columns = list(unique.values())
    seen = set(unique)
    fixed = np.zeros(n_types, dtype=bool)
    fixed_value = np.zeros(n_types)
    levels = 0
    weights = np.ones(1)
    complete = True
    while not fixed.all():
        if levels >= max_levels:
            complete = False
            break
        levels += 1
        while True:
            weights, z, prices, panel_price = _level_lp(problem, columns, fixed, fixed_value)
            if len(columns) >= max_columns:
                complete = False
                break
            weights_now = prices / problem.sizes
            candidate = problem.greedy_panel(weights_now)  # cheap first; the exact ILP only when it does not improve
            if candidate is None or weights_now @ candidate <= panel_price + PRICE_TOLERANCE or candidate.tobytes() in seen:
                if problem.relaxed_bound(weights_now) <= panel_price + PRICE_TOLERANCE:
                    break
                candidate = problem.best_panel(weights_now)
                if weights_now @ candidate <= panel_price + PRICE_TOLERANCE or candidate.tobytes() in seen:
                    break
            columns.append(candidate)
            seen.add(candidate.tobytes())
        if not complete:
            break
        newly = (~fixed) & (prices > POSITIVE_DUAL)
        if not newly.any():  # degenerate duals: fix the types that sit at z in the LP's solution
            reached = np.array(columns, dtype=float).T / problem.sizes[:, None] @ weights
            newly = (~fixed) & (reached <= z + FIX_TOLERANCE)
        fixed_value[newly] = max(z, 0.0)
        fixed |= newly
    panels = np.array(columns, dtype=int)
    weights = np.clip(weights, 0.0, None)
    weights = weights / weights.sum()
    keep = weights > 1e-12
    panels, weights = panels[keep], weights[keep] / weights[keep].sum()
    type_probability = (panels.T.astype(float) @ weights) / problem.sizes
    return Distribution(panels=panels, weights=weights, type_probability=type_probability, complete=complete, levels=levels)


def _relaxed_level(problem: _Problem, fixed: np.ndarray, fixed_value: np.ndarray):
    """max z over the quota polytope in probabilities p_t = E[n_t]/c_t: p_t ≥ z for types not fixed, fixed types
    keep (within `FIX_TOLERANCE`) their value. Returns (p, z, dual price of each type's p_t ≥ z)."""
    n_types = len(problem.types)
    free = np.flatnonzero(~fixed)
    counts = sparse.csr_matrix(problem.membership * problem.sizes[None, :])  # row r: Σ_t c_t p_t over types with r
    bound_rows = sparse.hstack([-sparse.eye(n_types, format="csr")[free], np.ones((len(free), 1))])
    quota_rows = sparse.hstack([counts, np.zeros((len(problem.rows), 1))])
    a_ub = sparse.vstack([bound_rows, quota_rows, -quota_rows], format="csr")
    b_ub = np.concatenate([np.zeros(len(free)), problem.maxs, -problem.mins])
    a_eq = np.concatenate([problem.sizes, [0.0]])[None, :]
    lower = np.where(fixed, np.maximum(fixed_value - FIX_TOLERANCE, 0.0), 0.0)
    bounds = [*zip(lower, np.ones(n_types), strict=True), (None, None)]
    objective = np.zeros(n_types + 1)
    objective[-1] = -1.0  # minimise −z
    result = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[problem.panel_size], bounds=bounds, method="highs")
    if result.status == 2 and not fixed.any():
        raise QuotasInfeasible("Żaden skład panelu nie spełnia kwot.")
    if result.status != 0:
        raise RuntimeError(f"HiGHS could not solve the level LP: {result.message}")
    prices = np.zeros(n_types)
    prices[free] = np.maximum(-result.ineqlin.marginals[: len(free)], 0.0)
    return np.clip(result.x[:n_types], 0.0, 1.0), result.x[-1], prices


def _relaxed_leximin(problem: _Problem, max_levels: int) -> tuple[np.ndarray, int, bool]:
    """LEXIMIN of the type probabilities over the quota polytope: one LP per level, no panels yet."""
    n_types = len(problem.types)
    fixed = np.zeros(n_types, dtype=bool)
    fixed_value = np.zeros(n_types)
    levels = 0
    probability = np.zeros(n_types)
    while not fixed.all():
        if levels >= max_levels:
            return probability, levels, False
        levels += 1
        probability, z, prices = _relaxed_level(problem, fixed, fixed_value)
        newly = (~fixed) & (prices > POSITIVE_DUAL)
        if not newly.any():  # degenerate duals: fix the types that sit at z in the LP's solution
            newly = (~fixed) & (probability <= z + FIX_TOLERANCE)
        fixed_value[newly] = max(z, 0.0)
        fixed |= newly
    return probability, levels, True


def _panel_within(problem: _Problem, current: np.ndarray, theta: float) -> np.ndarray | None:
    """An integer panel v such that x = θ·v + (1 − θ)·x' leaves x' in the quota polytope, i.e. every slack of v is at
    most the slack of `current` (expected counts) divided by θ – linear bounds, so one HiGHS ILP. θ = 0: a panel on
    the smallest face holding `current` (types at 0 or at their size and quotas at their minimum or maximum stay
    there). Among such panels, one that favours the types with the highest remaining probability."""
    seats = problem.membership @ current
    sizes, mins, maxs = problem.sizes, problem.mins, problem.maxs
    if theta > 0:
        upper = np.minimum(np.floor(current / theta + BOUND_TOLERANCE), sizes)
        lower = np.maximum(np.ceil(sizes - (sizes - current) / theta - BOUND_TOLERANCE), 0.0)
        row_lower = np.maximum(np.ceil(maxs - (maxs - seats) / theta - BOUND_TOLERANCE), mins)
        row_upper = np.minimum(np.floor(mins + (seats - mins) / theta + BOUND_TOLERANCE), maxs)
    else:
        upper = np.where(current <= BOUND_TOLERANCE, 0.0, sizes)
        lower = np.where(current >= sizes - BOUND_TOLERANCE, sizes, 0.0)
        row_lower = np.where(seats >= maxs - BOUND_TOLERANCE, maxs, mins)
        row_upper = np.where(seats <= mins + BOUND_TOLERANCE, mins, maxs)
    if (lower > upper).any() or (row_lower > row_upper).any():
        return None
    n_types = len(problem.types)
    result = milp(
        -current / sizes, integrality=np.ones(n_types), bounds=Bounds(lower, upper),
        constraints=[LinearConstraint(np.ones((1, n_types)), problem.panel_size, problem.panel_size),
                     LinearConstraint(problem.membership, row_lower, row_upper)],
        options={"mip_rel_gap": MIP_GAP},
    )
    return None if result.x is None else np.rint(result.x).astype(int)


def _decompose(problem: _Problem, target: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Write the expected counts `target` as a distribution over integer panels (Carathéodory's peeling): take an
    integer panel v, step away from it as far as the polytope allows, x = θ·v + (1 − θ)·x', and go on with x'. The
    step asked of v starts at twice the last one and halves until HiGHS finds a panel, down to any panel on x's
    smallest face (then one more bound or quota becomes tight, so the peeling ends). It stops once the mass left is
    below `LEFTOVER_MASS`; the panels' weights are rescaled to 1, which moves no probability by more than twice
    that. None if a face holds no integer panel (x' may lie outside the panels' convex hull, which the quota
    polytope only contains): the caller then uses column generation."""
    current = target.copy()
    panels: list[np.ndarray] = []
    weights: list[float] = []
    mass, theta = 1.0, 0.5
    for _ in range(len(problem.types) + 2 * len(problem.rows) + 1):
        ask = min(1.0, 2 * theta)
        panel = None
        while panel is None and ask >= SMALLEST_STEP:
            panel = _panel_within(problem, current, ask)
            ask /= 2
        if panel is None:
            panel = _panel_within(problem, current, 0.0)
        if panel is None:
            return None
        seats, panel_seats = problem.membership @ current, problem.membership @ panel
        slack = np.maximum(np.concatenate([current, problem.sizes - current, problem.maxs - seats, seats - problem.mins]), 0.0)
        used = np.concatenate([panel, problem.sizes - panel, problem.maxs - panel_seats, panel_seats - problem.mins])
        positive = used > 0
        theta = min(1.0, float(np.min(slack[positive] / used[positive]))) if positive.any() else 1.0
        panels.append(panel)
        weights.append(mass * theta)
        mass *= 1.0 - theta
        if mass <= LEFTOVER_MASS:
            return np.array(panels, dtype=int), np.array(weights) / sum(weights)
        current = np.clip((current - theta * panel) / (1.0 - theta), 0.0, problem.sizes)
        current[current <= BOUND_TOLERANCE] = 0.0
    return None

def leximin(
    problem: _Problem, *, max_levels: int = DEFAULT_MAX_LEVELS, max_columns: int = DEFAULT_MAX_COLUMNS
) -> Distribution:
    """The LEXIMIN distribution over feasible panels (type counts). First over the quota polytope, which contains
    every distribution's expected counts; if its optimum decomposes into integer panels it is a distribution's
    and so optimal over panels too. Otherwise column generation over panels, bounded by the limits."""
    probability, levels, complete = _relaxed_leximin(problem, max_levels)
    if complete:
        found = _decompose(problem, probability * problem.sizes)
        if found is not None:
            panels, weights = found
            type_probability = (panels.T.astype(float) @ weights) / problem.sizes
            if np.abs(type_probability - probability).max() <= FIX_TOLERANCE:
                return Distribution(panels=panels, weights=weights, type_probability=type_probability, complete=True,
                                    levels=levels)
    return _leximin_by_columns(problem, max_levels=max_levels, max_columns=max_columns)


# ------------------------------------------------------------------------------- simple random sampling within quotas


def _fill(
    problem: _Problem, available: np.ndarray, size: int, mins: np.ndarray, maxs: np.ndarray,
    pick,
) -> np.ndarray | None:
    """Fill `size` seats one at a time with `pick(pool)` choosing a type among the acceptable ones (pool: how many
    acceptable candidates each type has). A type is acceptable while it has candidates left, none of its options
    is at its maximum, and after taking it every criterion's unmet minima still fit in the seats left. Returns the
    type counts, or None if it got stuck."""
    rows = problem.type_row_index  # (types, criteria): the quota row of each type's answer
    criterion_of_row = problem.criterion_of_row
    n_criteria = len(problem.criteria)
    counts = np.zeros(len(problem.rows))
    remaining = available.astype(float).copy()
    taken = np.zeros(len(problem.types), dtype=int)
    row_ok = acceptable = None
    for filled in range(size):
        missing = np.maximum(mins - counts, 0.0)  # per option: seats still needed to reach its minimum
        deficit = np.bincount(criterion_of_row, weights=missing, minlength=n_criteria)
        ok = (counts < maxs) & (deficit[criterion_of_row] - (missing > 0) <= size - filled - 1)
        if row_ok is None or (ok != row_ok).any():  # options change state rarely: types are re-checked only then
            row_ok = ok
            acceptable = ok[rows].all(axis=1)
        pool = np.where(acceptable, remaining, 0.0)
        if not pool.any():
            return None
        t = pick(pool)
        taken[t] += 1
        remaining[t] -= 1
        counts[rows[t]] += 1
    return taken


def _random_fill(
    problem: _Problem, available: np.ndarray, size: int, mins: np.ndarray, maxs: np.ndarray,
    rng: np.random.Generator, max_restarts: int = 1000,
) -> tuple[np.ndarray | None, int]:
    """The random fill: each step a uniform choice among the acceptable candidates; a stuck run starts again."""

    def pick(pool: np.ndarray) -> int:
        cumulative = np.cumsum(pool)
        return int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))

    for restarts in range(max_restarts + 1):
        taken = _fill(problem, available, size, mins, maxs, pick)
        if taken is not None:
            return taken, restarts
    return None, max_restarts + 1


def srs_probabilities(problem: _Problem, *, runs: int, seed: int) -> tuple[np.ndarray, int]:
    """Per type: estimated probability of one of its candidates under the random fill; and the number of restarts."""
    rng = np.random.default_rng([seed, 1])  # a stream of its own: the comparison never shifts the panel's draw
    totals = np.zeros(len(problem.types))
    restarts = 0
    done = 0
    for _ in range(runs):
        taken, r = _random_fill(problem, problem.sizes, problem.panel_size, problem.mins, problem.maxs, rng)
        restarts += r
        if taken is None:
            break
        totals += taken
        done += 1
    if done == 0:
        return np.zeros(len(problem.types)), restarts
    return totals / (done * problem.sizes), restarts


# ------------------------------------------------------------------------------------------------------ the draw


def draw(problem: _Problem, distribution: Distribution, rng: np.random.Generator) -> list[int]:
    """One panel from the distribution: its type counts, then members uniformly within each type (ids in order)."""
    index = int(rng.choice(len(distribution.weights), p=distribution.weights))
    counts = distribution.panels[index]
    chosen: list[int] = []
    for t, n in enumerate(counts):
        if n:
            members = problem.members[t]
            picks = rng.choice(len(members), size=int(n), replace=False)
            chosen.extend(members[i] for i in sorted(picks))
    return chosen


def draw_reserve(problem: _Problem, selected: set[int], size: int, rng: np.random.Generator) -> list[int]:
    """The reserve list in draw order: a random fill of the candidates not selected, quotas scaled to its size."""
    remaining_members = [[m for m in members if m not in selected] for members in problem.members]
    available = np.array([len(m) for m in remaining_members], dtype=float)
    size = min(size, int(available.sum()))
    if size <= 0:
        return []
    scale = size / problem.panel_size
    taken, _ = _random_fill(
        problem, available, size, np.floor(problem.mins * scale), np.ceil(problem.maxs * scale), rng, max_restarts=50
    )
    if taken is None:  # scaled quotas cannot be met by who is left: reserve without quotas
        taken, _ = _random_fill(
            problem, available, size, np.zeros(len(problem.rows)), np.full(len(problem.rows), float(size)), rng
        )
    reserve: list[int] = []
    for t, n in enumerate(taken):
        if n:
            members = remaining_members[t]
            picks = rng.choice(len(members), size=int(n), replace=False)
            reserve.extend(members[i] for i in sorted(picks))
    permutation = rng.permutation(len(reserve))
    return [reserve[i] for i in permutation]


# --------------------------------------------------------------------------------------------------- the whole run


def select_panel(
    *,
    criteria: Sequence[CriterionQuotas],
    candidates: Sequence[Candidate],
    panel_size: int,
    reserve_size: int,
    seed: int,
    srs_runs: int = DEFAULT_SRS_RUNS,
    max_levels: int = DEFAULT_MAX_LEVELS,
    max_columns: int = DEFAULT_MAX_COLUMNS,
) -> SelectionResult:
    """LEXIMIN distribution, one seeded panel, the reserve list, and the SRS-within-quotas comparison.

    Raises `QuotasInfeasible` with a Polish message naming the quota when no panel meets the quotas.
    """
    if panel_size <= 0:
        raise QuotasInfeasible("Liczba miejsc w panelu musi być większa od zera.")
    problem_message = explain_infeasibility(criteria, candidates, panel_size)
    if problem_message:
        raise QuotasInfeasible(problem_message)
    problem = _Problem(criteria, candidates, panel_size)
    distribution = leximin(problem, max_levels=max_levels, max_columns=max_columns)
    rng = np.random.default_rng(seed)
    selected = draw(problem, distribution, rng)
    reserve = draw_reserve(problem, set(selected), reserve_size, rng)
    srs, restarts = srs_probabilities(problem, runs=srs_runs, seed=seed)

    leximin_probability: dict[int, float] = {}
    srs_probability: dict[int, float] = {}
    for t, members in enumerate(problem.members):
        for member in members:
            leximin_probability[member] = float(distribution.type_probability[t])
            srs_probability[member] = float(srs[t])

    type_of = {member: t for t, members in enumerate(problem.members) for member in members}
    selected_counts = np.zeros(len(problem.types))
    reserve_counts = np.zeros(len(problem.types))
    for member in selected:
        selected_counts[type_of[member]] += 1
    for member in reserve:
        reserve_counts[type_of[member]] += 1
    by_row_selected = problem.membership @ selected_counts
    by_row_reserve = problem.membership @ reserve_counts
    by_row_candidates = problem.membership @ problem.sizes
    quotas = [
        QuotaResult(
            criterion=criterion.label, option=option.value, label=option.label, min_seats=option.min_seats,
            max_seats=option.max_seats, candidates=int(by_row_candidates[r]), selected=int(by_row_selected[r]),
            reserve=int(by_row_reserve[r]),
        )
        for r, (criterion, option) in enumerate(problem.rows)
    ]
    return SelectionResult(
        seed=seed, algorithm_version=ALGORITHM_VERSION, selected=selected, reserve=reserve,
        leximin_probability=leximin_probability, srs_probability=srs_probability, quotas=quotas,
        complete=distribution.complete, levels=distribution.levels, columns=len(distribution.weights),
        srs_runs=srs_runs, srs_restarts=restarts,
        distribution={
            "types": [list(t) for t in problem.types],
            "type_sizes": [int(s) for s in problem.sizes],
            "panels": [{str(t): int(n) for t, n in enumerate(panel) if n} for panel in distribution.panels],
            "weights": [float(w) for w in distribution.weights],
        },
    )
