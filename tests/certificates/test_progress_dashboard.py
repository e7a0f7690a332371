"""The cohort progress dashboard as a programme admin uses it: the cohort's summary, each
trainee's figures and what is left, the filters, orderings and downloads; bad filter values
are said, not a server error; other organisations' cohorts do not exist for them; and the
page's queries do not grow with the cohort."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from certificates.models import ProgressSnapshot
from lms import roles
from tests.factories import CohortFactory, OrganisationFactory, UserFactory

from .progress_world import places_add, trainee_add, world_build

pytestmark = pytest.mark.django_db


def _url(world, query=""):
    return f"/admin/cohort-progress/{world.cohort.pk}/{query}"


def _names(response) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    return [row["Trainee"] for row in rows]


def test_a_programme_admin_reads_filters_sorts_and_downloads_a_cohort(client):
    world = world_build()
    trainee_add(world, "formula", lessons=2, enrolled_days_ago=5)
    world.trainees["formula"].user.__class__.objects.filter(
        pk=world.trainees["formula"].user_id
    ).update(full_name="=HYPERLINK(1)")
    # Last week's snapshot, as the daily job left it: one trainee certified then.
    last_week = timezone.localdate() - timedelta(weeks=1)
    ProgressSnapshot.objects.create(
        enrolment=world.trainees["certified"], day=last_week, certified=True
    )
    admin = UserFactory(role=roles.PROGRAMME_ADMIN)
    client.force_login(admin)

    chooser = client.get("/admin/cohort-progress/")
    assert chooser.status_code == 200
    assert "Spring cohort" in chooser.content.decode()
    assert client.get(f"/admin/cohort-progress/?cohort={world.cohort.pk}").url == _url(world)

    page = client.get(_url(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<dt>Enrolled</dt><dd>10</dd>" in html
    assert "<dt>Completed</dt><dd>3</dd>" in html
    assert "Code of ethics:</strong> Accept the code of ethics again" in html
    assert 'class="progress-chart__svg"' in html and "Certified, Today: 3" in html
    assert f"Certified, {date_format(last_week, 'j M')}: 1" in html
    assert "=HYPERLINK(1)" in html  # shown as text (escaped by the template, never run)

    assert _names(client.get(_url(world, "?one_left=on&export=csv"))) == [
        "Ethics Left Trainee",
        "Renewing Trainee",
    ]
    assert _names(client.get(_url(world, "?waiting=on&export=csv"))) == [
        "Essay Trainee",
        "Started Trainee",
    ]
    assert _names(client.get(_url(world, "?stalled=30&export=csv"))) == ["New Trainee"]
    by_lessons = _names(client.get(_url(world, "?sort=lessons&export=csv")))
    assert by_lessons[:3] == ["New Trainee", "Started Trainee", "'=HYPERLINK(1)"]

    bad = client.get(_url(world, "?stalled=soon&sort=nonsense&p=999&waiting=on"))
    assert bad.status_code == 200
    assert "Enter a whole number." in bad.content.decode()
    assert "Essay Trainee" in bad.content.decode()  # the other filter still applies
    assert "New Trainee" not in bad.content.decode()

    xlsx = client.get(_url(world, "?export=xlsx"))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="cohort-progress-spring-cohort.xlsx"' in xlsx["Content-Disposition"]

    with CaptureQueriesContext(connection) as few:
        client.get(_url(world))
    places_add(world)
    with CaptureQueriesContext(connection) as many:
        assert "<dt>Enrolled</dt><dd>19</dd>" in client.get(_url(world)).content.decode()
    assert len(many) == len(few)


def test_other_organisations_cohorts_do_not_exist_for_an_admin(client):
    world = world_build()
    other_admin = UserFactory(role=roles.PROGRAMME_ADMIN, organisation=False)
    other = OrganisationFactory(name="Other", admins=[other_admin])
    their_cohort = CohortFactory(course=world.course, organisation=other, name="Their cohort")
    client.force_login(other_admin)

    assert client.get(_url(world)).status_code == 404
    assert client.get(_url(world, "?export=csv")).status_code == 404
    chooser = client.get(f"/admin/cohort-progress/?cohort={world.cohort.pk}")
    assert chooser.status_code == 200
    assert "Select a valid choice" in chooser.content.decode()
    assert "Spring cohort" not in chooser.content.decode()
    assert client.get(f"/admin/cohort-progress/{their_cohort.pk}/").status_code == 200

    client.force_login(UserFactory(role=roles.CONTENT_EDITOR))
    refused = client.get(_url(world))
    assert refused.status_code == 403
    assert "for programme admins" in refused.content.decode()
