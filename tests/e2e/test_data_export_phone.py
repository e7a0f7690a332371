"""A trainee asks for a copy of their data on a 360 px phone and downloads it (issue 18,
part 2): the profile's *Your data* section, the message once it is ready, the download, and
inside the zip what they wrote. axe-core checks the profile; it fits the phone's width."""

import json
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Enrolment
from courses.services import enrolment_create
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


def test_a_trainee_asks_for_their_data_and_downloads_it_on_a_phone(
    phone_page, sign_in_as, learner, practised, tmp_path
):
    page = phone_page
    sign_in_as(page, learner)
    page.goto("/accounts/profile/")
    section = page.get_by_role("heading", name="Your data")
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
