"""A trainee asks for a copy of their data on a 360 px phone and downloads it (issue 18,
part 2): the profile's *Your data* section, the message once it is ready, the download, and
inside the zip what they wrote. Then they ask for erasure (part 3): the rule, their password again,
the waiting request they could cancel, and once the job has run, no way back in. axe-core
checks each page; each fits the phone's width."""

import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Enrolment
from courses.services import enrolment_create
from lms import erasure
from tests.e2e.checks import assert_no_serious_axe_violations
from tests.factories import PracticeCategoryFactory, PracticeLogFactory, course_tree_build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFLECTION = "I noticed my own old fear come up and let it pass (zqxPhoneMarker)."


def assert_fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


@pytest.fixture
def practised(site, learner):
    course = course_tree_build(modules=1, lessons=1, title="Peer support in practice").course
    enrolment = enrolment_create(user=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=30)
    )
    PracticeLogFactory(
        enrolment=enrolment,
        category=PracticeCategoryFactory(course=course, name="One-to-one peer support"),
        reflection=REFLECTION,
    )
    return enrolment


def test_a_trainee_downloads_their_data_then_asks_for_erasure_on_a_phone(
    phone_page, sign_in_as, learner, practised, tmp_path, password
):
    page = phone_page
    sign_in_as(page, learner)
    page.goto("/accounts/profile/")
    section = page.get_by_role("heading", name="Your data", exact=True)
    expect(section).to_be_visible()
    assert_fits(page)
    assert_no_serious_axe_violations(page)

    page.get_by_role("button", name="Ask for a copy of my data").click()
    # Without a broker the copy is built right after the request's commit.
    expect(page.get_by_text("Your copy is ready: download it below.")).to_be_visible()
    link = page.get_by_role("link", name="Download your copy")
    expect(link).to_be_visible()
    assert_fits(page)
    assert_no_serious_axe_violations(page)

    with page.expect_download() as download:
        link.click()
    archive = tmp_path / "copy.zip"
    download.value.save_as(archive)
    with zipfile.ZipFile(archive) as opened:
        document = opened.read("data.json").decode()
    assert REFLECTION in document
    assert json.loads(document)["profile"]["full_name"] == learner.full_name

    # Erasure: what it deletes and keeps, then the password.
    page.get_by_role("link", name="Read what erasure means and ask for it").click()
    expect(page.get_by_role("heading", name="What is kept")).to_be_visible()
    assert_fits(page)
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Erase my data").click()
    # Signed in without a password lately: allauth asks for it, then carries the request on.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert_fits(page)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Your data will be erased after the waiting period.")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel the erasure")).to_be_visible()
    assert_fits(page)
    assert_no_serious_axe_violations(page)

    # The waiting period passes and the daily job runs: the session is gone, the account a
    # pseudonym, the password no longer signs in.
    assert erasure.erasures_run_due(now=timezone.now() + timedelta(days=8))["erased"] == 1
    learner.refresh_from_db()
    assert learner.erased_at is not None
    assert practised.practice_logs.get().reflection == ""
    page.goto("/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email").fill("asha.learner@example.org")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/profile/"))
