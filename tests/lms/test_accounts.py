"""Sign-up, email verification, login, logout, password reset and the failed-login limit."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

User = get_user_model()

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
STRONG_PASSWORD = "lantern-orchard-97"


def signup_data(**overrides):
    data = {
        "full_name": "Asha Rao",
        "email": "asha.rao@example.org",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


def field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def first_link(message) -> str:
    match = re.search(r"http://testserver(/\S+)", message.body)
    assert match, f"no link in email body:\n{message.body}"
    return match.group(1)


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


# --- Sign-up ----------------------------------------------------------------------------------


def test_signup_page_shows_full_name_email_and_password_fields(client, db):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    content = response.content.decode()
    for name in ("full_name", "email", "password1", "password2"):
        assert f'name="{name}"' in content
    assert "Full name" in content
    assert "As it should appear on your certificate." in content


def test_signup_creates_one_unverified_user_with_full_name_and_sends_verification(client, db):
    users_before = User.objects.count()

    response = client.post(SIGNUP_URL, signup_data(full_name="  Asha   Rao "))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == users_before + 1
    user = User.objects.get(email="asha.rao@example.org")
    assert user.full_name == "Asha Rao"
    assert user.has_usable_password()
    address = EmailAddress.objects.get(user=user)
    assert address.email == "asha.rao@example.org"
    assert address.primary
    assert not address.verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["asha.rao@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert not is_logged_in(client)


def test_signup_stores_email_in_lower_case(client, db):
    client.post(SIGNUP_URL, signup_data(email="Asha.Rao@Example.ORG"))

    assert User.objects.filter(email="asha.rao@example.org").exists()


def test_unverified_user_cannot_log_in_until_email_is_confirmed(client, db):
    client.post(SIGNUP_URL, signup_data())
    verification = mail.outbox[-1]
    client.logout()

    response = client.post(
        LOGIN_URL, {"login": "asha.rao@example.org", "password": STRONG_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_logged_in(client)

    confirm_url = first_link(verification)
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="asha.rao@example.org").verified
    client.logout()
    response = client.post(
        LOGIN_URL, {"login": "asha.rao@example.org", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert is_logged_in(client)


@pytest.mark.parametrize(
    "email",
    ["trainee.t@example.org", "TRAINEE.T@EXAMPLE.ORG", " Trainee.T@example.org "],
)
def test_signup_with_existing_email_answers_as_for_a_new_one_and_emails_the_owner(
    client, trainee, email
):
    """Account enumeration is prevented by default: the page cannot tell whether the
    address has an account; the owner is told by email instead."""
    new_client = Client()
    new_response = new_client.post(SIGNUP_URL, signup_data(email="someone.new@example.org"))
    mail.outbox.clear()
    users_before = User.objects.count()
    addresses_before = EmailAddress.objects.count()

    response = client.post(SIGNUP_URL, signup_data(email=email))

    assert response.status_code == new_response.status_code == 302
    assert response["Location"] == new_response["Location"]
    # The same page, down to the "Confirmation email sent to <address>" line.
    page = client.get(response["Location"]).content.decode().lower()
    new_page = new_client.get(new_response["Location"]).content.decode().lower()
    assert page.replace(email.strip().lower(), "<email>") == new_page.replace(
        "someone.new@example.org", "<email>"
    )
    assert "already registered" not in page
    assert User.objects.count() == users_before
    assert EmailAddress.objects.count() == addresses_before
    assert [message.to for message in mail.outbox] == [[trainee.email]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert not is_logged_in(client)


def test_signup_with_existing_email_is_told_when_prevention_is_turned_off(
    client, trainee, settings
):
    settings.ACCOUNT_PREVENT_ENUMERATION = False
    users_before = User.objects.count()

    response = client.post(SIGNUP_URL, signup_data(email=trainee.email))

    assert response.status_code == 200
    assert User.objects.count() == users_before
    assert field_errors(response, "email") == [
        "A user is already registered with this email address."
    ]
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "This password is too common."),
        ("password", "This password is too short. It must contain at least 10 characters."),
        ("4817293650", "This password is entirely numeric."),
        ("asha.rao@example.org", "The password is too similar to the email address."),
    ],
)
def test_signup_with_weak_password_shows_error_and_creates_nothing(client, db, password, message):
    users_before = User.objects.count()

    response = client.post(SIGNUP_URL, signup_data(password1=password, password2=password))

    assert response.status_code == 200
    assert User.objects.count() == users_before
    assert message in field_errors(response, "password1")
    assert message in response.content.decode()
    assert mail.outbox == []


def test_signup_with_mismatched_passwords_shows_error_and_creates_nothing(client, db):
    users_before = User.objects.count()

    response = client.post(SIGNUP_URL, signup_data(password2=STRONG_PASSWORD + "x"))

    assert response.status_code == 200
    assert User.objects.count() == users_before
    assert "You must type the same password each time." in response.content.decode()


@pytest.mark.parametrize("name", ["", "   ", "\t\n "])
def test_signup_with_empty_name_shows_error_and_creates_nothing(client, db, name):
    users_before = User.objects.count()

    response = client.post(SIGNUP_URL, signup_data(full_name=name))

    assert response.status_code == 200
    assert User.objects.count() == users_before
    assert field_errors(response, "full_name") == ["Please enter your full name."]
    assert "Please enter your full name." in response.content.decode()
    assert mail.outbox == []


def test_signup_with_10000_character_name_shows_error_and_creates_nothing(client, db):
    users_before = User.objects.count()

    response = client.post(SIGNUP_URL, signup_data(full_name="A" * 10_000))

    assert response.status_code == 200
    assert User.objects.count() == users_before
    message = "Ensure this value has at most 150 characters (it has 10000)."
    assert field_errors(response, "full_name") == [message]
    assert message in response.content.decode()


def test_signup_with_invalid_email_shows_error_and_creates_nothing(client, db):
    users_before = User.objects.count()

    response = client.post(SIGNUP_URL, signup_data(email="not-an-email"))

    assert response.status_code == 200
    assert User.objects.count() == users_before
    assert field_errors(response, "email") == ["Enter a valid email address."]


# --- Login and logout ---------------------------------------------------------------------


def test_verified_user_logs_in_with_email_and_password(client, trainee, password):
    response = client.post(LOGIN_URL, {"login": trainee.email, "password": password})

    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert client.session[SESSION_KEY] == str(trainee.pk)


def test_login_email_is_case_insensitive(client, trainee, password):
    client.post(LOGIN_URL, {"login": trainee.email.upper(), "password": password})

    assert client.session[SESSION_KEY] == str(trainee.pk)


def test_login_with_wrong_password_shows_error_and_does_not_log_in(client, trainee):
    response = client.post(LOGIN_URL, {"login": trainee.email, "password": "not-the-password"})

    assert response.status_code == 200
    assert not is_logged_in(client)
    assert (
        "The email address and/or password you specified are not correct."
        in response.content.decode()
    )


def test_login_follows_next_to_the_page_asked_for(client, trainee, password):
    response = client.post(
        f"{LOGIN_URL}?next=/accounts/profile/", {"login": trainee.email, "password": password}
    )

    assert response["Location"] == "/accounts/profile/"


def test_logout_by_get_asks_for_confirmation_and_keeps_the_session(client, trainee):
    client.force_login(trainee)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert is_logged_in(client)


def test_logout_by_post_ends_the_session(client, trainee):
    client.force_login(trainee)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == settings.ACCOUNT_LOGOUT_REDIRECT_URL
    assert not is_logged_in(client)
    assert client.get("/accounts/profile/").status_code == 302


# --- Password reset ---------------------------------------------------------------------------


def test_password_reset_email_link_sets_a_new_password_that_then_logs_in(client, trainee, password):
    new_password = "copper-meadow-4412"

    response = client.post("/accounts/password/reset/", {"email": trainee.email.upper()})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [trainee.email]
    key_url = first_link(mail.outbox[0])
    assert key_url.startswith("/accounts/password/reset/key/")

    # allauth moves the key from the URL into the session, then shows the form.
    response = client.get(key_url)
    assert response.status_code == 302
    set_password_url = response["Location"]
    response = client.get(set_password_url)
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()

    response = client.post(set_password_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    trainee.refresh_from_db()
    assert trainee.check_password(new_password)
    assert not trainee.check_password(password)
    client.logout()
    client.post(LOGIN_URL, {"login": trainee.email, "password": password})
    assert not is_logged_in(client)
    client.post(LOGIN_URL, {"login": trainee.email, "password": new_password})
    assert client.session[SESSION_KEY] == str(trainee.pk)


def test_password_reset_for_an_unknown_email_answers_as_for_a_known_one(client, trainee):
    known = client.post("/accounts/password/reset/", {"email": trainee.email})
    known_page = client.get(known["Location"]).content.decode()
    mail.outbox.clear()

    response = Client().post("/accounts/password/reset/", {"email": "nobody.here@example.org"})

    assert response.status_code == known.status_code == 302
    assert response["Location"] == known["Location"]
    assert Client().get(response["Location"]).content.decode() == known_page
    # The person who typed the address is told by email that it has no account here.
    assert [message.to for message in mail.outbox] == [["nobody.here@example.org"]]
    assert "/accounts/password/reset/key/" not in mail.outbox[0].body
    assert "/accounts/signup/" in mail.outbox[0].body


def test_password_reset_link_works_only_once(client, trainee):
    client.post("/accounts/password/reset/", {"email": trainee.email})
    key_url = first_link(mail.outbox[0])
    set_password_url = client.get(key_url)["Location"]
    client.post(
        set_password_url, {"password1": "copper-meadow-4412", "password2": "copper-meadow-4412"}
    )
    client.logout()

    response = client.get(key_url, follow=True)

    assert "The password reset link was invalid" in response.content.decode()


def test_password_reset_rejects_a_weak_new_password(client, trainee, password):
    client.post("/accounts/password/reset/", {"email": trainee.email})
    set_password_url = client.get(first_link(mail.outbox[0]))["Location"]

    response = client.post(set_password_url, {"password1": "12345678", "password2": "12345678"})

    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.check_password(password)


# --- Failed-login limit -----------------------------------------------------------------------


def test_after_five_failed_logins_even_the_right_password_is_refused(client, trainee, password):
    for _attempt in range(5):
        response = client.post(LOGIN_URL, {"login": trainee.email, "password": "wrong-guess"})
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()

    response = client.post(LOGIN_URL, {"login": trainee.email, "password": password})

    # allauth refuses the form (it does not answer 429 for this limit).
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert not is_logged_in(client)


def test_failed_login_limit_counts_the_email_whatever_its_case(client, trainee, password):
    for _attempt in range(5):
        client.post(LOGIN_URL, {"login": trainee.email.upper(), "password": "wrong-guess"})

    response = client.post(LOGIN_URL, {"login": trainee.email, "password": password})

    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert not is_logged_in(client)


def test_failed_login_limit_for_one_email_does_not_lock_out_another(client, trainee, password):
    other = UserFactory(email="other.person@example.org")
    for _attempt in range(5):
        client.post(LOGIN_URL, {"login": trainee.email, "password": "wrong-guess"})

    client.post(LOGIN_URL, {"login": other.email, "password": password})

    assert client.session[SESSION_KEY] == str(other.pk)


def test_too_many_login_requests_from_one_address_get_the_429_page(client, trainee, password):
    # The per-address limit on the login view ("login": 30 a minute) answers with 429.html.
    for _attempt in range(30):
        client.post(LOGIN_URL, {"login": f"nobody{_attempt}@example.org", "password": "x"})

    response = client.post(LOGIN_URL, {"login": trainee.email, "password": password})

    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many attempts" in content
    assert reverse("account_reset_password") in content
    assert not is_logged_in(client)
