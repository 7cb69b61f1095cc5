"""Load benchmark of event registration: concurrent POSTs of the public form, throughput, p50/p95 and no overbooking.

On PostgreSQL (a database of its own) with gunicorn serving `dialog.wsgi` as in production (`benchmarks.settings`,
DEBUG off, e-mails enqueued to the database task backend as deployed, not sent): one event with 50 places and the
waiting list on, so after the first 50 people every request still does the whole registration (lock, count,
insert, e-mail task) and the waiting list grows to thousands. C clients (default 20) each GET the form once
(the CSRF cookie and token of their "browser"), then POST registrations with unique addresses as fast as they
are answered (302 expected). Afterwards the database must hold exactly `capacity` confirmed registrations and
one registration per successful POST.

Before the load, the registration POST is profiled in-process (Django's test client against a second event):
CPU per request with `time.process_time`, SQL queries per request, and cProfile's top functions.
Results go to benchmarks/results/registration_load-<date>.json and .md.

    .venv/bin/python benchmarks/registration_load.py                      # 20 clients, 3000 POSTs
    .venv/bin/python benchmarks/registration_load.py --requests 600 --max-seconds 20   # a short check

Targets (from the issue): >= 200 registrations/s with p95 < 100 ms on the 2-core machine; zero overbooking.
"""

import argparse
import cProfile
import http.client
import io
import os
import pstats
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the script's own folder is on the path, the project root is not

from benchmarks.portal_load import (  # noqa: E402
    CpuMeter,
    ensure_database,
    free_port,
    machine,
    save_results,
    start_server,
    summary,
    today,
    vacuum_analyze,
    wait_until_up,
)

SETTINGS = "benchmarks.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench_events"
EVENT_TITLE = "Benchmark zapisów"
PROFILE_EVENT_TITLE = "Benchmark zapisów – profil"
THROUGHPUT_TARGET = 200.0
P95_TARGET_MS = 100.0
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def main() -> None:
    args = parse_args()
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": python_path,
           "TASKS_BACKEND": "database"}
    os.environ.update(env)
    ensure_database(args.database_url)
    for command in (("migrate", "--noinput"), ("bootstrap",)):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    import django

    django.setup()
    event = fresh_event(EVENT_TITLE, capacity=args.capacity)
    profile = profile_requests(fresh_event(PROFILE_EVENT_TITLE, capacity=args.capacity), count=args.profile_requests)
    print(f"Profil: CPU na POST p50 {profile['cpu_ms']['p50']} ms, zapytań SQL {profile['queries']}")
    vacuum_analyze(args.database_url)

    port = free_port()
    server = start_server(env, port=port, workers=args.workers)
    try:
        wait_until_up(port)
        path = register_path(event)
        warm_up(port, register_path(fresh_event(PROFILE_EVENT_TITLE, capacity=args.capacity)), clients=args.concurrency)
        meter = CpuMeter(server.pid, database=urlparse(args.database_url).path.lstrip("/"))
        with meter:
            latencies, statuses, seconds = hammer(port, path, clients=args.concurrency, total=args.requests,
                                                  max_seconds=args.max_seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = {
        "requests": len(latencies), "seconds": round(seconds, 2), "throughput_rps": round(len(latencies) / seconds, 1),
        "latency_ms": summary(latencies), "statuses": statuses, "cpu_ms_per_request": meter.per_request(len(latencies)),
    }
    print(f"Obciążenie: {load['throughput_rps']} req/s, p50 {load['latency_ms']['p50']} ms, p95 {load['latency_ms']['p95']} ms, "
          f"odpowiedzi {statuses}")
    report(args, load, profile, check_places(event, capacity=args.capacity, created=statuses.get("302", 0)))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--capacity", type=int, default=50, help="places of the event")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=3000, help="registration POSTs shared by the clients")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop the load after this many seconds")
    parser.add_argument("--profile-requests", type=int, default=200, help="POSTs profiled in-process before the load")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn worker processes")
    return parser.parse_args()


