"""Privacy notice versions in the admin (lms/consent_admin.py): content editors and national
admins write drafts and publish them; a published version is read-only and copying it starts a
new draft; trainees, supervisors and programme admins are refused."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from lms import consent, roles
from lms.models import PrivacyNotice
from tests.factories import UserFactory
from tests.factories.consent import PrivacyNoticeFactory

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/privacy_notices/"


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


def agreed(person, notice):
    """`person` may open the admin once `notice` is in force."""
    consent.consent_agree(person=person, notice=notice, language="en")


def _admin_form(publish=False, text_id=None, **text):
    """The admin's form for a version with one text (`text_id`: the draft's text, edited)."""
    row = {
        "language": "en",
        "title": "How we look after you",
        "summary": "We keep what you write to train you.",
        "body": rich_text("<p>What we keep, and why.</p>"),
        **text,
    }
    if text_id is not None:
        row["id"] = text_id
    data = nested_form_data(
        {"texts": inline_formset([row], initial=int(text_id is not None), min=1)}
    )
    if publish:
        data["publish"] = "on"
    return data


@pytest.mark.parametrize("role", [roles.CONTENT_EDITOR, roles.NATIONAL_ADMIN])
def test_editors_and_national_admins_publish_a_version(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(ADMIN_URL).status_code == 200

    response = client.post(ADMIN_URL + "new/", _admin_form(publish=True))

    assert response.status_code == 302
    notice = PrivacyNotice.objects.get()
    assert notice.version == 1 and notice.published_at is not None
    assert notice.texts.get().title == "How we look after you"
    assert consent.privacy_notice_version_in_force() == 1


def test_a_published_version_is_read_only_and_a_draft_is_not(client, editor):
    client.force_login(editor)
    client.post(ADMIN_URL + "new/", _admin_form())
    draft = PrivacyNotice.objects.get()
    assert draft.version is None
    edit_url = f"{ADMIN_URL}edit/{draft.pk}/"

    text_id = draft.texts.get().pk
    client.post(edit_url, _admin_form(publish=True, text_id=text_id, title="Version one"))
    draft.refresh_from_db()
    assert draft.version == 1
    agreed(editor, draft)

    opened = client.get(edit_url)
    changed = client.post(edit_url, _admin_form(text_id=text_id, title="Rewritten"))

    assert opened.status_code == changed.status_code == 302
    assert opened["Location"] == f"{ADMIN_URL}inspect/{draft.pk}/"
    assert draft.texts.get().title == "Version one"
    inspect = client.get(opened["Location"]).content.decode()
    assert "Version one" in inspect and "not changed" in inspect
    assert f'href="{ADMIN_URL}"' in inspect  # the breadcrumbs lead back to the list
    assert client.post(f"{ADMIN_URL}delete/{draft.pk}/").status_code == 302
    assert PrivacyNotice.objects.filter(pk=draft.pk).exists()


def test_copying_a_published_version_starts_a_draft_and_leaves_it_as_it_was(client, editor):
    published = PrivacyNoticeFactory()
    agreed(editor, published)
    original = published.texts.get()
    client.force_login(editor)
    copy_page = client.get(f"{ADMIN_URL}copy/{published.pk}/").content.decode()
    assert original.title in copy_page and 'action="/admin/privacy_notices/new/"' in copy_page

    # The copy's form posts to "new" with the texts' ids, as the browser sends it.
    response = client.post(
        ADMIN_URL + "new/", _admin_form(text_id=original.pk, title="Version two, drafted")
    )

    assert response.status_code == 302
    draft = PrivacyNotice.objects.exclude(pk=published.pk).get()
    assert draft.version is None and draft.texts.get().title == "Version two, drafted"
    original.refresh_from_db()
    assert original.notice_id == published.pk and original.title != "Version two, drafted"


def test_two_texts_in_one_language_are_refused_without_an_error_page(client, editor):
    client.force_login(editor)
    row = _admin_form()
    data = {
        **row,
        **{key.replace("texts-0-", "texts-1-"): value for key, value in row.items()},
        "texts-TOTAL_FORMS": "2",
    }

    response = client.post(ADMIN_URL + "new/", data)

    assert response.status_code == 200
    assert "Please correct the duplicate" in response.content.decode()
    assert not PrivacyNotice.objects.exists()


def test_a_version_without_english_is_refused(client, editor):
    client.force_login(editor)

    response = client.post(ADMIN_URL + "new/", _admin_form(publish=True, language="hi"))

    assert response.status_code == 200 and not PrivacyNotice.objects.exists()


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.SUPERVISOR, roles.PROGRAMME_ADMIN])
def test_others_cannot_open_or_publish_notices_in_the_admin(client, role):
    client.force_login(UserFactory(role=role))

    listing = client.get(ADMIN_URL)
    adding = client.post(ADMIN_URL + "new/", _admin_form(publish=True))

    assert listing.status_code in (302, 403) and adding.status_code in (302, 403)
    if listing.status_code == 302:
        assert listing["Location"] == "/admin/"
    assert not PrivacyNotice.objects.exists()
