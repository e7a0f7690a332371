"""The daily progress snapshot behind the dashboard's chart: one row per active enrolment and
day, written again (not twice) when the job runs again that day; and the chart drawn from it
on the server, readable without JavaScript."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.models import ProgressSnapshot
from certificates.progress.chart import progress_chart
from certificates.progress.snapshots import ChartPoint
from courses.models import Enrolment
from lms.jobs import get_job
from tests.factories.certificates import EthicsAcceptanceFactory

from .progress_world import world_build


@pytest.mark.django_db
def test_the_daily_job_records_each_active_enrolment_once_a_day():
    world = world_build()
    Enrolment.objects.filter(pk=world.trainees["new"].pk).update(status="withdrawn")
    assert get_job("snapshot_progress").every == timedelta(days=1)

    out = StringIO()
    call_command("snapshot_progress", stdout=out)
    active = Enrolment.objects.filter(status="active").count()
    assert f"{active} enrolment(s) recorded" in out.getvalue()
    today = timezone.localdate()
    ethics_left = ProgressSnapshot.objects.get(enrolment=world.trainees["ethics_left"], day=today)
    assert (ethics_left.rules_left, ethics_left.ethics_accepted, ethics_left.certified) == (
        1,
        False,
        False,
    )
    assert not ProgressSnapshot.objects.filter(enrolment=world.trainees["new"]).exists()

    EthicsAcceptanceFactory(enrolment=world.trainees["ethics_left"], ethics=world.built.ethics)
    call_command("snapshot_progress", stdout=StringIO())
    assert ProgressSnapshot.objects.filter(day=today).count() == active
    ethics_left.refresh_from_db()
    assert (ethics_left.rules_left, ethics_left.ethics_accepted) == (0, True)


def test_the_chart_is_drawn_from_the_weeks_points_and_said_in_words():
    points = [
        ChartPoint(day=date(2026, 9, 7), enrolled=40, certified=0, one_left=2, active=30),
        ChartPoint(day=date(2026, 9, 14), enrolled=40, certified=5, one_left=4, active=25),
        ChartPoint(
            day=date(2026, 9, 21), enrolled=39, certified=12, one_left=3, active=20, live=True
        ),
    ]
    chart = progress_chart(points)
    assert [line.key for line in chart.lines] == ["enrolled", "active", "one_left", "certified"]
    certified = chart.lines[-1]
    assert certified.path.startswith("M44 ") and certified.path.count("L") == 2
    assert [point["title"] for point in certified.points][-1] == "Certified, Today: 12"
    assert [grid["value"] for grid in chart.gridlines] == [0, 10, 20, 30, 40]
    assert chart.labels[-1]["text"] == "Today"
    assert chart.description == (
        "From 7 Sep 2026 to 21 Sep 2026, certified trainees went from 0 to 12 of 39, and "
        "trainees one rule from a certificate from 2 to 3."
    )
    assert progress_chart([]) is None
