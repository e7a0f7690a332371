"""Values every template needs: the site's name and public address (SITE_URL, the one every
printed or emailed link uses), and which work areas to link to.

`has_perm` loads the user's permissions once per request and caches them, so the two flags
cost one query together.
"""

from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": settings.LMS_SITE_NAME,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        "can_edit_content": signed_in and user.has_perm("wagtailadmin.access_admin"),
        "can_supervise": signed_in and user.has_perm("courses.supervise_trainees"),
    }
