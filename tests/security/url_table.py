"""Who may do what, at every URL: the table tests/security/test_url_table.py checks.

Read it as a reviewer: each `rule` names the routes it covers (a regular expression on the
route as Django prints it, e.g. `learn/practice/logs/<int:log_id>/`), says why in one line,
and gives, for each role, what a GET and a POST with the OTHER party's ids must get back.
The ids come from tests/security/world.py: trainee A owns the enrolment, logs, attempts,
responses and certificate every route is asked about; an editor's draft lesson sits in
Clinical review; and so on (`DEFAULT_IDS`, or `ids=` on a rule).

Roles: anonymous, trainee_a (the owner), trainee_b (another trainee, on another course),
supervisor_a (A's current supervisor), supervisor_other (B's), editor, reviewer,
programme_admin (of A's organisation), admin_other_org (a programme admin of B's
organisation only). Unless a rule says otherwise, admin_other_org gets what programme_admin
gets (the same lists, narrowed to their organisation); `own_org(...)` marks the routes
about an object of A's organisation, which admin_other_org is refused.

Outcomes (each a set of the answer kinds url_walk.answer_kind() sorts a response into):
  ALLOW      2xx, or a redirect that is neither to the login page nor a refusal
  LOGIN      a redirect to the login page
  DENY       403, 404 (the object is not theirs, so it does not exist for them), or Wagtail's
             refusal inside the admin (back to the admin's home with "Sorry, you do not have
             permission")
  NOT_FOUND  404 for everyone: there is nothing there
  METHOD     405: the method is not accepted
  BAD        400
A POST the rule does not declare must be no more open than the GET: a role refused on GET
must be refused on POST too (or get 405 or 400). POSTs (with an empty form) are sent only
where the table expects a refusal: an empty form from someone allowed proves nothing about
who may, and what forms do with bad input is tests/security/test_form_fuzz.py's job.

Every route must match exactly one rule: a new URL fails the test until it is added here.
"""

from dataclasses import dataclass, field

# Outcome classes ------------------------------------------------------------------------

ALLOW = frozenset({"ok", "redirect"})
LOGIN = frozenset({"login"})
DENY = frozenset({"forbidden", "not_found", "admin_denied"})
NOT_FOUND = frozenset({"not_found"})
METHOD = frozenset({"method"})
BAD = frozenset({"bad_request"})
# A route an earlier route always answers for (ours in front of Wagtail's): never reached.
SHADOWED = {"shadowed": True}

OUTCOME_NAMES = {
    ALLOW: "ALLOW",
    LOGIN: "LOGIN",
    DENY: "DENY",
    NOT_FOUND: "NOT_FOUND",
    METHOD: "METHOD",
    BAD: "BAD",
}

ROLES = (
    "anonymous",
    "trainee_a",
    "trainee_b",
    "supervisor_a",
    "supervisor_other",
    "editor",
    "reviewer",
    "programme_admin",
    "admin_other_org",
)
OTHER_ORG = "admin_other_org"
TRAINEES = ("trainee_a", "trainee_b")
SUPERVISORS = ("supervisor_a", "supervisor_other")
STAFF = ("editor", "reviewer", "programme_admin")


def roles(default, **overrides) -> dict:
    """{role: outcome}: `default` for every role, except those named."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    table = {role: overrides.get(role, default) for role in ROLES}
    if OTHER_ORG not in overrides:
        # An admin of another organisation does what a programme admin does, except on the
        # routes `own_org` marks.
        table[OTHER_ORG] = table["programme_admin"]
    return table


def own_org(table: dict) -> dict:
    """A route about an object of A's organisation (A's cohort, enrolment, records,
    certificate, account): an admin of another organisation is refused what A's own
    programme admin may do."""
    allowed = table["programme_admin"] == ALLOW
    return {**table, OTHER_ORG: DENY if allowed else table["programme_admin"]}


# Profiles that read as sentences.
EVERYONE = roles(ALLOW)
NOBODY = roles(NOT_FOUND)
SIGNED_IN = roles(ALLOW, anonymous=LOGIN)


def only(*allowed, anonymous=LOGIN, others=DENY) -> dict:
    """Signed-in people named in `allowed` may; other signed-in people are refused."""
    return roles(others, anonymous=anonymous, **dict.fromkeys(allowed, ALLOW))


def admin(*allowed, **overrides) -> dict:
    """An admin page: strangers sign in; trainees and supervisors get the "not for your role"
    page (403); the staff roles in `allowed` may; other staff roles are refused."""
    return roles(DENY, **{"anonymous": LOGIN, **dict.fromkeys(allowed, ALLOW), **overrides})


EDITORS = ("editor",)
EDITORS_AND_REVIEWERS = ("editor", "reviewer")
ALL_STAFF = STAFF


# Ids --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class lit:  # noqa: N801 - reads as a marker in the tables below
    """A literal value for a URL parameter, rather than the name of a world object."""

    value: object


# URL parameter -> the world object whose id fills it (its pk, or its uuid/code for those
# parameters). A rule's `ids=` overrides these.
DEFAULT_IDS = {
    "page_id": "draft",
    "parent_page_id": "module",
    "page_to_move_id": "draft",
    "destination_id": "module_2",
    "page_pk": "draft",
    "workflow_pk": "workflow",
    "course_id": "course",
    "lesson_id": "lesson",
    "block_id": "reflection_block",
    "quiz_id": "quiz",
    "uuid": "attempt",
    "position": lit(1),
    "log_id": "log",
    "enrolment_id": "enrolment",
    "answer_id": "essay_answer",
    "code": "certificate",
    "document_id": "document",
    "doc_id": "document",
    "image_id": "image",
    "redirect_id": "redirect",
    "collection_id": "collection",
    "revision_id": "draft_revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "action_name": lit("approve"),
    "content_type_app_name": lit("courses"),
    "content_type_model_name": lit("lessonpage"),
    "app_label": lit("courses"),
    "model_name": lit("lessonpage"),
    "app_name": lit("taggit"),
    "filter_spec": lit("original"),
    "uploaded_file_id": lit(2147483000),
    "restriction_id": lit(2147483000),
    "page_view_restriction_id": lit(2147483000),
    "session_id": lit(2147483000),
    "object_id": "draft",
    "token": lit("not-a-real-token"),
    "key": lit("not-a-real-key"),
    "uidb36": lit("1"),
    "uidb64": lit("MQ"),
    "revision_id_a": lit("earliest"),
    "revision_id_b": lit("latest"),
}


# Rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One way of asking a route: its ids (or an explicit path) and the expected answers."""

    get: dict
    post: dict | None = None  # None: derived from `get` (see the module docstring)
    label: str = ""
    ids: dict = field(default_factory=dict)
    url: object = None  # a callable world -> path, for routes that cannot be filled
    query: str = ""


