"""`openamo worker`: the notification worker, to run next to the web server.

openamo worker            # loop until SIGTERM/SIGINT (finishes the copy being sent)
openamo worker --burst    # send everything due, then exit (cron, the demo, tests)
openamo worker --once     # one pass, then exit
"""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from openamo.notifications.delivery import worker_pass

log = logging.getLogger(__name__)


def daily_jobs(day) -> None:
    """The day's scheduled jobs (`OPENAMO_DAILY_JOBS`); one failing does not stop the others."""
    for path in settings.OPENAMO_DAILY_JOBS:
        try:
            import_string(path)(day=day)
        except Exception:  # noqa: BLE001 - logged; the worker keeps sending
            log.exception("tâche quotidienne %s en échec", path)


class Command(BaseCommand):
    help = "Envoie les notifications en attente (courriel, SMS), avec reprises."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="un seul passage")
        mode.add_argument("--burst", action="store_true", help="jusqu'à épuisement, puis arrêt")
        parser.add_argument("--interval", type=float, default=2.0, help="pause à vide (s)")
        parser.add_argument("--limit", type=int, default=100, help="envois par passage")
        parser.add_argument(
            "--no-daily", action="store_true", help="sans les relances quotidiennes"
        )

    def handle(self, *args, once=False, burst=False, interval=2.0, limit=100, **options):
        last_day = None
        stop = threading.Event()
        if not (once or burst):
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        total = {"dispatched": 0, "sent": 0, "failed": 0, "recovered": 0}
        while not stop.is_set():
            close_old_connections()
            today = timezone.localdate()
            if today != last_day and not options.get("no_daily"):
                daily_jobs(today)
            last_day = today
            done = worker_pass(limit=limit)
            for name in total:
                total[name] += getattr(done, name)
            if once or (burst and not done.busy):
                break
            if not done.busy:
                stop.wait(interval)
        self.stdout.write(
            "notifications : {dispatched} réparties, {sent} envoyées, {failed} en échec, "
            "{recovered} reprises".format(**total)
        )
