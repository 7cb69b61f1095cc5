"""Benchmark of surveys on PostgreSQL: results aggregates, exports and submissions with 100,000 responses.

1. Seeds a 20-question survey (every question type but file upload) with N responses (default 100,000; about
   18 answers each) in a database of its own: responses with `bulk_create`, answers with PostgreSQL's COPY. A re-run
   with the same N reuses the data.
2. Times `surveys.results.survey_results` (best and median of 3) and counts its SQL queries.
3. Exports XLSX and CSV in a child process each (as a worker would), timing them and reading the child's peak RSS
   (VmHWM; `resource.getrusage`'s ru_maxrss is saved too, see `peak_rss_mb`).
4. Submissions: gunicorn serves `dialog.wsgi` as in production (`benchmarks.settings`); a second survey of the same
   20 questions on one page takes answers with printed single-use codes. Before the clock starts the codes are
   generated (`services.generate_codes`) and, for every POST, the session a resident's first GET would have made
   (an attempt key) is stored, so each timed request is exactly the final POST a resident sends: CSRF, session,
   form validation of 20 questions, the code locked and used, the response and its answers inserted, 302.
   C connections (default 20) send them for S seconds (default 10) with wrk (`survey_load.lua`, each prepared POST
   once; Python threads when wrk is not installed); CPU per request of gunicorn, PostgreSQL and the generator is
   read from /proc (`portal_load.CpuMeter`), which stays meaningful while other work loads the machine.

    .venv/bin/python benchmarks/survey_load.py --responses 100000
    .venv/bin/python benchmarks/survey_load.py --responses 5000 --seconds 3 --requests 2000     # a short check

Targets (issue 6): aggregates < 2 s; XLSX < 60 s and < 300 MB; submissions >= 300/s with p95 < 100 ms.
Results go to benchmarks/results/survey_load-<date>.json and .md.
"""

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
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
    load_generator,
    machine,
    save_results,
    start_server,
    summary,
    today,
    vacuum_analyze,
    wait_until_up,
    wrk_latency,
)

SETTINGS = "benchmarks.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench_surveys"
DATA_TITLE = "Benchmark ankiet – wyniki"
SUBMIT_TITLE = "Benchmark ankiet – zgłoszenia"
RESULTS_TARGET_S = 2.0
XLSX_TARGET_S = 60.0
XLSX_TARGET_MB = 300.0
THROUGHPUT_TARGET = 300.0
P95_TARGET_MS = 100.0
WRK_SCRIPT = ROOT / "benchmarks" / "survey_load.lua"
WRK_MARKER = "SURVEY_LOAD_RESULT "
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICES = ["bardzo dobrze", "dobrze", "średnio", "źle", "bardzo źle"]


def questions() -> list[dict]:
    """Twenty questions, every type but a file upload (which would measure the disk)."""
    found = [("dzielnica", "district", {})]
    found += [(f"wybor{n}", "single", {"choices": CHOICES, "other": True}) for n in range(4)]
    found += [(f"wiele{n}", "multiple", {"choices": ["zieleń", "ławki", "oświetlenie", "chodniki", "parking"], "max": 3, "other": True}) for n in range(3)]
    found += [(f"skala{n}", "scale", {"min": 1, "max": 5}) for n in range(4)]
    found += [("kolejnosc", "ranking", {"choices": ["drzewa", "ławki", "toalety", "plac zabaw"]})]
    found += [(f"tabela{n}", "matrix", {"rows": ["czystość", "bezpieczeństwo", "dojazd"], "columns": ["źle", "średnio", "dobrze"]}) for n in range(2)]
    found += [(f"uwagi{n}", "text", {"max_length": 1000}) for n in range(2)]
    found += [("wiek", "number", {"min": 0, "max": 120, "integer": True}), ("kiedy", "date", {}), ("miejsce", "map", {})]
    assert len(found) == 20
    return [{"code": code, "kind": kind, "config": config, "text": f"Pytanie {number}: {code}?"} for number, (code, kind, config) in enumerate(found, 1)]


