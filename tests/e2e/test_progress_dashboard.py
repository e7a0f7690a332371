"""A programme admin's walk through the cohort progress dashboard in a real browser, on a
1280 px screen: sign in, open Reports → Cohort progress, choose the cohort, read the summary
and the chart (an SVG drawn on the server), filter to the trainees one rule from their
certificate, sort by last activity, and download the list as CSV. axe-core checks the
chooser and the dashboard."""

import csv
import io

import pytest
from playwright.sync_api import expect

from lms import roles
from tests.certificates.progress_world import world_build
from tests.e2e.checks import assert_no_serious_axe_violations
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_programme_admin_reads_filters_sorts_and_downloads_a_cohort(page, site, password):
    world = world_build()
    admin = UserFactory(
        role=roles.PROGRAMME_ADMIN, email="nisha.admin@example.org", full_name="Nisha Rao"
    )

    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{site.url}/admin/")

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Cohort progress").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cohort progress")
    assert_no_serious_axe_violations(page)

    cohort = f"Spring cohort ({world.course.title}, {world.cohort.organisation.name})"
    page.get_by_role("combobox", name="Cohort").select_option(label=cohort)
    page.get_by_role("button", name="Show its progress").click()
    expect(page).to_have_url(f"{site.url}/admin/cohort-progress/{world.cohort.pk}/")
    summary = page.locator(".progress-summary")
    expect(summary).to_contain_text("Enrolled")
    expect(summary.locator("dd").first).to_have_text("9")
    chart = page.get_by_role("img", name="Trainees of the cohort by week")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert_no_serious_axe_violations(page)

    page.get_by_label("Ready but for one rule").check()
    page.get_by_role("button", name="Show", exact=True).click()
    rows = page.locator("table.progress-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Code of ethics: Accept the code of ethics")
    expect(rows.nth(1)).to_contain_text("Accept the code of ethics again")

    page.get_by_role("link", name="Last activity").click()
    expect(page.get_by_role("columnheader", name="Last activity")).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(rows).to_have_count(2)  # the filter stays

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "cohort-progress-spring-cohort.csv"
    with open(download.path(), encoding="utf-8") as file:
        table = list(csv.DictReader(io.StringIO(file.read())))
    assert sorted(row["Trainee"] for row in table) == ["Ethics Left Trainee", "Renewing Trainee"]
    assert {row["What's left"] for row in table} == {
        "Code of ethics: Accept the code of ethics",
        "Code of ethics: Accept the code of ethics again",
    }
