"""The registry of periodic jobs.

Every periodic job is a management command. With a broker, Celery beat triggers each one
through `job_run_task`; without one, `manage.py run_due_jobs` (every minute from `make run`,
or from cron) runs whichever are due. Both paths record the run in `JobRun`.

Apps add their jobs with `register_job` from their AppConfig.ready(); the interval may be
overridden per installation in settings.LMS_JOB_INTERVALS.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every: timedelta
    args: tuple[str, ...] = field(default_factory=tuple)


_registry: dict[str, Job] = {}


def register_job(*, name: str, command: str, every: timedelta, args: tuple[str, ...] = ()):
    every = getattr(settings, "LMS_JOB_INTERVALS", {}).get(name, every)
    _registry[name] = Job(name=name, command=command, every=every, args=tuple(args))


def all_jobs() -> list[Job]:
    return sorted(_registry.values(), key=lambda job: job.name)


def get_job(name: str) -> Job:
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"No periodic job is named {name!r}.") from None


def beat_schedule() -> dict:
    return {
        f"job:{job.name}": {
            "task": "lms.tasks.job_run_task",
            "schedule": job.every.total_seconds(),
            "args": (job.name,),
            # A beat tick that no worker picks up within one interval is dropped, not
            # queued up behind others.
            "options": {"expires": max(30.0, job.every.total_seconds())},
        }
        for job in all_jobs()
    }


def register_core_jobs():
    # Wagtail publishes pages whose "go live" time has come and unpublishes expired ones.
    register_job(name="publish_scheduled", command="publish_scheduled", every=timedelta(minutes=1))
    # Django removes expired sessions.
    register_job(name="clearsessions", command="clearsessions", every=timedelta(days=1))
    # The outbox (lms/outbox.py): deliver side effects the broker lost or never received.
    register_job(name="deliver_outbox", command="deliver_outbox", every=timedelta(minutes=1))
    # The audit chain's head, recorded (and emailed to AUDIT_HEAD_EMAIL) once a day.
    register_job(name="audit_head", command="audit_head", every=timedelta(days=1))
    # People's copies of their data (lms/data_export.py): files past DATA_EXPORT_DAYS deleted.
    register_job(name="expire_data_exports", command="expire_data_exports", every=timedelta(days=1))
    # Erasure requests past their cooling-off period (lms/erasure.py) are carried out.
    register_job(name="erase_due", command="erase_due", every=timedelta(days=1))
    # What is kept no longer than the RETENTION_* settings say (lms/retention.py).
    register_job(name="apply_retention", command="apply_retention", every=timedelta(days=1))
