"""Per-request preferences and the guard in front of the Wagtail admin."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation

from .timezones import user_zone


class UserPreferencesMiddleware:
    """Show a signed-in person pages in their own language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            timezone.activate(user_zone(user))
            if user.preferred_language:
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = translation.get_language()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class AdminAccessMiddleware:
    """Trainees and supervisors who open the editing area get a clear 403 page.

    Wagtail itself would send them back to the login page, which for a signed-in person
    reads as a loop rather than a refusal.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        user = request.user
        if (
            request.path.startswith(self._prefix)
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            return render(request, "lms/admin_refused.html", status=403)
        return self.get_response(request)
