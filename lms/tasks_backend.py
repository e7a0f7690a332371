"""A django-tasks backend that hands Wagtail's background work to Celery.

Wagtail 8 updates its reference and search indexes through django-tasks. With a broker
configured, we do not want that work inline in the editor's request, and we do not want a
second kind of worker either, so each task is an outbox message (lms.outbox), written in the
editor's transaction and run by a Celery worker after commit (`lms.tasks.django_task_run`).
A broker that is down or frozen costs the editor at most about a second, never an error,
and deliver_outbox runs the update later. Results are not kept: Wagtail never reads them.
"""

from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_module_path, get_random_id, normalize_json


class CeleryBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        from lms.outbox import outbox_enqueue

        args, kwargs = normalize_json(list(args)), normalize_json(dict(kwargs))
        outbox_enqueue(
            "lms.django_task", module_path=get_module_path(task.func), args=args, kwargs=kwargs
        )
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
