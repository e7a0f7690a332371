"""'Today' and 'now' for a person, in the time zone their profile stores.

Requests activate the signed-in person's zone (UserPreferencesMiddleware), so templates print
dates in it. Code with no request (tasks, commands) asks these helpers with the user.
"""

import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def user_zone(user) -> zoneinfo.ZoneInfo:
    zone = getattr(user, "time_zone", None) or settings.TIME_ZONE
    return zone if isinstance(zone, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(str(zone))


def user_now(user) -> datetime:
    return timezone.localtime(timezone.now(), user_zone(user))


def user_today(user) -> date:
    return user_now(user).date()


def is_in_future(user, value: date | datetime) -> bool:
    """True when a date (in the person's zone) or an aware datetime is after their now."""
    if isinstance(value, datetime):
        return value > timezone.now()
    return value > user_today(user)
