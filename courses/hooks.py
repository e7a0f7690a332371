"""Extension points the higher apps (assessments, certificates) register into.

The courses app never imports them; they call `wagtail.hooks.register(NAME)` from their own
wagtail_hooks.py. Each hook receives whole lists, so that an implementation can answer for
every module or enrolment with one query.

MODULE_LOCKS
    fn(*, enrolment, modules) -> dict[module_id, str]: modules that stay locked, each with
    the reason shown to the trainee (e.g. "Pass the quiz of Module 1 first.").
DASHBOARD_PANELS
    fn(*, request, enrolments) -> list[str]: HTML fragments (already escaped, e.g. from
    render_to_string) shown on the trainee's dashboard under their courses.
COURSE_PANELS
    fn(*, request, course, enrolment) -> list[str]: HTML fragments shown on a course page.
MODULE_PANELS
    fn(*, user, module, enrolment) -> list[str]: HTML fragments shown on a module page under
    its lessons (e.g. the module's quiz and where the trainee stands with it). Module pages
    build their context from the user alone, so fragments link to pages that hold any form.
"""

from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

MODULE_LOCKS = "courses_module_locks"
DASHBOARD_PANELS = "courses_dashboard_panels"
COURSE_PANELS = "courses_course_panels"
MODULE_PANELS = "courses_module_panels"


def module_locks(*, enrolment, modules) -> dict[int, str]:
    locks: dict[int, str] = {}
    for fn in hooks.get_hooks(MODULE_LOCKS):
        for module_id, reason in (fn(enrolment=enrolment, modules=modules) or {}).items():
            locks.setdefault(module_id, reason)
    return locks


def panels(name: str, **kwargs) -> list[SafeString]:
    fragments = []
    for fn in hooks.get_hooks(name):
        fragments.extend(fn(**kwargs) or [])
    # Implementations render through templates, which escape; mark the joined result safe.
    return [mark_safe(fragment) for fragment in fragments]  # noqa: S308
