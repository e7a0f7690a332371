"""Where each person works, and so where they land after signing in (issue 17).

A person has up to three places, each behind the permission the site header already checks
(lms.context_processors.HEADER_PERMISSIONS), so the header's switch and the landing never
disagree:

  1. the editing area (/admin/), for whoever may reach the Wagtail admin: content editors,
     clinical reviewers, programme admins and superusers;
  2. the review queue (/supervise/), for supervisors;
  3. their learning (/learn/), for everyone signed in: trainees, and staff who are enrolled
     on a course themselves.

A person lands on the first place in that order they may use: an editor who also supervises
lands in the editing area, a supervisor who is also a trainee on the review queue, a trainee
on their learning. Whoever has more than one place switches between them from the header
(templates/includes/header_switch.html) or, inside the admin, from its "Switch to" menu.
A `?next=` the sign-in form carries wins over all of this (allauth asks the adapter only when
there is no safe `next`).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .context_processors import HEADER_PERMISSIONS


@dataclass(frozen=True)
class Place:
    key: str
    label: str
    url_name: str
    # The header flag (lms.context_processors) that gives the place; None: everyone's.
    flag: str | None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


EDITING = Place("editing", _("Editing area"), "wagtailadmin_home", "can_edit_content")
REVIEW = Place("review", _("Review queue"), "supervise:home", "can_supervise")
LEARNING = Place("learning", _("My learning"), "courses:dashboard", None)

# In landing priority: the first a person may use is where they land.
PLACES = (EDITING, REVIEW, LEARNING)


def _holds(user, flag: str) -> bool:
    app_label, codename = HEADER_PERMISSIONS[flag]
    return user.has_perm(f"{app_label}.{codename}")


def places_for(user) -> list[Place]:
    """The places `user` may work in, in landing priority (has_perm: one query for all of
    them, cached on the user). Nobody signed out has any."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    return [place for place in PLACES if place.flag is None or _holds(user, place.flag)]


def landing_url(user) -> str:
    """Where `user` lands after signing in, signing up or confirming their address."""
    places = places_for(user)
    return (places[0] if places else LEARNING).url


# --- Inside the Wagtail admin: the way back to the site ------------------------------------


class _PlaceMenuItem(MenuItem):
    def __init__(self, place: Place, **kwargs):
        self.place = place
        super().__init__(place.label, url="", **kwargs)

    def is_shown(self, request):
        return self.place.flag is None or _holds(request.user, self.place.flag)

    def render_component(self, request):
        self.url = self.place.url  # reversed here: URLs are not ready when hooks load
        return super().render_component(request)


def switch_menu_item() -> SubmenuMenuItem:
    """The admin menu's "Switch to": the site's home page, the person's learning and, for a
    supervisor, the review queue."""
    menu = Menu(
        items=[
            MenuItem(_("Home page"), url="/", icon_name="home", order=1),
            _PlaceMenuItem(LEARNING, icon_name="doc-full", order=2),
            _PlaceMenuItem(REVIEW, icon_name="tasks", order=3),
        ]
    )
    return SubmenuMenuItem(_("Switch to"), menu, icon_name="arrow-left", order=10000)
