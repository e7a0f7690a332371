"""Values every template needs: the site's name and whether to link to the editing area."""

from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    return {
        "site_name": settings.LMS_SITE_NAME,
        "can_edit_content": bool(
            user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
        ),
    }