def main() -> None:
    args = parse_args()
    if args.child:
        child(args.child, int(args.survey), args.database_url)
        return
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": args.settings, "PYTHONPATH": python_path,
           "TASKS_BACKEND": "database"}
    os.environ.update(env)
    ensure_database(args.database_url)
    for command in (("migrate", "--noinput"), ("bootstrap",)):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    import django

    django.setup()
    survey, seed_seconds = seeded_survey(args.responses)
    vacuum_analyze(args.database_url)
    aggregates = time_results(survey)
    print(f"Wyniki: {aggregates['best_s']} s (mediana {aggregates['median_s']} s), {aggregates['queries']} zapytań SQL")
    exports = {kind: export_in_child(kind, survey, args.database_url, env) for kind in ("xlsx", "csv")}
    for kind, numbers in exports.items():
        print(f"Eksport {kind}: {numbers['seconds']} s (CPU {numbers['cpu_seconds']} s), szczytowe RSS {numbers['peak_rss_mb']} MB, {numbers['bytes']} bajtów")
    load, profile = submissions(args, env) if args.requests else ({}, {})
    report(args, survey, seed_seconds, aggregates, exports, load, profile)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--responses", type=int, default=100_000, help="responses seeded into the results survey")
    parser.add_argument("--requests", type=int, default=6000,
                        help="submission POSTs prepared (0: skip); wrk must not run out of them within --seconds")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients")
    parser.add_argument("--seconds", type=int, default=10, help="wrk: seconds of submission load")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="Python threads: stop the load after this many seconds")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk if installed (auto), or Python threads")
    parser.add_argument("--profile-requests", type=int, default=100, help="POSTs profiled in-process before the load")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn worker processes")
    parser.add_argument("--settings", default=SETTINGS, help="settings module of the run (to try a change of settings)")
    parser.add_argument("--suffix", default="", help="added to the results' file names, so a trial run keeps the day's results")
    parser.add_argument("--child", choices=["xlsx", "csv"], help=argparse.SUPPRESS)
    parser.add_argument("--survey", help=argparse.SUPPRESS)
    return parser.parse_args()


def make_survey(title: str, **fields):
    from surveys import services
    from surveys.models import Question, Survey

    survey = Survey.objects.filter(title=title).first()
    if survey is None:
        survey = Survey.objects.create(title=title, status="open", **fields)
        for order, question in enumerate(questions()):
            Question.objects.create(survey=survey, sort_order=order, page=1, **question)
    services.current_version(survey=survey)
    return survey


def districts() -> list[tuple[int, str]]:
    from core.models import District

    if not District.objects.exists():
        for number in range(1, 19):
            District.objects.create(number=number, roman=str(number), name=f"Dzielnica {number}", slug=f"dzielnica-{number}")
    return list(District.objects.order_by("number").values_list("pk", "name"))


def random_value(question: dict, rng: random.Random, places: list[tuple[int, str]]):
    """A plausible answer in the type's stored shape, or None (a question skipped, about 1 in 10)."""
    kind, config = question["kind"], question["config"]
    if rng.random() < 0.1:
        return None
    if kind == "district":
        pk, name = rng.choice(places)
        return {"id": pk, "name": name}
    if kind == "single":
        return {"other": f"inna odpowiedź {rng.randrange(1000)}"} if rng.random() < 0.05 else {"choice": rng.choice(config["choices"])}
    if kind == "multiple":
        return {"choices": rng.sample(config["choices"], rng.randint(1, 3))}
    if kind == "scale":
        return rng.randint(1, 5)
    if kind == "ranking":
        return rng.sample(config["choices"], len(config["choices"]))
    if kind == "matrix":
        return {row: rng.choice(config["columns"]) for row in config["rows"]}
    if kind == "text":
        return None if rng.random() < 0.5 else f"Uwaga mieszkańca numer {rng.randrange(10**6)} o zieleni i ławkach."
    if kind == "number":
        return rng.randint(15, 90)
    if kind == "date":
        return f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    pk, name = rng.choice(places)
    return {"address": f"ul. Przykładowa {rng.randint(1, 200)}", "district": {"id": pk, "name": name}}


