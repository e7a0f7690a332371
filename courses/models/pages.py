"""The closed page tree: course index → course → module → lesson."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import RICH_TEXT_FEATURES
from courses.blocks import LessonStreamBlock
from lms.form_input import AdminPageForm

VISIT_REFRESH = timedelta(minutes=5)


class ContentVersion(models.Model):
    """One row: a token the database changes, in the same transaction, whenever anything
    a learner page's cached parts depend on changes (a page saved live, published,
    unpublished, moved or deleted; a view restriction; a site; an image or a document).

    Cached routes, outlines and rendered blocks are keyed on it (courses/page_cache.py), so
    a cache that missed a delete (an outage during the edit, an eviction, a restored
    backup) never serves them again: the key they sit under is simply never asked for. A
    random token rather than a counter, so a value is never reused, even after a restore.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return self.token


class KnownRestrictionsMixin:
    """A page served from a cached route already knows no view restriction applies to it
    (courses/page_cache.py); Wagtail's check would ask the database again (two queries)."""

    def get_view_restrictions(self):
        known = getattr(self, "_view_restrictions_known", None)
        return known if known is not None else super().get_view_restrictions()


class TranslatedPageMixin:
    """Learner pages in other languages (courses/translations.py): served from the source
    page's URL, a page shows its live translation's `translated_fields` to a reader of that
    language, keeping its own id so progress counts the source; a translated page has no
    URL of its own, its URL is its source page's."""

    translated_fields = ("title", "seo_title")

    def serve(self, request, *args, **kwargs):
        from django.utils.translation import get_language

        from courses.translations import translation_apply

        translation_apply(self, get_language())
        return super().serve(request, *args, **kwargs)

    def get_url_parts(self, request=None):
        from courses.translations import source_url_parts

        return source_url_parts(self, request) or super().get_url_parts(request=request)


def _course_in_language(context) -> None:
    """The course a module or lesson page names (breadcrumbs, "Back to"), in the reader's
    language where a reviewed translation is live."""
    from django.utils.translation import get_language

    from courses.translations import translation_apply

    if context.get("course") is not None:
        translation_apply(context["course"], get_language())


class CourseIndexPage(TranslatedPageMixin, KnownRestrictionsMixin, Page):
    """Lists the courses a visitor can take."""

    introduction = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    translated_fields = ("title", "seo_title", "introduction")
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.CoursePage"]
    base_form_class = AdminPageForm  # no control characters in titles and text
    max_count = 1
    page_description = _("The list of all courses. There is one.")

    class Meta:
        verbose_name = _("course index")

    def save(self, *args, **kwargs):
        created = self.pk is None
        result = super().save(*args, **kwargs)
        if created:  # a translation (wagtail-localize copies it): the source's rules apply
            from courses.translations import translated_index_rules_copy

            translated_index_rules_copy(self)
        return result

    def get_context(self, request, *args, **kwargs):
        from courses.page_context import course_list_for

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = course_list_for(index_page=self, user=request.user)
        return context


class CoursePage(TranslatedPageMixin, KnownRestrictionsMixin, Page):
    """A course: its modules are children; certification rules attach to it later."""

    summary = models.TextField(max_length=500, help_text=_("One or two sentences."))
    audience = models.TextField(
        _("who it is for"), max_length=1000, blank=True, help_text=_("Who should take it.")
    )
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(max_length=300, icon="tick"))],
        blank=True,
        help_text=_("What a trainee will be able to do afterwards, one per item."),
    )
    estimated_hours = models.PositiveSmallIntegerField(default=1)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modules_unlock_in_order = models.BooleanField(
        default=False,
        help_text=_("A module opens only when every lesson of the one before is complete."),
    )
    open_enrolment = models.BooleanField(
        default=False,
        help_text=_(
            "Anyone signed in may enrol themselves. They start without a supervisor and are "
            "listed for programme admins to assign one."
        ),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_(
            "How long a certificate stays valid before it must be renewed. Leave empty for "
            "certificates that never expire."
        ),
    )

    translated_fields = ("title", "seo_title", "summary", "audience", "learning_outcomes")
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("learning_outcomes"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_hours"),
                FieldPanel("modules_unlock_in_order"),
                FieldPanel("open_enrolment"),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("How the course runs"),
        ),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    base_form_class = AdminPageForm  # no control characters in titles and text
    page_description = _("A course made of modules.")

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from courses.page_context import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, request=request))
        return context


class ModulePage(TranslatedPageMixin, KnownRestrictionsMixin, Page):
    """A module: a few lessons on one topic."""

    introduction = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(default=60)

    translated_fields = ("title", "seo_title", "introduction")
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("estimated_minutes"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    base_form_class = AdminPageForm  # no control characters in titles and text
    page_description = _("A module of a course, made of lessons.")

    class Meta:
        verbose_name = _("module")

    def get_context(self, request, *args, **kwargs):
        from courses.page_context import module_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(module_page_context(module=self, user=request.user))
        _course_in_language(context)
        return context


class LessonPage(TranslatedPageMixin, KnownRestrictionsMixin, Page):
    """A lesson: the text trainees read, with scenarios and reflections to work through."""

    body = StreamField(LessonStreamBlock(), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(default=15)
    content_note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Shown before the lesson when it covers something that may be hard to read, such as "
            "burnout, self-harm or crisis. Keep it short and factual."
        ),
    )
    continuing_education = models.BooleanField(
        _("continuing education"),
        default=False,
        help_text=_(
            "A certified trainee renews their certificate by completing every continuing "
            "education lesson again after it was issued."
        ),
    )

    translated_fields = ("title", "seo_title", "body", "content_note")
    # The admin's page search matches autocomplete fields only (Wagtail 6+), so the body is
    # both, or editors could not find a lesson by a word in its text.
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("content_note"),
        FieldPanel("estimated_minutes"),
        FieldPanel("continuing_education"),
        FieldPanel("body"),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    base_form_class = AdminPageForm  # no control characters in titles and text
    page_description = _("A lesson within a module.")

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        from courses.page_context import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_page_context(lesson=self, user=request.user))
        _course_in_language(context)
        return context

    def serve(self, request, *args, **kwargs):
        """Serve the lesson, and remember it for "continue where you left off" when an
        enrolled trainee reads it (one UPDATE, skipped when it is already their last lesson
        and they were active in the last few minutes)."""
        from django.utils import timezone

        from courses.services import lesson_visit

        response = super().serve(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        enrolment = context.get("enrolment")
        if request.method == "GET" and enrolment is not None and context.get("can_read"):
            recent = enrolment.last_activity_at and (
                timezone.now() - enrolment.last_activity_at < VISIT_REFRESH
            )
            if not (enrolment.last_lesson_id == self.pk and recent):
                lesson_visit(enrolment=enrolment, lesson=self)
        return response
