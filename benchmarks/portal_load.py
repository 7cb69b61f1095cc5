"""Load benchmark of the public portal: latency percentiles, throughput and SQL queries per page.

Seeds N generated records (default 10,000) into a PostgreSQL database of its own, serves the app with
gunicorn on loopback as production would (DEBUG off, no page cache), and lets C concurrent clients
(default 20) request each scenario. The load generator is `wrk` (Debian package `wrk`) with
`portal_load.lua` when it is installed – a C event loop that leaves the two cores to the server and
PostgreSQL – otherwise Python threads. Queries per page are counted in-process with Django's test client;
the CPU each request costs is read from /proc for the server's processes and PostgreSQL's backends.
Results go to benchmarks/results/portal_load-<date>.json and .md.

    .venv/bin/python benchmarks/portal_load.py                      # N=10000 on postgres://…/dialog_bench
    .venv/bin/python benchmarks/portal_load.py --records 1000 --requests 200

Targets (from the issue): a listing over 10,000 records answers with p95 < 100 ms, uncached, at 20
concurrent clients; no page needs more than 15 SQL queries, at any N.
"""

import argparse
import http.client
import json
import os
import platform
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SETTINGS = "benchmarks.settings"
WRK_SCRIPT = ROOT / "benchmarks" / "portal_load.lua"
WRK_MARKER = "PORTAL_LOAD_RESULT "
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench"
CITY_TIME_ZONE = ZoneInfo("Europe/Warsaw")  # the day the benchmark runs, as the seeded data counts it
LISTING_P95_TARGET_MS = 100.0
QUERIES_TARGET = 15


@dataclass
class Scenario:
    name: str
    path: str
    is_listing: bool
    status: int | None = None
    queries_first: int | None = None
    queries: int | None = None
    render_ms: float | None = None
    service_ms: dict[str, float] = field(default_factory=dict)  # one client at a time: the time a request itself takes
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)  # under `concurrency` clients: includes queueing
    throughput_rps: float = 0.0
    # Process CPU per request under load, ms: the server's workers, PostgreSQL's backends, the load generator.
    cpu_ms_per_request: dict[str, float] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)  # a scenario that rotates over several addresses


def main() -> None:
    args = parse_args()
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": args.settings, "PYTHONPATH": python_path,
           "TASKS_BACKEND": "immediate"}
    os.environ.update(env)
    ensure_database(args.database_url)
    seed_seconds = seed(env, records=args.records, today=args.today)

    sys.path.insert(0, str(ROOT))  # the script's own folder is on the path, the project root is not
    import django

    django.setup()
    scenarios = build_scenarios(args.today)
    count_queries(scenarios)
    scenarios.append(rotation(scenarios))
    generator = load_generator(args.generator)
    print(f"Generator obciążenia: {generator}")
    port = free_port()
    server = start_server(env, port=port, workers=args.workers)
    try:
        wait_until_up(port)
        for scenario in scenarios:
            if scenario.status != 200:
                print(f"  {scenario.name}: pomijam obciążenie, strona odpowiada {scenario.status}")
                continue
            meter = CpuMeter(server.pid, database=urlparse(args.database_url).path.lstrip("/"))
            if generator == "python":
                run_load(scenario, port=port, clients=args.concurrency, total=args.requests, sequential=args.sequential_requests,
                         max_seconds=args.max_seconds, meter=meter)
            else:
                run_wrk_load(scenario, port=port, clients=args.concurrency, seconds=args.seconds, sequential_seconds=args.sequential_seconds,
                             meter=meter)
            print(f"  {scenario.name}: pojedynczo p50 {scenario.service_ms['p50']:.0f} ms; przy {args.concurrency} klientach "
                  f"p50 {scenario.latency_ms['p50']:.0f} ms, p95 {scenario.latency_ms['p95']:.0f} ms, {scenario.throughput_rps:.1f} req/s, "
                  f"błędy {scenario.errors}; zapytania SQL {scenario.queries}; CPU na żądanie {scenario.cpu_ms_per_request} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(args, scenarios, seed_seconds, generator)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--records", type=int, default=10_000, help="generated records to seed (N)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk if installed (auto), or Python threads")
    parser.add_argument("--seconds", type=int, default=15, help="wrk: seconds of load per scenario (after a 3 s warm-up)")
    parser.add_argument("--sequential-seconds", type=int, default=3, help="wrk: seconds of requests sent one at a time")
    parser.add_argument("--requests", type=int, default=600, help="Python generator: requests per scenario under load (after warm-up)")
    parser.add_argument("--sequential-requests", type=int, default=30, help="Python generator: requests per scenario sent one at a time")
    parser.add_argument("--max-seconds", type=float, default=60.0,
                        help="Python generator: stop a scenario after this long even if requests remain")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn worker processes")
    parser.add_argument("--today", type=date.fromisoformat, default=today(), help="anchor day of the seeded data")
    parser.add_argument("--settings", default=SETTINGS,
                        help="Django settings module (e.g. a proposed change to benchmarks.settings, on PYTHONPATH)")
    parser.add_argument("--results-suffix", default="",
                        help="written to results/portal_load-<date>-<suffix>.* instead of portal_load-<date>.*")
    args = parser.parse_args()
    if urlparse(args.database_url).scheme not in {"postgres", "postgresql"}:
        parser.error("the benchmark runs on PostgreSQL: give a postgres:// URL")
    return args