def copy_answers(responses, questions: list[dict], rng: random.Random, places: list[tuple[int, str]]) -> None:
    """Random answers of the responses, written with COPY in the columns the submission service fills."""
    from django.db import connection

    from surveys.questions import ANSWER_COLUMNS, answer_columns

    columns = ", ".join(ANSWER_COLUMNS)
    with connection.cursor() as cursor, cursor.copy(f"COPY surveys_answer (response_id, question_key, value, {columns}) FROM STDIN") as copy:
        for response in responses:
            for question in questions:
                value = random_value(question, rng, places)
                if value is not None:
                    stored = answer_columns(question, value)
                    copy.write_row((response.pk, question["key"], json.dumps(value, ensure_ascii=False), *(stored[name] for name in ANSWER_COLUMNS)))


def seeded_survey(count: int):
    """The results survey with exactly `count` counted responses (reused when a previous run made them)."""
    from django.utils import timezone

    from surveys.models import Response, ResponseSource

    survey = make_survey(DATA_TITLE, mode="open")
    if Response.objects.filter(survey=survey).count() == count:
        print(f"Dane: {count} odpowiedzi już są")
        return survey, None
    started = time.perf_counter()
    Response.objects.filter(survey=survey).delete()
    version = survey.versions.order_by("-number").first()
    rng = random.Random(20261126)  # noqa: S311 – made-up answers, not secrets
    places = districts()
    now = timezone.now()
    sources = [ResponseSource.ONLINE] * 8 + [ResponseSource.PAPER, ResponseSource.CODE]
    batch = 5000
    for start in range(0, count, batch):
        responses = Response.objects.bulk_create([
            Response(survey=survey, version=version, source=rng.choice(sources), idempotency_key=uuid.uuid4(),
                     submitted_at=now - timedelta(days=rng.randint(0, 29), seconds=rng.randint(0, 86399)))
            for _ in range(min(batch, count - start))
        ])
        copy_answers(responses, version.questions, rng, places)
        print(f"  {start + len(responses)} / {count}", end="\r", flush=True)
    seconds = round(time.perf_counter() - started, 1)
    print(f"Dane: {count} odpowiedzi w {seconds} s")
    return survey, seconds


def time_results(survey) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from surveys.results import survey_results

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            results = survey_results(survey)
        timings.append(time.perf_counter() - started)
    return {
        "responses": results.responses, "answers_counted": sum(question.answered for question in results.questions),
        "best_s": round(min(timings), 3), "median_s": round(statistics.median(timings), 3), "runs_s": [round(t, 3) for t in timings],
        "queries": len(captured.captured_queries),
    }


