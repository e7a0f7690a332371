"""Each role lands where it works (issue 17): trainees on their learning, supervisors on their
review queue, editors, reviewers and admins in the editing area; a person with several roles
lands on the first of those and switches from the header; a safe `?next=` still wins."""

import html
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.core import mail

from lms import roles
from lms.invitations import invitation_create
from lms.services import user_create
from tests.factories import UserFactory

LOGIN_URL = "/accounts/login/"
LEARNING = "/learn/"
REVIEW = "/supervise/"
ADMIN = "/admin/"
STRONG_PASSWORD = "copper-meadow-4412"


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


def person(*role_names, **fields):
    user = UserFactory(**fields)
    user.groups.add(*Group.objects.filter(name__in=role_names))
    return user


def sign_in(client, user, password, query=""):
    """A real sign-in: the allauth login form, posted."""
    response = client.post(f"{LOGIN_URL}{query}", {"login": user.email, "password": password})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    return response


def switch_nav(page: str) -> str | None:
    """The header's "Switch to" navigation, or None when the page has none."""
    match = re.search(r'<nav class="place-switch".*?</nav>', page, re.S)
    return match.group(0) if match else None


def link_texts(html: str) -> list[str]:
    return [text.strip() for text in re.findall(r"<a [^>]*>([^<]*)</a>", html)]


# --- Where each role lands ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role_names", "landing"),
    [
        ((roles.TRAINEE,), LEARNING),
        ((roles.SUPERVISOR,), REVIEW),
        ((roles.CONTENT_EDITOR,), ADMIN),
        ((roles.CLINICAL_REVIEWER,), ADMIN),
        ((roles.PROGRAMME_ADMIN,), ADMIN),
        ((), LEARNING),  # signed up, no role given yet
    ],
)
def test_each_role_lands_where_it_works(client, password, role_names, landing):
    user = person(*role_names)

    response = sign_in(client, user, password)

    assert response["Location"] == landing
    assert client.get(landing).status_code == 200


@pytest.mark.django_db
def test_a_superuser_lands_in_the_editing_area(client, password):
    user = person(is_superuser=True, is_staff=True)

    assert sign_in(client, user, password)["Location"] == ADMIN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role_names", "landing"),
    [
        ((roles.TRAINEE, roles.SUPERVISOR), REVIEW),
        ((roles.SUPERVISOR, roles.CONTENT_EDITOR), ADMIN),
        ((roles.TRAINEE, roles.CLINICAL_REVIEWER), ADMIN),
        ((roles.TRAINEE, roles.SUPERVISOR, roles.PROGRAMME_ADMIN), ADMIN),
    ],
)
def test_a_person_with_several_roles_lands_on_the_first_place_in_order(
    client, password, role_names, landing
):
    user = person(*role_names)

    assert sign_in(client, user, password)["Location"] == landing


@pytest.mark.django_db
def test_an_inactive_role_does_not_count(client, password):
    """Roles are read from the permissions the person holds now: a supervisor whose group was
    taken away lands on their learning."""
    user = person(roles.TRAINEE, roles.SUPERVISOR)
    user.groups.remove(Group.objects.get(name=roles.SUPERVISOR))

    assert sign_in(client, user, password)["Location"] == LEARNING


# --- ?next= ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", [roles.SUPERVISOR, roles.CONTENT_EDITOR, roles.TRAINEE])
def test_next_wins_over_the_landing_place(client, password, role_name):
    user = person(role_name)

    response = sign_in(client, user, password, "?next=/accounts/profile/")

    assert response["Location"] == "/accounts/profile/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unsafe", ["https://evil.example.org/", "//evil.example.org/learn/", "javascript:alert(1)"]
)
def test_an_unsafe_next_to_another_host_is_refused(client, password, unsafe):
    user = person(roles.SUPERVISOR)

    response = client.post(LOGIN_URL, {"login": user.email, "password": password, "next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == REVIEW


# --- Sign-up, email confirmation and invitations follow the same rule -----------------------


@pytest.mark.django_db
def test_confirming_the_address_after_sign_up_lands_on_learning(client):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Asha Rao",
            "email": "asha.rao@example.org",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )
    confirm_url = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)

    response = client.post(confirm_url)

    assert response.status_code == 302
    assert response["Location"] == LEARNING
    assert SESSION_KEY in client.session


