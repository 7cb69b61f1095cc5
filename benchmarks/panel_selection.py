"""Benchmark of a citizen panel's selection: LEXIMIN, the seeded draw, the reserve list and the SRS comparison at
5,000 candidates.

Candidates are synthetic but shaped like real volunteers (more young and highly educated people than in the
population, districts from `data/districts/krakow.csv`); quotas come from population shares as the Koordynator's
"fill quotas" action makes them (`panels.selection.quota_bounds`). Limits and Monte Carlo runs are the settings'
defaults (DIALOG_PANEL_LEXIMIN_MAX_LEVELS / _MAX_COLUMNS, DIALOG_PANEL_SRS_RUNS). The same selection is run twice
with the same seed to confirm it is reproducible. Results go to benchmarks/results/panel_selection-<date>.json and .md.

    .venv/bin/python benchmarks/panel_selection.py                 # 5,000 candidates, panel of 60, reserve of 20
    .venv/bin/python benchmarks/panel_selection.py --candidates 1000 --panel-size 30

Target (from the issue): selection from 5,000 candidates in < 30 s on the 2-core machine.
"""

import argparse
import csv
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the script's own folder is on the path, the project root is not

from benchmarks.portal_load import ensure_database, machine, save_results  # noqa: E402

SETTINGS = "benchmarks.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench_panels"  # only for the machine's PostgreSQL version
CITY_TIME_ZONE = ZoneInfo("Europe/Warsaw")
SECONDS_TARGET = 30.0
AGES = (["16-29", "30-44", "45-59", "60-74", "75-plus"], [.17, .27, .22, .23, .11], [.30, .30, .20, .15, .05])
SEXES = (["kobieta", "mezczyzna"], [.53, .47], [.60, .40])
EDUCATION = (["podstawowe", "zawodowe", "srednie", "wyzsze"], [.12, .18, .35, .35], [.05, .10, .30, .55])


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--panel-size", type=int, default=60)
    parser.add_argument("--reserve-size", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    return parser.parse_args()


def problem(n: int, panel_size: int):
    import numpy as np

    from panels.selection import Candidate, CriterionQuotas, OptionQuota, quota_bounds

    with open(ROOT / "data" / "districts" / "krakow.csv", encoding="utf-8") as file:
        districts = [(row["roman"], row["name"], int(row["population"])) for row in csv.DictReader(file)]
    total = sum(p for _, _, p in districts)
    district_shares = [p / total for _, _, p in districts]

    def criterion(key, label, values, shares):
        return CriterionQuotas(key, label, tuple(OptionQuota(v, v, *quota_bounds(s, panel_size)) for v, s in zip(values, shares, strict=False)))

    criteria = [
        criterion("age", "Wiek", AGES[0], AGES[1]), criterion("sex", "Płeć", SEXES[0], SEXES[1]),
        criterion("education", "Wykształcenie", EDUCATION[0], EDUCATION[1]),
        criterion("district", "Dzielnica", [d[0] for d in districts], district_shares),
    ]
    rng = np.random.default_rng(1)  # fixed volunteers: every run measures the same problem
    candidates = [
        Candidate(i + 1, (
            AGES[0][rng.choice(5, p=AGES[2])], SEXES[0][rng.choice(2, p=SEXES[2])],
            EDUCATION[0][rng.choice(4, p=EDUCATION[2])], districts[rng.choice(len(districts), p=district_shares)][0],
        ))
        for i in range(n)
    ]
    return criteria, candidates


def main() -> None:
    args = parse_args()
    os.environ.update(DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE=SETTINGS)
    ensure_database(args.database_url)
    import django

    django.setup()
    from django.conf import settings

    from panels import selection

    criteria, candidates = problem(args.candidates, args.panel_size)
    limits = {"srs_runs": settings.DIALOG_PANEL_SRS_RUNS, "max_levels": settings.DIALOG_PANEL_LEXIMIN_MAX_LEVELS,
              "max_columns": settings.DIALOG_PANEL_LEXIMIN_MAX_COLUMNS}
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        result = selection.select_panel(criteria=criteria, candidates=candidates, panel_size=args.panel_size,
                                        reserve_size=args.reserve_size, seed=args.seed, **limits)
        runs.append((time.perf_counter() - started, result))
    # The phases alone: how the time splits between LEXIMIN and the SRS simulation.
    inner = selection._Problem(criteria, candidates, args.panel_size)
    started = time.perf_counter()
    distribution = selection.leximin(inner, max_levels=limits["max_levels"], max_columns=limits["max_columns"])
    leximin_seconds = time.perf_counter() - started
    started = time.perf_counter()
    selection.srs_probabilities(inner, runs=limits["srs_runs"], seed=args.seed)
    srs_seconds = time.perf_counter() - started

    (seconds, result), (seconds_again, again) = runs
    now = datetime.now(CITY_TIME_ZONE)
    outcome = {
        "date": now.date().isoformat(), "finished_at": now.isoformat(timespec="seconds"),
        "candidates": args.candidates, "types": len(inner.types), "panel_size": args.panel_size,
        "reserve_size": args.reserve_size, "seed": args.seed, **limits, "algorithm_version": result.algorithm_version,
        "seconds_total": round(seconds, 2), "seconds_total_second_run": round(seconds_again, 2),
        "seconds_leximin": round(leximin_seconds, 2), "seconds_srs": round(srs_seconds, 2),
        "leximin_levels": distribution.levels, "leximin_complete": distribution.complete,
        "panels_in_distribution": len(distribution.weights),
        "leximin_min": round(result.leximin_min, 5), "leximin_mean": round(result.leximin_mean, 5),
        "leximin_near_zero": result.leximin_near_zero,
        "srs_min": round(result.srs_min, 5), "srs_mean": round(result.srs_mean, 5), "srs_near_zero": result.srs_near_zero,
        "srs_restarts": result.srs_restarts,
        "quotas_met": all(q.met for q in result.quotas),
        "reproducible": result.selected == again.selected and result.reserve == again.reserve,
        "machine": machine(packages=("scipy", "numpy")),
    }
    outcome["targets"] = {
        f"selection from {args.candidates} candidates < {SECONDS_TARGET:.0f} s (both runs)": max(seconds, seconds_again) < SECONDS_TARGET,
        "every quota met": outcome["quotas_met"],
        "same seed, same panel and reserve list": outcome["reproducible"],
    }
    print(f"Wybór z {args.candidates} kandydatów ({outcome['types']} typów): {seconds:.1f} s i {seconds_again:.1f} s; "
          f"LEXIMIN {leximin_seconds:.1f} s ({distribution.levels} poziomów, pełny: {distribution.complete}), SRS {srs_seconds:.1f} s")
    print(f"Najmniejsza szansa: LEXIMIN {result.leximin_min:.5f}, SRS {result.srs_min:.5f} "
          f"({result.srs_near_zero} kandydatów z szansą < {selection.NEAR_ZERO})")
    save_results("panel_selection", outcome, markdown(outcome))


def markdown(r: dict) -> str:
    m = r["machine"]
    return "\n".join([
        f"# Panel selection benchmark – {r['date']}",
        "",
        f"- Problem: {r['candidates']} synthetic candidates ({r['types']} distinct answer profiles), panel of "
        f"{r['panel_size']}, reserve list of {r['reserve_size']}, quotas for age, sex, education and 18 districts from population shares",
        f"- Algorithm {r['algorithm_version']}: LEXIMIN over the quota polytope, peeled into panels (column generation only if"
        f" that fails); limits: at most {r['max_levels']} levels, {r['max_columns']} panels for column generation; "
        f"{r['srs_runs']} SRS runs; seed {r['seed']}",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; load average at the end {m['load_average_at_end']}",
        f"- Software: Python {m['python']}, SciPy {m['scipy']} (HiGHS), NumPy {m['numpy']}; commit {m['commit']}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| whole selection (LEXIMIN, draw, reserve, SRS), run 1 / run 2 | {r['seconds_total']} s / {r['seconds_total_second_run']} s |",
        f"| LEXIMIN alone | {r['seconds_leximin']} s, {r['leximin_levels']} levels, complete: {r['leximin_complete']}, {r['panels_in_distribution']} panels |",
        f"| SRS simulation alone | {r['seconds_srs']} s ({r['srs_restarts']} restarts of stuck fills) |",
        f"| smallest probability LEXIMIN / SRS | {r['leximin_min']} / {r['srs_min']} |",
        f"| mean probability LEXIMIN / SRS | {r['leximin_mean']} / {r['srs_mean']} |",
        f"| candidates below 0.001 LEXIMIN / SRS | {r['leximin_near_zero']} / {r['srs_near_zero']} |",
        f"| quotas met / reproducible | {r['quotas_met']} / {r['reproducible']} |",
        "",
    ])


if __name__ == "__main__":
    main()
