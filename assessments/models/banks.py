"""Question banks and their categories: where questions are kept and drawn from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionBank(models.Model):
    """A named collection of questions, e.g. one per programme, as Moodle keeps them."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self):
        return self.name


class QuestionCategory(models.Model):
    """A group of questions in a bank; a quiz may draw its random questions from one."""

    bank = models.ForeignKey(
        QuestionBank, on_delete=models.CASCADE, related_name="categories", verbose_name=_("bank")
    )
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["bank", "name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "name"], name="assessments_category_unique_name_per_bank"
            ),
        ]

    def __str__(self):
        return f"{self.bank} / {self.name}"
