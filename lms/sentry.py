"""Error reports to Sentry (or a compatible server) when SENTRY_DSN is set, scrubbed.

What a trainee writes (reflections, scenario responses, practice notes, evidence, answers)
and who they are must never leave the site. The SDK is told to collect no user details,
cookies, request bodies, query strings, SQL parameters or local variables (its
`data_collection`, the successor of `send_default_pii=False`), and `scrub_event` removes
from every event before it is sent, whatever an integration added:

- the request's body, cookies, query string, environment and every header but a few
  harmless ones (the URL path and method stay);
- the user's email, name, username and address (the id stays);
- breadcrumbs' messages and data, except log lines' messages (logs never carry texts);
- every value, at any depth in frame variables, `extra`, contexts and tags, whose key is
  one of FREE_TEXT_FIELDS (tests/ops/test_sentry_scrubber.py checks the list covers every
  text field of the models).

Each event is tagged with the request or task id of lms.logging_context, so a report can
be matched with the log lines of the same request.
"""

import re

from . import logging_context

FILTERED = "[Filtered]"

# Free-text field names: every TextField and JSONField of our models (the scrubber test
# fails when one is missing) and the names forms post them under.
FREE_TEXT_FIELDS = frozenset(
    {
        # Learners, supervisors and graders
        "text",
        "reflection",
        "description",
        "notes",
        "note",
        "comment",
        "comments",
        "answer",
        "answers",
        "response",
        "responses",
        "evidence",
        "attestation",
        "grader_comment",
        "grade",
        "snapshot",
        "revoked_reason",
        "message",
        "body",
        "content",
        "value",
        "values",
        "data",
        "details",
        "cleaned_data",
        "initial",
        # Queued side effects (the outbox): their arguments
        "args",
        "kwargs",
        # People's names on certificates
        "holder_name",
        "full_name",
        "name",
        "supervisor_names",
        "email",
        "password",
        # Content and certificate texts (not private, but long and free)
        "achievement_criteria",
        "achievement_description",
        "audience",
        "feedback",
        "feedback_false",
        "feedback_true",
        "general_feedback",
        "grader_info",
        "hours_by_category",
        "introduction",
        "prompt",
        "rating_scale",
        "search_description",
        "statement",
        "summary",
        "unmet_rules",
        "url_path",
    }
)

# Request headers that say nothing about the person; every other header is dropped.
KEPT_HEADERS = frozenset({"accept", "accept-language", "content-type", "user-agent", "host"})
KEPT_USER_KEYS = frozenset({"id"})


# Reprs that carry what was posted or asked: a request's repr ends with its query string, a
# QueryDict's shows every field.
_QUERY_IN_REPR = re.compile(r"\?[^'\"]*(?=['\"]>)")
_FORM_REPRS = ("<QueryDict", "<MultiValueDict")


def _scrub_string(value: str) -> str:
    if value.startswith(_FORM_REPRS):
        return FILTERED
    return _QUERY_IN_REPR.sub("", value) if value.startswith("<") else value


def _scrub(value, depth=0):
    """`value` with every free-text key's value filtered, at any depth."""
    if depth > 20:
        return FILTERED
    if isinstance(value, dict):
        return {
            key: (
                FILTERED
                if isinstance(key, str) and key.lower() in FREE_TEXT_FIELDS
                else _scrub(item, depth + 1)
            )
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item, depth + 1) for item in value]
    if isinstance(value, str):
        return _scrub_string(value)
    return value


def _scrub_request(request: dict) -> dict:
    kept = {key: request[key] for key in ("url", "method") if key in request}
    if "url" in kept:
        kept["url"] = str(kept["url"]).split("?", 1)[0].split("#", 1)[0]
    headers = request.get("headers") or {}
    kept["headers"] = {
        name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS
    }
    return kept


def _scrub_exception_frames(event: dict) -> None:
    for container in ("exception", "threads"):
        for entry in (event.get(container) or {}).get("values") or []:
            for frame in (entry.get("stacktrace") or {}).get("frames") or []:
                if "vars" in frame:
                    frame["vars"] = _scrub(frame["vars"])


def scrub_event(event, hint=None):
    """Sentry's before_send (and before_send_transaction)."""
    if "request" in event:
        event["request"] = _scrub_request(event["request"])
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {key: value for key, value in user.items() if key in KEPT_USER_KEYS}
    _scrub_exception_frames(event)
    for key in ("extra", "contexts", "tags"):
        if key in event:
            event[key] = _scrub(event[key])
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [scrub_breadcrumb(c) for c in breadcrumbs.get("values") or []]
    elif isinstance(breadcrumbs, list):
        event["breadcrumbs"] = [scrub_breadcrumb(c) for c in breadcrumbs]
    if logging_context.current() != "-":
        event.setdefault("tags", {})["request_id"] = logging_context.current()
    return event


def scrub_breadcrumb(crumb, hint=None):
    """Sentry's before_breadcrumb: log lines keep their message; SQL, Redis commands, HTTP
    calls and anything else keep only their kind."""
    crumb = dict(crumb)
    crumb.pop("data", None)
    if crumb.get("type") != "log":
        crumb.pop("message", None)
    return crumb


def init(
    dsn: str,
    *,
    environment: str = "",
    release: str = "",
    traces_sample_rate: float = 0.0,
    stack_frame_variables: bool = False,
    **more,
) -> None:
    """Start the SDK (called from settings when SENTRY_DSN is set). What the SDK collects is
    narrowed first (its `data_collection`, which replaces `send_default_pii=False`), then
    scrub_event removes the rest."""
    import sentry_sdk

    sentry_sdk.init(
        **{
            "dsn": dsn,
            "environment": environment or None,
            "release": release or None,
            "traces_sample_rate": traces_sample_rate,
            "data_collection": {
                "user_info": False,
                "cookies": {"mode": "off"},
                "http_headers": {"request": {"mode": "allowlist", "terms": sorted(KEPT_HEADERS)}},
                "http_bodies": [],
                "url_query_params": {"mode": "off"},
                "graphql": {"document": False, "variables": False},
                "gen_ai": {"inputs": False, "outputs": False},
                "database_query_data": False,
                "queues": False,
                # A text can sit in any local variable, under any name: none are sent.
                "stack_frame_variables": stack_frame_variables,
            },
            "max_request_body_size": "never",
            "before_send": scrub_event,
            "before_send_transaction": scrub_event,
            "before_breadcrumb": scrub_breadcrumb,
            **more,
        }
    )