def today() -> date:
    return datetime.now(CITY_TIME_ZONE).date()


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist (connecting to the server's `postgres` database)."""
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Utworzono bazę {name}")


def seed(env: dict[str, str], *, records: int, today: date) -> float:
    """Migrate, bootstrap and seed through manage.py, as an operator would; return the seconds seeding took."""

    def manage(*args: str) -> None:
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 – fixed arguments

    manage("migrate", "--noinput")
    manage("bootstrap")
    started = time.perf_counter()
    # Demo accounts get a random password: this database is not for logging in.
    manage("seed_demo", f"--scale={records}", f"--today={today.isoformat()}", f"--password={secrets.token_urlsafe(16)}")
    seconds = time.perf_counter() - started
    print(f"Dane: {records} rekordów generowanych gotowe w {seconds:.1f} s")
    vacuum_analyze(env["DATABASE_URL"])
    return seconds


def vacuum_analyze(url: str) -> None:
    """What autovacuum does soon after a bulk load: statistics and visibility maps the planner relies on."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def build_scenarios(today: date) -> list[Scenario]:
    """The pages residents use most, with real slugs and the last page of the biggest listing."""
    from django.conf import settings

    from catalog.models import CatalogIndexPage, ConsultationPage, EventPage
    from core.models import District

    listings = {listing.slug: listing.url for listing in CatalogIndexPage.objects.all()}
    consultations = ConsultationPage.objects.live().public()
    last_page = max(1, -(-consultations.count() // settings.DIALOG_PAGE_SIZE))
    detail = consultations.filter(slug__startswith="rekord-").order_by("slug").first() or consultations.first()
    event = EventPage.objects.live().filter(slug__startswith="rekord-").order_by("slug").first()
    nowa_huta = District.objects.get(number=18).slug
    stare_miasto = District.objects.get(number=1).slug
    return [
        Scenario("strona główna", "/", is_listing=False),
        Scenario("konsultacje: dzielnica + status", f"{listings['konsultacje']}?{urlencode({'district': stare_miasto, 'status': 'open'})}", True),
        Scenario("wydarzenia: dzielnica + od daty", f"{listings['wydarzenia']}?{urlencode({'district': nowa_huta, 'date_from': today.isoformat()})}", True),
        Scenario("konsultacje: ostatnia strona", f"{listings['konsultacje']}?page={last_page}", True),
        Scenario("konsultacje: bez filtrów", listings["konsultacje"], True),
        Scenario("rekord: konsultacje", detail.url, is_listing=False),
        Scenario("rekord: wydarzenie", event.url if event else listings["wydarzenia"], is_listing=False),
        Scenario("wyszukiwarka", f"/szukaj/?{urlencode({'q': 'plac zabaw'})}", is_listing=False),
    ]


def rotation(scenarios: list[Scenario]) -> Scenario:
    """All the listing scenarios in turn, as residents with different filters would ask for them."""
    listings = [s for s in scenarios if s.is_listing]
    return Scenario(
        "listingi na zmianę", f"{len(listings)} listings in turn", is_listing=True, paths=[s.path for s in listings],
        status=200 if all(s.status == 200 for s in listings) else next(s.status for s in listings if s.status != 200),
        queries_first=max(s.queries_first for s in listings), queries=max(s.queries for s in listings),
    )


def count_queries(scenarios: list[Scenario]) -> None:
    """Render each page twice in-process: the first fills per-process caches, the second is the steady state."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for scenario in scenarios:
        counts = []
        for _ in range(2):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(scenario.path)
            scenario.render_ms = round((time.perf_counter() - started) * 1000, 1)
            counts.append(len(captured.captured_queries))
        scenario.status = response.status_code
        scenario.queries_first, scenario.queries = counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], *, port: int, workers: int) -> subprocess.Popen:
    """gunicorn's sync workers: one request per process at a time, so Python runs on every core."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), f"--bind=127.0.0.1:{port}", f"--workers={workers}", "--log-level=warning", "dialog.wsgi:application"]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603 – fixed arguments


def wait_until_up(port: int, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/robots.txt")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


def run_load(scenario: Scenario, *, port: int, clients: int, total: int, sequential: int, max_seconds: float, meter: "CpuMeter") -> None:
    """A warm-up round (every connection and server thread sees the page), requests one at a time, then the load."""
    paths = scenario.paths or [scenario.path]
    hammer(paths, port=port, clients=clients, count=clients * 2, max_seconds=max_seconds)
    alone, _, _ = hammer(paths, port=port, clients=1, count=sequential, max_seconds=max_seconds)
    scenario.service_ms = summary(alone)
    with meter:
        latencies, errors, seconds = hammer(paths, port=port, clients=clients, count=total, max_seconds=max_seconds)
    scenario.requests, scenario.errors, scenario.seconds = len(latencies), errors, round(seconds, 2)
    scenario.cpu_ms_per_request = meter.per_request(scenario.requests)
    scenario.throughput_rps = round(len(latencies) / seconds, 1)
    scenario.latency_ms = summary(latencies)


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {f"p{p}": round(percentile(ordered, p), 1) for p in (50, 95, 99)} | {"max": round(ordered[-1], 1)}


def hammer(paths: list[str], *, port: int, clients: int, count: int, max_seconds: float) -> tuple[list[float], int, float]:
    """`clients` threads, one connection each (reopened when the server closes it), share `count` GETs of `paths` in turn;
    all stop at `max_seconds`.

    Returns the latencies in ms, the number of failed requests and the wall time.
    """
    lock = threading.Lock()
    remaining = [count]
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
                path = paths[remaining[0] % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - started


def load_generator(choice: str) -> str:
    """"wrk" when asked for or installed (`apt-get install wrk`), else "python"."""
    if choice == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk, or --generator=python")
    return "wrk" if choice != "python" and shutil.which("wrk") else "python"


def wrk(paths: list[str], *, port: int, clients: int, seconds: int) -> dict:
    """One wrk run (one thread, `clients` connections, each sending the next request when the last is answered)."""
    command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout=30s", f"--script={WRK_SCRIPT}", f"http://127.0.0.1:{port}", "--", *paths]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 – fixed arguments
    return json.loads(next(line for line in output.splitlines() if line.startswith(WRK_MARKER))[len(WRK_MARKER):])


def run_wrk_load(scenario: Scenario, *, port: int, clients: int, seconds: int, sequential_seconds: int, meter: "CpuMeter") -> None:
    """As `run_load`, with wrk: a 3-second warm-up, one connection alone, then `clients` connections for `seconds`."""
    paths = scenario.paths or [scenario.path]

    def drained(result: dict) -> dict:
        """wrk stops at its deadline with up to `clients` requests unanswered, which the server still works through;
        one more request, answered after them, lets the next round start on an idle server."""
        hammer(paths[:1], port=port, clients=1, count=1, max_seconds=120)
        return result

    drained(wrk(paths, port=port, clients=clients, seconds=3))
    scenario.service_ms = wrk_latency(drained(wrk(paths, port=port, clients=1, seconds=sequential_seconds)))
    with meter:
        result = wrk(paths, port=port, clients=clients, seconds=seconds)
    drained(result)
    scenario.requests, scenario.seconds = result["requests"], round(result["duration_us"] / 1e6, 2)
    scenario.cpu_ms_per_request = meter.per_request(scenario.requests)
    scenario.errors = sum(result["errors"].values())
    scenario.throughput_rps = round(scenario.requests / scenario.seconds, 1)
    scenario.latency_ms = wrk_latency(result)


def wrk_latency(result: dict) -> dict[str, float]:
    return {name: round(value / 1000, 1) for name, value in result["latency_us"].items()}


class CpuMeter:
    """CPU time (user + system) spent during a `with` block by the server (gunicorn and its workers), the benchmark
    database's PostgreSQL backends and the load generator (this process and the wrk it waited for).

    Read from /proc per process, so other work on the machine does not count – unlike latency, which it slows.
    A backend that exits during the block takes its time with it (Django keeps connections open for
    `DATABASE_CONN_MAX_AGE`, so they rarely do).
    """

    def __init__(self, server_pid: int, *, database: str):
        self.server_pid, self.database = server_pid, database

    def __enter__(self) -> "CpuMeter":
        self.start = self.sample()
        return self

    def __exit__(self, *exc) -> None:
        self.end = self.sample()

    def per_request(self, requests: int) -> dict[str, float]:
        """Milliseconds of CPU per request of the block, by kind of process, and their total."""

        def spent(kind: str) -> float:
            before, after = self.start[kind], self.end[kind]
            return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())

        kinds = {kind: spent(kind) for kind in ("server", "postgres")}
        kinds["generator"] = self.end["generator"] - self.start["generator"]
        per_request = {kind: round(seconds * 1000 / max(requests, 1), 2) for kind, seconds in kinds.items()}
        return per_request | {"total": round(sum(per_request.values()), 2)}

    def sample(self) -> dict:
        own = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        processes = self.processes()
        return {
            "server": self.cpu_seconds([pid for pid, (parent, _) in processes.items() if self.server_pid in (pid, parent)]),
            "postgres": self.cpu_seconds([pid for pid, (_, command) in processes.items()
                                          if command.startswith("postgres: ") and f" {self.database} " in command]),
            "generator": sum(usage.ru_utime + usage.ru_stime for usage in own),
        }

    @staticmethod
    def processes() -> dict[int, tuple[int, str]]:
        """Every process's parent and command line."""
        found = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except (OSError, IndexError, ValueError):
                    continue
                found[int(entry.name)] = (parent, command)
        return found

    @staticmethod
    def cpu_seconds(pids: list[int]) -> dict[int, float]:
        times = {}
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
        return times


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted values."""
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def machine(packages: tuple[str, ...] = ("gunicorn",)) -> dict[str, object]:
    """The machine and software a benchmark ran on; `packages` adds the versions that matter to it."""
    from importlib.metadata import version

    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), platform.processor())
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]

    def git(*args: str) -> str:
        """Read-only git queries: which code was measured."""
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S603, S607

    commit, dirty = git("rev-parse", "--short", "HEAD"), bool(git("status", "--porcelain"))
    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1), "os": platform.platform(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(), "django": version("django"), "wagtail": version("wagtail"),
        **{package: version(package) for package in packages}, "postgresql": postgres, "commit": commit + ("+uncommitted changes" if dirty else ""),
    }


def report(args: argparse.Namespace, scenarios: list[Scenario], seed_seconds: float, generator: str) -> None:
    from catalog.models import CatalogPage

    measured = [s for s in scenarios if s.latency_ms]
    listing_p95 = [s.latency_ms["p95"] for s in measured if s.is_listing]
    targets = {
        f"listing p95 < {LISTING_P95_TARGET_MS:.0f} ms": bool(listing_p95) and max(listing_p95) < LISTING_P95_TARGET_MS,
        f"<= {QUERIES_TARGET} queries per page": all(s.queries is not None and s.queries <= QUERIES_TARGET for s in scenarios if s.status == 200),
        "every page answers 200": all(s.status == 200 and not s.errors for s in scenarios),
    }
    result = {
        "date": today().isoformat(),
        "records_generated": args.records,
        "records_total": CatalogPage.objects.count(),
        "seed_seconds": round(seed_seconds, 1),
        "concurrency": args.concurrency,
        "load_generator": generator_description(generator, args),
        "server": f"gunicorn --workers={args.workers} (sync), {args.settings} (DEBUG off), loopback",
        "machine": machine(),
        "scenarios": [asdict(s) for s in scenarios],
        "targets": targets,
    }
    save_results("portal_load", result, markdown(result), suffix=args.results_suffix)


def generator_description(generator: str, args: argparse.Namespace) -> str:
    if generator == "wrk":
        version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0].strip()  # noqa: S607
        return (f"{version} (1 thread, portal_load.lua): after a 3 s warm-up, {args.sequential_seconds} s of one connection "
                f"(\"alone\"), then {args.concurrency} connections for {args.seconds} s")
    return (f"Python threads: after a warm-up, {args.sequential_requests} requests one at a time (\"alone\"), then "
            f"{args.concurrency} clients share {args.requests} requests (at most {args.max_seconds:.0f} s)")


def save_results(name: str, result: dict, text: str, *, suffix: str = "") -> None:
    """Write `results/<name>-<date>[-<suffix>].json` and `.md`, then say which targets were met (every benchmark's ending)."""
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / "-".join(filter(None, [name, result["date"], suffix]))
    stem.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    print(f"\nWyniki: {stem}.json, {stem}.md")
    for target, met in result["targets"].items():
        print(f"  {'OK     ' if met else 'NIE OK '} {target}")


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"# Portal load benchmark – {result['date']}",
        "",
        f"- Records: {result['records_generated']} generated, {result['records_total']} in the catalog "
        f"(seeding in this run took {result['seed_seconds']} s; records that already existed were skipped)",
        f"- Load generator: {result['load_generator']}; each client sends the next request as soon as the last is "
        f"answered (no think time), loopback; server: {result['server']}",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; load average at the end {m['load_average_at_end']}",
        f"- Software: Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, gunicorn {m['gunicorn']}, "
        f"PostgreSQL {m['postgresql']}; commit {m['commit']}",
        "",
        f"| scenario | path | status | SQL queries (first/steady) | alone p50/p95 ms | {result['concurrency']} clients p50 ms "
        "| p95 ms | p99 ms | max ms | req/s | errors | CPU ms/request: server + PostgreSQL + generator = total |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in result["scenarios"]:
        lat, alone, cpu = s["latency_ms"] or {}, s["service_ms"] or {}, s.get("cpu_ms_per_request") or {}
        cpu_text = f"{cpu['server']} + {cpu['postgres']} + {cpu['generator']} = {cpu['total']}" if cpu else "–"
        lines.append(
            f"| {s['name']} | `{s['path']}` | {s['status']} | {s['queries_first']}/{s['queries']} | "
            f"{alone.get('p50', '–')}/{alone.get('p95', '–')} | {lat.get('p50', '–')} | {lat.get('p95', '–')} | "
            f"{lat.get('p99', '–')} | {lat.get('max', '–')} | {s['throughput_rps'] or '–'} | {s['errors']} | {cpu_text} |"
        )
    lines += ["", "Listings in turn: " + ", ".join(f"`{path}`" for s in result["scenarios"] for path in s.get("paths") or [])]
    lines += ["", "## Targets", ""]
    lines += [f"- {'met' if met else '**missed**'}: {target}" for target, met in result["targets"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
