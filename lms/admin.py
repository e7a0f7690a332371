"""Wagtail's user admin and account page, fitted to our user model and our account rules.

Wagtail's forms assume first and last names; we keep one full name (the one printed on
certificates), so its user forms and its account "Name" panel are swapped here.

Wagtail lets anyone who may change users change any account's groups, email and password,
and grant "Administrator" through some views. Here, in every user view Wagtail offers (list,
add, edit, delete, the three bulk actions) and the one we add (send a password email):

- Only administrators (superusers) create, change, delete, (de)activate or send password
  emails to an administrator or to anyone holding a role that reaches the editing area
  (a group with wagtailadmin.access_admin: content editor, clinical reviewer, programme
  admin), and only they grant such groups or the administrator flag. A programme admin
  manages trainee and supervisor accounts and grants only groups without admin-area access.
- Nobody changes their own groups, administrator flag or active flag here.
- Nobody sets another person's password: the forms have no password fields. A new account
  gets no usable password and an invitation email; the edit page sends a password-reset
  email (or a new invitation) to the account's own address.
- A programme admin changes an email only while the account has never had a password (a
  pending invitation with a typo): changing a trainee's email to one's own and then
  resetting the password would take the account over.
- Wagtail's "Copy" is not offered (see UserViewSet).
Wagtail's group admin stays with its own permissions (auth.*_group), which only
administrators hold.

Wagtail's users app takes the viewset from LmsWagtailUsersConfig (lms/apps.py), lms/urls.py
routes the account page, and lms/wagtail_hooks.py registers the bulk actions: nothing here
registers a hook.
"""

from allauth.account.internal.flows.password_reset import request_password_reset
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.account import AccountView as WagtailAccountView
from wagtail.admin.views.account import NameEmailSettingsPanel
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.utils import user_can_delete_user
from wagtail.users.views import bulk_actions as wagtail_bulk_actions
from wagtail.users.views import users as wagtail_user_views
from wagtail.users.views.bulk_actions.assign_role import RoleForm

from . import audit, scoping
from .audit_log import describe, group_names_for
from .form_input import BadInputMixin
from .invitations import invitation_issue
from .models import AuditEvent, Invitation

User = get_user_model()

CHANGE_USER = wagtail_user_views.change_user_perm


# --- The rules ---------------------------------------------------------------------------


def _admin_access():
    return Q(content_type__app_label="wagtailadmin", codename="access_admin")


def admin_area_groups():
    """Groups whose members reach the editing area."""
    return Group.objects.filter(permissions__in=Permission.objects.filter(_admin_access()))


def grantable_groups(actor):
    """The groups `actor` may give or take away: all for administrators, else only groups
    that do not reach the editing area."""
    if actor.is_superuser:
        return Group.objects.order_by("name")
    return Group.objects.exclude(pk__in=admin_area_groups().values("pk")).order_by("name")


def holds_admin_role(user) -> bool:
    """Is `user` an administrator or, active or not, in a role that reaches the editing area?

    Not `has_perm`: that answers False for an inactive account, which would let a programme
    admin reactivate a suspended editor.
    """
    if user.is_superuser:
        return True
    return (
        Permission.objects.filter(_admin_access())
        .filter(Q(group__user=user) | Q(user=user))
        .exists()
    )


def user_can_manage_account(actor, subject) -> bool:
    """May `actor` change `subject`'s account (edit, (de)activate, roles, password email)?"""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if not actor.has_perm(CHANGE_USER) or subject.pk == actor.pk:
        return False
    # Only people of the actor's organisations (lms/scoping.py, courses/organisations.py).
    return not holds_admin_role(subject) and scoping.reaches(actor, subject)


def user_can_delete_account(actor, subject) -> bool:
    return user_can_delete_user(actor, subject) and user_can_manage_account(actor, subject)


def user_can_change_email(actor, subject) -> bool:
    """Administrators may; others only for a new account or one that never set a password."""
    return actor.is_superuser or subject.pk is None or not subject.has_usable_password()


# --- Forms -------------------------------------------------------------------------------


class AccountFormRules:
    """No password fields; groups limited to what the actor may grant; email, administrator
    and one's own roles locked as the rules say. A disabled field ignores what is posted."""

    password_enabled = False  # Wagtail's UserForm then drops password1 and password2

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if actor is None:
            raise ValueError("The user forms need the person using them (actor=).")
        if "groups" in self.fields:
            self.fields["groups"].queryset = grantable_groups(actor)
            if not actor.is_superuser:
                self.fields["groups"].help_text = _(
                    "Roles that reach the editing area (content editor, clinical reviewer, "
                    "programme admin) are granted only by an administrator."
                )
            if self.instance.pk is not None and self.instance.pk == actor.pk:
                self.fields["groups"].disabled = True
                self.fields["groups"].help_text = _(
                    "Nobody changes their own roles. Ask another administrator."
                )
        if "is_superuser" in self.fields and not actor.is_superuser:
            self.fields["is_superuser"].disabled = True
        if not user_can_change_email(actor, self.instance):
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "People change their own email address from their profile. Only an "
                "administrator can change it here."
            )


