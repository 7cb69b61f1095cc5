"""Render benchmark of the planner's timeline: 50 campaigns × 40 actions, p50/p95 render time and SQL queries.

Seeds the plans into a PostgreSQL database of its own (default `dialog_bench_timeline`, created if missing;
`migrate` and `bootstrap` first), then renders each planner view N times in-process through `dialog.wsgi.application`
(the entry point gunicorn serves) as a logged-in Koordynator (benchmarks.settings: DEBUG off). Results go to
benchmarks/results/campaign_timeline-<date>.json and .md.

    .venv/bin/python benchmarks/campaign_timeline.py                      # 50 × 40, 30 renders per view
    .venv/bin/python benchmarks/campaign_timeline.py --campaigns 20 --actions 10 --renders 10

Target (from the issue): the all-campaigns timeline with 50 campaigns × 40 actions renders with p95 < 300 ms.
"""

import argparse
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the script's own folder is on the path, the project root is not

from benchmarks.portal_load import CITY_TIME_ZONE, ensure_database, machine, percentile, save_results  # noqa: E402

SETTINGS = "benchmarks.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench_timeline"
TIMELINE_P95_TARGET_MS = 300.0
SLUG_PREFIX = "plan-bench-"
PEOPLE = 10


@dataclass
class Scenario:
    name: str
    path: str
    status: int | None = None
    queries: int | None = None
    bytes: int = 0
    render_ms: dict[str, float] = field(default_factory=dict)


