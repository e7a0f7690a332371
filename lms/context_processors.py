"""Values every template needs: the site's name and which work areas to link to.

`has_perm` loads the user's permissions once per request and caches them, so the two flags
cost one query together.
"""

from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": settings.LMS_SITE_NAME,
        "can_edit_content": signed_in and user.has_perm("wagtailadmin.access_admin"),
        "can_supervise": signed_in and user.has_perm("courses.supervise_trainees"),
    }
