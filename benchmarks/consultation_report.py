"""Benchmark of the consultation report on PostgreSQL: the PDF/UA report (with survey charts) and the DOCX of a
consultation with a 20-question survey and 1,000+ remarks.

1. Seeds, in a database of its own, a closed consultation with a survey of the 20 questions of
   `benchmarks/survey_load.py` (its question set and answer generator; responses with `bulk_create`, answers with
   COPY) and N remarks (`bulk_create`; every remark decided with a justification, one in ten merged into another,
   categories). A re-run with the same numbers reuses the data.
2. Builds the report in a child process (as a worker or a staff request would), so its peak memory is the report's
   own plus Django's base: `selectors.report_data`, the HTML, WeasyPrint's PDF/UA-1 and the DOCX, each timed; the
   child reads its peak RSS (VmHWM, and `resource.getrusage`'s ru_maxrss) and the parent its children's ru_maxrss.

    .venv/bin/python benchmarks/consultation_report.py                      # 1,200 remarks, 100,000 responses
    .venv/bin/python benchmarks/consultation_report.py --remarks 3000

Targets (issue 6): the PDF report with charts in < 20 s and < 500 MB peak memory.
Results go to benchmarks/results/consultation_report-<date>.json and .md.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the script's own folder is on the path, the project root is not

from benchmarks.portal_load import ensure_database, machine, save_results, today, vacuum_analyze  # noqa: E402
from benchmarks.survey_load import copy_answers, districts, make_survey, peak_rss_mb  # noqa: E402

SETTINGS = "benchmarks.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench_reports"
TITLE = "Benchmark raportu – konsultacje parku"
SURVEY_TITLE = "Benchmark raportu – ankieta"
SECONDS_TARGET = 20.0
MEGABYTES_TARGET = 500.0
DECISIONS = ["taken", "partly", "not_taken", "not_applicable"]
SOURCES = ["letter", "email", "epuap", "meeting", "online_form", "district_council", "ngo"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--remarks", type=int, default=1200)
    parser.add_argument("--responses", type=int, default=100_000,
                        help="survey responses (aggregated by the database; the issue asks for 100,000)")
    parser.add_argument("--suffix", default="", help="results go to consultation_report-<date>-<suffix>.*")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": SETTINGS, "TASKS_BACKEND": "immediate",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    os.environ.update(env)
    if args.child:
        child(args.child)
        return
    ensure_database(args.database_url)
    for command in (("migrate", "--noinput"), ("bootstrap",)):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    import django

    django.setup()
    started = time.perf_counter()
    consultation = seeded_consultation(args.remarks, args.responses)
    seed_seconds = round(time.perf_counter() - started, 1)
    vacuum_analyze(args.database_url)
    runs = [run_child(consultation.pk, env) for _ in range(2)]
    children_maxrss = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    report(args, consultation, seed_seconds, runs, children_maxrss)


def seeded_consultation(remark_count: int, response_count: int):
    """The closed consultation with exactly these numbers of remarks and responses (reused when they are there)."""
    from django.utils import timezone

    from catalog.models import ConsultationPage
    from catalog.services import create_record
    from consultations.models import Remark, RemarkCategory
    from core.models import District

    consultation = ConsultationPage.objects.filter(title=TITLE).first()
    if consultation is None:
        now = timezone.now()
        consultation = create_record(
            model=ConsultationPage, user=None, publish=True, title=TITLE, status="closed",
            lead="Jak zmienić park Lotników: ankieta, spotkania i uwagi na piśmie.",
            starts_at=now - timedelta(days=40), ends_at=now - timedelta(days=5),
            aim="Poznać potrzeby mieszkańców przed przebudową parku.", organiser="Wydział Kształtowania Środowiska",
            consultation_forms=["open_meeting", "workshop", "survey", "written_remarks"],
            districts=list(District.objects.order_by("number")[:3]),
        )
    seed_survey(consultation, response_count)
    if Remark.objects.filter(consultation=consultation).count() != remark_count:
        Remark.objects.filter(consultation=consultation).update(merged_into=None)
        Remark.objects.filter(consultation=consultation).delete()
        seed_remarks(consultation, remark_count)
        categories = [RemarkCategory.objects.get_or_create(consultation=consultation, name=name)[0]
                      for name in ("zieleń", "ławki", "oświetlenie", "bezpieczeństwo", "dojazd")]
        through = Remark.categories.through
        ids = list(Remark.objects.filter(consultation=consultation).values_list("pk", flat=True))
        through.objects.bulk_create([through(remark_id=pk, remarkcategory_id=categories[pk % 5].pk) for pk in ids])
    print(f"Dane: {remark_count} uwag, {response_count} odpowiedzi na ankietę")
    return consultation


def seed_remarks(consultation, count: int) -> None:
    from django.utils import timezone

    from consultations.models import Remark

    rng = random.Random(20261126)  # noqa: S311 – made-up remarks, not secrets
    today_ = timezone.localdate()
    remarks = Remark.objects.bulk_create([
        Remark(
            consultation=consultation, source=rng.choice(SOURCES), received_on=today_ - timedelta(days=rng.randint(5, 40)),
            text=f"Uwaga {number}: proszę o " + rng.choice(["więcej ławek", "nowe drzewa", "lepsze oświetlenie alejek",
                                                              "toaletę przy placu zabaw", "bezpieczne przejście"])
            + " w parku. " + "Uzasadniam to tym, że korzystam z parku codziennie z rodziną. " * rng.randint(1, 4),
            decision=rng.choice(DECISIONS), decided_at=timezone.now(),
            justification=f"Rozstrzygnięcie {number}: " + "Wydział przeanalizował uwagę i uwzględnił ją w projekcie. " * rng.randint(1, 3),
        )
        for number in range(1, count + 1)
    ], batch_size=500)
    # One in ten repeats another: merged into it, with no decision of its own (as `consultations.services` leaves it).
    duplicates = remarks[1::10]
    for duplicate, kept in zip(duplicates, remarks[::10], strict=False):
        duplicate.merged_into, duplicate.decision, duplicate.justification = kept, "", ""
    Remark.objects.bulk_update(duplicates, ["merged_into", "decision", "justification"], batch_size=500)


def seed_survey(consultation, count: int) -> None:
    from django.utils import timezone

    from surveys.models import Response, ResponseSource, Survey

    survey = make_survey(SURVEY_TITLE, mode="open", consultation=consultation)
    Survey.objects.filter(pk=survey.pk).update(consultation=consultation, status="closed")
    if Response.objects.filter(survey=survey).count() == count:
        return
    Response.objects.filter(survey=survey).delete()
    version = survey.versions.order_by("-number").first()
    rng = random.Random(20261127)  # noqa: S311
    places = districts()
    now = timezone.now()
    responses = Response.objects.bulk_create([
        Response(survey=survey, version=version, source=rng.choice([ResponseSource.ONLINE] * 4 + [ResponseSource.PAPER]),
                 idempotency_key=uuid.uuid4(), submitted_at=now - timedelta(days=rng.randint(5, 40), seconds=rng.randint(0, 86399)))
        for _ in range(count)
    ], batch_size=5000)
    copy_answers(responses, version.questions, rng, places)


def run_child(consultation_id: int, env: dict) -> dict:
    output = subprocess.run(  # noqa: S603 – fixed arguments
        [sys.executable, __file__, "--child", str(consultation_id), "--database-url", env["DATABASE_URL"]],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def child(consultation_id: int) -> None:
    """One report, as a request or worker makes it: data, HTML, PDF, DOCX – each phase timed."""
    import django

    django.setup()
    from catalog.models import ConsultationPage
    from reports import rendering, selectors

    consultation = ConsultationPage.objects.get(pk=consultation_id)
    baseline = peak_rss_mb()
    cpu_before = _cpu_seconds()
    timings = {}
    started = time.perf_counter()
    data = selectors.report_data(consultation)
    timings["data_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    html = rendering.report_html(data, draft=False)
    timings["html_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    pdf = rendering.report_pdf(data, draft=False)
    timings["pdf_s"] = time.perf_counter() - mark  # renders the HTML again: the PDF function's own full cost
    pdf_total = time.perf_counter() - started - timings["html_s"]
    pdf_cpu = _cpu_seconds() - cpu_before  # CPU of data + HTML + PDF: unlike wall time, barely moved by other work on the machine
    peak_after_pdf = peak_rss_mb()
    mark = time.perf_counter()
    docx = rendering.report_docx(data, draft=False)
    timings["docx_s"] = time.perf_counter() - mark
    print(json.dumps({
        **{key: round(value, 2) for key, value in timings.items()},
        "pdf_report_s": round(pdf_total, 2),  # data + PDF: what "generate the PDF report" costs
        "pdf_report_cpu_s": round(pdf_cpu, 2),
        "pdf_bytes": len(pdf), "pdf_pages": pdf.count(b"/Type /Page\n") or None, "docx_bytes": len(docx), "html_bytes": len(html),
        "remarks": len(data.remarks), "questions": sum(len(survey.questions) for survey in data.surveys),
        "charts": html.count("<svg"), "responses": data.participation.responses,
        "rss_before_mb": round(baseline, 1), "peak_rss_after_pdf_mb": round(peak_after_pdf, 1), "peak_rss_mb": round(peak_rss_mb(), 1),
        "getrusage_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report(args, consultation, seed_seconds: float, runs: list[dict], children_maxrss: float) -> None:
    worst_seconds = max(run["pdf_report_s"] for run in runs)
    worst_cpu = max(run["pdf_report_cpu_s"] for run in runs)
    worst_peak = max(run["peak_rss_after_pdf_mb"] for run in runs)
    outcome = {
        "date": today().isoformat(), "consultation_id": consultation.pk, "remarks": args.remarks, "responses": args.responses,
        "seed_seconds": seed_seconds, "runs": runs, "children_getrusage_maxrss_mb": children_maxrss,
        "machine": machine(packages=("weasyprint", "python-docx", "pydyf")),
    }
    outcome["targets"] = {
        f"PDF report with charts < {SECONDS_TARGET:.0f} s (worst of {len(runs)} runs: {worst_seconds} s)": worst_seconds < SECONDS_TARGET,
        f"PDF report with charts < {SECONDS_TARGET:.0f} s of CPU (worst: {worst_cpu} s; wall time depends on the machine's load)":
            worst_cpu < SECONDS_TARGET,
        f"peak memory < {MEGABYTES_TARGET:.0f} MB (worst: {worst_peak} MB)": worst_peak < MEGABYTES_TARGET,
    }
    for number, run in enumerate(runs, 1):
        print(f"Przebieg {number}: dane {run['data_s']} s, PDF {run['pdf_s']} s ({run['pdf_bytes']} B), DOCX {run['docx_s']} s, "
              f"szczytowe RSS {run['peak_rss_mb']} MB")
    save_results("consultation_report", outcome, markdown(outcome), suffix=args.suffix)


def markdown(r: dict) -> str:
    m = r["machine"]
    first = r["runs"][0]
    lines = [
        f"# Consultation report benchmark – {r['date']}",
        "",
        f"- Data: one closed consultation with {r['remarks']} remarks (each decided with a justification, one in ten merged "
        f"into another, five categories) and a survey of {first['questions']} questions with {r['responses']} responses; "
        f"{first['charts']} SVG charts in the report",
        "- Each run is a fresh child process: `reports.selectors.report_data`, the HTML, WeasyPrint's PDF/UA-1, python-docx's DOCX",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; load average at the end {m['load_average_at_end']}",
        f"- Software: Python {m['python']}, PostgreSQL {m['postgresql']}, WeasyPrint {m['weasyprint']}, python-docx {m['python-docx']}; commit {m['commit']}",
        "",
        "| run | data | HTML | PDF (renders the HTML again) | data + PDF (wall / CPU) | DOCX | PDF size | peak RSS after PDF / at end (VmHWM) | ru_maxrss |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, run in enumerate(r["runs"], 1):
        lines.append(
            f"| {number} | {run['data_s']} s | {run['html_s']} s | {run['pdf_s']} s | {run['pdf_report_s']} s / {run['pdf_report_cpu_s']} s | {run['docx_s']} s | "
            f"{run['pdf_bytes'] // 1024} KB | {run['peak_rss_after_pdf_mb']} / {run['peak_rss_mb']} MB | {run['getrusage_maxrss_mb']} MB |"
        )
    lines += ["", "Targets:", *(f"- {'met' if met else 'NOT met'}: {target}" for target, met in r["targets"].items()), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
