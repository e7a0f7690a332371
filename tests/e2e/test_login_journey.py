"""A trainee's first visit of the day: sign in, fix their profile, sign out, in a real browser."""

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_in_edit_profile_and_sign_out(page, site, learner, password):
    page.goto("/")
    page.locator(".site-header").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))

    # Keyboard only from the email field: type, Tab to the password, Enter submits.
    page.get_by_label("Email").focus()
    page.keyboard.type(learner.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Signing in lands where LOGIN_REDIRECT_URL says; the home page then greets them.
    expect(page).to_have_url(site.url + resolve_url(settings.LOGIN_REDIRECT_URL))
    header = page.locator(".site-header")
    header.get_by_role("link", name="Peer Support Academy").click()
    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_text("Welcome back, Asha.")).to_be_visible()

    header.get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    page.get_by_label("Full name").fill("Asha Rani Learner")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved.")
    expect(page.get_by_label("Full name")).to_have_value("Asha Rani Learner")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    learner.refresh_from_db()
    assert learner.full_name == "Asha Rani Learner"
    assert str(learner.time_zone) == "Europe/London"

    header.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(site.url + resolve_url(settings.ACCOUNT_LOGOUT_REDIRECT_URL))
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Welcome back")).to_have_count(0)
    page.goto("/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/accounts/profile/$"))


def test_wrong_password_is_explained_next_to_the_form(page, learner):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page.get_by_label("Email")).to_have_value(learner.email)
    expect(page.get_by_text("Welcome back")).to_have_count(0)
