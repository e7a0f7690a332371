"""How allauth creates our users and addresses its emails.

The full name from the sign-up form goes on the account. The links in allauth's emails
(confirm your address, reset your password, sign up) point at SITE_URL, like every other
absolute link the site sends, not at whatever host the request came in on.
"""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter

from .site_url import absolute_url

# The context keys allauth's email templates put links in.
EMAIL_LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")


def site_url(url: str) -> str:
    """`url`'s path and query on SITE_URL (WAGTAILADMIN_BASE_URL)."""
    bits = urlsplit(url)
    return absolute_url(bits.path + (f"?{bits.query}" if bits.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data["full_name"]
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        context = dict(context)
        for key in EMAIL_LINK_KEYS:
            if context.get(key):
                context[key] = site_url(context[key])
        return super().send_mail(template_prefix, email, context)
