"""Values every template needs: the site's name and public address (SITE_URL, the one every
printed or emailed link uses), which work areas to link to, and which of them the page is in
(`current_place`, from the address alone: the header's switch marks it, lms/landing.py).

The two links depend on permissions, which cost a query. They are worked out only when a
template shows them (a signed-in person's header), in one query for both; a page whose own
query already answered them puts `can_edit_content` and `can_supervise` in its context
(see `header_permission_held`), and then this processor asks nothing.
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

# Context name → the permission ("app_label", "codename") that shows the link.
HEADER_PERMISSIONS = {
    "can_edit_content": ("wagtailadmin", "access_admin"),
    "can_supervise": ("courses", "supervise_trainees"),
}


def header_permission_held(name: str, user):
    """Permission rows granting the header link `name` to `user` (a user, or an OuterRef
    to one), held directly or through a group: as Django's ModelBackend grants them, for an
    EXISTS in the caller's own query."""
    app_label, codename = HEADER_PERMISSIONS[name]
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).filter(
        Q(user=user) | Q(group__user=user)
    )


def header_flags(user, held: dict[str, bool]) -> dict[str, bool]:
    """The header's flags from what the database said the user holds: has_perm's rules
    (an inactive user holds nothing, a superuser everything)."""
    if not (user and user.is_authenticated and user.is_active):
        return dict.fromkeys(HEADER_PERMISSIONS, False)
    return {name: bool(user.is_superuser or held.get(name)) for name in HEADER_PERMISSIONS}


class _LazyHeaderFlags:
    def __init__(self, user):
        self.user = user
        self.values = None

    def get(self, name: str) -> bool:
        if self.values is None:
            held = set()
            if self.user.is_active and not self.user.is_superuser:
                names = list(HEADER_PERMISSIONS)
                query = Q()
                for each in names:
                    app_label, codename = HEADER_PERMISSIONS[each]
                    query |= Q(content_type__app_label=app_label, codename=codename)
                held = {
                    f"{app_label}.{codename}"
                    for app_label, codename in Permission.objects.filter(query)
                    .filter(Q(user=self.user) | Q(group__user=self.user))
                    .values_list("content_type__app_label", "codename")
                    .distinct()
                }
            self.values = header_flags(
                self.user,
                {each: ".".join(HEADER_PERMISSIONS[each]) in held for each in HEADER_PERMISSIONS},
            )
        return self.values[name]


# The area a page belongs to, by its address: (place key, URL name of the area's root).
_PLACE_ROOTS = (("review", "supervise:home"), ("learning", "courses:dashboard"))


def current_place(path: str) -> str:
    """The place key ("review", "learning" or "") for a page at `path` (lms/landing.py)."""
    for key, url_name in _PLACE_ROOTS:
        if path.startswith(reverse(url_name)):
            return key
    return ""


def site(request):
    user = getattr(request, "user", None)
    context = {
        "site_name": settings.LMS_SITE_NAME,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    if user is not None and user.is_authenticated:
        context["current_place"] = current_place(getattr(request, "path", ""))
        flags = _LazyHeaderFlags(user)
        for name in HEADER_PERMISSIONS:
            context[name] = SimpleLazyObject(lambda name=name: flags.get(name))
    else:
        context.update(dict.fromkeys(HEADER_PERMISSIONS, False))
    return context
