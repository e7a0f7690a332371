"""National admins' list of partner organisations and who runs each (issue 17).

Only the National admin role (and administrators) hold courses.*_organisation
(lms/roles.py); a programme admin never sees this menu. Which organisations someone works
within is decided in courses/organisations.py. Part of the "Courses & cohorts" menu
(courses/admin.py).
"""

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from lms.protected_delete import ProtectedDeleteView

from .forms import OrganisationForm
from .models import Organisation


class OrganisationIndexView(IndexView):
    def get_base_queryset(self):
        return Organisation.objects.prefetch_related("admins").annotate(
            cohort_count=Count("cohorts", distinct=True)
        )


class OrganisationDeleteView(ProtectedDeleteView):
    """An organisation that runs cohorts stays."""

    def in_use(self):
        return self.object.cohorts.exists()

    def refusal_message(self):
        return _("“%(organisation)s” runs cohorts, so it cannot be deleted.") % {
            "organisation": self.object
        }

    def refused_url(self):
        return reverse("organisation:edit", args=[self.object.pk])


class NameTakenMixin:
    """Two national admins saving one name at the same instant: the form checked before
    either saved, the database constraint refuses the second, who is told so in the form."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            form.add_error("name", _("Another organisation already has this name."))
            return self.form_invalid(form)


class OrganisationCreateView(NameTakenMixin, CreateView):
    pass


class OrganisationEditView(NameTakenMixin, EditView):
    pass


def _admin_names(organisation):
    return ", ".join(user.full_name for user in organisation.admins.all())


class OrganisationViewSet(ModelViewSet):
    """Partner organisations and their programme admins: national admins only (the
    courses.*_organisation permissions, lms/roles.py)."""

    model = Organisation
    icon = "site"
    menu_label = gettext_lazy("Organisations")
    index_view_class = OrganisationIndexView
    delete_view_class = OrganisationDeleteView
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    copy_view_enabled = False
    list_per_page = 50
    ordering = ["name"]
    search_fields = ["name"]
    list_display = [
        "name",
        Column("admins", label=gettext_lazy("Programme admins"), accessor=_admin_names),
        Column("cohort_count", label=gettext_lazy("Cohorts"), sort_key="cohort_count"),
    ]

    def get_form_class(self, for_update=False):
        return OrganisationForm
