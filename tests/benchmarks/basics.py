"""What every visit and every minute pays: the home and login pages, and the scheduler's
idle tick."""

import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.services import jobs_run_due
from tests.factories import UserFactory

from .measure import measure_get
from .registry import benchmark


@benchmark
def pages():
    figures = {}
    anonymous = Client(HTTP_HOST="localhost")
    figures["home_anonymous_ms"], figures["home_anonymous_queries"] = measure_get(anonymous, "/")
    figures["login_page_ms"], figures["login_page_queries"] = measure_get(
        anonymous, reverse("account_login")
    )
    # No role: the home page of someone signed in who is no trainee yet.
    user = UserFactory(
        email="bench@example.org", full_name="Bench Person", password=None, verified_email=False
    )
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(user)
    figures["home_signed_in_ms"], figures["home_signed_in_queries"] = measure_get(signed_in, "/")
    return figures


@benchmark
def scheduler_tick():
    """What `run_due_jobs` costs each minute when nothing is due."""
    jobs_run_due()  # runs whatever is due now, so the measured ticks find nothing to do
    times = []
    for _ in range(20):
        start = time.perf_counter()
        jobs_run_due()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        jobs_run_due()
    return {
        "scheduler_idle_tick_ms": round(sorted(times)[10], 2),
        "scheduler_idle_tick_queries": len(queries),
    }
