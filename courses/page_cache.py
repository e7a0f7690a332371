"""Learner pages served from cached parts that are the same for everyone.

Three things are cached, each under a key built from what the database holds, so a cache
that missed a delete (Redis away during an edit, an eviction, a restored backup) never
serves a stale copy: the stale copy sits under a key nobody asks for any more.

- The route: URL (host, port, path, language) → the page's id and class, its site, whether
  any view restriction applies, and its course. Walking Wagtail's tree costs the site lookup,
  two queries per URL segment and the ancestors' view restrictions (12 queries for a lesson);
  a cached route costs one query, the page itself, which carries the content version in the
  same statement. The entry records the version it was built under; a different version
  means the route is built again by Wagtail's own routing.
- A course's outline (modules and lessons with their URLs), per course and content version
  (courses/selectors.py).
- A lesson's rendered blocks, per lesson, body content (a hash of the body as the database
  holds it, so each published revision has its own) and language; a body with page links,
  documents or images also per content version, since their URLs follow the tree; a body
  with a crisis-lines block also per content version, which crisis line edits change too.
  Scenario and reflection blocks hold the trainee's own writing and a CSRF token: those are
  rendered for each request.

The content version (`ContentVersion`, one row) gets a new random token in the same
transaction as every change a learner page depends on (courses/handlers.py). Nothing personal
is cached here: enrolment, progress, responses and the CSRF token are read per request.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Subquery
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail import views as wagtail_views
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from content.selectors import CRISIS_LINES_CONTEXT

from .models import (
    ContentVersion,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
)
from .prepared import PreparedQuery
from .translations import source_route_for_request

ROUTE_TIMEOUT = 60 * 60 * 24
BLOCKS_TIMEOUT = 60 * 60 * 24
VERSION_ROW = 1
# Page classes served from a cached route: the learner's pages. Any other page (the home
# page, a future page type) goes through Wagtail's routing as before.
LEARNER_PAGE_CLASSES = {
    cls._meta.label_lower: cls for cls in (CourseIndexPage, CoursePage, ModulePage, LessonPage)
}
# Rendered for each request: the trainee's own blocks.
LIVE_BLOCK_TYPES = {"scenario", "reflection"}
# Raw body text that makes rendered HTML depend on the tree, the media library or the crisis
# lines: all of them change the content version.
_TREE_DEPENDENT_MARKERS = (
    "linktype=",
    "embedtype=",
    '"type": "image"',
    '"type": "crisis_resources"',
)

# The plain Wagtail floor of `make bench` patches this to False, so that it routes as
# Wagtail does.
CACHED_ROUTES = True


# --- The content version --------------------------------------------------------------------


def content_version_bump() -> None:
    """Give the content version a new token, in the caller's transaction."""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=VERSION_ROW).update(token=token):
        ContentVersion.objects.update_or_create(pk=VERSION_ROW, defaults={"token": token})


def content_version() -> str:
    """The current token (one query); "none" before anything was ever bumped."""
    token = ContentVersion.objects.filter(pk=VERSION_ROW).values_list("token", flat=True).first()
    return token or "none"


def content_version_subquery() -> Subquery:
    """The token as a column, to read it in the same statement as a page."""
    return Subquery(
        ContentVersion.objects.filter(pk=VERSION_ROW).values("token")[:1],
    )


def page_content_version(page) -> str:
    """The version a page was loaded with (a cached route's page), else read it."""
    return getattr(page, "_content_version", None) or content_version()


# --- Routes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    version: str
    model: str
    page_id: int
    site: Site
    restricted: bool
    course_id: int | None


def _route_key(request, path: str) -> str:
    # get_host() is checked against ALLOWED_HOSTS (by CommonMiddleware already), so an
    # arbitrary Host header cannot fill the cache.
    raw = "|".join(
        (request.get_host(), str(request.get_port()), translation.get_language() or "", path)
    )
    return "courses:route:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def page_serve(request, path):
    """Wagtail's `serve` view, with learner pages found from a cached route.

    The page found is handed to Wagtail's own view, which runs every `before_serve_page`
    and `on_serve_page` hook (view restrictions, allowed methods) and `page.serve()` as
    usual; only the tree walk is skipped. Anything else (other pages, other methods, a
    miss that is not a learner page) is Wagtail's view unchanged.
    """
    cached = CACHED_ROUTES and request.method in ("GET", "HEAD")
    if cached:
        _route_attach(request, path)
    source_route_for_request(request, path)  # English URLs in every language (issue 16)
    response = wagtail_views.serve(request, path)
    context = getattr(response, "context_data", None) if cached else None
    if context and context.get("lesson_skeleton") is not None and not response.is_rendered:
        # An enrolled trainee's lesson: the page from its cached skeleton.
        from .lesson_skeleton import SkeletonTemplate

        response.template_name = SkeletonTemplate(response.template_name)
    return response


