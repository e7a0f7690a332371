"""The privacy notice and people's agreement to it (issue 18, part 1): sign-up and invitations
record the version, time and language; a new version asks again on the next page and comes
back; withdrawing asks for erasure; the notice reads in Hindi; setup_site and the demo; the
export holds the consents; the gate costs learner pages no query. The admin's side is
tests/lms/test_consent_admin.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.services import enrolment_create
from lms import consent, roles
from lms.audit_log import describe
from lms.data_export_sections import _consents
from lms.invitations import invitation_create
from lms.models import AuditEvent, Consent, ErasureRequest, PrivacyNotice
from lms.services import user_create
from lms.site import DemoRun
from tests.factories import UserFactory, course_tree_build
from tests.factories.consent import PrivacyNoticeFactory
from tests.factories.lms import PASSWORD

User = get_user_model()

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
AGREE_URL = "/accounts/privacy/agree/"
WITHDRAW_URL = "/accounts/privacy/withdraw/"
REAUTH_URL = "/accounts/reauthenticate/"
PROFILE_URL = "/accounts/profile/"
STRONG_PASSWORD = "lantern-orchard-97"
REQUIRED = "Please tick the box to agree to the privacy notice."


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


def signup_data(**overrides):
    data = {
        "full_name": "Asha Rao",
        "email": "asha.rao@example.org",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


def agreed(person, notice=None):
    """`person` agreed to `notice` (the version in force) as they would on the site."""
    notice = notice or consent.privacy_notice_in_force()
    consent.consent_agree(person=person, notice=notice, language="en")
    return person


# --- Sign-up ---------------------------------------------------------------------------------


def test_without_a_published_notice_sign_up_has_no_box_and_works_as_before(client):
    page = client.get(SIGNUP_URL).content.decode()
    assert 'name="privacy_agree"' not in page

    client.post(SIGNUP_URL, signup_data())

    user = User.objects.get(email="asha.rao@example.org")
    assert user.privacy_notice_version is None
    assert not Consent.objects.exists()


def test_sign_up_shows_the_notice_summary_with_a_link_and_a_box(client):
    notice = PrivacyNoticeFactory()

    page = client.get(SIGNUP_URL).content.decode()

    assert 'name="privacy_agree"' in page and 'type="checkbox"' in page
    assert notice.texts.get().summary in page
    assert f'href="/privacy/version/{notice.version}/"' in page


def test_sign_up_without_ticking_the_box_says_so_and_creates_no_account(client):
    PrivacyNoticeFactory()

    response = client.post(SIGNUP_URL, signup_data(privacy_version="1"))

    assert response.status_code == 200
    assert REQUIRED in response.content.decode()
    assert not User.objects.filter(email="asha.rao@example.org").exists()
    assert not Consent.objects.exists()


def test_sign_up_records_the_version_time_and_language_with_the_account(client):
    PrivacyNoticeFactory()  # version 1, no longer in force
    notice = PrivacyNoticeFactory(hindi=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    before = timezone.now()

    response = client.post(
        SIGNUP_URL, signup_data(privacy_agree="on", privacy_version=str(notice.version))
    )

    assert response.status_code == 302
    user = User.objects.get(email="asha.rao@example.org")
    agreement = Consent.objects.get(person=user)
    assert agreement.notice == notice and agreement.language == "hi"
    assert before <= agreement.agreed_at <= timezone.now()
    assert agreement.withdrawn_at is None
    assert user.privacy_notice_version == notice.version == 2
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.CONSENT_AGREED)
    assert (event.subject_id, event.actor_id) == (user.pk, user.pk)
    assert event.data == {"consent_id": agreement.pk, "notice_id": notice.pk, "version": 2}


def test_a_version_published_while_signing_up_is_shown_and_asked_for_again(client):
    PrivacyNoticeFactory()
    newer = PrivacyNoticeFactory()

    response = client.post(SIGNUP_URL, signup_data(privacy_agree="on", privacy_version="1"))

    page = response.content.decode()
    assert response.status_code == 200 and "The privacy notice changed" in page
    assert f'name="privacy_version" value="{newer.version}"' in page
    assert not User.objects.filter(email="asha.rao@example.org").exists()


# --- Invitations ----------------------------------------------------------------------------


@pytest.fixture
def invitee():
    return user_create(
        email="invitee@example.org", full_name="Ravi Rao", role=roles.TRAINEE, email_verified=False
    )


def test_an_invitation_records_the_agreement_with_the_password(client, invitee):
    notice = PrivacyNoticeFactory()
    _invitation, token = invitation_create(user=invitee)
    url = reverse("invitation_accept", args=[token])
    passwords = {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD}

    unticked = client.post(url, {**passwords, "privacy-privacy_version": "1"})

    assert unticked.status_code == 200 and REQUIRED in unticked.content.decode()
    invitee.refresh_from_db()
    assert not invitee.has_usable_password() and not Consent.objects.exists()

    ticked = client.post(
        url, {**passwords, "privacy-privacy_version": "1", "privacy-privacy_agree": "on"}
    )

    assert ticked.status_code == 302 and ticked["Location"] == "/learn/"
    invitee.refresh_from_db()
    assert invitee.privacy_notice_version == notice.version
    assert Consent.objects.get(person=invitee).notice == notice
    # Straight to their learning: nothing more to agree to.
    assert client.get("/learn/").status_code == 200


# --- Asked again -----------------------------------------------------------------------------


def test_a_new_version_sends_the_person_to_agree_and_then_back(client, trainee):
    agreed(trainee, PrivacyNoticeFactory())
    client.force_login(trainee)
    assert client.get("/learn/").status_code == 200
    newer = PrivacyNoticeFactory()

    asked = client.get("/learn/?tab=1")

    assert asked.status_code == 302
    assert asked["Location"] == AGREE_URL + "?next=%2Flearn%2F%3Ftab%3D1"
    page = client.get(asked["Location"]).content.decode()
    assert newer.texts.get().title in page and "Version 2 is now in force" in page

    unticked = client.post(AGREE_URL, {"next": "/learn/?tab=1", "privacy-privacy_version": "2"})

    assert unticked.status_code == 200 and REQUIRED in unticked.content.decode()
    trainee.refresh_from_db()
    assert trainee.privacy_notice_version == 1

    back = client.post(
        AGREE_URL,
        {"next": "/learn/?tab=1", "privacy-privacy_version": "2", "privacy-privacy_agree": "on"},
    )

    assert back.status_code == 302 and back["Location"] == "/learn/?tab=1"
    assert client.get("/learn/").status_code == 200
    assert list(
        Consent.objects.filter(person=trainee).order_by("pk").values_list("notice__version")
    ) == [(1,), (2,)]


def test_staff_are_asked_too_including_in_the_admin(client, editor):
    PrivacyNoticeFactory()
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith(AGREE_URL)


def test_agreeing_twice_agrees_once(client, trainee):
    PrivacyNoticeFactory()
    client.force_login(trainee)
    data = {"privacy-privacy_version": "1", "privacy-privacy_agree": "on"}

    client.post(AGREE_URL, data)
    second = client.post(AGREE_URL, data)

    assert second.status_code == 302
    assert Consent.objects.filter(person=trainee).count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.CONSENT_AGREED).count() == 1


def test_an_unsafe_next_is_ignored_after_agreeing(client, trainee):
    PrivacyNoticeFactory()
    client.force_login(trainee)

    response = client.post(
        AGREE_URL,
        {
            "next": "https://elsewhere.example/",
            "privacy-privacy_version": "1",
            "privacy-privacy_agree": "on",
        },
    )

    assert response.status_code == 302 and response["Location"] == "/learn/"


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/privacy/"),
        ("get", "/privacy/version/1/"),
        ("get", AGREE_URL),
        ("get", PROFILE_URL),
        ("get", "/accounts/logout/"),
        ("get", "/health/live/"),
        ("get", "/verify/"),
        ("get", "/jsi18n/"),
        ("post", "/i18n/setlang/"),
    ],
)
def test_these_pages_open_without_agreeing(client, trainee, method, path):
    PrivacyNoticeFactory()
    client.force_login(trainee)

    response = getattr(client, method)(path)

    assert not response.get("Location", "").startswith(AGREE_URL)
    assert response.status_code < 500


def test_a_script_is_told_in_json_and_a_form_comes_back_to_its_page(client, trainee):
    PrivacyNoticeFactory()
    client.force_login(trainee)

    script = client.post("/notices/read-all/", headers={"Accept": "application/json"})
    form = client.post("/notices/read-all/", headers={"Referer": "http://testserver/notices/"})

    assert script.status_code == 403 and "privacy notice" in script.json()["error"]
    assert form.status_code == 303 and form["Location"] == AGREE_URL + "?next=%2Fnotices%2F"


def test_nothing_to_agree_to_goes_straight_on(client, trainee):
    client.force_login(trainee)

    response = client.get(AGREE_URL + "?next=/notices/")

    assert response.status_code == 302 and response["Location"] == "/notices/"


def test_a_cached_version_the_database_lacks_never_loops(client, trainee):
    from django.core.cache import cache

    cache.set(consent.CACHE_KEY, 4)  # e.g. a database restored from an older backup
    client.force_login(trainee)

    sent = client.get("/notices/")
    back = client.get(sent["Location"])

    assert back.status_code == 302 and back["Location"] == "/notices/"
    assert client.get("/notices/").status_code == 200


def test_a_cache_that_fails_costs_a_query_never_the_page(client, trainee, monkeypatch):
    PrivacyNoticeFactory()
    client.force_login(trainee)

    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise RuntimeError("cache server on fire")

            return fail

    monkeypatch.setattr(consent, "cache", Broken())  # the rest of the site keeps its cache

    assert client.get("/learn/")["Location"].startswith(AGREE_URL)
    agreed(trainee)
    assert client.get("/learn/").status_code == 200


# --- Withdrawing -----------------------------------------------------------------------------


def test_withdrawing_asks_for_one_erasure_and_writes_the_audit_log(client, trainee):
    agreed(trainee, PrivacyNoticeFactory())
    client.force_login(trainee)
    page = client.get(WITHDRAW_URL).content.decode()
    assert "Withdraw my consent" in page and "#erasure" in page

    asked = client.post(WITHDRAW_URL)
    assert asked["Location"].startswith(REAUTH_URL)  # the password first, by allauth
    assert not ErasureRequest.objects.exists()
    client.post(REAUTH_URL, {"password": PASSWORD})
    first = client.post(WITHDRAW_URL)
    second = client.post(WITHDRAW_URL)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == PROFILE_URL + "#erasure"
    erasure = ErasureRequest.objects.get(person=trainee)
    assert erasure.status == ErasureRequest.Status.PENDING
    assert erasure.reason == ErasureRequest.Reason.CONSENT
    agreement = Consent.objects.get(person=trainee)
    assert agreement.withdrawn_at is not None
    trainee.refresh_from_db()
    assert trainee.privacy_notice_version is None
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.CONSENT_WITHDRAWN)
    assert (event.subject_id, event.actor_id) == (trainee.pk, trainee.pk)
    assert event.data == {"consent_ids": [agreement.pk], "erasure_id": erasure.pk}
    assert "erasure asked for" in describe(event, {})
    # Their learning now asks for consent again; their profile does not.
    assert client.get("/learn/")["Location"].startswith(AGREE_URL)
    profile = client.get(PROFILE_URL).content.decode()
    assert "You withdrew your consent" in profile


def test_staff_cannot_withdraw_and_are_told_why_with_nothing_recorded(client, supervisor):
    agreed(supervisor, PrivacyNoticeFactory())
    client.force_login(supervisor)
    client.post(REAUTH_URL, {"password": PASSWORD})

    response = client.post(WITHDRAW_URL)

    assert response.status_code == 200
    assert "cannot be erased" in response.content.decode()
    assert not ErasureRequest.objects.exists()
    assert Consent.objects.get(person=supervisor).withdrawn_at is None
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.CONSENT_WITHDRAWN).exists()
    supervisor.refresh_from_db()
    assert supervisor.privacy_notice_version == 1


def test_withdrawing_with_nothing_agreed_changes_nothing(client, trainee):
    client.force_login(trainee)

    response = client.post(WITHDRAW_URL)

    assert response.status_code == 302 and not ErasureRequest.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_pages_refuse_other_methods(client, trainee, method):
    client.force_login(trainee)
    for url in (WITHDRAW_URL, AGREE_URL, "/privacy/"):
        assert getattr(client, method)(url).status_code == 405


# --- The profile -----------------------------------------------------------------------------


def test_the_profile_says_which_version_was_agreed_when_and_offers_withdrawal(client, trainee):
    notice = PrivacyNoticeFactory()
    agreed(trainee, notice)
    Consent.objects.filter(person=trainee).update(agreed_at=datetime(2026, 3, 1, 20, 0, tzinfo=UTC))
    User.objects.filter(pk=trainee.pk).update(time_zone="Asia/Kolkata")
    client.force_login(trainee)

    page = client.get(PROFILE_URL).content.decode()

    assert 'id="privacy"' in page
    assert "You agreed to version 1 of the privacy notice" in page
    assert "2 Mar 2026, 01:30" in page  # 20:00 UTC in the person's zone
    assert 'href="/privacy/version/1/"' in page
    assert f'href="{WITHDRAW_URL}"' in page
    assert page.index('id="privacy"') < page.index('id="your-data"')


# --- The public page, in Hindi --------------------------------------------------------------


def test_the_notice_reads_in_hindi_for_a_hindi_reader(client):
    PrivacyNoticeFactory(hindi=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"

    page = client.get("/privacy/").content.decode()

    assert 'lang="hi"' in page
    assert "हम आपकी जानकारी का ध्यान कैसे रखते हैं" in page
    assert "आपके निजी चिंतन सिर्फ़ आपके हैं।" in page


def test_a_notice_not_yet_in_hindi_shows_its_english_marked_as_such(client):
    notice = PrivacyNoticeFactory()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"

    page = client.get("/privacy/").content.decode()

    assert notice.texts.get().title in page
    assert '<div class="privacy-notice" lang="en">' in page


def test_an_earlier_version_is_readable_and_says_so_and_drafts_are_not(client):
    PrivacyNoticeFactory()
    PrivacyNoticeFactory()
    draft = PrivacyNoticeFactory(published=False)

    earlier = client.get("/privacy/version/1/").content.decode()

    assert "This is an earlier version" in earlier
    assert client.get("/privacy/version/3/").status_code == 404
    assert draft.version is None


def test_every_page_links_to_the_notice(client):
    assert 'href="/privacy/"' in client.get("/accounts/login/").content.decode()


# --- setup_site and the demo -----------------------------------------------------------------


def test_setup_site_publishes_version_one_in_english_and_hindi_once(settings):
    from lms.apps import _privacy_notice_setup

    settings.PRIVACY_NOTICE_SETUP = True

    assert _privacy_notice_setup() == "Privacy notice: version 1 published"
    assert _privacy_notice_setup() == "Privacy notice: a version exists already"

    notice = PrivacyNotice.objects.get()
    texts = {text.language: text for text in notice.texts.all()}
    assert notice.version == 1 and set(texts) == {"en", "hi"}
    assert "programme admins of your organisation" in texts["en"].body
    assert "संगठन के प्रोग्राम एडमिन" in texts["hi"].body
    assert "/accounts/profile/" in texts["hi"].body
    assert consent.privacy_notice_version_in_force() == 1


def test_the_demo_accounts_agree_to_the_notice_in_force():
    from lms.apps import _demo_consents_load

    PrivacyNoticeFactory(hindi=True)
    people = [UserFactory(), UserFactory(preferred_language="hi")]

    lines = _demo_consents_load(DemoRun(accounts=people))

    assert lines == ["Demo data: 2 account(s) agreed to the privacy notice."]
    assert sorted(Consent.objects.values_list("language", flat=True)) == ["en", "hi"]
    assert _demo_consents_load(DemoRun(accounts=people)) == lines  # nothing new
    assert Consent.objects.count() == 2


# --- The export ------------------------------------------------------------------------------


def test_the_export_lists_each_consent_with_its_version_and_title(trainee):
    first = PrivacyNoticeFactory()
    agreed(trainee, first)
    Consent.objects.filter(person=trainee).update(withdrawn_at=timezone.now())
    second = PrivacyNoticeFactory()
    agreed(trainee, second)

    rows = _consents(trainee)

    assert [row["privacy_notice_version"] for row in rows] == [1, 2]
    assert rows[0]["title"] == first.texts.get().title
    assert rows[0]["withdrawn_at"] is not None and rows[1]["withdrawn_at"] is None
    assert {row["language"] for row in rows} == {"en"}


# --- What it costs a learner page -----------------------------------------------------------


def _lesson_queries(client, url) -> int:
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_learner_page_costs_the_same_queries_with_a_notice_in_force(client, trainee):
    tree = course_tree_build(modules=1, lessons=2)
    enrolment_create(user=trainee, course=tree.course)
    client.force_login(trainee)
    url = tree.lessons[0].url
    before = _lesson_queries(client, url)

    agreed(trainee, PrivacyNoticeFactory())

    assert _lesson_queries(client, url) == before


def test_the_audit_log_describes_an_agreement():
    event = AuditEvent(kind=AuditEvent.Kind.CONSENT_AGREED, data={"version": 3})

    assert describe(event, {}) == "Privacy notice version 3 agreed to."


def test_an_old_open_page_never_lowers_the_version_agreed(trainee):
    old = PrivacyNoticeFactory()
    agreed(trainee, PrivacyNoticeFactory())

    agreed(trainee, old)

    trainee.refresh_from_db()
    assert trainee.privacy_notice_version == 2
    assert timezone.now() - Consent.objects.latest("agreed_at").agreed_at < timedelta(minutes=1)
