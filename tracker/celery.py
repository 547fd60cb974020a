"""The Celery application. Background jobs live in ``jobs.py`` modules, since
"task" is the product's word (tracker.tasks holds the supervision tasks)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("duban")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")
