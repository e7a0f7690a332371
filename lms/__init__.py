"""The project: settings, URLs, the Celery app, accounts, roles and scheduled jobs."""

from .celery import app as celery_app

__all__ = ["celery_app"]
