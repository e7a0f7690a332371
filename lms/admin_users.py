"""Wagtail's user admin and account page, fitted to our user model.

Wagtail's forms assume first and last names; we keep one full name (the one printed on
certificates), so its user forms and its account "Name" panel are swapped here. Everything
else is Wagtail's own.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import AccountView as WagtailAccountView
from wagtail.admin.views.account import NameEmailSettingsPanel
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

User = get_user_model()


class FullNameCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = ["email", "full_name", "is_superuser", "groups"]


class FullNameEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = ["email", "full_name", "is_active", "is_superuser", "groups"]


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return FullNameEditForm if for_update else FullNameCreationForm


class FullNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]


class FullNameSettingsPanel(NameEmailSettingsPanel):
    title = _("Name")
    form_class = FullNameForm


class AccountView(WagtailAccountView):
    def get_panels(self):
        return [
            FullNameSettingsPanel(panel.request, panel.user, panel.profile)
            if isinstance(panel, NameEmailSettingsPanel)
            else panel
            for panel in super().get_panels()
        ]
