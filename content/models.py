"""The home page (root of the page tree) and the crisis lines every page shows."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lms.form_input import AdminModelForm, AdminPageForm


class HomePage(Page):
    """The landing page every visitor sees first; courses live beneath it."""

    introduction = RichTextField(
        features=["bold", "italic", "link", "ol", "ul"],
        blank=True,
        help_text=_("A few sentences that welcome trainees and say what the programme is."),
    )
    sign_up_prompt = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Shown to visitors who are not signed in, beside the sign-up link."),
    )

    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("sign_up_prompt"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    base_form_class = AdminPageForm  # no control characters in titles and text
    max_count = 1
    page_description = _("The site's front page.")

    class Meta:
        verbose_name = _("home page")


PHONE_CHARS = RegexValidator(
    r"^[0-9+\-() ,]+$",
    _("Use digits, spaces, +, - and brackets; separate numbers with commas."),
)


class CrisisLine(index.Indexed, models.Model):
    """A crisis or emergency service, shown in every page's footer and in crisis blocks."""

    name = models.CharField(max_length=120)
    phone_numbers = models.CharField(
        max_length=120,
        validators=[PHONE_CHARS],
        help_text=_("One or more numbers, separated by commas, e.g. 14416, 1-800-891-4416."),
    )
    description = models.CharField(
        max_length=200, blank=True, help_text=_("One line on what the service offers.")
    )
    hours = models.CharField(max_length=80, blank=True, help_text=_("e.g. 24/7"))
    languages = models.CharField(max_length=200, blank=True)
    region = models.CharField(
        max_length=80, blank=True, help_text=_("Where it answers, e.g. India, or Maharashtra.")
    )
    url = models.URLField(blank=True, verbose_name=_("website"))
    is_free = models.BooleanField(default=True, verbose_name=_("free to call"))
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower numbers are shown first.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("phone_numbers"),
        FieldPanel("description"),
        FieldPanel("hours"),
        FieldPanel("languages"),
        FieldPanel("region"),
        FieldPanel("url"),
        FieldPanel("is_free"),
        FieldPanel("sort_order"),
    ]
    # The admin's list searches the database directly (content/wagtail_hooks.py); the snippet
    # chooser searches this index, and answers to the first letters of a name or region.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("region"),
        index.AutocompleteField("region"),
    ]
    base_form_class = AdminModelForm  # no control characters in a line's details

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("crisis line")
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="content_crisisline_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.region})" if self.region else self.name

    @property
    def numbers(self) -> list[tuple[str, str]]:
        """(as written, as dialled) for each number, for tel: links."""
        result = []
        for number in self.phone_numbers.split(","):
            number = number.strip()
            if number:
                result.append((number, "".join(c for c in number if c.isdigit() or c == "+")))
        return result
