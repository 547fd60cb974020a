"""Duban (督办): the Django project package and the tracking apps."""

from tracker.celery import app as celery_app

__all__ = ["celery_app"]
