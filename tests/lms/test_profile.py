"""The profile page: name on certificates, language and time zone, for the signed-in person."""

import zoneinfo

import pytest
from django.contrib.auth import get_user_model

from tests.factories import UserFactory

User = get_user_model()

PROFILE_URL = "/accounts/profile/"


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


def profile_data(**overrides):
    data = {
        "full_name": "Meera Iyer",
        "preferred_language": "en",
        "time_zone": "Asia/Kolkata",
    }
    data.update(overrides)
    return data


def test_profile_requires_login(client, db):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={PROFILE_URL}"


def test_profile_post_requires_login_and_changes_nothing(client, trainee):
    name_before = trainee.full_name

    response = client.post(PROFILE_URL, profile_data(full_name="Intruder"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    trainee.refresh_from_db()
    assert trainee.full_name == name_before


def test_profile_shows_the_form_with_labels_and_current_values(client, trainee):
    trainee.full_name = "Kavya Nair"
    trainee.save()
    client.force_login(trainee)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert f"Signed in as {trainee.email}." in content
    for label in ("Full name", "Preferred language", "Time zone"):
        assert f">{label}" in content
    assert 'value="Kavya Nair"' in content
    assert "Your name as it should appear on your certificate." in content
    assert "Save profile" in content


def test_profile_post_saves_name_language_and_time_zone(client, trainee):
    client.force_login(trainee)

    response = client.post(
        PROFILE_URL,
        profile_data(
            full_name="  Meera   Iyer ", preferred_language="hi", time_zone="America/Los_Angeles"
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    trainee.refresh_from_db()
    assert trainee.full_name == "Meera Iyer"
    assert trainee.preferred_language == "hi"
    assert trainee.time_zone == zoneinfo.ZoneInfo("America/Los_Angeles")


def test_profile_confirms_the_save(client, trainee):
    client.force_login(trainee)

    response = client.post(PROFILE_URL, profile_data(), follow=True)

    assert "Your profile has been saved." in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Please enter your full name."),
        ({"full_name": "   "}, "full_name", "Please enter your full name."),
        (
            {"full_name": "x" * 151},
            "full_name",
            "Ensure this value has at most 150 characters (it has 151).",
        ),
        (
            {"time_zone": "Mars/Olympus_Mons"},
            "time_zone",
            "Select a valid choice. Mars/Olympus_Mons is not one of the available choices.",
        ),
        (
            {"preferred_language": "xx"},
            "preferred_language",
            "Select a valid choice. xx is not one of the available choices.",
        ),
    ],
)
def test_profile_invalid_input_shows_error_and_saves_nothing(
    client, trainee, overrides, field, message
):
    before = User.objects.values("full_name", "preferred_language", "time_zone").get(pk=trainee.pk)
    client.force_login(trainee)
    # Every other field is changed too, so a partial save would show.
    data = profile_data(full_name="Changed Name", preferred_language="hi", time_zone="UTC")
    data.update(overrides)

    response = client.post(PROFILE_URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    content = response.content.decode()
    assert message in content
    assert "field--error" in content
    after = User.objects.values("full_name", "preferred_language", "time_zone").get(pk=trainee.pk)
    assert after == before


def test_profile_only_ever_shows_and_edits_the_signed_in_person(client, trainee):
    other = UserFactory(email="someone.else@example.org", full_name="Someone Else")
    client.force_login(trainee)

    # A smuggled id or email is ignored: the form is bound to request.user.
    response = client.get(f"{PROFILE_URL}?pk={other.pk}&email={other.email}")
    content = response.content.decode()
    assert "Someone Else" not in content
    assert other.email not in content

    client.post(
        PROFILE_URL, {**profile_data(full_name="New Name"), "pk": other.pk, "email": other.email}
    )

    trainee.refresh_from_db()
    other.refresh_from_db()
    assert trainee.full_name == "New Name"
    assert trainee.email == "trainee.t@example.org"
    assert other.full_name == "Someone Else"


def test_profile_cannot_change_email_or_role_fields(client, trainee):
    client.force_login(trainee)

    client.post(
        PROFILE_URL,
        {**profile_data(), "email": "new@example.org", "is_staff": "on", "is_superuser": "on"},
    )

    trainee.refresh_from_db()
    assert trainee.email == "trainee.t@example.org"
    assert not trainee.is_staff
    assert not trainee.is_superuser


def test_profile_page_is_shown_in_the_persons_language(client, trainee):
    trainee.preferred_language = "hi"
    trainee.save()
    client.force_login(trainee)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert 'lang="hi"' in response.content.decode()


def test_profile_rejects_other_methods(client, trainee):
    client.force_login(trainee)

    assert client.put(PROFILE_URL).status_code == 405
