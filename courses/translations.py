"""Lessons in other languages (issue 16, decision 0013): which page a trainee reads, and which
page their progress counts against.

The default locale's tree (settings.LANGUAGE_CODE, English) is the source. Editors translate
a course with wagtail-localize; each other language's tree holds the translations, linked to
their source by Wagtail's `translation_key`. The rules:

- Every URL is the source tree's. Learner URLs are routed from the default locale's home page
  whatever the visitor's language (`source_route_for_request`), and a translated page's URL is
  its source page's (`source_url_parts`): the translated tree has no URLs of its own.
- A trainee reads a page in their language when a live translation exists (one a clinical
  reviewer approved: translations are published only through Clinical review), and the
  source otherwise, marked as such (`page_for_language`). An alias (an untranslated mirror
  wagtail-localize can keep) is no translation.
- Progress counts the course once: completions, responses, "continue where you left off",
  locks and counts are recorded against the source page (`source_page`, `source_lesson`).
- The translated course index gets its source's page permissions and workflow when it is
  created (`translated_index_rules_copy`), so the whole translated tree has the same
  editors, reviewers and Clinical review.
"""

from django.conf import settings
from django.contrib.messages import success
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import GroupPagePermission, Page, WorkflowPage, WorkflowState


def default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def content_language(language: str | None) -> str:
    """The content language that serves `language` (e.g. "hi-IN" → "hi"); the default one
    for a language we have no content locale for."""
    try:
        return get_supported_content_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


# --- Routing and URLs -----------------------------------------------------------------------


def source_route_for_request(request, path: str):
    """Wagtail's routing, from the default locale's home page whatever the active language.

    With i18n on, Wagtail routes a Hindi visitor through the Hindi home page once it is live,
    and every English page not yet translated (or whose translation changed its slug) would
    be a 404 for them. Routing the source tree keeps English URLs as they are; the page's
    content follows the language (`page_for_language`)."""
    with translation.override(default_language()):
        return Page.route_for_request(request, path)


def is_translation(page, request=None) -> bool:
    """Whether `page` lies in a translated (not the default locale's) tree, from the site
    root paths Wagtail caches (on the request, when there is one): no query."""
    for root in page._get_site_root_paths(request):
        if page.url_path.startswith(root.root_path):
            return root.language_code != default_language()
    return False


def source_url_parts(page, request=None):
    """A translated page's URL parts are its source page's (None for a page that is not a
    translation or has no source: Wagtail's own then apply)."""
    if not is_translation(page, request):
        return None
    source = source_page(page)
    if source.pk == page.pk:
        return None
    return source.get_url_parts(request=request)


# --- Which page -----------------------------------------------------------------------------


def source_page(page):
    """The default locale's page with the same translation key (the page itself when it is
    the source, or has none)."""
    if not is_translation(page):
        return page
    model = type(page)
    source = (
        model.objects.filter(
            translation_key=page.translation_key,
            locale__language_code=default_language(),
        )
        .exclude(pk=page.pk)
        .first()
    )
    return source or page


def source_lesson(lesson):
    """The lesson progress is recorded against: the source of a translated lesson."""
    return source_page(lesson)


def _reviewed(page):
    """The translated page as its live revision holds it (what a reviewer approved), or None.

    Not the page's row: wagtail-localize writes a translation's row whenever it saves one,
    draft or not (an alias made a translation, a live translation saved for review), so the
    row of a live translation may hold text nobody approved yet."""
    revision = page.live_revision
    if revision is None or str(revision.object_id) != str(page.pk):
        return None
    return revision.as_object()


def page_for_language(page, language: str | None):
    """The page a reader of `language` sees for the source `page`: its translation into that
    language as published through review (not an alias), else `page` itself. No query for
    the default language."""
    language = content_language(language)
    if language == default_language() or is_translation(page):
        return page
    translated = (
        type(page)
        .objects.filter(
            translation_key=page.translation_key,
            locale__language_code=language,
            live=True,
            alias_of__isnull=True,
        )
        .select_related("live_revision")
        .first()
    )
    reviewed = _reviewed(translated) if translated is not None else None
    return reviewed or page


def translation_apply(page, language: str | None) -> None:
    """Show the source `page`, being served, to a reader of `language`: its live
    translation's `translated_fields` go onto it (it keeps its id, so progress, responses
    and caches keyed on it count the source, and cached parts keyed on the body see the
    translated body). Without one, `page.original_language` names the language the reader
    gets instead (the templates mark that content and say so); "" when nothing is missing."""
    page.original_language = ""
    if content_language(language) == default_language() or is_translation(page):
        return
    shown = page_for_language(page, language)
    if shown.pk == page.pk:
        page.original_language = default_language()
        return
    for name in page.translated_fields:
        setattr(page, name, getattr(shown, name))


