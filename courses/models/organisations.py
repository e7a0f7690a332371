"""Partner organisations: who runs which cohorts, and which programme admins work for them.

A national programme runs one installation with several partner organisations. Courses and
quizzes are national; cohorts belong to one organisation, and through them enrolments,
practice records, certificates and reports. Which organisations a staff member works
within is decided in one place, courses/organisations.py.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A partner organisation: its cohorts, its programme admins and the people it added."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_organisations",
        verbose_name=_("programme admins"),
        help_text=_("Programme admins who run this organisation's cohorts and people."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=_("members"),
        help_text=_(
            "People this organisation added who are not (yet) in one of its cohorts. "
            "Trainees and supervisors of its cohorts belong to it anyway."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # "Saathi" and "saathi" are one organisation, whoever saves first.
            models.UniqueConstraint(Lower("name"), name="courses_organisation_unique_name_ci")
        ]
        permissions = [
            (
                "see_all_organisations",
                "Can see and run every organisation's people and records",
            )
        ]

    def __str__(self):
        return self.name
