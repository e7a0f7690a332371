"""setup_site builds a working installation on an empty database, and changes nothing the
second time."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import Page, Site

from content.models import HomePage
from lms import roles
from lms.models import JobRun


def _wagtail_fresh_install():
    """Put the database back to what `migrate` alone leaves: no groups, no admin permission
    rows, Wagtail's plain welcome page as the site root, no job records."""
    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label="wagtailadmin").delete()
    JobRun.objects.all().delete()
    root = Page.get_first_root_node()
    for home in HomePage.objects.all():
        home.delete()
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)
    return welcome


def _setup_site() -> str:
    out = StringIO()
    call_command("setup_site", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_setup_site_on_a_fresh_install_creates_roles_home_page_and_jobs(client):
    welcome = _wagtail_fresh_install()

    output = _setup_site()

    assert "Site set up." in output
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(roles.ROLES)
    editors = Group.objects.get(name=roles.CONTENT_EDITOR)
    assert editors.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.get(name=roles.TRAINEE).permissions.exists()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(pk=welcome.pk).exists()
    assert set(JobRun.objects.values_list("name", flat=True)) >= {"publish_scheduled"}
    response = client.get("/")
    assert response.status_code == 200
    assert "Peer supporters bring something no textbook can" in response.content.decode()


@pytest.mark.django_db
def test_setup_site_twice_changes_nothing():
    _setup_site()
    home = Site.objects.get(is_default_site=True).root_page
    counts = (Group.objects.count(), Page.objects.count(), JobRun.objects.count())

    _setup_site()

    assert Site.objects.get(is_default_site=True).root_page == home
    assert (Group.objects.count(), Page.objects.count(), JobRun.objects.count()) == counts
    assert HomePage.objects.get().live_revision.pk == home.specific.live_revision.pk


@pytest.mark.django_db
def test_setup_site_keeps_permissions_an_admin_granted_by_hand():
    trainees = Group.objects.get(name=roles.TRAINEE)
    extra = Permission.objects.get(codename="choose_image")
    trainees.permissions.add(extra)

    _setup_site()

    assert trainees.permissions.filter(pk=extra.pk).exists()
