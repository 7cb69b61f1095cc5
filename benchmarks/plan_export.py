"""Benchmark of a campaign plan as XLSX: export time and peak memory at 10,000 actions, and the import of the same file.

Seeds one campaign with N actions (default 10,000, written with bulk_create) into a PostgreSQL database of
its own, then measures in fresh child processes, so each number belongs to one operation alone:
- export (`campaigns.spreadsheets.write_plan`): wall time, tracemalloc's peak of Python allocations during
  the export (a second run: tracemalloc slows allocation, so the timed run is without it), and the child's
  peak resident memory (ru_maxrss) against the same child's baseline after Django set up;
- import of the exported file into an empty campaign (`campaigns.spreadsheets.import_plan`, through
  `services.create_action`, audit log and search index included): wall time and peak resident memory.
Results go to benchmarks/results/plan_export-<date>.json and .md.

    .venv/bin/python benchmarks/plan_export.py                    # N=10000 on postgres://…/dialog_bench_plans
    .venv/bin/python benchmarks/plan_export.py --actions 1000 --skip-import

Targets (from the issue): exporting 10,000 actions takes < 5 s with peak memory < 200 MB.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the script's own folder is on the path, the project root is not

from benchmarks.portal_load import ensure_database, machine, save_results  # noqa: E402

SETTINGS = "benchmarks.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench_plans"
CITY_TIME_ZONE = ZoneInfo("Europe/Warsaw")
CAMPAIGN_SLUG = "benchmark-plan-10000"
EXPORT_SECONDS_TARGET = 5.0
EXPORT_MEMORY_TARGET_MB = 200.0


def main() -> None:
    args = parse_args()
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": python_path,
           "TASKS_BACKEND": "immediate"}
    os.environ.update(env)
    if args.child:
        child(args)
        return

    ensure_database(args.database_url)
    for command in (["migrate", "--noinput"], ["bootstrap"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 – fixed arguments
    import django

    django.setup()
    campaign_id, seed_seconds = seed(args.actions)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        export = run_child(env, "export", campaign_id, path)
        print(f"Eksport {args.actions} działań: {export['seconds']:.2f} s, szczyt pamięci Pythona {export['tracemalloc_peak_mb']:.1f} MB, "
              f"RSS {export['rss_peak_mb']:.1f} MB (po starcie Django {export['rss_baseline_mb']:.1f} MB), plik {export['file_kb']:.0f} kB")
        imported = None
        if not args.skip_import:
            target_id = new_campaign(f"Benchmark: import {datetime.now(CITY_TIME_ZONE):%Y-%m-%d %H:%M:%S}")
            try:
                imported = run_child(env, "import", target_id, path)
            finally:
                delete_campaign(target_id)
            print(f"Import tego pliku do pustej kampanii: {imported['seconds']:.1f} s ({imported['actions']} działań), "
                  f"RSS {imported['rss_peak_mb']:.1f} MB")
    report(args, seed_seconds, export, imported)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--actions", type=int, default=10_000, help="actions in the measured campaign (N)")
    parser.add_argument("--skip-import", action="store_true", help="measure the export only")
    parser.add_argument("--child", choices=["export", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--campaign", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if urlparse(args.database_url).scheme not in {"postgres", "postgresql"}:
        parser.error("the benchmark runs on PostgreSQL: give a postgres:// URL")
    return args


def new_campaign(title: str, slug: str | None = None) -> int:
    from catalog.models import CampaignPage
    from catalog.services import create_record

    start = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
    fields = {"slug": slug} if slug else {}
    record = create_record(model=CampaignPage, user=None, publish=False, title=title, lead=title, status="planned",
                           starts_at=start, ends_at=start + timedelta(days=365), **fields)
    return record.pk


def delete_campaign(campaign_id: int) -> None:
    from catalog.models import CampaignPage

    CampaignPage.objects.get(pk=campaign_id).delete()


def seed(count: int) -> tuple[int, float]:
    """The measured campaign with exactly `count` actions; kept between runs, refilled if N changed."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from campaigns.models import Action, ActionKind, ActionStatus
    from catalog.models import CampaignPage
    from core.models import Channel

    campaign = CampaignPage.objects.filter(slug=CAMPAIGN_SLUG).first()
    campaign_id = campaign.pk if campaign else new_campaign("Benchmark: plan kampanii – 10 000 działań", slug=CAMPAIGN_SLUG)
    if Action.objects.filter(campaign_id=campaign_id).count() == count and Action.depends_on.through.objects.filter(
        from_action__campaign_id=campaign_id
    ).exists():
        print(f"Dane: kampania {campaign_id} ma już {count} działań")
        return campaign_id, 0.0
    started = time.perf_counter()
    User = get_user_model()
    people = [User.objects.get_or_create(username=f"bench-planner-{n}", defaults={"first_name": "Planista", "last_name": f"Nr {n}"})[0]
              for n in range(20)]
    channels = list(Channel.objects.all())
    kinds, statuses = ActionKind.values, ActionStatus.values
    first = datetime(2027, 1, 4, 7, 0, tzinfo=UTC)
    with transaction.atomic():
        Action.objects.filter(campaign_id=campaign_id).delete()
        Action.objects.bulk_create(
            [
                Action(
                    campaign_id=campaign_id,
                    title=f"Działanie {n:05d}: post o konsultacjach „Zielony Kraków”",
                    kind=kinds[n % len(kinds)],
                    channel=channels[n % len(channels)] if n % 7 else None,
                    starts_at=first + timedelta(hours=3 * n),
                    ends_at=first + timedelta(hours=3 * n, days=5) if n % 5 == 0 else None,
                    responsible=people[n % len(people)] if n % 3 else None,
                    status=statuses[n % len(statuses)],
                    notes="Uzgodnić z rzecznikiem; grafika w folderze kampanii." if n % 2 else "",
                    result_url=f"https://example.org/post/{n}" if n % 4 == 0 else "",
                    reports_results=n % 50 == 0,
                )
                for n in range(count)
            ],
            batch_size=2000,
        )
        # Every other action depends on the one before it: the sheet's "Po (Lp.)" column is filled for half the rows.
        pks = list(Action.objects.filter(campaign_id=campaign_id).order_by("starts_at", "pk").values_list("pk", flat=True))
        through = Action.depends_on.through
        through.objects.bulk_create(
            [through(from_action_id=pks[n], to_action_id=pks[n - 1]) for n in range(1, len(pks), 2)], batch_size=5000,
        )
    seconds = time.perf_counter() - started
    print(f"Dane: {count} działań w kampanii {campaign_id} w {seconds:.1f} s")
    return campaign_id, seconds


