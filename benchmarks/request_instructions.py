"""Instructions one request costs, counted by callgrind: a measure of the code that does not move with the machine.

The machines the load benchmarks run on change speed by a third within minutes, so two wall-clock runs of the same
code can differ by more than a change being measured. valgrind's callgrind counts the instructions the process
executes, the same on every run of the same code and data. This script runs twice under callgrind: once with
`--requests` GETs of each path after the warm-up, once with the warm-up only; the difference divided by the number of
requests is the cost of one request (Django's test client in-process, so neither gunicorn nor PostgreSQL is counted:
compare their share with `portal_load.py`). It reads the data `portal_load.py` seeded; run that first.

    apt-get install -y valgrind
    .venv/bin/python benchmarks/request_instructions.py                                   # the listings of portal_load
    .venv/bin/python benchmarks/request_instructions.py --path "/konsultacje/?page=101" --requests 50

Each run takes minutes (valgrind is ≈ 40× slower than the process alone). Results go to
benchmarks/results/request_instructions-<date>[-suffix].json and .md.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench"
DEFAULT_PATHS = (  # the listings `portal_load.py` times, on its data
    "/konsultacje/?district=stare-miasto&status=open",
    "/wydarzenia/?district=nowa-huta",
    "/konsultacje/?page=101",
    "/konsultacje/",
)
WARM_UP = 6  # requests before counting starts: templates loaded, statements prepared, caches filled
COLLECTED = re.compile(r"Collected : (\d+)")


def main() -> None:
    args = parse_args()
    if args.child is not None:
        child(args.paths, args.child, args.database_url)  # `count` names the path
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install -y valgrind)")
    paths = args.paths or list(DEFAULT_PATHS)
    started = time.monotonic()
    results = []
    for path in paths:
        counted, baseline = count(path, args.requests, args), count(path, 0, args)
        per_request = (counted - baseline) / args.requests
        results.append({"path": path, "requests": args.requests, "instructions_per_request": round(per_request)})
        print(f"{path}: {per_request / 1e6:.2f} M instructions per request")
    report(args, results, time.monotonic() - started)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", dest="paths", action="append", help="a path to request (repeatable; default: the listings)")
    parser.add_argument("--requests", type=int, default=100, help="requests counted per path, after the warm-up")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--suffix", default="", help="added to the results' file names")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def count(path: str, requests: int, args) -> int:
    """Instructions of a whole child process that makes the warm-up and then `requests` requests of `path`."""
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, __file__, "--child", str(requests), "--path", path, "--database-url", args.database_url,
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603 – fixed arguments
    return int(COLLECTED.findall(done.stderr)[-1])


def setup_django(database_url: str) -> None:
    """The benchmark settings (`benchmarks.settings`: production's, DEBUG off) on the benchmark's database."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def child(paths: list[str], requests: int, database_url: str) -> None:
    setup_django(database_url)
    from django.test import Client

    client = Client()
    for path in paths:
        for _ in range(WARM_UP):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        for _ in range(requests):
            client.get(path)


def report(args, results: list[dict], seconds: float) -> None:
    setup_django(args.database_url)
    from benchmarks.portal_load import machine

    day = datetime.now(UTC).date().isoformat()
    suffix = f"-{args.suffix}" if args.suffix else ""
    stem = RESULTS / f"request_instructions-{day}{suffix}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"date": day, "machine": machine(), "seconds": round(seconds), "results": results}
    stem.with_suffix(".json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# Instructions per request ({data['date']})", "",
        f"Commit {data['machine']['commit']}; callgrind, Django's test client in-process, {WARM_UP} warm-up requests "
        "subtracted; gunicorn and PostgreSQL not counted.", "",
        "| path | requests | M instructions per request |", "|---|---:|---:|",
        *[f"| `{row['path']}` | {row['requests']} | {row['instructions_per_request'] / 1e6:.2f} |" for row in results],
    ]
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print(f"Wyniki: {stem.with_suffix('.json')}, {stem.with_suffix('.md')}")


if __name__ == "__main__":
    main()
