"""A trainee on a 360 px phone is asked to agree to a new version of the privacy notice, agrees
and comes back to their learning, then withdraws their consent from their profile (issue 18,
part 1). axe-core checks each page; each fits the phone's width."""

import re

import pytest
from playwright.sync_api import expect

from lms.consent import consent_agree
from lms.models import ErasureRequest
from tests.e2e.checks import assert_no_serious_axe_violations
from tests.factories.consent import PrivacyNoticeFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


def test_a_trainee_agrees_to_a_new_version_and_later_withdraws_on_a_phone(
    phone_page, sign_in_as, learner, password
):
    consent_agree(person=learner, notice=PrivacyNoticeFactory(), language="en")
    newer = PrivacyNoticeFactory()
    page = phone_page
    sign_in_as(page, learner)

    page.goto("/learn/")
    expect(page.get_by_role("heading", name="Please read the privacy notice")).to_be_visible()
    expect(page.get_by_text("Version 2 is now in force")).to_be_visible()
    expect(page.get_by_role("heading", name=newer.texts.get().title)).to_be_visible()
    assert_fits(page)
    assert_no_serious_axe_violations(page)

    page.get_by_role("button", name="Agree and continue").click()
    expect(page.get_by_text("Please tick the box to agree to the privacy notice.")).to_be_visible()
    page.get_by_label("I have read the privacy notice and I agree to it.").check()
    page.get_by_role("button", name="Agree and continue").click()
    expect(page.get_by_text("You agreed to the privacy notice.")).to_be_visible()
    assert page.url.endswith("/learn/")

    page.goto("/accounts/profile/")
    expect(page.get_by_role("heading", name="Privacy")).to_be_visible()
    expect(page.get_by_text("You agreed to version 2 of the privacy notice")).to_be_visible()
    assert_fits(page)
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Withdraw consent").click()
    expect(page.get_by_role("heading", name="Withdraw your consent")).to_be_visible()
    assert_fits(page)
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Withdraw my consent").click()
    # Signed in without a password lately: allauth asks for it, then carries the request on.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Confirm").click()

    expect(
        page.get_by_text("You withdrew your consent. Your data will be erased on")
    ).to_be_visible()
    assert ErasureRequest.objects.filter(
        person=learner, status=ErasureRequest.Status.PENDING
    ).exists()
