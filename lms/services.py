"""State changes owned by the project itself: users and roles, site set-up, periodic jobs."""

import logging
from datetime import datetime

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks.base import Task, TaskContext, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from . import jobs, roles, site
from .models import JobRun

logger = logging.getLogger(__name__)
User = get_user_model()


# --- Roles ----------------------------------------------------------------------------------


def roles_sync() -> dict[str, Group]:
    """Create the role groups and grant each the permissions roles.py lists.

    Django creates permission rows in a post_migrate signal, so a database that was migrated
    by another process (or restored) may lack some: create them first.
    """
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    groups = {}
    with transaction.atomic():
        for name in roles.ROLES:
            group, _created = Group.objects.get_or_create(name=name)
            wanted = [_permission(code) for code in roles.ROLE_PERMISSIONS[name]]
            group.permissions.add(*wanted)
            groups[name] = group
    return groups


def _permission(code: str) -> Permission:
    app_label, codename = code.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise LookupError(f"Permission {code!r} named in lms/roles.py does not exist.") from None


# --- Users ----------------------------------------------------------------------------------


def user_create(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None = None,
    email_verified: bool = True,
) -> User:
    """Create a user with one role. Without a password the account cannot sign in until the
    person sets one through "Forgot your password?"."""
    if role not in roles.ROLES:
        raise ValidationError(
            _("Unknown role %(role)s. Choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(roles.ROLES)}
        )
    with transaction.atomic():
        user = User(email=email, full_name=full_name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        if password:
            validate_password(password, user)
        user.save()
        EmailAddress.objects.create(
            user=user, email=user.email, primary=True, verified=email_verified
        )
        user.groups.add(Group.objects.get(name=role))
    return user


# --- Periodic jobs --------------------------------------------------------------------------


def job_run(*, name: str, now: datetime | None = None) -> str:
    """Run one periodic job now and record it; returns "ok" or "failed".

    A failing job is logged and recorded, never raised: one broken job must not stop the
    others.
    """
    job = jobs.get_job(name)
    now = now or timezone.now()
    run, _created = JobRun.objects.get_or_create(name=job.name)
    JobRun.objects.filter(pk=run.pk).update(last_started_at=now, last_status=JobRun.Status.RUNNING)
    return _job_execute(job, run.pk)


def _job_execute(job: jobs.Job, run_pk: int) -> str:
    try:
        call_command(job.command, *job.args, verbosity=0)
    except Exception:
        logger.exception("Periodic job %s failed", job.name)
        status = JobRun.Status.FAILED
    else:
        status = JobRun.Status.OK
    JobRun.objects.filter(pk=run_pk).update(
        last_finished_at=timezone.now(), last_status=status, runs=F("runs") + 1
    )
    return status


def jobs_run_due(*, now: datetime | None = None) -> dict[str, str]:
    """Run every job whose interval has passed since it last started; returns name → status.

    Each job is claimed with a compare-and-set on its last start, so two runners started at
    the same minute (cron and `make run`, or two servers) never run the same job twice.
    """
    now = now or timezone.now()
    results = {}
    for job in jobs.all_jobs():
        run, _created = JobRun.objects.get_or_create(name=job.name)
        if run.last_started_at and now - run.last_started_at < job.every:
            continue
        claimed = JobRun.objects.filter(pk=run.pk, last_started_at=run.last_started_at).update(
            last_started_at=now, last_status=JobRun.Status.RUNNING
        )
        if not claimed:
            continue
        results[job.name] = _job_execute(job, run.pk)
    return results


def django_task_run(*, module_path: str, args: list, kwargs: dict) -> None:
    """Run a django-tasks task (Wagtail's index updates) that the Celery backend sent.

    A task declared with `takes_context=True` gets its context as the first argument, as
    django-tasks' own backends give it; the backend keeps no results, so the context's
    result is a fresh one for this attempt.
    """
    task = import_string(module_path)
    if not isinstance(task, Task):
        task(*args, **kwargs)
    elif task.takes_context:
        now = timezone.now()
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.RUNNING,
            enqueued_at=None,
            started_at=now,
            last_attempted_at=now,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=task.backend,
            errors=[],
            worker_ids=[get_random_id()],
        )
        task.call(TaskContext(task_result=result), *args, **kwargs)
    else:
        task.call(*args, **kwargs)


# --- Site set-up ----------------------------------------------------------------------------


def site_setup() -> list[str]:
    """Build what every installation needs that is not demo data; safe to run again.

    Runs the steps the apps registered (`lms/site.py`), in order, and returns the line each
    step reports, for the command to print.
    """
    return [step.run() for step in site.setup_steps()]