def run_child(env: dict[str, str], operation: str, campaign_id: int, path: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", operation, f"--campaign={campaign_id}", f"--file={path}"]
    output = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout  # noqa: S603 – fixed arguments
    return json.loads(output.strip().splitlines()[-1])


def child(args: argparse.Namespace) -> None:
    """One measured operation in a fresh process; prints one JSON line."""
    import django

    django.setup()
    from catalog.models import CampaignPage

    campaign = CampaignPage.objects.get(pk=args.campaign)
    baseline = rss_mb()
    if args.child == "export":
        from campaigns.spreadsheets import write_plan

        started = time.perf_counter()
        with args.file.open("wb") as stream:
            count = write_plan(campaign, stream)
        seconds = time.perf_counter() - started
        rss_after_export = rss_mb()
        # Memory once more under tracemalloc, which slows allocation several times: timed apart from it.
        tracemalloc.start()
        write_plan(campaign, io.BytesIO())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result = {"actions": count, "seconds": round(seconds, 3), "tracemalloc_peak_mb": round(peak / 2**20, 1),
                  "rss_after_timed_export_mb": round(rss_after_export, 1), "file_kb": round(args.file.stat().st_size / 1024, 1)}
    else:
        from campaigns.spreadsheets import import_plan

        started = time.perf_counter()
        with args.file.open("rb") as stream:
            created = import_plan(campaign=campaign, file=stream, user=None)
        result = {"actions": len(created), "seconds": round(time.perf_counter() - started, 2)}
    result.update(rss_baseline_mb=round(baseline, 1), rss_peak_mb=round(rss_mb(), 1))
    print(json.dumps(result))


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(args: argparse.Namespace, seed_seconds: float, export: dict, imported: dict | None) -> None:
    export_mb = max(export["tracemalloc_peak_mb"], export["rss_peak_mb"] - export["rss_baseline_mb"])
    targets = {
        f"export of {args.actions} actions < {EXPORT_SECONDS_TARGET:.0f} s": export["seconds"] < EXPORT_SECONDS_TARGET,
        f"export peak memory < {EXPORT_MEMORY_TARGET_MB:.0f} MB": export_mb < EXPORT_MEMORY_TARGET_MB
        and export["rss_peak_mb"] < EXPORT_MEMORY_TARGET_MB,
    }
    result = {
        "date": datetime.now(CITY_TIME_ZONE).date().isoformat(),
        "actions": args.actions,
        "seed_seconds": round(seed_seconds, 1),
        "settings": f"{SETTINGS} (DEBUG off), PostgreSQL",
        "export": export,
        "import": imported,
        "machine": machine(("openpyxl", "lxml")),
        "targets": targets,
    }
    save_results("plan_export", result, markdown(result))


def markdown(result: dict) -> str:
    m, export, imported = result["machine"], result["export"], result["import"]
    lines = [
        f"# Campaign plan XLSX benchmark – {result['date']}",
        "",
        f"- Plan: one campaign with {result['actions']} actions (seeding in this run took {result['seed_seconds']} s; 0 = already there)",
        f"- Each operation in a fresh process with {result['settings']}",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; load average at the end {m['load_average_at_end']}",
        f"- Software: Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, openpyxl {m['openpyxl']}, "
        f"PostgreSQL {m['postgresql']}; commit {m['commit']}",
        "",
        "| operation | actions | time s | Python peak (tracemalloc) MB | process RSS peak MB (baseline after setup) | file kB |",
        "|---|---|---|---|---|---|",
        f"| export (`write_plan`, write-only workbook) | {export['actions']} | {export['seconds']} | {export['tracemalloc_peak_mb']} | "
        f"{export['rss_peak_mb']} ({export['rss_baseline_mb']}) | {export['file_kb']} |",
    ]
    if imported:
        lines.append(
            f"| import of that file into an empty campaign (`import_plan`, one `create_action` per row) | {imported['actions']} | "
            f"{imported['seconds']} | – | {imported['rss_peak_mb']} ({imported['rss_baseline_mb']}) | – |"
        )
    lines += ["", "## Targets", ""]
    lines += [f"- {'met' if met else '**missed**'}: {target}" for target, met in result["targets"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
