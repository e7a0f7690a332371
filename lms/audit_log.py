"""Reading the audit log (lms.models.AuditEvent, chained by lms.audit_chain) in the admin:
*Reports* → *Audit log*, for programme admins (their organisations' events, by
`lms.scoping.audit_events_q`) and national admins (all), filtered by person and by kind,
50 to a page in a fixed number of queries. Each event is described in words from the ids it
holds; a person's name is shown only when the reader works with that person today.

The descriptions are shared with a person's own history on their account page (lms.admin).
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import scoping
from .form_input import BadInputMixin
from .models import AuditEvent

PERMISSION = "lms.view_auditevent"
PER_PAGE = 50

DECISIONS = {
    "approved": _("approved"),
    "changes_requested": _("changes requested"),
    "rejected": _("rejected"),
}
CERTIFICATE_EVENTS = {
    "created": _("created"),
    "issued": _("issued"),
    "revoked": _("revoked"),
    "reissued": _("reissued"),
    "rendered": _("PDF rendered again"),
    "superseded": _("superseded by a renewal"),
    "reminded": _("expiry reminder sent"),
}


def _group_list(ids, group_names) -> str:
    if not ids:
        return gettext("no role")
    return ", ".join(
        sorted(
            group_names.get(group_id) or gettext("deleted group %(id)s") % {"id": group_id}
            for group_id in ids
        )
    )


def group_names_for(events) -> dict[int, str]:
    group_ids = set()
    for event in events:
        if event.kind == AuditEvent.Kind.ROLES:
            group_ids.update(event.data.get("before", []))
            group_ids.update(event.data.get("after", []))
    if not group_ids:
        return {}
    return dict(Group.objects.filter(pk__in=group_ids).values_list("pk", "name"))


def describe(event, group_names) -> str:
    """One event in words, from the ids and kinds it holds."""
    data = event.data
    kind = event.kind
    Kind = AuditEvent.Kind
    if kind == Kind.ROLES:
        return gettext("Roles changed from %(before)s to %(after)s.") % {
            "before": _group_list(data.get("before", []), group_names),
            "after": _group_list(data.get("after", []), group_names),
        }
    if kind == Kind.ACTIVE:
        if data.get("after"):
            return gettext("Account activated.")
        return gettext("Account deactivated.")
    if kind == Kind.SUPERUSER:
        if data.get("after"):
            return gettext("Made an administrator.")
        return gettext("Administrator access removed.")
    if kind == Kind.EMAIL:
        return gettext("Email address changed.")
    if kind == Kind.CREATED:
        return gettext("Account created.")
    if kind == Kind.SIGN_OFF:
        message = gettext(
            "Practice log %(log)s, version %(version)s: %(decision)s. Digest %(digest)s."
        )
        return message % {
            "log": data.get("log_id"),
            "version": data.get("log_version"),
            "decision": DECISIONS.get(data.get("decision"), data.get("decision")),
            "digest": data.get("content_digest"),
        }
    if kind == Kind.COMPETENCY_SIGN_OFF:
        return gettext("Competency %(competency)s signed off. Digest %(digest)s.") % {
            "competency": data.get("competency_id"),
            "digest": data.get("content_digest"),
        }
    if kind == Kind.CERTIFICATE:
        return gettext("Certificate %(certificate)s: %(event)s.") % {
            "certificate": data.get("certificate_id"),
            "event": CERTIFICATE_EVENTS.get(data.get("event"), data.get("event")),
        }
    if kind == Kind.RECORD_VIEWED:
        return gettext("Practice history opened (enrolment %(enrolment)s).") % {
            "enrolment": data.get("enrolment_id")
        }
    if kind == Kind.EXPORT:
        if data.get("outside_request"):
            message = gettext(
                "Copy of the person's data produced for a request made outside the site "
                "(export %(export)s)."
            )
        else:
            message = gettext("Copy of their data asked for by the person (export %(export)s).")
        return message % {"export": data.get("export_id")}
    if kind == Kind.CONSENT_AGREED:
        return gettext("Privacy notice version %(version)s agreed to.") % {
            "version": data.get("version")
        }
    if kind == Kind.CONSENT_WITHDRAWN:
        return gettext(
            "Consent to the privacy notice withdrawn; erasure asked for (request %(erasure)s)."
        ) % {"erasure": data.get("erasure_id")}
    if kind == Kind.HEAD:
        return gettext("Chain head recorded for %(day)s: entry %(entry)s.") % {
            "day": data.get("day"),
            "entry": data.get("head_id") or "-",
        }
    return str(event.get_kind_display())


def can_read_audit_log(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


class AuditLogFilterForm(BadInputMixin, forms.Form):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=200,
        help_text=_("Part of a name or an email address."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *AuditEvent.Kind.choices],
    )


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    subject: str
    actor: str
    description: str


def _names(actor, ids) -> dict[int, str]:
    """Names of the people among `ids` the reader works with today; others stay numbers."""
    if not ids:
        return {}
    User = get_user_model()
    return {
        user.pk: str(user)
        for user in User.objects.filter(scoping.people_q(actor), pk__in=ids).only(
            "pk", "full_name", "email"
        )
    }


def audit_rows(actor, events) -> list[Row]:
    events = list(events)
    ids = {event.subject_id for event in events} | {event.actor_id for event in events}
    ids.discard(None)
    names = _names(actor, ids)
    group_names = group_names_for(events)

    def who(user_id, empty):
        if user_id is None:
            return empty
        return names.get(user_id) or gettext("Account %(id)s") % {"id": user_id}

    return [
        Row(
            event=event,
            subject=who(event.subject_id, "—"),
            actor=who(event.actor_id, gettext("No one signed in")),
            description=describe(event, group_names),
        )
        for event in events
    ]


class AuditLogView(WagtailAdminTemplateMixin, View):
    template_name = "lms/admin/audit_log.html"
    page_title = _("Audit log")
    header_icon = "history"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not can_read_audit_log(request.user):
            return TemplateResponse(
                request,
                "lms/admin/audit_log_refused.html",
                {"page_title": self.page_title, "header_icon": self.header_icon},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = AuditLogFilterForm(request.GET or None)
        events = AuditEvent.objects.filter(scoping.audit_events_q(request.user))
        if form.is_bound and form.is_valid():
            if search := form.cleaned_data["person"].strip():
                User = get_user_model()
                people = User.objects.filter(scoping.people_q(request.user)).filter(
                    Q(full_name__icontains=search) | Q(email__icontains=search)
                )
                events = events.filter(subject_id__in=people.values("pk"))
            if kind := form.cleaned_data["kind"]:
                events = events.filter(kind=kind)
        page = Paginator(events.order_by("-id"), PER_PAGE).get_page(request.GET.get("p"))
        query = request.GET.copy()
        query.pop("p", None)
        context = self.get_context_data(
            form=form,
            page=page,
            rows=audit_rows(request.user, page.object_list),
            query=query.urlencode(),
        )
        return TemplateResponse(request, self.template_name, context)


def audit_log_urls():
    """For the `register_admin_urls` hook."""
    return [path("audit-log/", AuditLogView.as_view(), name="audit_log")]


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_audit_log(request.user)


def audit_log_menu_item():
    """For the `register_reports_menu_item` hook."""
    return AuditLogMenuItem(
        _("Audit log"), reverse("audit_log"), name="audit-log", icon_name="history", order=1400
    )