def fresh_event(title: str, *, capacity: int):
    """The benchmark's event, published and open for registration, with no registrations (re-runs start empty)."""
    from django.utils import timezone

    from catalog.models import EventPage, EventType
    from catalog.services import create_record
    from events.models import Registration, RegistrationSettings

    event = EventPage.objects.filter(title=title).first()
    if event is None:
        starts = timezone.now() + timedelta(days=30)
        event = create_record(
            model=EventPage, user=None, title=title, lead="Wydarzenie do pomiaru zapisów.", publish=True, status="announced",
            event_type=EventType.WORKSHOP, venue_name="Centrum Obywatelskie", starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
    Registration.objects.filter(event=event).delete()
    RegistrationSettings.objects.update_or_create(
        event=event, defaults={"capacity": capacity, "enabled": True, "waiting_list": True, "opens_at": None, "closes_at": None},
    )
    return event


def register_path(event) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override("pl"):
        return reverse("events:register", args=[event.pk])


def profile_requests(event, *, count: int) -> dict:
    """CPU (time.process_time) and SQL queries of each registration POST in this process, and cProfile's top functions."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    path = register_path(event)
    client = Client(enforce_csrf_checks=True)
    token = TOKEN.search(client.get(path).content.decode()).group(1)
    cpu, queries = [], []

    def post(n: int) -> None:
        fields = {"csrfmiddlewaretoken": token, "full_name": f"Osoba {n}", "email": f"profil{n}@example.org"}
        response = client.post(path, urlencode(fields), content_type="application/x-www-form-urlencoded")  # as the load sends it
        assert response.status_code == 302, response.status_code

    for n in range(10):  # warm-up: templates, translations, connections
        post(-n - 1)
    with CaptureQueriesContext(connection) as captured:
        post(count)
    queries = [query["sql"][:160] for query in captured.captured_queries]
    for n in range(count):
        started = time.process_time()
        post(n)
        cpu.append((time.process_time() - started) * 1000)
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting on PostgreSQL
    profiler.enable()
    for n in range(count, count + min(count, 100)):
        post(n + 1)
    profiler.disable()
    top = {}
    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(20)
        top[order] = stream.getvalue().strip().splitlines()[-21:]
    return {"requests": count, "cpu_ms": summary(cpu), "queries": len(queries), "query_list": queries, "cprofile_top": top}


class Browser:
    """One client: a keep-alive connection and the CSRF cookie and token it got with the form (once)."""

    def __init__(self, port: int, path: str):
        self.port, self.path = port, path
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        response = self.request("GET", path, {})
        body = response.read().decode()
        cookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie.load(header)
        self.cookie = f"csrftoken={cookie['csrftoken'].value}"
        self.token = TOKEN.search(body).group(1)

    def request(self, method: str, path: str, headers: dict, body: str | None = None) -> http.client.HTTPResponse:
        try:
            self.connection.request(method, path, body=body, headers=headers)
            return self.connection.getresponse()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the server closed the keep-alive connection: one retry on a new one
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            return self.connection.getresponse()

    def register(self, email: str) -> int:
        body = urlencode({"csrfmiddlewaretoken": self.token, "full_name": "Osoba Testowa", "email": email})
        headers = {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded",
                   "Referer": f"http://127.0.0.1:{self.port}{self.path}"}
        response = self.request("POST", self.path, headers, body)
        response.read()
        return response.status


def warm_up(port: int, path: str, *, clients: int) -> None:
    """Every worker renders the form and handles a POST before the measured load (on another event)."""
    hammer(port, path, clients=clients, total=clients * 3, max_seconds=30, prefix="rozgrzewka")


def hammer(port: int, path: str, *, clients: int, total: int, max_seconds: float, prefix: str = "osoba"):
    """`clients` threads share `total` POSTs with unique addresses; returns latencies (ms), statuses and wall time."""
    lock = threading.Lock()
    remaining = [total]
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    deadline = time.monotonic() + max_seconds
    browsers = [Browser(port, path) for _ in range(clients)]  # the form (CSRF) is fetched before the clock starts
    run = f"{time.time_ns():x}"

    def client(browser: Browser) -> None:
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
                n = remaining[0]
            started = time.perf_counter()
            try:
                status = str(browser.register(f"{prefix}-{run}-{n}@example.org"))
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - started


def check_places(event, *, capacity: int, created: int) -> dict:
    """What the database holds after the load: exactly `capacity` confirmed, one row per successful POST."""
    from django.db.models import Count

    from events.models import Registration, RegistrationStatus

    counts = dict(Registration.objects.filter(event=event).values_list("status").annotate(n=Count("pk")))
    duplicates = (
        Registration.objects.filter(event=event).values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    return {
        "capacity": capacity, "confirmed": counts.get(RegistrationStatus.CONFIRMED, 0),
        "waiting": counts.get(RegistrationStatus.WAITING, 0), "offered": counts.get(RegistrationStatus.OFFERED, 0),
        "rows": sum(counts.values()), "successful_posts": created, "duplicate_addresses": duplicates,
    }


def report(args: argparse.Namespace, load: dict, profile: dict, places: dict) -> None:
    targets = {
        f">= {THROUGHPUT_TARGET:.0f} registrations/s": load["throughput_rps"] >= THROUGHPUT_TARGET,
        f"p95 < {P95_TARGET_MS:.0f} ms": load["latency_ms"]["p95"] < P95_TARGET_MS,
        "no overbooking (exactly capacity confirmed)": places["confirmed"] == places["capacity"] and places["offered"] == 0,
        "one registration per successful POST": places["rows"] == places["successful_posts"] and not places["duplicate_addresses"],
        "every POST answered 302": set(load["statuses"]) == {"302"},
    }
    result = {
        "date": today().isoformat(),
        "capacity": args.capacity,
        "concurrency": args.concurrency,
        "requests_asked": args.requests,
        "server": f"gunicorn --workers={args.workers} (sync), {SETTINGS} (DEBUG off), loopback; TASKS_BACKEND=database",
        "machine": machine(),
        "load": load,
        "places": places,
        "profile": profile,
        "targets": targets,
    }
    save_results("registration_load", result, markdown(result))


def markdown(result: dict) -> str:
    m, load, places, profile = result["machine"], result["load"], result["places"], result["profile"]
    lines = [
        f"# Registration load benchmark – {result['date']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; load average at the end {m['load_average_at_end']}.",
        f"Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, PostgreSQL {m['postgresql']}; commit {m['commit']}.",
        f"Server: {result['server']}.",
        f"Load: {result['concurrency']} clients (Python threads, one keep-alive connection and one CSRF token each) share "
        f"{result['requests_asked']} POSTs of the form with unique addresses; event with {result['capacity']} places and the waiting list on.",
        "",
        "| throughput | p50 | p95 | p99 | max | answers | CPU ms/request (server, postgres, generator) |",
        "|---|---|---|---|---|---|---|",
        f"| {load['throughput_rps']} req/s | {load['latency_ms']['p50']} ms | {load['latency_ms']['p95']} ms | "
        f"{load['latency_ms']['p99']} ms | {load['latency_ms']['max']} ms | {load['statuses']} | "
        f"{load['cpu_ms_per_request']['server']}, {load['cpu_ms_per_request']['postgres']}, {load['cpu_ms_per_request']['generator']} |",
        "",
        f"Places afterwards: {places['confirmed']} confirmed of {places['capacity']}, {places['waiting']} waiting, "
        f"{places['offered']} offered; {places['rows']} rows for {places['successful_posts']} successful POSTs; "
        f"{places['duplicate_addresses']} duplicate addresses.",
        "",
        f"## Profile of one POST (in-process, {profile['requests']} requests)",
        "",
        f"CPU (time.process_time) per POST: p50 {profile['cpu_ms']['p50']} ms, p95 {profile['cpu_ms']['p95']} ms; "
        f"{profile['queries']} SQL queries:",
        "",
        *[f"1. `{query}`" for query in profile["query_list"]],
        "",
        "## Targets",
        "",
        *[f"- {'met' if met else '**missed**'}: {target}" for target, met in result["targets"].items()],
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
