"""One way in: every route that can give a person a session goes through allauth.

allauth's login counts failed passwords per email (5 in 5 minutes lock the email) and per
address, and with mandatory verification gives an unconfirmed email no session. Each other
route that could sign a person in is checked here against the same three things: repeated
wrong passwords, a locked-out email with the right password, and an unconfirmed email.
Routes that take no password (email confirmation, password reset, invitation) are checked
for what they do instead.
"""

import re

import pytest
from allauth.account import signals as allauth_signals
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.models import PageViewRestriction, Site

from lms.invitations import invitation_create
from tests.factories import UserFactory

ALLAUTH_LOGIN = "/accounts/login/"
LOCKED_MESSAGE = "Too many failed login attempts. Try again later."
NEW_PASSWORD = "copper-meadow-4412"

# Every password form a route could serve, and the field names it would read. Only allauth's
# may check a password; the others must send the visitor to it without looking at one.
PASSWORD_ROUTES = {
    "allauth": (ALLAUTH_LOGIN, "login"),
    "wagtail-front-end": ("/_util/login/", "username"),
    "wagtail-admin": ("/admin/login/", "username"),
}
REDIRECTED_ROUTES = [name for name in PASSWORD_ROUTES if name != "allauth"]


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


@pytest.fixture(autouse=True)
def _mandatory_verification(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


@pytest.fixture
def unconfirmed(db):
    """Someone who signed up and has not clicked the link in the confirmation email."""
    user = UserFactory(email="unconfirmed.u@example.org", verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    return user


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def post_password(client, route: str, email: str, password: str):
    url, field = PASSWORD_ROUTES[route]
    return client.post(url, {field: email, "password": password})


def lock_out(client, email: str) -> None:
    """Five wrong passwords at allauth's login: the email is locked for five minutes."""
    for _attempt in range(5):
        post_password(client, "allauth", email, "wrong-guess")


def assert_sent_to_allauth(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(ALLAUTH_LOGIN)


# --- Password forms -----------------------------------------------------------------------


@pytest.mark.parametrize("route", list(PASSWORD_ROUTES))
def test_wrong_passwords_lock_the_email_and_the_right_one_then_gets_no_session(
    client, trainee, password, route
):
    for _attempt in range(12):
        response = post_password(client, route, trainee.email, "wrong-guess")
        if route != "allauth":
            assert_sent_to_allauth(response)

    response = post_password(client, route, trainee.email, password)

    assert not signed_in(client)
    if route == "allauth":
        assert LOCKED_MESSAGE in response.content.decode()
    else:
        assert_sent_to_allauth(response)


@pytest.mark.parametrize("route", list(PASSWORD_ROUTES))
def test_an_email_locked_at_allauth_gets_no_session_with_the_right_password(
    client, trainee, password, route
):
    lock_out(client, trainee.email)

    response = post_password(client, route, trainee.email, password)

    assert not signed_in(client)
    if route == "allauth":
        assert LOCKED_MESSAGE in response.content.decode()
    else:
        assert_sent_to_allauth(response)


@pytest.mark.parametrize("route", list(PASSWORD_ROUTES))
def test_an_unconfirmed_email_gets_no_session_with_the_right_password(
    client, unconfirmed, password, route
):
    response = post_password(client, route, unconfirmed.email, password)

    assert not signed_in(client)
    if route == "allauth":
        assert response["Location"] == reverse("account_email_verification_sent")
    else:
        assert_sent_to_allauth(response)


@pytest.mark.parametrize("route", REDIRECTED_ROUTES)
def test_other_login_addresses_send_to_allauth_keeping_next(client, db, route):
    url, _field = PASSWORD_ROUTES[route]

    response = client.get(f"{url}?next=/learn/certificates/")

    assert response.status_code == 302
    assert response["Location"] == f"{ALLAUTH_LOGIN}?next=/learn/certificates/"


def test_a_private_page_sends_an_anonymous_visitor_to_allauth_with_next(client, db):
    home = Site.objects.get(is_default_site=True).root_page
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(home.url)

    assert response.status_code == 302
    assert response["Location"] == f"{ALLAUTH_LOGIN}?next={home.url}"


def test_a_private_page_opens_after_signing_in_at_allauth(client, trainee, password):
    home = Site.objects.get(is_default_site=True).root_page
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)

    response = client.post(
        f"{ALLAUTH_LOGIN}?next={home.url}", {"login": trainee.email, "password": password}
    )

    assert response["Location"] == home.url
    assert client.get(home.url).status_code == 200


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _is_password_form(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    return isinstance(view_class, type) and issubclass(
        view_class, LoginView | PasswordResetConfirmView
    )


def test_no_route_serves_a_django_login_or_password_reset_form(client, trainee, password):
    """Walks the whole URLconf for Django's own sign-in views (Wagtail's admin and front-end
    logins are LoginViews, its admin password reset a PasswordResetConfirmView). Each one
    found must be shadowed by a redirect to allauth or answer 404, and sign nobody in."""
    found = []
    for route, callback in _routes(get_resolver().url_patterns):
        if not _is_password_form(callback):
            continue
        url = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
        found.append(url)
        assert not _is_password_form(resolve(url).func) or client.get(url).status_code == 404
        response = client.post(
            url,
            {"username": trainee.email, "password": password, "new_password1": NEW_PASSWORD},
        )
        assert response.status_code == 404 or response["Location"].startswith(ALLAUTH_LOGIN)
        assert not signed_in(client), url
    # The walk did find them: the two logins and the admin's password reset.
    assert {"/_util/login/", "/admin/login/"} <= set(found)
    assert any(url.startswith("/admin/password_reset/") for url in found)


# --- Routes without a password --------------------------------------------------------------


def test_sign_in_by_emailed_code_does_not_exist(client, trainee):
    with pytest.raises(NoReverseMatch):
        reverse("account_request_login_code")

    assert client.get("/accounts/login/code/").status_code == 404
    assert client.post("/accounts/login/code/", {"email": trainee.email}).status_code == 404
    assert not signed_in(client)


def test_sign_up_gives_no_session_until_the_email_is_confirmed(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Asha Rao",
            "email": "asha.rao@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert not signed_in(client)


def test_sign_up_with_a_locked_email_and_its_password_gives_no_session(client, trainee, password):
    lock_out(client, trainee.email)

    client.post(
        "/accounts/signup/",
        {
            "full_name": "Someone Else",
            "email": trainee.email,
            "password1": password,
            "password2": password,
        },
    )

    assert not signed_in(client)


def test_a_confirmation_link_opened_in_another_browser_gives_no_session(client, db):
    """allauth signs in on confirmation only the browser that signed up (which gave the
    password); anyone else holding the link confirms the address and stays signed out."""
    Client().post(
        "/accounts/signup/",
        {
            "full_name": "Asha Rao",
            "email": "asha.rao@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body)

    response = client.post(link.group(1))

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="asha.rao@example.org").verified
    assert not signed_in(client)


def test_a_password_reset_link_sets_the_password_but_gives_no_session(client, trainee):
    client.post("/accounts/password/reset/", {"email": trainee.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    set_password_url = client.get(link.group(1))["Location"]

    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response["Location"] == reverse("account_reset_password_from_key_done")
    trainee.refresh_from_db()
    assert trainee.check_password(NEW_PASSWORD)
    assert not signed_in(client)


def test_an_invitation_signs_in_through_allauth(client, db):
    """The token proves the mailbox: the address is verified and allauth's login flow (its
    checks, its signal, its message) gives the session."""
    invitee = UserFactory(email="invited.i@example.org", verified_email=False)
    EmailAddress.objects.create(user=invitee, email=invitee.email, primary=True, verified=False)
    _invitation, token = invitation_create(user=invitee)
    logins = []

    def record(sender, user, **kwargs):
        logins.append(user.pk)

    allauth_signals.user_logged_in.connect(record)
    try:
        response = client.post(
            reverse("invitation_accept", args=[token]),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            follow=True,
        )
    finally:
        allauth_signals.user_logged_in.disconnect(record)

    assert logins == [invitee.pk]
    assert client.session[SESSION_KEY] == str(invitee.pk)
    assert EmailAddress.objects.get(user=invitee).verified
    assert "Your password is set. Welcome!" in response.content.decode()


def test_an_invitation_for_a_deactivated_account_gives_no_session(client, db):
    invitee = UserFactory(email="invited.i@example.org", verified_email=False)
    _invitation, token = invitation_create(user=invitee)
    invitee.is_active = False
    invitee.save(update_fields=["is_active"])

    response = client.post(
        reverse("invitation_accept", args=[token]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 404
    assert not signed_in(client)
