"""Wagtail's background work: inline without a broker; with one, an outbox message written in
the editor's transaction and run after commit."""

from datetime import UTC, datetime

import pytest
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.exceptions import InvalidTaskError
from wagtail.models import Page, ReferenceIndex

from content.models import HomePage
from lms import services
from lms.models import OutboxMessage
from lms.tasks_backend import CeleryBackend

REFERENCE_TASK = "wagtail.tasks.update_reference_index_task"

# Tasks the tests below send through the backend; module level, as django-tasks requires.
calls = []


@task()
def record_call(*args, **kwargs):
    calls.append((args, kwargs))
    return len(calls)


def plain_function(x, y):
    calls.append(("plain", x, y))


@task(takes_context=True)
def record_call_with_context(context, label):
    calls.append((context.attempt, label))


@pytest.fixture
def celery_backend(settings):
    """Configure TASKS as production does with a broker.

    django-tasks caches its backends in `task_backends`; its setting_changed receiver
    rebuilds them when the `settings` fixture changes TASKS (and again when it restores it),
    so tests need not touch that cache themselves.
    """
    settings.TASKS = {"default": {"BACKEND": "lms.tasks_backend.CeleryBackend"}}
    assert isinstance(task_backends["default"], CeleryBackend)
    yield task_backends["default"]


@pytest.fixture
def home(db):
    return HomePage.objects.get()


def _link_home_to_root(home: HomePage) -> Page:
    """Give the home page a reference the reference index will record: a link to a page."""
    target = Page.get_first_root_node()
    home.introduction = f'<p>See <a linktype="page" id="{target.pk}">the root</a>.</p>'
    home.save_revision().publish()
    return target


def _references(home: HomePage) -> set[tuple[str, str]]:
    return set(
        ReferenceIndex.get_references_for_object(home).values_list(
            "to_content_type__model", "to_object_id"
        )
    )


def test_without_a_broker_wagtail_work_runs_inline(home, settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert isinstance(task_backends["default"], ImmediateBackend)

    target = _link_home_to_root(home)

    assert ("page", str(target.pk)) in _references(home)


def _index_messages():
    return OutboxMessage.objects.filter(
        task="lms.django_task", kwargs__module_path=REFERENCE_TASK
    ).order_by("pk")


def test_with_celery_backend_publishing_records_outbox_messages_run_after_commit(
    home, celery_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        target = _link_home_to_root(home)
        assert ("page", str(target.pk)) not in _references(home)

    # Written in the editor's transaction, so a rolled-back save records nothing.
    sent = [message.kwargs["args"] for message in _index_messages()]
    assert ["content", "homepage", str(home.pk)] in sent
    assert not _index_messages().filter(done_at__isnull=False).exists()

    for callback in callbacks:
        callback()

    assert ("page", str(target.pk)) in _references(home)
    assert not _index_messages().filter(done_at__isnull=True).exists()


def test_celery_backend_enqueue_returns_a_ready_result_with_json_arguments(
    db, celery_backend, django_capture_on_commit_callbacks
):
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = record_call.enqueue(1, ("a", "b"), key={"nested": (2, 3)})
        assert calls == []

    assert result.status == "READY"
    assert result.backend == "default"
    assert result.args == [1, ["a", "b"]]
    assert calls == [((1, ["a", "b"]), {"key": {"nested": [2, 3]}})]
    message = OutboxMessage.objects.get(task="lms.django_task")
    assert message.kwargs == {
        "module_path": f"{__name__}.record_call",
        "args": [1, ["a", "b"]],
        "kwargs": {"key": {"nested": [2, 3]}},
    }
    assert message.done_at is not None


def test_celery_backend_refuses_what_it_cannot_do(db, celery_backend):
    with pytest.raises(InvalidTaskError, match="run_after"):
        record_call.using(run_after=datetime(2030, 1, 1, tzinfo=UTC)).enqueue()


def test_celery_backend_passes_a_context_to_tasks_that_take_one(
    db, celery_backend, django_capture_on_commit_callbacks
):
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_call_with_context.enqueue("hello")

    assert calls == [(1, "hello")]


def test_django_task_run_runs_a_task_by_module_path(home):
    target = _link_home_to_root(home)
    ReferenceIndex.objects.all().delete()

    services.django_task_run(
        module_path=REFERENCE_TASK, args=["content", "homepage", str(home.pk)], kwargs={}
    )

    assert ("page", str(target.pk)) in _references(home)


def test_django_task_run_also_runs_a_plain_function(db):
    calls.clear()
    services.django_task_run(module_path=f"{__name__}.plain_function", args=["x"], kwargs={"y": 1})

    assert calls == [("plain", "x", 1)]