def export_in_child(kind: str, survey, database_url: str, env: dict) -> dict:
    """Run one export in a fresh process so its peak RSS is the export's own (plus Django's base)."""
    output = subprocess.run(  # noqa: S603 – fixed arguments
        [sys.executable, __file__, "--child", kind, "--survey", str(survey.pk), "--database-url", database_url],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def child(kind: str, survey_id: int, database_url: str) -> None:
    import django

    django.setup()
    from surveys import exports
    from surveys.models import Survey
    from surveys.results import counted_responses, survey_questions

    survey = Survey.objects.get(pk=survey_id)
    baseline = peak_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    responses = counted_responses(survey)
    if kind == "xlsx":
        with exports.xlsx_file(survey, responses) as target:
            size = target.seek(0, io.SEEK_END)
    else:
        questions = survey_questions(survey)
        size = sum(len(line.encode()) for line in exports.csv_lines(exports.staff_header(questions), exports.staff_rows(responses, questions)))
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": round(seconds, 1), "cpu_seconds": round(time.process_time() - cpu, 1), "peak_rss_mb": round(peak_rss_mb(), 1), "rss_before_mb": round(baseline, 1), "bytes": size,
        "getrusage_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def peak_rss_mb() -> float:
    """The process's peak resident memory (VmHWM) in MB.

    `getrusage(RUSAGE_SELF).ru_maxrss` is recorded too, but Linux carries it over `execve` from the forked copy of
    the parent, so after seeding in the parent it can report the parent's size; VmHWM belongs to this program alone.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Submissions -----------------------------------------------------------------------------------------------------

def form_data(version, rng: random.Random, places: list[tuple[int, str]]) -> dict:
    """The POST fields of a complete, valid answer to every question, as the page's form names them."""
    data: dict[str, object] = {}
    for question in version.questions:
        code, kind, config = question["code"], question["kind"], question["config"]
        value = random_value(question, rng, places)
        if value is None:
            continue
        if kind in ("district",):
            data[f"q_{code}"] = value["id"]
        elif kind == "single":
            data[f"q_{code}"] = value.get("choice", CHOICES[0])
        elif kind == "multiple":
            data[f"q_{code}"] = value["choices"]
        elif kind in ("scale", "number", "text", "date"):
            data[f"q_{code}"] = value
        elif kind == "ranking":
            for place, choice in enumerate(value, 1):
                data[f"q_{code}_{config['choices'].index(choice)}"] = place
        elif kind == "matrix":
            for index, row in enumerate(config["rows"]):
                data[f"q_{code}_{index}"] = value[row]
        elif kind == "map":
            data[f"q_{code}_address"], data[f"q_{code}_district"] = value["address"], value["district"]["id"]
    return data


def prepared_requests(survey, count: int) -> list[tuple[str, dict]]:
    """`count` (session key, form fields) pairs: a printed code each, and the session a first GET would have made."""
    from django.contrib.sessions.backends.db import SessionStore

    from surveys import services
    from surveys.views import SESSION_KEY

    version = survey.versions.order_by("-number").first()
    codes = services.generate_codes(survey=survey, count=count, batch=f"benchmark {time.time_ns()}", user=None)
    rng = random.Random()  # noqa: S311
    places = districts()
    prepared = []
    for code in codes:
        attempt = str(uuid.uuid4())
        session = SessionStore()
        session[SESSION_KEY] = {str(survey.pk): {"attempt": attempt, "version": version.pk, "answers": {}, "done": []}}
        session.create()
        prepared.append((session.session_key, {**form_data(version, rng, places), "attempt": attempt, "page": 1, "code": code.code}))
    return prepared


def csrf_pair(port: int, path: str) -> tuple[str, str]:
    """One CSRF cookie and token from a GET of the form (one browser's; the token is not tied to the session)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    cookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    connection.close()
    return cookie["csrftoken"].value, TOKEN.search(body).group(1)


def submissions(args, env: dict) -> tuple[dict, dict]:
    from django.utils import translation

    from surveys.models import Response

    survey = make_survey(SUBMIT_TITLE, mode="code")
    Response.objects.filter(survey=survey).delete()
    with translation.override("pl"):
        path = survey.get_absolute_url()
    profile = profile_requests(survey, path, count=args.profile_requests)
    print(f"Profil: CPU na POST p50 {profile['cpu_ms']['p50']} ms, zapytań SQL {profile['queries']}")
    generator = load_generator(args.generator)
    warm = prepared_requests(survey, args.concurrency * 3)
    prepared = prepared_requests(survey, args.requests)
    print(f"Przygotowano {len(prepared)} kodów i sesji")
    port = free_port()
    server = start_server(env, port=port, workers=args.workers)
    try:
        wait_until_up(port)
        cookie, token = csrf_pair(port, path)
        hammer(port, path, warm, cookie, token, clients=args.concurrency, max_seconds=30)
        before = Response.objects.filter(survey=survey).count()
        meter = CpuMeter(server.pid, database=urlparse(args.database_url).path.lstrip("/"))
        with meter:
            if generator == "wrk":
                load = wrk_submissions(port, path, prepared, cookie, token, clients=args.concurrency, seconds=args.seconds)
            else:
                latencies, statuses, seconds = hammer(port, path, prepared, cookie, token, clients=args.concurrency, max_seconds=args.max_seconds)
                load = {"requests": len(latencies), "seconds": round(seconds, 2), "latency_ms": summary(latencies), "statuses": statuses}
    finally:
        server.terminate()  # gunicorn's workers finish the requests wrk left unanswered at its deadline, then exit
        server.wait(timeout=30)
    stored = Response.objects.filter(survey=survey).count() - before
    answered = load["statuses"].get("302", 0)
    load |= {
        "generator": generator, "throughput_rps": round(load["requests"] / load["seconds"], 1),
        "cpu_ms_per_request": meter.per_request(load["requests"]), "responses_stored": stored, "expected_stored": answered,
        # wrk stops at its deadline with up to `clients` POSTs sent but unanswered; the server still stores them
        "stored_unanswered": stored - answered,
    }
    print(f"Zgłoszenia ({generator}): {load['throughput_rps']} req/s, p50 {load['latency_ms']['p50']} ms, p95 {load['latency_ms']['p95']} ms, "
          f"odpowiedzi {load['statuses']}, CPU/żądanie {load['cpu_ms_per_request']}")
    return load, profile


def wrk_submissions(port: int, path: str, prepared: list, cookie: str, token: str, *, clients: int, seconds: int) -> dict:
    """One wrk run sending each prepared POST at most once; requests, seconds, latencies (ms) and statuses."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", encoding="utf-8") as file:
        file.writelines(f"{session}\t{urlencode({**fields, 'csrfmiddlewaretoken': token}, doseq=True)}\n" for session, fields in prepared)
        file.flush()
        command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout=30s", f"--script={WRK_SCRIPT}",
                   f"http://127.0.0.1:{port}", "--", path, cookie, file.name]
        run = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 – fixed arguments
    if run.returncode:
        sys.exit(f"wrk failed: {run.stderr or run.stdout}")
    result = json.loads(next(line for line in run.stdout.splitlines() if line.startswith(WRK_MARKER))[len(WRK_MARKER):])
    if result["requests"] >= len(prepared) - clients:
        sys.exit(f"wrk sent all {len(prepared)} prepared POSTs before its {seconds} s were up: raise --requests")
    statuses = {"302": result["requests"] - result["not_302"], "other": result["not_302"]}
    statuses |= {f"error {kind}": count for kind, count in result["errors"].items() if count and kind != "status"}
    return {"requests": result["requests"], "seconds": round(result["duration_us"] / 1e6, 2), "latency_ms": wrk_latency(result),
            "statuses": {kind: count for kind, count in statuses.items() if count}}


