"""Per-request preferences, the guard in front of the Wagtail admin, and bad input."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .language import supported
from .timezones import user_zone

logger = logging.getLogger(__name__)


class UserPreferencesMiddleware:
    """Show a signed-in person pages in their own language and time zone.

    After AuthenticationMiddleware: the user row it loads carries both preferences, so this
    costs no query. The language is the profile's on every page (LocaleMiddleware, before,
    chose the visitor's from the language cookie or the browser), and the language cookie
    follows it, so after signing out the site stays in that language. Signing in activates
    the person's language at once (lms.adapters), and the cookie is set on that response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            timezone.activate(user_zone(user))
            language = supported(user.preferred_language)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        # request.user again: the view may have signed someone in or out.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = supported(user.preferred_language)
            if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
                language_cookie_set(response, language)
        return response


def language_cookie_set(response, language: str) -> None:
    """Remember `language` in the browser, as Django's set_language view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


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


# Our own apps: their views check text with lms.text and keep what the person typed.
_OWN_MODULES = ("lms.", "courses.", "assessments.", "certificates.", "content.")


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class BadInputMiddleware:
    """A clear 400 page, never a 500, for input no view should have to handle.

    - A NUL byte in the query string, or in the form body of a view that is not ours (the
      Wagtail admin's and allauth's forms): PostgreSQL cannot store or even compare such a
      string. Our own views refuse NUL and the other control characters in their forms
      (lms.text), next to the field, keeping the rest of what was typed.
    - An OverflowError that escaped a view: a number too large for the database (a page id
      in a Wagtail chooser's query string, say); SQLite's full-text search choking on an
      unbalanced quotation mark; and, in the admin, a POST whose hidden fields Wagtail's
      editors could not read (ValueError, KeyError). Each is logged, with its traceback but
      without the body, so a real fault still shows up in the logs.

    Nothing of the request is logged or echoed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _has_nul(request.GET):
            return _refused(request)
        own = (getattr(view_func, "__module__", "") or "").startswith(_OWN_MODULES)
        if request.method == "POST" and not own and _has_nul(request.POST):
            return _refused(request)
        return None

    def process_exception(self, request, exception):
        reason = _refusal_for(request, exception)
        if reason is None:
            return None
        # Logged without the body (it may hold a reflection); the traceback shows where.
        logger.warning(
            "Refused malformed input: %s %s (%s)",
            request.method,
            request.path,
            type(exception).__name__,
            exc_info=exception,
        )
        return render(request, "400.html", {"reason": reason}, status=400)


_FTS5_ERRORS = ("fts5: syntax error", "unterminated string")


def _out_of_range(exception) -> bool:
    """PostgreSQL's "integer out of range" (SQLite raises OverflowError for the same number)."""
    cause = getattr(exception, "__cause__", None)
    return isinstance(exception, DatabaseError) and type(cause).__name__ in {
        "NumericValueOutOfRange",
        "InvalidTextRepresentation",
    }


def _refusal_for(request, exception):
    """The reason to show for an exception that means the request was malformed, or None."""
    if isinstance(exception, OverflowError) or _out_of_range(exception):
        return _("A number in this request is too large to be an id or an amount.")
    if isinstance(exception, DatabaseError) and str(exception).startswith(_FTS5_ERRORS):
        # SQLite's full-text search cannot read an unbalanced quotation mark.
        return _("The search could not read that query. Remove any quotation marks and try again.")
    admin = request.path.startswith(reverse("wagtailadmin_home"))
    if admin and request.method == "POST" and isinstance(exception, (ValueError, KeyError)):
        # Wagtail's editors read hidden fields (StreamField and inline panel counts and ids)
        # with int() and data[key]: only a hand-made request gets them wrong.
        return _(
            "The form sent was incomplete or not in the shape this page expects, so nothing "
            "was saved. Reload the page and try again."
        )
    return None


def _refused(request):
    return render(
        request,
        "400.html",
        {
            "reason": _(
                "What was sent contains a NUL byte (an invisible control character), which "
                "cannot be saved. Remove it, or type the text again rather than pasting it."
            )
        },
        status=400,
    )