@pytest.mark.django_db
def test_an_invited_supervisor_lands_on_the_review_queue(client, programme_admin):
    invitee = user_create(
        email="new.supervisor@example.org",
        full_name="Ravi Iyer",
        role=roles.SUPERVISOR,
        email_verified=False,
    )
    _invitation, token = invitation_create(user=invitee, by=programme_admin)

    response = client.post(
        f"/accounts/invitation/{token}/",
        {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == REVIEW


# --- Switching --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_supervisor_who_trains_switches_between_learning_and_the_review_queue(client, password):
    user = person(roles.TRAINEE, roles.SUPERVISOR)
    sign_in(client, user, password)

    review_nav = switch_nav(client.get(REVIEW).content.decode())
    learning_nav = switch_nav(client.get(LEARNING).content.decode())

    assert link_texts(review_nav) == ["My learning", "Review queue"]
    assert 'href="/learn/"' in review_nav
    assert 'href="/supervise/" aria-current="true"' in review_nav
    assert 'href="/learn/" aria-current="true"' in learning_nav
    assert "Editing area" not in review_nav
    assert 'aria-labelledby="place-switch-label"' in review_nav
    assert '<span id="place-switch-label"' in review_nav


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role_names", "places"),
    [
        ((roles.CONTENT_EDITOR,), ["My learning", "Editing area"]),
        (
            (roles.SUPERVISOR, roles.PROGRAMME_ADMIN),
            ["My learning", "Review queue", "Editing area"],
        ),
    ],
)
def test_the_switch_shows_only_the_places_a_person_may_use(client, role_names, places):
    client.force_login(person(*role_names))

    nav = switch_nav(client.get("/accounts/profile/").content.decode())

    assert link_texts(nav) == places


@pytest.mark.django_db
def test_a_trainee_has_one_place_and_no_switch(client, trainee):
    client.force_login(trainee)

    page = client.get(LEARNING).content.decode()

    assert switch_nav(page) is None
    assert "Switch to" not in page
    assert 'href="/learn/">My learning</a>' in page
    assert "Review queue" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", LOGIN_URL])
def test_an_anonymous_visitor_sees_no_switch(client, url):
    page = client.get(url).content.decode()

    assert switch_nav(page) is None
    assert "My learning" not in page
    assert "Review queue" not in page


@pytest.mark.django_db
def test_an_anonymous_visitor_at_a_work_place_is_asked_to_sign_in_and_returns_there(
    client, password
):
    supervisor = person(roles.SUPERVISOR)
    response = client.get(REVIEW)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={REVIEW}"
    assert sign_in(client, supervisor, password, f"?next={REVIEW}")["Location"] == REVIEW


# --- From the editing area back to the site ------------------------------------------------


def admin_menu_urls(page: str) -> set[str]:
    """The links in the admin's sidebar (its menu is JSON in the page)."""
    return set(re.findall(r'"url": "([^"]*)"', html.unescape(page)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role_names", "review_shown"),
    [((roles.CONTENT_EDITOR,), False), ((roles.SUPERVISOR, roles.PROGRAMME_ADMIN), True)],
)
def test_the_editing_area_links_back_to_the_site(client, role_names, review_shown):
    client.force_login(person(*role_names))

    page = client.get(ADMIN).content.decode()
    urls = admin_menu_urls(page)

    assert "Switch to" in page
    assert {"/", LEARNING} <= urls
    assert (REVIEW in urls) is review_shown
