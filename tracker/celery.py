"""The Celery application. Background jobs live in ``jobs.py`` modules, since
"task" is the product's word (tracker.tasks holds the supervision tasks)."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("duban")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")


@beat_init.connect
def first_beats(sender: object, **_kwargs: object) -> None:
    """When beat starts, send its heartbeat and a reminder sweep at once instead of after their
    first interval (1 and 5 minutes): /readyz is green right after an install or a restart,
    and a restart never delays reminders by a whole interval. The sweep is idempotent."""
    app.send_task("tracker.ops.jobs.beat_heartbeat")
    app.send_task("tracker.notifications.jobs.sweep_reminders")