@dataclass(frozen=True)
class Rule:
    pattern: str  # regular expression, searched in the route's text
    why: str
    cases: tuple
    name: str | None = None  # also require this route name (to tell equal routes apart)
    fast: bool = False  # in the default (fast) run in full, not only sampled


def rule(pattern, why, get=None, post=None, *, ids=None, url=None, query="", cases=(), **kw):
    if get is not None:
        cases = (Case(get=get, post=post, ids=ids or {}, url=url, query=query), *cases)
    return Rule(pattern=pattern, why=why, cases=tuple(cases), **kw)


def case(label, get, post=None, *, ids=None, url=None, query=""):
    return Case(get=get, post=post, label=label, ids=ids or {}, url=url, query=query)


def _page_url(name):
    return lambda world: world[name].url


# The question bank's own admin pages: banks, categories and one per question type.
QUESTION_MODELS = (
    "bank",
    "category",
    "single_choice",
    "multiple_response",
    "true_false",
    "short_answer",
    "matching",
    "numerical",
    "essay",
)

TABLE = [
    # --- The public site and Wagtail's page routes ---------------------------------------
    rule(
        r"^\^\(\?!_util/\)",
        "The page tree, learner pages from a cached route (courses/page_urls.py, in front of "
        "Wagtail's): one live page of each type, and a draft",
        cases=(
            case("home", EVERYONE, url=_page_url("home")),
            case("course index", EVERYONE, url=_page_url("course_index")),
            case("course", EVERYONE, url=_page_url("course")),
            case("module", EVERYONE, url=_page_url("module")),
            # Everyone gets the page; only A's own responses appear on it (checked by
            # PRIVATE_TEXT_READERS), and only the enrolled see the lesson itself.
            case("lesson", EVERYONE, url=_page_url("lesson")),
            case("draft lesson", NOBODY, url=lambda world: world["module"].url + "draft-lesson/"),
        ),
        fast=True,
    ),
    rule(
        r"^\^\(\(\?:",
        "Wagtail's catch-all page route, behind the one above",
        SHADOWED,
        url=_page_url("lesson"),
    ),
    rule(r"^_util/authenticate_with_password/", "Password-protected pages: none", NOBODY),
    rule(
        r"^_util/login/$",
        "Wagtail's front-end login hands over to allauth's: one way in",
        roles(LOGIN),
        roles(LOGIN),
        name="",
        fast=True,
    ),
    rule(
        r"^_util/login/$", "Wagtail's own front-end login form", SHADOWED, name="wagtailcore_login"
    ),
    rule(
        r"^documents/\^\(",
        "Documents are course material",
        EVERYONE,
        url=lambda world: world["document"].url,
    ),
    rule(r"^documents/authenticate_with_password/", "Password-protected documents: none", NOBODY),
    # --- Accounts (allauth) -------------------------------------------------------------
    rule(
        r"^accounts/(login/$|signup/|inactive/|password/reset/|confirm-email/$)",
        "Signing in, signing up and resetting a password: anyone",
        EVERYONE,
        fast=True,
    ),
    rule(r"^accounts/\^(confirm-email|password/reset/key)", "Links from emails", EVERYONE),
    rule(r"^accounts/logout/$", "Signing out", EVERYONE),
    rule(
        r"^accounts/login/code/confirm/$",
        "Confirming a sign-in code: only after asking for one",
        roles(ALLOW, anonymous=LOGIN),
    ),
    rule(
        r"^accounts/(profile|email|password/change|password/set|reauthenticate)/$",
        "One's own account",
        SIGNED_IN,
    ),
    rule(r"^accounts/invitation/", "An invitation link: a bad token is not found", NOBODY),
    # --- A copy of one's data (issue 18, part 2) ------------------------------------------
    rule(
        r"^accounts/data/request/$",
        "Asking for a copy of one's own data (POST)",
        roles(METHOD, anonymous=LOGIN),
        SIGNED_IN,
    ),
    rule(
        r"^accounts/data/<\w+:export_id>/download/$",
        "The copy of A's data A asked for: A only (not A's admin, who downloads their own "
        "copies in the admin)",
        only("trainee_a"),
        ids={"export_id": "data_export"},
    ),
    # --- Erasure (issue 18, part 3) ------------------------------------------------------
    rule(
        r"^accounts/data/erase/$",
        "Asking for erasure of one's own data: the rule, then the password",
        SIGNED_IN,
    ),
    rule(
        r"^accounts/data/erase/cancel/$",
        "Cancelling one's own pending erasure (POST)",
        roles(METHOD, anonymous=LOGIN),
        SIGNED_IN,
    ),
    # --- The privacy notice and consent (issue 18, part 1) -------------------------------
    # The world publishes no version: one in force would send every signed-in role to agree
    # to it first (tests/lms/test_consent.py asks those pages with one in force).
    rule(
        r"^privacy/$",
        "The privacy notice in force: anyone (linked from sign-up and every page's footer)",
        EVERYONE,
        roles(METHOD),
        fast=True,
    ),
    rule(
        r"^privacy/version/<\w+:version>/$",
        "A published version by number: anyone; none is published in the world",
        NOBODY,
        roles(METHOD),
        ids={"version": lit(1)},
    ),
    rule(
        r"^accounts/privacy/agree/$",
        "Agreeing to the notice in force, then on to `next`: one's own (none in force: on)",
        SIGNED_IN,
    ),
    rule(
        r"^accounts/privacy/withdraw/$",
        "Withdrawing one's own consent, which asks for erasure (none given: back to the profile)",
        SIGNED_IN,
    ),
    # --- Notices (issue 17, part 6) -------------------------------------------------------
    rule(r"^notices/$", "One's own notices", SIGNED_IN),
    rule(
        r"^notices/read-all/$",
        "Marking one's own notices read (POST)",
        roles(METHOD, anonymous=LOGIN),
        SIGNED_IN,
    ),
    rule(
        r"^notices/<\w+:notice_id>/$",
        "Opening A's notice (marks it read, then goes to its page): A only",
        only("trainee_a"),
        ids={"notice_id": "notice"},
    ),
    # --- The trainee's area -------------------------------------------------------------
    rule(r"^learn/$", "The dashboard: one's own courses", SIGNED_IN),
    rule(
        r"^learn/courses/<\w+:course_id>/enrol/$",
        "Enrolling oneself (POST): refused unless the course has open enrolment",
        roles(METHOD, anonymous=LOGIN),
        # Everyone signed in is sent back to the course page; only A is enrolled (a course
        # without open enrolment says so there).
        SIGNED_IN,
    ),
    rule(
        r"^learn/lessons/<\w+:lesson_id>/complete/$",
        "Completing a lesson (POST): those enrolled; others are sent back with a message",
        roles(METHOD, anonymous=LOGIN),
        SIGNED_IN,
    ),
    rule(
        r"^learn/lessons/<\w+:lesson_id>/responses/",
        "Saving a reflection or scenario response (POST): A's own enrolment only",
        roles(METHOD, anonymous=LOGIN),
        # An empty form is refused (400) before anything else, for everyone.
        roles(BAD, anonymous=LOGIN),
    ),
    rule(
        r"^learn/quizzes/<\w+:quiz_id>/$",
        "A quiz's page: its rules, like the course outline, for anyone signed in; the "
        "trainee's own attempts only to them",
        SIGNED_IN,
    ),
    rule(
        r"^learn/quizzes/<\w+:quiz_id>/start/$",
        "Starting a quiz (POST): those enrolled on its course",
        roles(METHOD, anonymous=LOGIN),
        only("trainee_a"),
    ),
    rule(
        r"^learn/attempts/<uuid:uuid>/(<\w+:position>/save|submit)/$",
        "Saving an answer and submitting (POST): the attempt's trainee only",
        roles(METHOD, anonymous=LOGIN),
        only("trainee_a"),
    ),
    rule(
        r"^learn/attempts/<uuid:uuid>/(|review/|result/|<\w+:position>/)$",
        "An attempt: its trainee only",
        only("trainee_a"),
        post=only("trainee_a", others=DENY | METHOD),
        cases=(
            case(
                "submitted",
                only("trainee_a"),
                only("trainee_a", others=DENY | METHOD),
                ids={"uuid": "attempt_submitted"},
            ),
        ),
    ),
    rule(r"^learn/practice/$", "One's own practice overview", SIGNED_IN),
    rule(
        r"^learn/practice/<\w+:course_id>/",
        "A's practice on A's course (new log, hours statement): A only",
        only("trainee_a"),
    ),
    rule(
        r"^learn/practice/logs/<\w+:log_id>/$",
        "A's practice log: A only",
        only("trainee_a"),
        cases=(case("draft", only("trainee_a"), ids={"log_id": "log_draft"}),),
    ),
    rule(
        r"^learn/practice/logs/<\w+:log_id>/edit/$",
        "Editing A's draft log: A only",
        only("trainee_a"),
        ids={"log_id": "log_draft"},
    ),
    rule(
        r"^learn/practice/logs/<\w+:log_id>/submit/$",
        "Submitting A's draft log (POST): A only",
        roles(METHOD, anonymous=LOGIN),
        only("trainee_a"),
        ids={"log_id": "log_draft"},
    ),
    rule(r"^learn/certificates/$", "One's own certificates", SIGNED_IN),
    rule(
        r"^learn/certificates/<\w+:course_id>/",
        "A course's code of ethics, certificate status and hours statement: those enrolled",
        only("trainee_a"),
    ),
    rule(
        r"^learn/certificates/<str:code>/download/$",
        "A certificate's PDF: its holder only",
        only("trainee_a"),
    ),
    # --- The supervisor's area ----------------------------------------------------------
    rule(
        r"^supervise/(practice/|trainees/)?$",
        "The supervisor's queues and trainee list: supervisors, each seeing their own",
        only(*SUPERVISORS),
    ),
    rule(
        r"^supervise/(essays|practice|trainees)/<\w+:\w+>/$",
        "One trainee's essay, log or record: their current supervisor only",
        only("supervisor_a"),
    ),
    rule(
        r"^supervise/trainees/<\w+:enrolment_id>/(observations|sign-off)/$",
        "Recording an observation or signing off a competency (POST): A's supervisor only",
        only(*SUPERVISORS, others=DENY) | dict.fromkeys(SUPERVISORS, METHOD),
        only("supervisor_a"),
        fast=True,
    ),
    # --- Public verification ------------------------------------------------------------
    rule(r"^verify/", "Anyone may check a certificate", EVERYONE, fast=True),
    # --- Health endpoints (issue 13) ------------------------------------------------------
    rule(r"^health/", "A load balancer checks health without signing in", EVERYONE, fast=True),
    # --- Language (issue 16) ---------------------------------------------------------------
    rule(r"^i18n/setlang/$", "Anyone may choose the site's language", EVERYONE, fast=True),
    rule(r"^jsi18n/$", "The scripts' translations: public interface text", EVERYONE, fast=True),
    # --- The admin: its door --------------------------------------------------------------
    rule(
        r"^admin/login/$",
        "The admin's login is allauth's: ours redirects there (the signed-in get the admin's "
        "door: staff go on, trainees and supervisors are refused)",
        admin(editor=LOGIN, reviewer=LOGIN, programme_admin=LOGIN),
        name="",
        fast=True,
    ),
    rule(r"^admin/login/$", "Wagtail's own admin login", SHADOWED, name="wagtailadmin_login"),
    rule(
        r"^admin/account/$",
        "One's admin account page (name, language, time zone)",
        admin(*ALL_STAFF),
        name="",
    ),
    rule(r"^admin/account/$", "Wagtail's account page", SHADOWED, name="wagtailadmin_account"),
    rule(r"^admin/$", "The admin's dashboard: staff", admin(*ALL_STAFF), fast=True),
    rule(
        r"^admin/(test404/|dismissibles/|choose-(page|external-link|email-link|phone-link|"
        r"anchor-link)/|tag-autocomplete/$|embeds/chooser/|snippets/$)",
        "The admin's shared tools (choosers, dismissibles, the snippet list): any staff",
        admin(*ALL_STAFF),
    ),
    rule(
        r"^admin/tag-autocomplete/<",
        "Tag suggestions for a model: none of ours has tags",
        admin(editor=NOT_FOUND, reviewer=NOT_FOUND, programme_admin=NOT_FOUND),
    ),
    rule(
        r"^admin/jsi18n/$",
        "The admin's translations for its scripts: public text",
        admin(*ALL_STAFF, anonymous=ALLOW),
    ),
    rule(
        r"^admin/logout/$",
        "Signing out of the admin (POST)",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(editor=LOGIN, reviewer=LOGIN, programme_admin=LOGIN),
    ),
    rule(
        r"^admin/\^\.\*",
        "Anything else under /admin/: not found, behind the same door",
        admin(editor=NOT_FOUND, reviewer=NOT_FOUND, programme_admin=NOT_FOUND),
        url=lambda world: "/admin/no-such-page/",
    ),
    rule(
        r"^admin/sprite/$",
        "The admin's icon sprite: static, for anyone who may see the admin's login",
        admin(*ALL_STAFF, anonymous=ALLOW),
    ),
    rule(
        r"^admin/failwhale/$",
        "Wagtail's error-page test is not served: ours answers 404 in front of it",
        admin(anonymous=NOT_FOUND, editor=NOT_FOUND, reviewer=NOT_FOUND, programme_admin=NOT_FOUND),
        admin(anonymous=NOT_FOUND, editor=NOT_FOUND, reviewer=NOT_FOUND, programme_admin=NOT_FOUND),
        name="",
    ),
    rule(
        r"^admin/failwhale/$",
        "Wagtail's error-page test, which raises on purpose",
        SHADOWED,
        name="wagtailadmin_error_test",
    ),
    rule(
        r"^admin/password_reset/",
        "Wagtail's password reset is off: allauth's is the only one",
        roles(NOT_FOUND, trainee_a=DENY, trainee_b=DENY, supervisor_a=DENY, supervisor_other=DENY),
    ),
    # --- The admin: pages (editors write, reviewers approve; programme admins stay out) --
    rule(
        r"^admin/api/main/\^\w+/$",
        "The admin's JSON API behind the page and media choosers: any staff",
        admin(*ALL_STAFF),
    ),
    rule(
        r"^admin/api/main/\^pages/<int:pk>/$",
        "One page through the API: those with rights on pages",
        admin(*EDITORS_AND_REVIEWERS),
        ids={"pk": "draft"},
    ),
    rule(
        r"^admin/api/main/\^pages/<int:pk>/action/",
        "Page actions through the API (POST): as the page views",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(*EDITORS_AND_REVIEWERS),
        ids={"pk": "draft"},
    ),
    rule(
        r"^admin/api/main/\^documents/<int:pk>/$",
        "One document through the API: any staff",
        admin(*ALL_STAFF),
        ids={"pk": "document"},
    ),
    rule(
        r"^admin/api/main/\^images/<int:pk>/$",
        "One image through the API: any staff",
        admin(*ALL_STAFF),
        ids={"pk": "image"},
    ),
    rule(
        r"^admin/api/main/\^\w+/find/$",
        "The API's find-by-path: nothing to find without a path",
        admin(editor=NOT_FOUND, reviewer=NOT_FOUND, programme_admin=NOT_FOUND),
    ),
    rule(
        r"^admin/pages/$",
        "The page explorer: editors and reviewers",
        admin(*EDITORS_AND_REVIEWERS),
    ),
    rule(
        r"^admin/pages/(<int:parent_page_id>/(results/)?$|search/|search/results/|usage/)",
        "Browsing and searching the page tree: editors and reviewers",
        admin(*EDITORS_AND_REVIEWERS),
    ),
    rule(
        r"^admin/pages/(add/|<int:parent_page_id>/add_subpage/)",
        "Adding a lesson: editors",
        admin(*EDITORS),
        fast=True,
    ),
    rule(
        r"^admin/pages/create/",
        "Choosing where to create a page: any staff (the list offers only permitted parents)",
        admin(*ALL_STAFF),
    ),
    rule(
        r"^admin/pages/<int:page_id>/(usage|edit|edit/preview|view_draft|delete|history|"
        r"history/results|workflow_history|workflow_history/detail/<int:workflow_state_id>|"
        r"revisions/<int:revision_id>/(view|revert)|copy)/$",
        "An editor's draft lesson: editors and reviewers read, edit, preview and compare it",
        admin(*EDITORS_AND_REVIEWERS),
        fast=True,
    ),
    rule(
        r"^admin/pages/<int:page_id>/revisions/$",
        "Old revisions address: sends everyone with access to the page's history",
        admin(*ALL_STAFF),
    ),
    rule(
        r"^admin/pages/\^\(\?P<pk>",
        "Comparing revisions of the draft: editors and reviewers",
        admin(*EDITORS_AND_REVIEWERS),
        ids={"pk": "draft"},
    ),
    rule(
        r"^admin/pages/<int:page_id>/(unpublish|convert_alias)/$",
        "Unpublishing and alias conversion: not for a draft, and nobody but administrators",
        admin(editor=DENY, reviewer=DENY, programme_admin=DENY),
    ),
    rule(
        r"^admin/pages/<int:page_to_move_id>/move/$",
        "Moving a page: editors and reviewers choose a destination",
        admin(*EDITORS_AND_REVIEWERS),
    ),
    rule(
        r"^admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/$",
        "Confirming a move: only an editor may move the draft (reviewers may not add pages)",
        admin(*ALL_STAFF),
        admin(*EDITORS),
    ),
    rule(
        r"^admin/pages/<int:page_to_move_id>/set_position/$",
        "Reordering (POST): nobody here may reorder the course index's children",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(),
    ),
    rule(
        r"^admin/pages/workflow/(action|collect_action_data)/",
        "Approving or requesting changes: the Clinical reviewer only, never the submitter",
        admin("reviewer"),
        admin("reviewer"),
        fast=True,
    ),
    rule(
        r"^admin/pages/workflow/confirm_cancellation/",
        "The 'cancel the workflow?' dialog: any staff (it changes nothing)",
        admin(*ALL_STAFF),
    ),
    rule(
        r"^admin/pages/workflow/preview/",
        "Previewing a page in review: the reviewer",
        admin("reviewer"),
    ),
    rule(
        r"^admin/pages/<int:page_id>/(privacy|revisions/<int:revision_id>/unschedule)/$",
        "Page privacy and unscheduling: reviewers (they may publish)",
        admin("reviewer"),
        admin("reviewer"),
    ),
    rule(
        r"^admin/pages/<int:page_id>/lock/$",
        "Locking a page (POST): reviewers",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin("reviewer"),
    ),
    rule(
        r"^admin/pages/<int:page_id>/unlock/$",
        "Unlocking (POST): the draft is not locked, so nobody has anything to unlock",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(),
    ),
    rule(
        r"^admin/bulk/",
        "Bulk actions: as the single-object views; never on an administrator's account",
        cases=(
            # Programme admins get the confirmation page, which lists the draft under "you
            # don't have permission", and deleting deletes nothing ("0 pages").
            case(
                "delete the draft page",
                admin(*ALL_STAFF),
                ids={
                    "app_label": lit("wagtailcore"),
                    "model_name": lit("page"),
                    "action": lit("delete"),
                },
                query="id={draft}",
            ),
            # Programme admins reach Wagtail's user bulk actions, whose confirmation lists an
            # administrator under "you don't have permission" and whose POST changes no one
            # ("0 users"): tests/lms/test_user_admin_security.py checks the effect.
            case(
                "delete an administrator",
                admin("programme_admin"),
                ids={"app_label": lit("lms"), "model_name": lit("user"), "action": lit("delete")},
                query="id={administrator}",
            ),
            case(
                "deactivate an administrator",
                admin("programme_admin"),
                ids={
                    "app_label": lit("lms"),
                    "model_name": lit("user"),
                    "action": lit("set_active_state"),
                },
                query="id={administrator}",
            ),
            case(
                "give an administrator a role",
                admin("programme_admin"),
                ids={
                    "app_label": lit("lms"),
                    "model_name": lit("user"),
                    "action": lit("assign_role"),
                },
                query="id={administrator}",
            ),
        ),
        fast=True,
    ),
    # --- The admin: translations (issue 16, wagtail-localize) -------------------------------
    rule(
        r"^admin/localize/jsi18n/$",
        "The translation editor's script strings: public text, behind the admin's door",
        admin(*ALL_STAFF),
        fast=True,
    ),
    rule(
        r"^admin/localize/submit/page/",
        "Translating a page: editors (wagtail_localize.submit_translation)",
        admin(*EDITORS),
        fast=True,
    ),
    rule(
        r"^admin/localize/submit/snippet/",
        "Translating a snippet: none of ours is translated this way (quizzes use side tables)",
        admin(editor=NOT_FOUND),
        ids={"pk": "draft"},
        fast=True,
    ),
    rule(
        r"^admin/localize/update/",
        "Syncing translations from their source: editors; our view in front of "
        "wagtail-localize's (publishing goes through Clinical review); no such source here",
        admin(editor=NOT_FOUND),
        ids={"translation_source_id": lit(2147483000)},
        name="courses_update_translations",
        fast=True,
    ),
    rule(
        r"^admin/localize/update/",
        "wagtail-localize's own sync view, answered by ours",
        SHADOWED,
        ids={"translation_source_id": lit(2147483000)},
        name="wagtail_localize:update_translations",
    ),
    rule(
        r"^admin/localize/translate/<int:translation_id>/(strings|overrides)/",
        "The translation editor saves a string (PUT, DELETE): neither GET nor POST",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        ids={
            "translation_id": lit(2147483000),
            "string_segment_id": lit(2147483000),
            "overridable_segment_id": lit(2147483000),
        },
        fast=True,
    ),
    rule(
        r"^admin/localize/translate/<int:translation_id>/(pofile/upload|machine_translate|"
        r"disable)/",
        "The translation editor's changes to one translation (POST): no such translation here",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(),
        ids={"translation_id": lit(2147483000)},
        fast=True,
    ),
    rule(
        r"^admin/localize/(translate/<int:translation_id>/(pofile/download|preview)|page/)",
        "One translation's file and preview, and turning a page into an alias: no such "
        "translation or translated page here",
        admin(),
        ids={"translation_id": lit(2147483000), "mode": lit("default")},
        fast=True,
    ),
    rule(
        r"^admin/localize/reports/",
        "The translations report: any staff",
        admin(*ALL_STAFF),
        fast=True,
    ),
    rule(
        r"^admin/localize/api/",
        "The snippet API the translation editor reads: none of our pages is a snippet",
        admin(),
        ids={"pk": "draft"},
        fast=True,
    ),
    rule(
        r"^admin/locales/",
        "Content languages (locales): administrators only",
        admin(),
        ids={"pk": lit(1)},
        fast=True,
    ),
    # --- The admin: reports, workflows, site settings --------------------------------------
    rule(
        r"^admin/reports/locked/",
        "Locked pages report: reviewers (who may unlock)",
        admin("reviewer"),
    ),
    rule(
        r"^admin/reports/(workflow|workflow_tasks|aging-pages|page-types-usage)/",
        "Content reports: editors and reviewers",
        admin(*EDITORS_AND_REVIEWERS),
    ),
    rule(
        r"^admin/reports/site-history/",
        "Site history: any staff (each sees the entries for objects they may see; entries "
        "about people, cohorts and enrolments only in their organisations)",
        admin(*ALL_STAFF),
        name="",
    ),
    *(
        rule(
            r"^admin/reports/site-history/",
            "Wagtail's site history, behind ours (lms/urls.py)",
            SHADOWED,
            name=f"wagtailadmin_reports:{name}",
        )
        for name in ("site_history", "site_history_results")
    ),
    rule(
        r"^admin/collections/",
        "Collections: administrators only",
        admin(),
        ids={"pk": "collection"},
    ),
    rule(
        r"^admin/workflows/(list|add|disable|edit|usage)/",
        "Workflows: administrators only",
        admin(),
        ids={"pk": "workflow"},
    ),
    rule(
        r"^admin/workflows/enable/",
        "Enabling a workflow (POST): administrators only",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(),
        ids={"pk": "workflow"},
    ),
    rule(
        r"^admin/workflows/tasks/(?!enable/)",
        "Workflow tasks: administrators only",
        admin(),
        ids={"pk": "task"},
    ),
    rule(
        r"^admin/workflows/tasks/enable/",
        "Enabling a workflow task (POST): administrators only",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(),
        ids={"pk": "task"},
    ),
    rule(
        r"^admin/workflows/remove/",
        "Removing a workflow from a page (POST): administrators only",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(),
    ),
    rule(r"^admin/redirects/", "Redirects: administrators only", admin()),
    rule(r"^admin/sites/", "Sites: administrators only", admin(), ids={"pk": "site"}),
    rule(
        r"^admin/forms/submissions/<int:page_id>/delete/$",
        "Deleting form submissions: administrators only",
        admin(),
    ),
    rule(
        r"^admin/workflows/task_chooser/",
        "The workflow task chooser: any staff",
        admin(*ALL_STAFF),
        admin(*ALL_STAFF),
    ),
    rule(
        r"^admin/forms/(results/)?$",
        "Form pages: there are none; editors and reviewers see an empty list",
        admin(*EDITORS_AND_REVIEWERS),
    ),
    rule(
        r"^admin/forms/submissions/<int:page_id>/(results/)?$",
        "Form submissions: there are no form pages",
        admin(editor=NOT_FOUND, reviewer=NOT_FOUND, programme_admin=NOT_FOUND),
    ),
    rule(
        r"^admin/editing-sessions/",
        "Editing-session pings (POST): any staff",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(*ALL_STAFF, programme_admin=ALLOW | NOT_FOUND),
    ),
    rule(
        r"^admin/block-preview/$",
        "Block previews: any staff (nothing to preview without a block)",
        admin(editor=NOT_FOUND, reviewer=NOT_FOUND, programme_admin=NOT_FOUND),
    ),
    # --- The admin: media and snippets ---------------------------------------------------
    rule(
        r"^admin/(documents|images)/(?!chooser/|multiple/<|multiple/create|multiple/delete|"
        r"<int:image_id>/generate_url)",
        "Documents and images: editors",
        admin(*EDITORS),
    ),
    rule(
        r"^admin/images/<int:image_id>/generate_url/",
        "Image URL generator: Wagtail's image serving is not installed",
        admin(editor=NOT_FOUND),
    ),
    rule(
        r"^admin/(documents|images)/multiple/<int:\w+>/",
        "Editing and deleting an upload from the multiple-upload page (POST): editors",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(*EDITORS),
    ),
    rule(
        r"^admin/(documents|images)/multiple/(create_from|delete_upload)",
        "Turning an upload into a document or image (POST): there is no such upload",
        admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
        admin(),
    ),
    rule(
        r"^admin/(documents|images)/chooser/(chosen/|<int:image_id>/select_format/)",
        "Inserting a chosen document or image: editors and reviewers",
        admin(*EDITORS_AND_REVIEWERS),
        ids={"pk": "image"},
    ),
    rule(
        r"^admin/(documents|images)/chooser/(?!create/|chosen/|<int:image_id>/select_format/)",
        "Choosing a document or an image: any staff",
        admin(*ALL_STAFF),
        ids={"pk": "image"},
    ),
    rule(
        r"^admin/(documents/chooser|images/chooser|snippets/choose/\w+/\w+|question_chooser)/"
        r"create/$",
        "Creating from a chooser: those who may create the thing (editors)",
        admin(*EDITORS),
    ),
    rule(
        r"^admin/snippets/content/crisisline/",
        "Crisis lines: editors",
        admin(*EDITORS),
        ids={"pk": "crisis_line"},
    ),
    rule(
        r"^admin/snippets/choose/content/crisisline/(?!create/)",
        "Choosing a crisis line: any staff",
        admin(*ALL_STAFF),
        ids={"pk": "crisis_line"},
    ),
    rule(
        r"^admin/snippets/choose/assessments/quiz/(?!create/)",
        "Choosing a quiz: any staff",
        admin(*ALL_STAFF),
        ids={"pk": "quiz"},
    ),
    # --- The admin: quizzes and questions ---------------------------------------------------
    rule(
        r"^admin/assessments/quizzes/(|results/)$",
        "The quiz list: any staff",
        admin(*ALL_STAFF),
    ),
    rule(
        r"^admin/assessments/quizzes/(add|preview)/$",
        "A new quiz: editors",
        admin(*EDITORS),
    ),
    rule(
        r"^admin/assessments/quizzes/delete/",
        "Deleting a quiz: administrators only (trainees' attempts point at it)",
        admin(),
        ids={"pk": "quiz"},
    ),
    rule(
        r"^admin/assessments/quizzes/unpublish/",
        "Unpublishing a quiz: reviewers, who publish",
        admin("reviewer"),
        ids={"pk": "quiz"},
    ),
    rule(
        r"^admin/assessments/quizzes/history/<int:pk>/revisions/<int:revision_id>/unschedule/",
        "Cancelling a quiz's scheduled publication: reviewers, who publish",
        admin("reviewer"),
        ids={"pk": "quiz", "revision_id": "quiz_revision"},
    ),
    rule(
        r"^admin/assessments/quizzes/lock/",
        "Locking a quiz (POST): editors and reviewers",
        admin(editor=METHOD, reviewer=METHOD),
        admin(*EDITORS_AND_REVIEWERS),
        ids={"pk": "quiz"},
    ),
    rule(
        r"^admin/assessments/quizzes/unlock/",
        "Unlocking a quiz (POST): reviewers",
        admin(reviewer=METHOD),
        admin("reviewer"),
        ids={"pk": "quiz"},
    ),
    rule(
        r"^admin/assessments/quizzes/workflow/confirm_cancellation/",
        "The 'cancel the review?' dialog: any staff (it changes nothing)",
        admin(*ALL_STAFF),
        ids={"pk": "quiz"},
    ),
    rule(
        r"^admin/assessments/quizzes/(workflow/preview|workflow_history/<int:pk>/detail)/",
        "A quiz's review task and past reviews: this quiz was never in review",
        admin(),
        ids={"pk": "quiz"},
    ),
    rule(
        r"^admin/assessments/quizzes/(?!regrade/|results/$|$|workflow/(action|collect|preview|"
        r"confirm_cancellation)|workflow_history/<int:pk>/detail|add/|preview/$|delete/|"
        r"unpublish/|lock/|unlock/|history/<int:pk>/revisions/<int:revision_id>/unschedule/)",
        "A quiz: editors draft it, reviewers approve it, programme admins only read the list",
        admin(*EDITORS_AND_REVIEWERS),
        ids={"pk": "quiz", "revision_id": "quiz_revision"},
    ),
    rule(
        r"^admin/assessments/quizzes/workflow/(action|collect)",
        "A quiz's review actions: this quiz is not in review, so everyone who reaches the "
        "admin is sent back to it with 'not currently awaiting moderation'",
        admin(*ALL_STAFF),
        ids={"pk": "quiz"},
    ),
    rule(
        r"^admin/assessments/quizzes/regrade/",
        "Regrading a quiz's attempts: whoever may change the quiz (editors and reviewers)",
        admin(*EDITORS_AND_REVIEWERS),
        ids={"pk": "quiz_graded"},
    ),
    rule(
        r"^admin/quiz-reports/",
        "Quiz reports: any staff",
        admin(*ALL_STAFF),
        ids={"pk": "quiz_graded"},
    ),
    rule(
        r"^admin/supervisor-workload/",
        "Supervisor workload (every supervisor's backlog, CSV): programme admins only",
        admin("programme_admin"),
    ),
    rule(
        r"^admin/cohort-progress/$",
        "Cohort progress, choosing a cohort: programme admins, among their organisations'",
        admin("programme_admin"),
    ),
    rule(
        r"^admin/cohort-progress/<id:cohort_id>/",
        "A cohort's progress (each trainee's figures and what is left, CSV and XLSX): "
        "programme admins of the cohort's organisation",
        own_org(admin("programme_admin")),
        ids={"cohort_id": "cohort"},
    ),
    rule(
        r"^admin/audit-log/$",
        "The audit log (ids and digests, names of people the reader works with): programme "
        "admins, their organisations' entries",
        admin("programme_admin"),
    ),
    rule(
        r"^admin/questions/approve/$",
        "Approving draft questions: reviewers",
        admin("reviewer"),
        admin("reviewer"),
    ),
    rule(
        r"^admin/questions/(|results/)$",
        "All questions: editors and reviewers read the list",
        admin(*EDITORS_AND_REVIEWERS),
        ids={"pk": "question"},
    ),
    rule(
        r"^admin/questions/(new|delete|history|history-results|usage)/",
        "Adding and deleting questions, their history and usage: editors",
        admin(*EDITORS),
        ids={"pk": "question"},
    ),
    rule(
        r"^admin/questions/edit/",
        "A question's address: sends anyone in the admin on to its type's edit page, "
        "which checks who may",
        admin(*ALL_STAFF),
        ids={"pk": "question"},
    ),
    *(
        rule(
            rf"^admin/question_{model}/(|results/)$",
            f"Question {model.replace('_', ' ')}: editors and reviewers read",
            admin(*EDITORS_AND_REVIEWERS),
            ids={"pk": f"question_{model}"},
        )
        for model in QUESTION_MODELS
    ),
    *(
        rule(
            rf"^admin/question_{model}/(?!results/$).",
            f"Question {model.replace('_', ' ')}: editors write",
            admin(*EDITORS),
            ids={"pk": f"question_{model}"},
        )
        for model in QUESTION_MODELS
    ),
    rule(
        r"^admin/question_chooser/(?!create/)",
        "Choosing questions for a quiz: any staff; creating one there: editors",
        admin(*ALL_STAFF),
        ids={"pk": "question"},
    ),
    rule(
        r"^admin/gift/",
        "GIFT import and export: editors",
        admin(*EDITORS),
        ids={"pk": "question_bank"},
    ),
    # --- The admin: courses, practice set-up, records and certificates ---------------------
    rule(
        r"^admin/(cohort/|enrolment/|needs-supervisor/)((|results/|new/|import/))$",
        "Cohorts and enrolments, their lists and forms: programme admins (an admin of another "
        "organisation sees their own)",
        admin("programme_admin"),
    ),
    rule(
        r"^admin/cohort/(edit|delete|history|history-results|usage)/",
        "A cohort of A's organisation: its programme admins",
        own_org(admin("programme_admin")),
        ids={"pk": "cohort"},
    ),
    rule(
        r"^admin/enrolment/(edit|history|history-results|usage|assign)/",
        "A's enrolment: the programme admins of its cohort's organisation",
        own_org(admin("programme_admin")),
        ids={"pk": "enrolment"},
    ),
    rule(
        r"^admin/organisation/",
        "Organisations and who runs them: national admins (and administrators) only",
        admin(),
        ids={"pk": "organisation"},
    ),
    rule(
        r"^admin/enrolment/delete/",
        "Deleting an enrolment: nobody (a trainee's record is withdrawn, not deleted)",
        admin(),
        ids={"pk": "enrolment"},
    ),
    rule(
        r"^admin/(practice_category|practice_settings|competency)/",
        "A course's practice set-up: editors",
        admin(*EDITORS),
        ids={"pk": "practice_category"},
    ),
    rule(
        r"^admin/practice-records/$",
        "Practice records (every log and sign-off, never the reflection): programme admins",
        admin("programme_admin"),
        fast=True,
    ),
    rule(
        r"^admin/practice-records/<id:pk>/$",
        "A's practice history: the programme admins of A's organisation",
        own_org(admin("programme_admin")),
        ids={"pk": "enrolment"},
        fast=True,
    ),
    rule(
        r"^admin/practice-records/cohort/",
        "A cohort's hours as CSV: the programme admins of its organisation",
        own_org(admin("programme_admin")),
        ids={"pk": "cohort"},
        fast=True,
    ),
    rule(
        r"^admin/certificates/(|regenerate/)$",
        "Certificates, the register and regenerating PDFs: programme admins (their "
        "organisations' certificates)",
        admin("programme_admin"),
    ),
    rule(
        r"^admin/certificates/<id:pk>/",
        "A's certificate: the programme admins of A's organisation search, revoke and reissue",
        own_org(admin("programme_admin")),
        ids={"pk": "certificate"},
    ),
    rule(
        r"^admin/(certificate_wording|code_of_ethics)/delete/",
        "Deleting a wording or a code of ethics: nobody (each save is a new version)",
        admin(),
        ids={"pk": "wording"},
    ),
    rule(
        r"^admin/certificate_wording/(?!delete/)",
        "The certificate's wording and logo: editors",
        admin(*EDITORS),
        ids={"pk": "wording"},
    ),
    rule(
        r"^admin/code_of_ethics/(|results/|inspect/<int:pk>/)$",
        "Codes of ethics: editors write them; programme admins read them",
        admin(*EDITORS, "programme_admin"),
        ids={"pk": "ethics"},
    ),
    rule(
        r"^admin/code_of_ethics/(?!results/$|inspect/|delete/).",
        "A code of ethics: editors",
        admin(*EDITORS),
        ids={"pk": "ethics"},
    ),
    rule(
        r"^admin/privacy_notices/",
        "Privacy notice versions: content editors write and publish them (national admins "
        "too); a draft in the world",
        admin(*EDITORS),
        ids={"pk": "privacy_notice"},
    ),
    # --- The admin: people ----------------------------------------------------------------
    rule(
        r"^admin/users/(|results/|new/)$",
        "The people list and adding a person: programme admins",
        admin("programme_admin"),
        fast=True,
    ),
    rule(
        r"^admin/users/(edit|copy)/",
        "Changing a person's account: programme admins, never an administrator's; copy is gone",
        cases=(
            case("an administrator", admin(), ids={"pk": "administrator"}),
            case("trainee A", own_org(admin("programme_admin")), ids={"pk": "trainee_a_user"}),
        ),
        fast=True,
    ),
    rule(
        r"^admin/users/(history|history-results|usage)/",
        "Reading a person's account history: programme admins (reading changes nothing)",
        cases=(
            case(
                "an administrator",
                own_org(admin("programme_admin")),
                ids={"pk": "administrator"},
            ),
            case("trainee A", own_org(admin("programme_admin")), ids={"pk": "trainee_a_user"}),
        ),
    ),
    rule(
        r"^admin/users/delete/",
        "Deleting an account: administrators only",
        admin(),
        ids={"pk": "trainee_a_user"},
        fast=True,
    ),
    rule(
        r"^admin/users/send-access-email/",
        "Sending a person a password-reset email (POST): programme admins, never to an "
        "administrator",
        cases=(
            case(
                "an administrator",
                admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
                admin(),
                ids={"pk": "administrator"},
            ),
            case(
                "trainee A",
                admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
                own_org(admin("programme_admin")),
                ids={"pk": "trainee_a_user"},
            ),
        ),
        fast=True,
    ),
    rule(
        r"^admin/users/data-export/<id:pk>/$",
        "Producing a copy of a person's data for a request made outside the site (POST): "
        "programme admins of the person's organisation, never an administrator's",
        cases=(
            case(
                "an administrator",
                admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
                admin(),
                ids={"pk": "administrator"},
            ),
            case(
                "trainee A",
                admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
                own_org(admin("programme_admin")),
                ids={"pk": "trainee_a_user"},
            ),
        ),
        fast=True,
    ),
    rule(
        r"^admin/users/erasure/<id:pk>/$",
        "Asking for erasure of a person's data on their behalf: programme admins of the "
        "person's organisation; an administrator's never",
        cases=(
            case("an administrator", admin(), admin(), ids={"pk": "administrator"}),
            case(
                "trainee A",
                own_org(admin("programme_admin")),
                own_org(admin("programme_admin")),
                ids={"pk": "trainee_a_user"},
            ),
        ),
        fast=True,
    ),
    rule(
        r"^admin/users/erasure/<id:pk>/cancel/$",
        "Cancelling a person's pending erasure (POST): programme admins of the person's "
        "organisation",
        cases=(
            case(
                "trainee A",
                admin(editor=METHOD, reviewer=METHOD, programme_admin=METHOD),
                own_org(admin("programme_admin")),
                ids={"pk": "trainee_a_user"},
            ),
        ),
        fast=True,
    ),
    rule(
        r"^admin/users/data-export/download/",
        "The copy of A's data A's programme admin produced: that admin only",
        own_org(admin("programme_admin")),
        ids={"export_id": "data_export_admin"},
        fast=True,
    ),
    rule(
        r"^admin/groups/",
        "Roles and their permissions: administrators only",
        admin(),
        ids={"pk": "group"},
        fast=True,
    ),
]