def main() -> None:
    args = parse_args()
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": SETTINGS,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])), "TASKS_BACKEND": "immediate"}
    os.environ.update(env)
    ensure_database(args.database_url)
    for command in (["migrate", "--noinput"], ["bootstrap"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 – fixed arguments

    import django

    django.setup()
    started = time.perf_counter()
    user, campaign_id = seed(campaigns=args.campaigns, actions=args.actions, anchor=args.today, reseed=args.reseed)
    seed_seconds = time.perf_counter() - started
    print(f"Dane: {args.campaigns} kampanii × {args.actions} działań gotowe w {seed_seconds:.1f} s")
    month = args.today.strftime("%Y-%m")
    scenarios = [
        Scenario("oś czasu: wszystkie kampanie, miesiąc", f"/admin/plany/os-czasu/?skala=miesiac&data={args.today.isoformat()}"),
        Scenario("oś czasu: wszystkie kampanie, kwartał", f"/admin/plany/os-czasu/?skala=kwartal&data={args.today.isoformat()}"),
        Scenario("oś czasu: jedna kampania, miesiąc", f"/admin/plany/kampania/{campaign_id}/os-czasu/?skala=miesiac&data={args.today.isoformat()}"),
        Scenario("kalendarz miesiąca", f"/admin/plany/kalendarz-miesiac/?miesiac={month}"),
        Scenario("moje zadania", "/admin/plany/moje-zadania/"),
    ]
    measure(scenarios, user=user, renders=args.renders)
    report(args, scenarios, seed_seconds)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_TIMELINE_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--campaigns", type=int, default=50)
    parser.add_argument("--actions", type=int, default=40, help="actions per campaign")
    parser.add_argument("--renders", type=int, default=30, help="renders per view (after two warm-up renders)")
    parser.add_argument("--reseed", action="store_true", help="write the actions again even where a plan has the right size")
    parser.add_argument("--today", type=date.fromisoformat, default=datetime.now(CITY_TIME_ZONE).date(),
                        help="anchor day: the actions fall in its month")
    args = parser.parse_args()
    if urlparse(args.database_url).scheme not in {"postgres", "postgresql"}:
        parser.error("the benchmark runs on PostgreSQL: give a postgres:// URL")
    return args


def seed(*, campaigns: int, actions: int, anchor: date, reseed: bool = False):
    """Campaigns through `create_record` (pages need the tree), their actions with `bulk_create`; re-runs reuse them.

    Every action falls in the anchor day's month, so the month view shows all of them: one in three lasts a few
    days, one in four depends on the fourth before it, those before the anchor day are partly still open (overdue).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from campaigns.models import Action, ActionKind, ActionStatus
    from catalog.models import CampaignPage
    from catalog.services import create_record
    from core.models import Channel, District
    from core.roles import KOORDYNATOR, REDAKTOR

    users = get_user_model().objects
    koordynator, created = users.get_or_create(username="bench-koordynator", defaults={"first_name": "Kinga", "last_name": "Koordynatorska"})
    if created:
        koordynator.set_unusable_password()
        koordynator.save()
    koordynator.groups.add(Group.objects.get(name=KOORDYNATOR))
    people = [koordynator]
    for n in range(1, PEOPLE):
        person, created = users.get_or_create(username=f"bench-redaktor-{n}", defaults={"first_name": "Redaktor", "last_name": f"Nr {n}"})
        if created:
            person.set_unusable_password()
            person.save()
        person.groups.add(Group.objects.get(name=REDAKTOR))
        people.append(person)
    channels = list(Channel.objects.all())
    districts = list(District.objects.all())
    tz = timezone.get_current_timezone()
    month = anchor.replace(day=1)
    days = ((month + timedelta(days=32)).replace(day=1) - month).days
    kinds = [ActionKind.SOCIAL_POST, ActionKind.ARTICLE, ActionKind.NEWSLETTER, ActionKind.PRINT, ActionKind.PRESS_RELEASE]

    ids = []
    for c in range(campaigns):
        slug = f"{SLUG_PREFIX}{c:03d}"
        campaign = CampaignPage.objects.filter(slug=slug).first()
        if campaign is None:
            campaign = create_record(
                model=CampaignPage, user=None, publish=True, title=f"Kampania testowa {c + 1}", slug=slug,
                lead="Kampania do pomiaru osi czasu.", status="running",
                starts_at=datetime.combine(month, datetime.min.time(), tzinfo=tz),
                ends_at=datetime.combine(month + timedelta(days=days - 1), datetime.min.time(), tzinfo=tz),
                districts=[districts[c % len(districts)]],
            )
        ids.append(campaign.pk)
        if not reseed and Action.objects.filter(campaign=campaign).count() == actions:
            continue
        with transaction.atomic():
            Action.objects.filter(campaign=campaign).delete()
            rows = []
            for i in range(actions):
                day = month + timedelta(days=(i * (days - 1)) // max(1, actions - 1))  # in plan order through the month
                starts = datetime.combine(day, datetime.min.time(), tzinfo=tz).replace(hour=8 + (c + i) % 10)
                past = day < anchor
                rows.append(Action(
                    campaign=campaign, title=f"Działanie {i + 1} kampanii {c + 1}", kind=kinds[i % len(kinds)],
                    channel=channels[(c + i) % len(channels)], starts_at=starts,
                    ends_at=starts + timedelta(days=2 + i % 8) if i % 3 == 0 else None,
                    responsible=people[(c + i) % len(people)],
                    status=(ActionStatus.DONE if i % 2 else ActionStatus.IN_PROGRESS) if past else ActionStatus.TODO,
                ))
            created_rows = Action.objects.bulk_create(rows)
            through = Action.depends_on.through
            through.objects.bulk_create([
                through(from_action_id=created_rows[i].pk, to_action_id=created_rows[i - 4].pk)
                for i in range(4, len(created_rows), 4)
            ])
    return koordynator, ids[0]


def measure(scenarios: list[Scenario], *, user, renders: int) -> None:
    """Each view through `dialog.wsgi.application`, the entry point gunicorn serves, with a logged-in session.

    Django's test client is only used to log in: it keeps every response in a reference cycle of its own
    (`response.json`), which would leave the garbage collector work production does not have.
    """
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from dialog.wsgi import application

    client = Client()
    client.force_login(user)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())

    def get(path: str) -> tuple[int, int]:
        route, _, query = path.partition("?")
        environ = RequestFactory().get(route).environ | {"QUERY_STRING": query, "HTTP_COOKIE": cookie}
        statuses = []
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        try:
            size = sum(len(chunk) for chunk in body)
        finally:
            body.close()
        return int(statuses[0].split()[0]), size

    for scenario in scenarios:
        for _ in range(2):  # warm-up: per-process caches, compiled templates
            get(scenario.path)
        with CaptureQueriesContext(connection) as captured:
            scenario.status, scenario.bytes = get(scenario.path)
        scenario.queries = len(captured.captured_queries)
        times = []
        for _ in range(renders):
            started = time.perf_counter()
            get(scenario.path)
            times.append((time.perf_counter() - started) * 1000)
        ordered = sorted(times)
        scenario.render_ms = {f"p{p}": round(percentile(ordered, p), 1) for p in (50, 95)} | {"max": round(ordered[-1], 1)}
        print(f"  {scenario.name}: p50 {scenario.render_ms['p50']:.0f} ms, p95 {scenario.render_ms['p95']:.0f} ms, "
              f"zapytania SQL {scenario.queries}, {scenario.bytes // 1024} KiB, status {scenario.status}")


def report(args: argparse.Namespace, scenarios: list[Scenario], seed_seconds: float) -> None:
    from campaigns.models import Action

    main_p95 = scenarios[0].render_ms.get("p95")
    targets = {
        f"all-campaigns timeline (month) p95 < {TIMELINE_P95_TARGET_MS:.0f} ms": main_p95 is not None and main_p95 < TIMELINE_P95_TARGET_MS,
        "every view answers 200": all(s.status == 200 for s in scenarios),
    }
    result = {
        "date": args.today.isoformat(),
        "campaigns": args.campaigns,
        "actions_per_campaign": args.actions,
        "actions_total": Action.objects.count(),
        "renders_per_view": args.renders,
        "seed_seconds": round(seed_seconds, 1),
        "reseeded": args.reseed,
        "method": f"in-process through dialog.wsgi.application (as gunicorn serves it), logged-in Koordynator, {SETTINGS} (DEBUG off), PostgreSQL",
        "machine": machine(),
        "scenarios": [asdict(s) for s in scenarios],
        "targets": targets,
    }
    save_results("campaign_timeline", result, markdown(result))


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"# Campaign timeline benchmark – {result['date']}",
        "",
        f"- Data: {result['campaigns']} campaigns × {result['actions_per_campaign']} actions ({result['actions_total']} actions in the "
        f"database), all in the month of {result['date']} (seeding in this run took {result['seed_seconds']} s; "
        f"{'actions written anew (--reseed)' if result['reseeded'] else 'existing plans were reused'})",
        f"- Method: {result['method']}; {result['renders_per_view']} renders per view after two warm-up renders",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; load average at the end {m['load_average_at_end']}",
        f"- Software: Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, PostgreSQL {m['postgresql']}; commit {m['commit']}",
        "",
        "| view | path | status | SQL queries | KiB | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in result["scenarios"]:
        r = s["render_ms"]
        lines.append(f"| {s['name']} | `{s['path']}` | {s['status']} | {s['queries']} | {s['bytes'] // 1024} | "
                     f"{r.get('p50', '–')} | {r.get('p95', '–')} | {r.get('max', '–')} |")
    lines += ["", "## Targets", ""]
    lines += [f"- {'met' if met else '**missed**'}: {target}" for target, met in result["targets"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
