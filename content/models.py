"""The home page: the root of the site's page tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


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
    subpage_types: list[str] = []
    max_count = 1
    page_description = _("The site's front page.")

    class Meta:
        verbose_name = _("home page")
