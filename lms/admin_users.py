"""Wagtail's user admin and account page, fitted to our user model.

Wagtail's forms assume first and last names; we keep one full name (the one printed on
certificates), so its user forms and its account "Name" panel are swapped here. Wagtail lets
anyone who may add or change users grant "Administrator" and reset an administrator's
password; only administrators may do either here, so a programme admin cannot make
themselves one. Everything else is Wagtail's own.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import AccountView as WagtailAccountView
from wagtail.admin.views.account import NameEmailSettingsPanel
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_user_views

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


class AdministratorFieldGuard:
    """Show "Administrator" to non-administrators, but ignore what they post for it."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser and "is_superuser" in form.fields:
            form.fields["is_superuser"].disabled = True
        return form


class UserCreateView(AdministratorFieldGuard, wagtail_user_views.CreateView):
    pass


class UserEditView(AdministratorFieldGuard, wagtail_user_views.EditView):
    def dispatch(self, request, *args, **kwargs):
        # As Wagtail's own delete view does: only an administrator edits an administrator.
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(wagtail_user_views.UserViewSet):
    add_view_class = UserCreateView
    edit_view_class = UserEditView

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
