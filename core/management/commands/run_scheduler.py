"""The clock process started next to the task worker by bin/run."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.periodic import tick


class Command(BaseCommand):
    help = "Run periodic jobs (e.g. scheduled publishing) every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=15.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="run one tick and exit")

    def handle(self, *args, interval: float, once: bool, **options):
        last_run: dict = {}
        while True:
            tick(now=timezone.now(), last_run=last_run)
            if once:
                return
            time.sleep(interval)
