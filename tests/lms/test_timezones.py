"""'Today' and 'now' in each person's own zone, and pages shown in it."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path
from django.utils import timezone

from lms.timezones import is_in_future, user_now, user_today, user_zone
from tests.factories import UserFactory

# 20:00 UTC on 1 March: already 2 March (01:30) in Kolkata, still 1 March (12:00) in
# Los Angeles.
INSTANT = datetime(2025, 3, 1, 20, 0, tzinfo=UTC)


def _show_a_fixed_instant(request):
    """Renders one UTC instant the way every template prints a datetime."""
    template = Template("{{ when|date:'Y-m-d H:i O' }}|{{ zone }}")
    return HttpResponse(
        template.render(Context({"when": INSTANT, "zone": timezone.get_current_timezone_name()}))
    )


urlpatterns = [
    path("_test/instant/", _show_a_fixed_instant),
    path("", include("lms.urls")),
]


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=INSTANT):
        yield INSTANT


@pytest.fixture
def in_kolkata(db):
    return UserFactory(email="kolkata@example.org", time_zone="Asia/Kolkata")


@pytest.fixture
def in_los_angeles(db):
    return UserFactory(email="la@example.org", time_zone="America/Los_Angeles")


def test_new_users_start_in_the_installations_zone(db, settings):
    user = UserFactory(email="default.zone@example.org")

    assert str(user.time_zone) == settings.TIME_ZONE == "Asia/Kolkata"


def test_user_zone_comes_from_the_profile(in_los_angeles):
    assert user_zone(in_los_angeles) == zoneinfo.ZoneInfo("America/Los_Angeles")


def test_user_zone_falls_back_to_the_installation_zone_for_anonymous(settings):
    settings.TIME_ZONE = "Europe/London"

    assert user_zone(AnonymousUser()) == zoneinfo.ZoneInfo("Europe/London")


def test_same_instant_is_a_different_today_in_kolkata_and_los_angeles(
    frozen_now, in_kolkata, in_los_angeles
):
    assert user_today(in_kolkata) == date(2025, 3, 2)
    assert user_today(in_los_angeles) == date(2025, 3, 1)


def test_user_now_is_the_same_instant_in_the_persons_zone(frozen_now, in_kolkata, in_los_angeles):
    kolkata_now = user_now(in_kolkata)
    la_now = user_now(in_los_angeles)

    assert kolkata_now == la_now == INSTANT
    assert (kolkata_now.hour, kolkata_now.minute) == (1, 30)
    assert la_now.hour == 12
    assert kolkata_now.tzinfo == zoneinfo.ZoneInfo("Asia/Kolkata")


def test_a_date_is_in_the_future_only_after_the_persons_own_today(
    frozen_now, in_kolkata, in_los_angeles
):
    second_of_march = date(2025, 3, 2)

    assert not is_in_future(in_kolkata, second_of_march)
    assert is_in_future(in_los_angeles, second_of_march)
    assert not is_in_future(in_los_angeles, date(2025, 3, 1))
    assert is_in_future(in_kolkata, date(2025, 3, 3))


def test_an_aware_datetime_is_in_the_future_after_the_same_instant_everywhere(
    frozen_now, in_kolkata, in_los_angeles
):
    one_minute_later = INSTANT + timedelta(minutes=1)
    one_minute_earlier = INSTANT - timedelta(minutes=1)

    for user in (in_kolkata, in_los_angeles):
        assert is_in_future(user, one_minute_later)
        assert not is_in_future(user, one_minute_earlier)
        assert not is_in_future(user, INSTANT)


def test_pages_print_times_in_the_signed_in_persons_zone(
    client, settings, in_kolkata, in_los_angeles
):
    settings.ROOT_URLCONF = __name__

    client.force_login(in_los_angeles)
    la_page = client.get("/_test/instant/").content.decode()
    client.force_login(in_kolkata)
    kolkata_page = client.get("/_test/instant/").content.decode()

    assert la_page == "2025-03-01 12:00 -0800|America/Los_Angeles"
    assert kolkata_page == "2025-03-02 01:30 +0530|Asia/Kolkata"


def test_changing_the_profile_zone_changes_the_next_page(client, settings, in_kolkata):
    settings.ROOT_URLCONF = __name__
    client.force_login(in_kolkata)

    client.post(
        "/accounts/profile/",
        {
            "full_name": in_kolkata.full_name,
            "preferred_language": "en",
            "time_zone": "America/Los_Angeles",
        },
    )
    page = client.get("/_test/instant/").content.decode()

    assert page.startswith("2025-03-01 12:00 -0800|")


def test_anonymous_pages_use_the_installation_zone(client, settings, db):
    settings.ROOT_URLCONF = __name__

    page = client.get("/_test/instant/").content.decode()

    assert page == "2025-03-02 01:30 +0530|Asia/Kolkata"


def test_the_persons_zone_does_not_outlive_the_request(client, settings, in_los_angeles):
    settings.ROOT_URLCONF = __name__
    client.force_login(in_los_angeles)

    client.get("/_test/instant/")

    assert timezone.get_current_timezone_name() == settings.TIME_ZONE


def test_profile_page_preselects_the_persons_zone(client, in_los_angeles):
    client.force_login(in_los_angeles)

    content = client.get("/accounts/profile/").content.decode()

    assert '<option value="America/Los_Angeles" selected>' in content
    assert '<option value="Asia/Kolkata" selected>' not in content
