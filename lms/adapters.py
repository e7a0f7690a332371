"""How allauth creates our users and addresses its emails.

The full name from the sign-up form goes on the account, and so does the language the
visitor was reading the site in. The links in allauth's emails (confirm your address, reset
your password, sign up) point at SITE_URL, like every other absolute link the site sends, not
at whatever host the request came in on. Each email is written in its recipient's language
(a password reset a programme admin sends to a trainee is in the trainee's), and signing in
switches the page to the person's language at once, so the "signed in" message is in it too.
After signing in, signing up or confirming an address, each person lands where they work
(lms/landing.py); a safe `?next=` still wins, as allauth asks the adapter only without one.
"""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils import translation

from .landing import landing_url
from .language import supported, user_language
from .site_url import absolute_url

# The context keys allauth's email templates put links in.
EMAIL_LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")


def site_url(url: str) -> str:
    """`url`'s path and query on SITE_URL (WAGTAILADMIN_BASE_URL)."""
    bits = urlsplit(url)
    return absolute_url(bits.path + (f"?{bits.query}" if bits.query else ""))


def recipient_language(email: str, context: dict) -> str:
    """The language to write to `email` in: its account's (the context's user, or the account
    with that address), else the language the visitor is reading the site in (an address with
    no account is the visitor's own)."""
    user = context.get("user")
    if not isinstance(user, get_user_model()) or user.email.lower() != email.lower():
        user = get_user_model().objects.filter(email__iexact=email).only("pk", "preferred_language")
        user = user.first()
    if user is not None:
        return user_language(user)
    return translation.get_language()


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data["full_name"]
        # The language of the page the visitor signed up on is their language from now on.
        user.preferred_language = supported(translation.get_language()) or user.preferred_language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        return landing_url(request.user)

    def get_signup_redirect_url(self, request):
        # Only reached with a session (no email verification to wait for).
        if request.user.is_authenticated:
            return landing_url(request.user)
        return super().get_signup_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        context = dict(context)
        for key in EMAIL_LINK_KEYS:
            if context.get(key):
                context[key] = site_url(context[key])
        with translation.override(recipient_language(email, context)):
            return super().send_mail(template_prefix, email, context)

    def login(self, request, user):
        super().login(request, user)
        # The rest of this request (allauth's "signed in" message) is in their language; the
        # response sets the language cookie (lms.middleware).
        language = supported(user.preferred_language)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