def hammer(port: int, path: str, prepared: list, cookie: str, token: str, *, clients: int, max_seconds: float):
    """`clients` threads, each with a keep-alive connection, send the prepared POSTs; latencies (ms), statuses, wall time."""
    lock = threading.Lock()
    queue = list(reversed(prepared))
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    deadline = time.monotonic() + max_seconds
    bodies = [(session, urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True)) for session, fields in queue]

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if not bodies:
                    break
                session, body = bodies.pop()
            headers = {"Cookie": f"csrftoken={cookie}; sessionid={session}", "Content-Type": "application/x-www-form-urlencoded"}
            started = time.perf_counter()
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - started


def profile_requests(survey, path: str, *, count: int) -> dict:
    """CPU (time.process_time) and SQL queries of one submission POST in this process, and cProfile's top functions."""
    from django.db import connection
    from django.test import Client

    prepared = prepared_requests(survey, count * 2 + 11)
    client = Client()
    cpu = []

    def post(index: int) -> None:
        session, fields = prepared[index]
        client.cookies["sessionid"] = session
        response = client.post(path, urlencode(fields, doseq=True), content_type="application/x-www-form-urlencoded")  # as the load sends it
        assert response.status_code == 302, (response.status_code, response.content[:2000])

    for index in range(10):
        post(index)
    queries: list[str] = []

    def record(execute, sql, params, many, context):
        queries.append(sql[:160])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        post(10)
    for index in range(11, 11 + count):
        started = time.process_time()
        post(index)
        cpu.append((time.process_time() - started) * 1000)
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting on PostgreSQL
    profiler.enable()
    for index in range(11 + count, 11 + 2 * count):
        post(index)
    profiler.disable()
    top = {}
    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(20)
        top[order] = stream.getvalue().strip().splitlines()[-21:]
    return {"requests": count, "cpu_ms": summary(cpu), "queries": len(queries), "query_list": queries, "cprofile_top": top}