# People of A's organisation, by name and email: no page shows them to admin_other_org.
OTHER_ORG_NEVER_SEES = (
    "Asha Trainee",
    "url-table.trainee.a@example.org",
    "Meera Sup",
    "url-table.supervisor.a@example.org",
)


# Private texts ----------------------------------------------------------------------------

# Who may ever see each of trainee A's private texts (world.MARKERS). Any response to anyone
# else that contains one fails the test.
PRIVATE_TEXT_READERS = {
    "reflection": {"trainee_a"},
    "scenario_response": {"trainee_a"},
    # Shared reflections reach A's current supervisor, on A's page in /supervise/.
    "shared_reflection": {"trainee_a", "supervisor_a"},
    # The de-identified description of a practice log: the supervisor who signs it off, and
    # programme admins in Practice records (a trainee's history shows every log with its
    # sign-offs, as the README says; never the reflection).
    "practice_description": {"trainee_a", "supervisor_a", "programme_admin"},
    # A practice log's reflection is the trainee's alone.
    "practice_reflection": {"trainee_a"},
    # An essay answer: its supervisor grades it.
    "essay_answer": {"trainee_a", "supervisor_a"},
}

# Where each reader reads it (so the check above cannot pass by showing nothing).
PRIVATE_TEXT_SHOWN_AT = {
    "reflection": {"trainee_a": _page_url("lesson")},
    "scenario_response": {"trainee_a": _page_url("lesson")},
    "shared_reflection": {
        "trainee_a": _page_url("lesson_2"),
        "supervisor_a": lambda world: f"/supervise/trainees/{world['enrolment'].pk}/",
    },
    "practice_description": {
        "trainee_a": lambda world: f"/learn/practice/logs/{world['log'].pk}/",
        "supervisor_a": lambda world: f"/supervise/practice/{world['log'].pk}/",
        "programme_admin": lambda world: f"/admin/practice-records/{world['enrolment'].pk}/",
    },
    "practice_reflection": {
        "trainee_a": lambda world: f"/learn/practice/logs/{world['log'].pk}/",
    },
    "essay_answer": {
        "trainee_a": lambda world: f"/learn/attempts/{world['attempt_submitted'].uuid}/result/",
        "supervisor_a": lambda world: f"/supervise/essays/{world['essay_answer'].pk}/",
    },
}


# Pending fixes ----------------------------------------------------------------------------

# Entries where the code does not yet do what the table says, each with the finding that
# fixes it: these run as xfail(strict=False) until the fix lands; then remove the entry.
# Keys are patterns on the test id, "*" matching anything: "<METHOD> <route> [<case>] as
# <role>" (e.g. "POST admin/users/edit/* [an administrator] as programme_admin"), or
# "<text> shown to <role>" for PRIVATE_TEXT_SHOWN_AT.
# Empty: the user-admin, one-way-in, overflow-id, shared-reflection and CSP fixes of issue 12
# had all landed when this table was written, and every entry holds.
PENDING_FIXES: dict[str, str] = {}
