"""Choosing a language: a signed-in person's profile language on every page from sign-in,
a visitor's choice remembered in the language cookie, Wagtail's admin language in step with
the profile's, and all of it without a query more per page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from lms import roles
from tests.factories import UserFactory
from tests.factories.lms import PASSWORD

from .hindi import hindi_text, html_lang

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def hindi_trainee():
    return UserFactory(role=roles.TRAINEE, email="asha.hindi@example.org", preferred_language="hi")


def test_a_hindi_trainee_gets_every_page_in_hindi_and_the_browser_remembers_it(
    client, hindi_trainee
):
    client.force_login(hindi_trainee)

    with hindi_text("Sign out") as sign_out:
        for url in (reverse("courses:dashboard"), reverse("profile"), "/"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200, url
            assert html_lang(response) == "hi", url
            assert response["Content-Language"] == "hi"
            assert sign_out in response.content.decode(), url

    # The cookie follows the profile, so the site stays in Hindi after signing out.
    assert client.cookies[COOKIE].value == "hi"
    client.post(reverse("account_logout"))
    assert html_lang(client.get(reverse("account_login"))) == "hi"


def test_signing_in_switches_to_the_persons_language_at_once(hindi_trainee):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(client.get(reverse("account_login"))) == "en"

    response = client.post(
        reverse("account_login"), {"login": hindi_trainee.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "hi"
    assert html_lang(client.get(response["Location"], follow=True)) == "hi"


def test_an_english_profile_wins_over_a_hindi_cookie_after_sign_in(client, trainee):
    client.cookies[COOKIE] = "hi"
    assert html_lang(client.get(reverse("account_login"))) == "hi"

    client.force_login(trainee)  # preferred_language "en", the default

    response = client.get(reverse("courses:dashboard"))
    assert html_lang(response) == "en"
    assert response.cookies[COOKIE].value == "en"


def test_a_visitor_switches_language_in_the_footer_and_it_is_remembered():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(reverse("account_login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert '<label for="language-switch">' in page
    assert '<option value="hi" lang="hi">हिन्दी</option>' in page

    response = client.post(
        reverse("set_language"), {"language": "hi", "next": reverse("account_login")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert client.cookies[COOKIE].value == "hi"
    again = client.get(reverse("account_login"))
    assert html_lang(again) == "hi"
    assert '<option value="hi" lang="hi" selected>' in again.content.decode()
    # The choice does not hand the next address to another site.
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert "evil.example" not in response.get("Location", "")
    assert html_lang(client.get("/")) == "en"


def test_the_switch_is_for_visitors_signed_in_people_choose_on_their_profile(client, hindi_trainee):
    client.force_login(hindi_trainee)
    assert 'id="language-switch"' not in client.get("/").content.decode()


def test_the_language_costs_no_query(client, trainee, hindi_trainee):
    """The profile's language comes with the user row the page loads anyway."""
    url = reverse("courses:dashboard")

    def queries(user):
        client.force_login(user)
        client.get(url)  # warm: the first request of a session may do more
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    assert queries(hindi_trainee) == queries(trainee)


def test_wagtail_admin_language_follows_the_profile_both_ways(editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()

    editor.preferred_language = "hi"
    editor.save()
    profile.refresh_from_db()
    assert profile.preferred_language == "hi"

    profile.preferred_language = "en"
    profile.save()
    editor.refresh_from_db()
    assert editor.preferred_language == "en"

    # "Use the default" in Wagtail is ours: never blank, or Wagtail would write its emails
    # to this editor in the sender's language.
    profile.preferred_language = ""
    profile.save()
    editor.refresh_from_db()
    assert editor.preferred_language == "en"
    assert UserProfile.objects.get(user=editor).preferred_language == "en"


def test_wagtails_emails_to_staff_are_in_the_recipients_language(editor, reviewer):
    reviewer.preferred_language = "hi"
    reviewer.save()

    with translation.override("en"):  # the editor who submits reads English
        language = UserProfile.get_for_user(reviewer).get_preferred_language()

    assert language == "hi"


def test_staff_get_the_admin_in_their_language(client, editor):
    editor.preferred_language = "hi"
    editor.save()
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert html_lang(response) == "hi"


def test_the_javascript_catalogue_is_served_in_the_pages_language(client):
    client.cookies[COOKIE] = "hi"

    response = client.get(reverse("javascript_catalog"))

    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert "django.gettext" in response.content.decode()


def test_our_scripts_hold_no_english_sentences():
    """Words a script shows come from the page (data- attributes, JSON messages, both
    translated on the server) or from gettext() with the JavaScript catalogue."""
    import re

    sentence = re.compile(r"([\"'])([A-Z][a-z]+(?: [a-z'’]+){2,}[^\"']*)\1")
    found = {}
    for script in (Path(settings.BASE_DIR) / "static" / "js").glob("*.js"):
        code = re.sub(r"//[^\n]*|/\*.*?\*/", "", script.read_text(), flags=re.S)
        code = re.sub(r"gettext\((['\"]).*?\1\)", "", code)
        hits = [match.group(2) for match in sentence.finditer(code)]
        if hits:
            found[script.name] = hits
    assert found == {}


def test_choosing_hindi_on_the_profile_applies_at_once(client, trainee):
    client.force_login(trainee)

    with hindi_text("Your profile has been saved.") as saved:
        response = client.post(
            reverse("profile"),
            {
                "full_name": trainee.full_name,
                "preferred_language": "hi",
                "time_zone": "Asia/Kolkata",
            },
            follow=True,
        )

        page = response.content.decode()
        assert html_lang(response) == "hi"
        assert saved in page
    assert client.cookies[COOKIE].value == "hi"