class FullNameCreationForm(BadInputMixin, AccountFormRules, UserCreationForm):
    """A new account, placed in one of the actor's organisations (asked only when they run
    more than one; a national admin may leave it to the home organisation)."""

    first_name = None
    last_name = None
    organisation = forms.ModelChoiceField(
        queryset=Group.objects.none(),  # replaced in __init__
        required=False,
        label=_("Organisation"),
        help_text=_("The organisation this person joins; its programme admins will see them."),
    )

    class Meta(UserCreationForm.Meta):
        fields = ["email", "full_name", "is_superuser", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = scoping.placeable_organisations(self.actor)
        field = self.fields["organisation"]
        self.only_organisation = None
        if organisations is None:
            del self.fields["organisation"]
            return
        field.queryset = organisations.order_by("name")
        national = not scoping.people_q(self.actor)
        choices = list(field.queryset[:2])
        if not national and len(choices) == 1:
            self.only_organisation = choices[0]
            field.widget = forms.HiddenInput()
        elif not national:
            field.required = True

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation

    def save(self, commit=True):
        user = super().save(commit=False)
        # The person sets their own password from the invitation email.
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
            scoping.place(user, self.cleaned_data.get("organisation"))
        return user


class FullNameEditForm(BadInputMixin, AccountFormRules, UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = ["email", "full_name", "is_active", "is_superuser", "groups"]


# --- Views -------------------------------------------------------------------------------


class AccountFormViewMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["actor"] = self.request.user
        return kwargs

    def save_instance(self):
        # One audit event per person for the whole save, in the same transaction.
        with audit.collect():
            return super().save_instance()


class UserIndexView(wagtail_user_views.IndexView):
    def get_base_queryset(self):
        # A programme admin lists the people of their organisations only.
        return super().get_base_queryset().filter(scoping.people_q(self.request.user))

    def get_edit_url(self, instance):
        if user_can_manage_account(self.request.user, instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if user_can_delete_account(self.request.user, instance):
            return super().get_delete_url(instance)
        return None


class UserCreateView(AccountFormViewMixin, wagtail_user_views.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        invitation_issue(user=instance, by=self.request.user)
        return instance

    def get_success_message(self, instance=None):
        message = gettext("User '%(object)s' created. An invitation to set a password was emailed.")
        return message % {"object": instance}


class UserEditView(AccountFormViewMixin, wagtail_user_views.EditView):
    template_name = "wagtailusers/users/edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_manage_account(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.can_delete = user_can_delete_account(request.user, self.object)
        self.email_before = self.object.email

    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            if instance.email != self.email_before:
                _email_changed_by_admin(instance, by=self.request.user)
        return instance

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["send_access_email_url"] = reverse_send_access_email(self.object)
        context["has_usable_password"] = self.object.has_usable_password()
        context["subject_is_active"] = self.object.is_active
        context["history"] = account_history(self.object)
        from .data_export_admin import data_export_context

        context.update(data_export_context(self.request.user, self.object))
        from .erasure_admin import erasure_context

        context.update(erasure_context(self.object))
        return context


def _email_changed_by_admin(user, *, by) -> None:
    """Keep allauth's addresses in step, and stop links sent to the old address working.

    The new address replaces the old one in allauth (so neither sign-in nor a password reset
    reaches the old address any more) and stays unverified until the person confirms it at
    their next sign-in. A
    pending invitation went to the old (mistyped) address: it stops working and a new one
    goes to the new address.
    """
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    elif not address.primary:
        address.primary = True
        address.save(update_fields=["primary"])
    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    if not user.has_usable_password() and user.is_active:
        invitation_issue(user=user, by=by)


class UserDeleteView(wagtail_user_views.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not user_can_delete_account(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SendAccessEmailView(View):
    """POST only: email the person a password-reset link, or a new invitation when they have
    never set a password. The email goes to the account's own address and nowhere else."""

    def post(self, request, pk):
        subject = get_object_or_404(User, pk=pk)
        if not user_can_manage_account(request.user, subject):
            raise PermissionDenied
        edit_url = reverse_edit(subject)
        if not subject.is_active:
            messages.error(
                request, gettext("This account is inactive: activate it before sending an email.")
            )
            return redirect(edit_url)
        # The same per-address limit as the public "Forgot your password?" form, so nobody
        # can flood a person's inbox from here.
        if not ratelimit.consume(request, action="reset_password", key=subject.email.lower()):
            messages.error(
                request,
                gettext(
                    "Several emails were sent to this person just now. Try again in a few minutes."
                ),
            )
            return redirect(edit_url)
        if subject.has_usable_password():
            request_password_reset(request, subject.email, [subject], None)
            messages.success(
                request, gettext("A password reset email was sent to the person's own address.")
            )
        else:
            invitation_issue(user=subject, by=request.user)
            messages.success(
                request, gettext("A new invitation was sent to the person's own address.")
            )
        return redirect(edit_url)


def reverse_edit(user) -> str:
    return reverse("wagtailusers_users:edit", args=[user.pk])


def reverse_send_access_email(user) -> str:
    return reverse("wagtailusers_users:send_access_email", args=[user.pk])


class ReachableAccountMixin:
    """An account outside the actor's organisations does not exist for them (404)."""

    def get_object(self, *args, **kwargs):
        subject = super().get_object(*args, **kwargs)
        if not scoping.reaches(self.request.user, subject):
            raise Http404
        return subject


class UserHistoryView(ReachableAccountMixin, wagtail_user_views.UserViewSet.history_view_class):
    pass


class UserUsageView(ReachableAccountMixin, wagtail_user_views.UserViewSet.usage_view_class):
    pass


class UserViewSet(wagtail_user_views.UserViewSet):
    """Wagtail's user admin with our rules.

    "Copy" is switched off: Wagtail 8's CopyView saves the form onto the account being copied
    (it rewrote that account's email, password and groups), and a correct copy would only
    pre-fill groups, which the add form does in two clicks. Without the view there is no
    button and /admin/users/copy/<pk>/ answers 404 for everyone.
    """

    copy_view_enabled = False
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    history_view_class = UserHistoryView
    usage_view_class = UserUsageView

    def get_form_class(self, for_update=False):
        return FullNameEditForm if for_update else FullNameCreationForm

    def get_urlpatterns(self):
        from .data_export_admin import data_export_urls
        from .erasure_admin import erasure_urls

        return [
            *super().get_urlpatterns(),
            path(
                "send-access-email/<id:pk>/",
                SendAccessEmailView.as_view(),
                name="send_access_email",
            ),
            # A copy of the person's data, for a request made outside the site.
            *data_export_urls(),
            # Erasure asked for on the person's behalf (lms.erasure_admin).
            *erasure_urls(),
        ]


# --- The site history ----------------------------------------------------------------------


class ScopedLogEntriesView(LogEntriesView):
    """Wagtail's site history, where an entry about a person, cohort or enrolment (labelled
    with a name) shows only to admins of its organisation (lms/scoping.py). lms/urls.py
    serves it at Wagtail's own address, in front of Wagtail's view."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            queryset = queryset.filter(scoping.log_entries_q(self.request.user))
        return queryset


# --- Bulk actions ------------------------------------------------------------------------


class GrantableRoleForm(BadInputMixin, RoleForm):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = grantable_groups(actor)


class AssignRoleBulkAction(wagtail_bulk_actions.AssignRoleBulkAction):
    form_class = GrantableRoleForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def check_perm(self, obj):
        return user_can_manage_account(self.request.user, obj) and obj.pk != self.request.user.pk


class SetActiveStateBulkAction(wagtail_bulk_actions.SetActiveStateBulkAction):
    def check_perm(self, obj):
        return user_can_manage_account(self.request.user, obj)

    @classmethod
    def execute_action(cls, objects, mark_as_active=False, model=None, user=None, **kwargs):
        # One save per account, not a queryset update, so each change reaches the audit log.
        changed = 0
        for obj in objects:
            if user is not None and obj.pk == user.pk:
                continue
            if obj.is_active != mark_as_active:
                obj.is_active = mark_as_active
                obj.save(update_fields=["is_active"])
            changed += 1
        return changed, 0


class DeleteBulkAction(wagtail_bulk_actions.DeleteBulkAction):
    def check_perm(self, obj):
        return user_can_delete_account(self.request.user, obj)


# Ours replace Wagtail's (same action_type): lms/wagtail_hooks.py registers them.
BULK_ACTIONS = (AssignRoleBulkAction, SetActiveStateBulkAction, DeleteBulkAction)


# --- The person's history ----------------------------------------------------------------


class HistoryRow:
    def __init__(self, event, who, what):
        self.event = event
        self.when = event.occurred_at
        self.who = who
        self.what = what
        self.source = event.get_source_display()


def account_history(subject) -> list[HistoryRow]:
    """The audit events about `subject`, newest first, in words. Names of people and groups
    are looked up now, from the ids the events hold."""
    events = list(AuditEvent.objects.for_subject(subject.pk).order_by("-id"))
    actor_ids = {event.actor_id for event in events if event.actor_id is not None}
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=actor_ids)}
    group_names = group_names_for(events)
    rows = []
    for event in events:
        if event.actor_id is None:
            who = gettext("No one signed in")
        else:
            deleted = gettext("Deleted account %(id)s") % {"id": event.actor_id}
            who = names.get(event.actor_id) or deleted
        rows.append(HistoryRow(event, who, describe(event, group_names)))
    return rows


# --- The admin's own account page --------------------------------------------------------


class FullNameForm(BadInputMixin, forms.ModelForm):
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
