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


@pytest.mark.parametrize("seed", [7, 11, 19])
def test_leximin_over_types_equals_leximin_over_individuals(seed):
    """The fast path (LEXIMIN over the quota polytope, then peeled into integer panels) gives every candidate the
    probability that column generation over individual candidates gives – the same fairness objective."""
    criteria, candidates = make_problem(n=40, seed=seed)
    by_type = selection.leximin(selection._Problem(criteria, candidates, 10))
    assert by_type.complete
    # A criterion with one option per candidate (0–1 seats: no real limit) makes every candidate a type of its own.
    alone = CriterionQuotas("who", "Kto", tuple(OptionQuota(str(c.id), str(c.id), 0, 1) for c in candidates))
    individuals = selection._Problem([*criteria, alone], [Candidate(c.id, (*c.answers, str(c.id))) for c in candidates], 10)
    by_person = selection._leximin_by_columns(individuals, max_columns=2000)
    assert by_person.complete
    problem = selection._Problem(criteria, candidates, 10)
    per_candidate = {m: by_type.type_probability[t] for t, members in enumerate(problem.members) for m in members}
    per_person = {members[0]: by_person.type_probability[t] for t, members in enumerate(individuals.members)}
    assert min(per_candidate.values()) == pytest.approx(min(per_person.values()), abs=1e-6)
    # Higher levels agree up to the solver's FIX_TOLERANCE, which each level may spend again (column generation over
    # individuals even splits a type's candidates unevenly by that much).
    assert sorted(per_candidate.values()) == pytest.approx(sorted(per_person.values()), abs=1e-5)
    # The published panels reproduce the probabilities and each of them meets every quota.
    assert by_type.weights.sum() == pytest.approx(1)
    assert (by_type.panels.T @ by_type.weights) / problem.sizes == pytest.approx(by_type.type_probability, abs=1e-9)
    seats = by_type.panels @ problem.membership.T
    assert (by_type.panels.sum(axis=1) == 10).all()
    assert ((seats >= problem.mins) & (seats <= problem.maxs)).all()
    assert (by_type.panels <= problem.sizes).all()


def test_leximin_refuses_quotas_no_panel_meets():
    criteria, candidates = make_problem(n=40, seed=23)  # too few candidates for one group's minimum
    with pytest.raises(selection.QuotasInfeasible):
        selection.leximin(selection._Problem(criteria, candidates, 10))