def _route_attach(request, path: str) -> None:
    key = _route_key(request, path)
    route = cache.get(key)
    if route is not None:
        page = _route_page(route)
        if page is not None and page._content_version == route.version:
            _request_remember(request, route, page)
            return
        version = page._content_version if page is not None else content_version()
    else:
        version = content_version()
    # Read the version before routing, so what is cached is at least as new as its version.
    result = source_route_for_request(request, path)
    if result is None:
        return
    page, args, kwargs = result
    model = page._meta.label_lower
    if args or kwargs or model not in LEARNER_PAGE_CLASSES or page.alias_of_id:
        return
    restricted = bool(list(page.get_view_restrictions()))
    route = Route(
        version=version,
        model=model,
        page_id=page.pk,
        site=Site.find_for_request(request),
        restricted=restricted,
        course_id=_course_id(page),
    )
    cache.set(key, route, ROUTE_TIMEOUT)
    page._content_version = version
    page._learner_route = route
    page._served_path = request.path
    if not restricted:
        page._view_restrictions_known = []


def _route_page_query(model) -> PreparedQuery:
    return PreparedQuery(
        lambda page_id: (
            model.objects.annotate(_content_version=content_version_subquery())
            .filter(pk=page_id, live=True)
            .order_by("pk")[:1]
        ),
        "page_id",
    )


# Compiled once per process (courses/prepared.py): building and compiling the query cost
# more than running it.
_ROUTE_PAGE_QUERIES = {
    label: _route_page_query(model) for label, model in LEARNER_PAGE_CLASSES.items()
}


def _route_page(route: Route):
    """The route's page, live, with the current content version; None when gone."""
    query = _ROUTE_PAGE_QUERIES.get(route.model)
    if query is None:
        return None
    return query.first(page_id=route.page_id)


def _request_remember(request, route: Route, page) -> None:
    """What Wagtail's routing would have left on the request."""
    page._learner_route = route
    page._served_path = request.path  # the header marks the place by it (lesson_skeleton)
    if not route.restricted:
        page._view_restrictions_known = []
    request._wagtail_site = route.site
    request._wagtail_route_for_request = RouteResult(page)


def _course_id(page) -> int | None:
    if isinstance(page, CoursePage):
        return page.pk
    if isinstance(page, CourseIndexPage):
        return None
    course_depth = page.depth - (1 if isinstance(page, ModulePage) else 2)
    return (
        CoursePage.objects.filter(path=page.path[: page.steplen * course_depth])
        .values_list("pk", flat=True)
        .first()
    )


def route_course_id(page) -> int | None:
    """The course a learner page belongs to, as its cached route knows it; None when the
    page was not served from a route (a preview, a view that loaded it)."""
    route = getattr(page, "_learner_route", None)
    return route.course_id if route is not None else None


# --- Rendered lesson blocks -----------------------------------------------------------------


@dataclass(frozen=True)
class BodyPart:
    """One block of a lesson: its cached HTML, or the block itself to render per request."""

    html: str | None = None
    block: object = None
    index: int | None = None  # the block's position in the body


def lesson_blocks_key(lesson: LessonPage, *, version: str) -> str:
    raw = json.dumps(list(lesson.body.raw_data), sort_keys=True, default=str)
    digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    tree = version if any(marker in raw for marker in _TREE_DEPENDENT_MARKERS) else "-"
    language = translation.get_language() or ""
    # Shown in its original language, the blocks mark our interface text (content_tags.ui_lang).
    original = getattr(lesson, "original_language", "") or "-"
    return f"courses:blocks:{lesson.pk}:{digest}:{language}:{original}:{tree}"


def lesson_body_parts(lesson: LessonPage, cached, *, version: str) -> tuple[list[BodyPart], object]:
    """The lesson body as parts, from `cached` (what the cache held under the lesson's
    blocks key, or None). Returns the parts and what to cache when `cached` was None.
    Crisis-lines blocks read the lines under `version` (content/templatetags), never from
    a list whose invalidation is a delete alone."""
    if cached is None:
        context = {CRISIS_LINES_CONTEXT: {"version": version}, "page": lesson}
        cached = [
            (None, index)
            if block.block_type in LIVE_BLOCK_TYPES
            else (str(block.render(context={**context, "block_id": block.id})), None)
            for index, block in enumerate(lesson.body)
        ]
        fresh = cached
    else:
        fresh = None
    parts = [
        BodyPart(html=mark_safe(html))  # noqa: S308 (rendered by our own block templates)
        if html is not None
        else BodyPart(block=lesson.body[index], index=index)
        for html, index in cached
    ]
    return parts, fresh
