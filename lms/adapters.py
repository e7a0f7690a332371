"""How allauth creates our users: the full name from the sign-up form goes on the account."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data["full_name"]
        return super().save_user(request, user, form, commit=commit)
