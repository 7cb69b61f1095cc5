"""The selection algorithm alone (no database): quotas met, the same seed gives the same panel, the LEXIMIN
minimum is reported and is never below simple random sampling's, and an impossible quota is named in Polish."""

import numpy as np
import pytest

from panels import selection
from panels.selection import Candidate, CriterionQuotas, OptionQuota


def make_problem(n=60, panel_size=10, seed=7):
    rng = np.random.default_rng(seed)
    ages = ["mlodzi", "srednie", "starsi"]
    sexes = ["k", "m"]
    districts = ["I", "II", "III", "IV"]
    candidates = [
        Candidate(i + 1, (ages[rng.choice(3, p=[.5, .3, .2])], sexes[rng.choice(2, p=[.65, .35])],
                          districts[rng.choice(4, p=[.4, .3, .2, .1])]))
        for i in range(n)
    ]

    def criterion(key, label, values, shares):
        return CriterionQuotas(key, label, tuple(
            OptionQuota(v, v, *selection.quota_bounds(s, panel_size)) for v, s in zip(values, shares, strict=False)
        ))

    criteria = [
        criterion("age", "Wiek", ages, [.3, .35, .35]),
        criterion("sex", "Płeć", sexes, [.52, .48]),
        criterion("district", "Dzielnica", districts, [.25, .25, .25, .25]),
    ]
    return criteria, candidates


def run(seed=42, **kwargs):
    criteria, candidates = make_problem(**kwargs)
    return selection.select_panel(criteria=criteria, candidates=candidates, panel_size=10, reserve_size=4, seed=seed, srs_runs=200)


def test_the_panel_and_reserve_meet_the_quotas():
    result = run()
    assert len(result.selected) == 10
    assert len(result.reserve) == 4
    assert not set(result.selected) & set(result.reserve)
    assert all(q.met for q in result.quotas), [(q.criterion, q.label, q.min_seats, q.selected, q.max_seats) for q in result.quotas]
    criteria, candidates = make_problem()
    answers = {c.id: c.answers for c in candidates}
    for c, criterion in enumerate(criteria):  # recount from the candidates themselves, not from the result's table
        for option in criterion.options:
            seats = sum(1 for member in result.selected if answers[member][c] == option.value)
            assert option.min_seats <= seats <= option.max_seats


def test_the_same_seed_gives_the_same_panel_and_another_seed_another():
    first, again = run(seed=2026), run(seed=2026)
    assert first.selected == again.selected
    assert first.reserve == again.reserve
    assert first.leximin_probability == again.leximin_probability
    assert {tuple(run(seed=s).selected) for s in range(2027, 2032)} != {tuple(first.selected)}


def test_probabilities_are_reported_and_leximin_is_fairest():
    result = run()
    assert set(result.leximin_probability) == set(range(1, 61))
    assert result.leximin_min == min(result.leximin_probability.values()) > 0
    # Every candidate's probabilities add up to the panel size (each panel has exactly 10 members).
    assert sum(result.leximin_probability.values()) == pytest.approx(10, abs=1e-4)
    assert sum(result.srs_probability.values()) == pytest.approx(10, abs=1e-6)
    # LEXIMIN maximises the minimum: simple random sampling within quotas never does better.
    assert result.leximin_min >= result.srs_min - 1e-9
    assert result.complete


def test_the_draw_follows_the_published_distribution():
    """Members come from the published panels' type counts: anyone can check the draw without the solver."""
    result = run(seed=5)
    criteria, candidates = make_problem()
    problem = selection._Problem(criteria, candidates, 10)
    counts = {}
    type_of = {m: t for t, members in enumerate(problem.members) for m in members}
    for member in result.selected:
        counts[str(type_of[member])] = counts.get(str(type_of[member]), 0) + 1
    assert counts in result.distribution["panels"]
    assert sum(result.distribution["weights"]) == pytest.approx(1)


def test_an_impossible_quota_is_named_in_polish():
    criteria, candidates = make_problem()
    district = criteria[2]
    impossible = CriterionQuotas(district.key, district.label, (
        OptionQuota("I", "Stare Miasto", 9, 10), *district.options[1:],
    ))
    with pytest.raises(selection.QuotasInfeasible) as refusal:
        selection.select_panel(criteria=[criteria[0], criteria[1], impossible], candidates=candidates, panel_size=10,
                               reserve_size=0, seed=1, srs_runs=10)
    assert "Dzielnica" in refusal.value.message
    assert "sumują się" in refusal.value.message


def test_too_few_candidates_in_a_group():
    criteria, candidates = make_problem()
    few = [c for c in candidates if c.answers[2] != "IV"][:50] + [c for c in candidates if c.answers[2] == "IV"][:1]
    message = selection.explain_infeasibility(criteria, few, 10)
    assert message == ("Kwota „Dzielnica: IV” wymaga co najmniej 2 osób, a zgłosiło się tylko 1 kandydatów z tej grupy.")


def test_quota_bounds_from_shares():
    assert selection.quota_bounds(0.25, 10) == (2, 3)
    assert selection.quota_bounds(0.5, 10) == (5, 5)
    assert selection.quota_bounds(None, 10) == (0, 10)