def translated_titles(translation_keys, language: str | None) -> dict:
    """Translation key → title of the live translations into `language` (for a course's
    outline); empty for the default language."""
    language = content_language(language)
    if language == default_language() or not translation_keys:
        return {}
    rows = Page.objects.filter(
        translation_key__in=list(translation_keys),
        locale__language_code=language,
        live=True,
        alias_of__isnull=True,
    ).values_list(
        "pk", "translation_key", "live_revision__object_id", "live_revision__content__title"
    )
    # The title as published through review (see _reviewed), not the row's.
    return {key: title for pk, key, object_id, title in rows if object_id == str(pk) and title}


def source_locale_filter(queryset):
    """Narrow a page queryset to the default locale's tree (course choices, lookups by slug)."""
    return queryset.filter(locale__language_code=default_language())


# --- The translated tree's permissions and workflow -------------------------------------------


def translated_index_rules_copy(index) -> None:
    """Give a newly created translated course index its source's page permissions and
    workflow: editors and reviewers work on the translated tree as on the source, and
    translations go live only through Clinical review."""
    if not is_translation(index):
        return
    source = source_page(index)
    if source.pk == index.pk:
        return
    for rule in GroupPagePermission.objects.filter(page=source):
        GroupPagePermission.objects.get_or_create(
            group_id=rule.group_id, page=index, permission_id=rule.permission_id
        )
    assignment = WorkflowPage.objects.filter(page=source).first()
    if assignment is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": assignment.workflow})


def translation_submit_for_review(request, page):
    """What wagtail-localize's "Publish" does for someone who publishes only through Clinical
    review: the translation is saved as a draft revision and submitted to the page's
    workflow (resumed when a reviewer asked for changes, restarted when already under
    review, so the reviewer approves the latest text). None when `page` is not the target
    of a wagtail-localize translation."""
    from wagtail_localize.models import Translation

    found = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    workflow = page.get_workflow()
    if found is None or workflow is None:
        return None
    found.save_target(user=request.user, publish=False)
    page = type(page).objects.get(pk=page.pk)
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(request.user)
    else:
        if state is not None:
            state.cancel(user=request.user)
        workflow.start(page, request.user)
    success(
        request,
        _("“%(title)s” is submitted to Clinical review. It goes live when a reviewer approves it.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect(request.path)


def translated_sources_of(pages) -> list[int]:
    """The ids of the source pages of those of `pages` (a page queryset) that are
    translations: what deleting a translated page must be protected by."""
    keys = pages.exclude(locale__language_code=default_language()).values("translation_key")
    return list(
        Page.objects.filter(
            translation_key__in=keys, locale__language_code=default_language()
        ).values_list("pk", flat=True)
    )


# --- wagtail-localize and translatable block defaults -----------------------------------------


def lazy_block_defaults_translatable() -> None:
    """Let wagtail-localize extract a block value that is a lazy string.

    A struct block's child missing from the stored value takes its default, and our blocks'
    defaults are translatable (gettext_lazy): wagtail-localize 1.14 refuses such a value with
    a TypeError, and "Translate" fails on any lesson with, say, a reflection block saved
    before its privacy note existed. The default is read in the source language (English),
    as the source text it is. Installed once, from courses/wagtail_hooks.py."""
    from django.utils.functional import Promise
    from wagtail_localize.segments import types

    original = types.StringSegmentValue.__init__
    if getattr(original, "lazy_strings_accepted", False):
        return

    def __init__(self, path, string, *args, **kwargs):
        if isinstance(string, Promise):
            with translation.override(default_language()):
                string = str(string)
        original(self, path, string, *args, **kwargs)

    __init__.lazy_strings_accepted = True
    types.StringSegmentValue.__init__ = __init__


# --- Content languages ----------------------------------------------------------------------


def content_locales_ensure() -> str:
    """A Wagtail locale for every content language (settings.WAGTAIL_CONTENT_LANGUAGES, which
    follows LANGUAGES): adding a language to the settings and running `setup_site` is enough
    for editors to translate into it. Also wagtail-localize's "submit translation"
    permission, which its migration made and a flushed database (a transactional test) has
    lost, before the roles are given it. Returns the line `setup_site` prints."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale

    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    for code in codes:
        Locale.objects.get_or_create(language_code=code)
    return "Content languages: " + ", ".join(codes)
