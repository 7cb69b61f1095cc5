"""Benchmark of sending a newsletter edition: N subscribers through a real SMTP server on loopback.

Seeds N active subscribers (default 10,000) into a PostgreSQL database of its own, starts an aiosmtpd server
in a separate process that counts what each recipient received, queues one edition
(`newsletter.services.create_edition`) and sends it with the same code the task runs (`newsletter.sending.send_batch`
until nothing is left), in `--senders` processes at once (default 2, like two worker threads on our two cores).
Then it checks that every subscriber received exactly one message and every dispatch is marked sent.
Results go to benchmarks/results/newsletter_send-<date>.json and .md.

    .venv/bin/python benchmarks/newsletter_send.py                        # N=10000 on postgres://…/dialog_bench_newsletter
    .venv/bin/python benchmarks/newsletter_send.py --subscribers 1000 --senders 1

Target (from the issue): ≥ 200 messages/s with every subscriber receiving exactly one.
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the script's own folder is on the path, the project root is not

from benchmarks.portal_load import ensure_database, machine, save_results  # noqa: E402

SETTINGS = "benchmarks.settings"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dialog_bench_newsletter"
RATE_TARGET = 200.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--senders", type=int, default=2, help="sending processes working on the edition at once")
    parser.add_argument("--batch", type=int, default=200, help="DIALOG_NEWSLETTER_BATCH_SIZE")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--smtp-port", type=int, default=8025)
    parser.add_argument("--role", choices=["main", "smtp", "sender"], default="main", help=argparse.SUPPRESS)
    parser.add_argument("--edition", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--counts-file", help=argparse.SUPPRESS)
    return parser.parse_args()


def smtp_server(port: int, counts_file: str) -> None:
    """A real SMTP server (aiosmtpd) that accepts everything and, when stopped, writes how often each recipient got mail."""
    from aiosmtpd.controller import Controller

    received: Counter = Counter()

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            received.update(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    stop = asyncio.Event()

    def finish(*_):
        controller.stop()
        Path(counts_file).write_text(json.dumps(received))
        sys.exit(0)

    signal.signal(signal.SIGTERM, finish)
    print("ready", flush=True)
    while not stop.is_set():
        time.sleep(3600)


def setup_django(args: argparse.Namespace) -> None:
    os.environ.update({
        "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": SETTINGS, "TASKS_BACKEND": "database",  # the senders below do the task's work
        "EMAIL_URL": f"smtp://127.0.0.1:{args.smtp_port}", "PYTHONPATH": str(ROOT),
    })
    import django

    django.setup()
    from django.conf import settings

    settings.DIALOG_NEWSLETTER_BATCH_SIZE = args.batch


def sender(args: argparse.Namespace) -> None:
    """One sending process: batches until nothing is left to claim (what `newsletter.tasks.send_edition` does)."""
    setup_django(args)
    from newsletter.sending import send_batch

    sent = 0
    while (result := send_batch(args.edition)).claimed:
        sent += result.sent
    print(json.dumps({"sent": sent}), flush=True)


def seed(count: int) -> float:
    from django.utils import timezone

    from newsletter.models import Edition, Subscriber, SubscriberStatus

    started = time.perf_counter()
    Edition.objects.all().delete()
    if Subscriber.objects.filter(status=SubscriberStatus.ACTIVE).count() != count:
        Subscriber.objects.all().delete()
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [Subscriber(email=f"mieszkaniec{number:06d}@example.org", status=SubscriberStatus.ACTIVE, confirmed_at=now)
             for number in range(count)], batch_size=2000,
        )
    return round(time.perf_counter() - started, 2)


def main() -> None:
    args = parse_args()
    if args.role == "smtp":
        smtp_server(args.smtp_port, args.counts_file)
        return
    if args.role == "sender":
        sender(args)
        return

    ensure_database(args.database_url)
    setup_django(args)
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    seed_seconds = seed(args.subscribers)
    counts_file = ROOT / "var" / "newsletter_bench_counts.json"
    counts_file.parent.mkdir(exist_ok=True)
    counts_file.unlink(missing_ok=True)
    script = str(Path(__file__).resolve())
    common = [sys.executable, script, "--database-url", args.database_url, "--smtp-port", str(args.smtp_port), "--batch", str(args.batch)]
    server = subprocess.Popen([*common, "--role", "smtp", "--counts-file", str(counts_file)], stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert server.stdout.readline().strip() == "ready"
    try:
        from newsletter.models import Dispatch, DispatchState
        from newsletter.sending import finish_if_done
        from newsletter.services import create_edition

        started = time.perf_counter()
        edition = create_edition(subject="Benchmark: zielony Kraków", text="Akapit pierwszy.\n\nAkapit drugi z łąkami kwietnymi.",
                                 link_url="https://dialog.example.org/", idempotency_key=f"benchmark-{time.time_ns()}")
        queued_seconds = time.perf_counter() - started
        started = time.perf_counter()
        senders = [subprocess.Popen([*common, "--role", "sender", "--edition", str(edition.pk)], stdout=subprocess.PIPE, text=True)  # noqa: S603
                   for _ in range(args.senders)]
        per_sender = [json.loads(process.communicate()[0].strip().splitlines()[-1])["sent"] for process in senders]
        send_seconds = time.perf_counter() - started
        finish_if_done(edition.pk)
        states = Counter(Dispatch.objects.filter(edition=edition).values_list("state", flat=True))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    received = Counter(json.loads(counts_file.read_text()))
    total = sum(received.values())
    rate = total / send_seconds
    exactly_once = len(received) == args.subscribers and set(received.values()) == {1} and states == {DispatchState.SENT: args.subscribers}
    result = {
        "date": datetime.now(UTC).date().isoformat(), "subscribers": args.subscribers, "senders": args.senders, "batch_size": args.batch,
        "seed_seconds": seed_seconds, "queue_seconds": round(queued_seconds, 2), "send_seconds": round(send_seconds, 2),
        "messages_received": total, "distinct_recipients": len(received), "max_per_recipient": max(received.values(), default=0),
        "sent_per_sender": per_sender, "dispatch_states": dict(states), "messages_per_second": round(rate, 1),
        "machine": machine(packages=("aiosmtpd",)),
        "targets": {f"≥ {RATE_TARGET:.0f} messages/s": rate >= RATE_TARGET, "every subscriber exactly one message": exactly_once},
    }
    save_results("newsletter_send", result, markdown(result))


def markdown(result: dict) -> str:
    m = result["machine"]
    return "\n".join([
        f"# Newsletter sending benchmark – {result['date']}",
        "",
        f"- {result['subscribers']} active subscribers, one edition, {result['senders']} sending processes, batches of {result['batch_size']}",
        "- SMTP: aiosmtpd on loopback in its own process, counting messages per recipient; sender code: `newsletter.sending.send_batch`",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; load average at the end {m['load_average_at_end']}",
        f"- Software: Python {m['python']}, Django {m['django']}, aiosmtpd {m['aiosmtpd']}, PostgreSQL {m['postgresql']}; commit {m['commit']}",
        "",
        "| queueing the edition s | sending s | messages received | distinct recipients | most to one recipient | messages/s |",
        "|---|---|---|---|---|---|",
        f"| {result['queue_seconds']} | {result['send_seconds']} | {result['messages_received']} | {result['distinct_recipients']} "
        f"| {result['max_per_recipient']} | **{result['messages_per_second']}** |",
        "",
        f"Dispatch states after the run: {result['dispatch_states']}; sent per process: {result['sent_per_sender']}.",
        "",
    ])


if __name__ == "__main__":
    main()
