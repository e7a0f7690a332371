"""The machinery behind the URL table test: list every route, fill its ids, sort an answer.

`routes()` walks the whole URLconf (ours, Wagtail's admin, Wagtail's page routes) in the order
Django resolves it. `route_url()` turns a route into a path with the ids of the seeded world.
`answer_kind()` sorts a response into one of a few kinds (ok, redirect, login, forbidden, ...)
that url_table's outcome classes are made of.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib import messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

OUR_APPS = ("lms.", "courses.", "assessments.", "certificates.", "content.")


@dataclass(frozen=True)
class Route:
    index: int  # position in resolution order: the first of two equal routes wins
    text: str  # e.g. "learn/practice/logs/<int:log_id>/"
    name: str  # e.g. "practice:log", "" when unnamed
    module: str  # the view's module, e.g. "assessments.practice.views"
    pieces: tuple  # the patterns from the root down, to build a path from
    callback: object

    @property
    def ours(self) -> bool:
        return self.module.startswith(OUR_APPS)

    def __str__(self):
        return self.text + (f" ({self.name})" if self.name else "")


def _walk(patterns, pieces=(), namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, (*pieces, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield (*pieces, entry.pattern), name, entry.callback


def routes() -> list[Route]:
    found = []
    for index, (pieces, name, callback) in enumerate(_walk(get_resolver().url_patterns)):
        view = getattr(callback, "view_class", callback)
        found.append(
            Route(
                index=index,
                text="".join(str(piece) for piece in pieces),
                name=name,
                module=getattr(view, "__module__", "") or "",
                pieces=pieces,
                callback=callback,
            )
        )
    return found


_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


def route_params(route: Route) -> list[str]:
    names = []
    for piece in route.pieces:
        text = str(piece)
        pattern = _GROUP if isinstance(piece, RegexPattern) else _CONVERTER
        names += [match["name"] for match in pattern.finditer(text)]
    return names


class UnfillableRoute(Exception):
    pass


def route_url(route: Route, values: dict) -> str:
    """The path of `route` with each parameter replaced by `values[name]`."""
    path = "/"
    for piece in route.pieces:
        text = str(piece)
        if isinstance(piece, RegexPattern):
            text = _GROUP.sub(lambda m: str(values[m["name"]]), text)
            text = text.removeprefix("^").removesuffix("$").replace("\\.", ".")
            if re.search(r"[\\()\[\]*+?|{}]", text):
                raise UnfillableRoute(
                    f"{route}: its regular expression has unnamed parts; give its rule an "
                    "explicit url=."
                )
        else:
            text = _CONVERTER.sub(lambda m: str(values[m["name"]]), text)
        path += text
    return path


def _path(url: str) -> str:
    return urlsplit(url).path


def answer_kind(response) -> str:
    """One word for what a response means to the person who asked."""
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        location = _path(response["Location"])
        if location in (reverse("account_login"), "/admin/login/"):
            return "login"
        # Wagtail refuses inside the admin by sending the person to the admin's home page
        # with "Sorry, you do not have permission to access this area."
        if location == reverse("wagtailadmin_home") and any(
            message.level == messages.ERROR
            for message in messages.get_messages(response.wsgi_request)
        ):
            return "admin_denied"
        return "redirect"
    return {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        405: "method",
        429: "throttled",
    }.get(status, f"status {status}")


def response_text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return body.decode("utf-8", errors="replace")
