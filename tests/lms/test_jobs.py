"""The periodic-job registry, run_due_jobs' scheduling and its compare-and-set claim."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from lms import jobs, services
from lms.models import JobRun
from lms.tasks import job_run_task

T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@pytest.fixture
def fresh_job_runs(db):
    """Every registered job has a JobRun row that has never run (as after setup_site)."""
    for job in jobs.all_jobs():
        JobRun.objects.update_or_create(
            name=job.name,
            defaults={
                "last_started_at": None,
                "last_finished_at": None,
                "last_status": "",
                "runs": 0,
            },
        )


@pytest.fixture
def commands_run(monkeypatch):
    """Record the management commands the jobs call instead of running them."""
    calls = []

    def fake_call_command(command, *args, **options):
        calls.append(command)

    monkeypatch.setattr(services, "call_command", fake_call_command)
    return calls


def _run(name: str) -> JobRun:
    return JobRun.objects.get(name=name)


def test_core_jobs_are_registered():
    assert {"publish_scheduled", "clearsessions"} <= {job.name for job in jobs.all_jobs()}


def test_every_registered_job_runs_once_when_due_and_is_recorded(fresh_job_runs, commands_run):
    results = services.jobs_run_due(now=T0)

    registered = jobs.all_jobs()
    assert results == {job.name: JobRun.Status.OK for job in registered}
    assert sorted(commands_run) == sorted(job.command for job in registered)
    for job in registered:
        run = _run(job.name)
        assert (run.runs, run.last_status, run.last_started_at) == (1, "ok", T0)
        assert run.last_finished_at is not None


def test_job_does_not_run_again_before_its_interval_passes(fresh_job_runs, commands_run):
    services.jobs_run_due(now=T0)
    commands_run.clear()
    shortest = min(job.every for job in jobs.all_jobs())

    assert services.jobs_run_due(now=T0 + shortest - timedelta(seconds=1)) == {}
    assert commands_run == []
    assert all(run.runs == 1 for run in JobRun.objects.all())


def test_job_runs_again_once_its_interval_has_passed(fresh_job_runs, commands_run):
    services.jobs_run_due(now=T0)
    minutely = jobs.get_job("publish_scheduled")
    daily = jobs.get_job("clearsessions")
    assert minutely.every < daily.every

    later = T0 + minutely.every
    results = services.jobs_run_due(now=later)

    assert results["publish_scheduled"] == "ok"
    assert "clearsessions" not in results
    assert (_run("publish_scheduled").runs, _run("publish_scheduled").last_started_at) == (2, later)
    assert (_run("clearsessions").runs, _run("clearsessions").last_started_at) == (1, T0)

    assert services.jobs_run_due(now=T0 + daily.every)["clearsessions"] == "ok"
    assert _run("clearsessions").runs == 2


def test_failing_job_is_recorded_and_logged_and_others_still_run(
    fresh_job_runs, monkeypatch, caplog
):
    ran = []

    def call_command_failing_for_clearsessions(command, *args, **options):
        if command == "clearsessions":
            raise RuntimeError("session table is on fire")
        ran.append(command)

    monkeypatch.setattr(services, "call_command", call_command_failing_for_clearsessions)

    with caplog.at_level(logging.ERROR, logger="lms.services"):
        results = services.jobs_run_due(now=T0)

    assert results["clearsessions"] == "failed"
    assert results["publish_scheduled"] == "ok"
    assert "publish_scheduled" in ran
    failed = _run("clearsessions")
    assert (failed.last_status, failed.runs, failed.last_started_at) == ("failed", 1, T0)
    assert failed.last_finished_at is not None
    [record] = [r for r in caplog.records if r.name == "lms.services"]
    assert "clearsessions" in record.getMessage()
    assert "session table is on fire" in record.exc_text


@pytest.mark.parametrize("previous_start", [None, T0 - timedelta(days=2)])
def test_job_claimed_by_another_runner_between_read_and_update_runs_once(
    fresh_job_runs, commands_run, monkeypatch, previous_start
):
    """Two runners at the same instant: the second reads the row before the first claims it.

    The simulated other runner claims every job right after this runner read it, so this
    runner's compare-and-set on last_started_at finds nothing to update and runs nothing.
    """
    JobRun.objects.update(last_started_at=previous_start)
    manager = JobRun.objects
    read = manager.get_or_create

    def read_then_lose_the_race(**kwargs):
        run, created = read(**kwargs)
        manager.filter(pk=run.pk).update(last_started_at=T0, last_status=JobRun.Status.RUNNING)
        return run, created

    monkeypatch.setattr(manager, "get_or_create", read_then_lose_the_race)

    assert services.jobs_run_due(now=T0) == {}
    assert commands_run == []
    assert all(run.runs == 0 and run.last_started_at == T0 for run in JobRun.objects.all())


def test_run_due_jobs_command_reports_each_job(fresh_job_runs, commands_run, capsys):
    call_command("run_due_jobs")

    out = capsys.readouterr().out.splitlines()
    assert sorted(out) == sorted(f"{job.name}: ok" for job in jobs.all_jobs())
    call_command("run_due_jobs")
    assert capsys.readouterr().out == ""


def test_real_jobs_succeed_on_a_fresh_site(fresh_job_runs):
    """Without the fake: each registered command really runs against the set-up site."""
    results = services.jobs_run_due(now=T0)

    assert results == {job.name: "ok" for job in jobs.all_jobs()}


def test_job_run_task_runs_the_job_whether_due_or_not(fresh_job_runs, commands_run):
    services.jobs_run_due(now=T0)

    assert job_run_task.delay("clearsessions").get() == "ok"
    assert _run("clearsessions").runs == 2
    assert commands_run.count("clearsessions") == 2


def test_job_run_of_an_unknown_job_says_which():
    with pytest.raises(LookupError, match="no_such_job"):
        services.job_run(name="no_such_job")


def test_beat_schedule_triggers_every_job_through_job_run_task():
    schedule = jobs.beat_schedule()

    assert set(schedule) == {f"job:{job.name}" for job in jobs.all_jobs()}
    for job in jobs.all_jobs():
        entry = schedule[f"job:{job.name}"]
        assert entry["task"] == "lms.tasks.job_run_task"
        assert entry["args"] == (job.name,)
        assert entry["schedule"] == job.every.total_seconds()


def test_celery_app_uses_the_registry_for_its_beat_schedule():
    from lms.celery import app

    app.finalize()
    assert app.conf.beat_schedule == jobs.beat_schedule()
    assert "lms.tasks.job_run_task" in app.tasks