def report(args, survey, seed_seconds, aggregates: dict, exports: dict, load: dict, profile: dict) -> None:
    targets = {
        f"survey_results < {RESULTS_TARGET_S:.0f} s": aggregates["best_s"] < RESULTS_TARGET_S,
        f"XLSX export < {XLSX_TARGET_S:.0f} s": exports["xlsx"]["seconds"] < XLSX_TARGET_S,
        f"XLSX export < {XLSX_TARGET_MB:.0f} MB peak RSS": exports["xlsx"]["peak_rss_mb"] < XLSX_TARGET_MB,
    }
    if load:
        targets |= {
            f">= {THROUGHPUT_TARGET:.0f} submissions/s": load["throughput_rps"] >= THROUGHPUT_TARGET,
            f"p95 < {P95_TARGET_MS:.0f} ms": load["latency_ms"]["p95"] < P95_TARGET_MS,
            "one stored response per successful POST": 0 <= load["stored_unanswered"] <= args.concurrency,
        }
    result = {
        "date": today().isoformat(),
        "responses": args.responses, "questions": 20, "seed_seconds": seed_seconds,
        "server": f"gunicorn --workers={args.workers} (sync), {args.settings} (DEBUG off), loopback",
        "participation_mode": "single-use printed codes (one per POST, generated before the run); the session of the "
                              "form's first GET stored before the run",
        "concurrency": args.concurrency, "requests_asked": args.requests,
        "machine": machine(), "aggregates": aggregates, "exports": exports, "load": load, "profile": profile, "targets": targets,
    }
    save_results("survey_load", result, markdown(result), suffix=args.suffix)


def markdown(result: dict) -> str:
    m, agg, exp, load, profile = result["machine"], result["aggregates"], result["exports"], result["load"], result["profile"]
    lines = [
        f"# Survey benchmark – {result['date']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; load average at the end {m['load_average_at_end']}.",
        f"Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, PostgreSQL {m['postgresql']}; commit {m['commit']}.",
        f"Data: {result['responses']} responses to a {result['questions']}-question survey "
        f"({f'seeded in {result['seed_seconds']} s' if result['seed_seconds'] is not None else 'seeded in an earlier run'}).",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| `survey_results` ({agg['queries']} SQL queries, {agg['answers_counted']} answers) | best {agg['best_s']} s, median {agg['median_s']} s | < {RESULTS_TARGET_S:.0f} s |",
        f"| XLSX export ({exp['xlsx']['bytes']} bytes) | {exp['xlsx']['seconds']} s, peak RSS {exp['xlsx']['peak_rss_mb']} MB "
        f"(process before export {exp['xlsx']['rss_before_mb']} MB) | < {XLSX_TARGET_S:.0f} s, < {XLSX_TARGET_MB:.0f} MB |",
        f"| CSV export ({exp['csv']['bytes']} bytes) | {exp['csv']['seconds']} s, peak RSS {exp['csv']['peak_rss_mb']} MB | – |",
        "",
        f"CPU time of the export processes (this machine's other load does not count): XLSX {exp['xlsx']['cpu_seconds']} s, "
        f"CSV {exp['csv']['cpu_seconds']} s. `survey_results` runs in PostgreSQL; its wall time grows with the machine's load.",
    ]
    if load:
        lines += [
            "",
            "## Submissions",
            "",
            f"Server: {result['server']}. Participation: {result['participation_mode']}. "
            f"{result['concurrency']} connections ({load['generator']}) send the prepared POSTs "
            f"({result['requests_asked']} prepared), each once; stored counts the up to {result['concurrency']} sent "
            "but unanswered when wrk stopped.",
            "",
            "| throughput | p50 | p95 | p99 | max | answers | CPU ms/request (server, postgres, generator) | stored |",
            "|---|---|---|---|---|---|---|---|",
            f"| {load['throughput_rps']} req/s | {load['latency_ms']['p50']} ms | {load['latency_ms']['p95']} ms | "
            f"{load['latency_ms']['p99']} ms | {load['latency_ms']['max']} ms | {load['statuses']} | "
            f"{load['cpu_ms_per_request']['server']}, {load['cpu_ms_per_request']['postgres']}, {load['cpu_ms_per_request']['generator']} | "
            f"{load['responses_stored']} for {load['expected_stored']} redirects |",
            "",
            f"In-process profile ({profile['requests']} POSTs): CPU per POST p50 {profile['cpu_ms']['p50']} ms, "
            f"p95 {profile['cpu_ms']['p95']} ms; {profile['queries']} SQL queries:",
            "",
            *[f"1. `{query}`" for query in profile["query_list"]],
        ]
    lines += ["", "## Targets", "", *[f"- {'met' if met else '**missed**'}: {target}" for target, met in result["targets"].items()], ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
