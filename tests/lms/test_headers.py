"""Every page says where it may load from: a strict Content-Security-Policy outside the admin,
Wagtail's few relaxations inside it, the other security headers, nothing from Gravatar or
Wagtail's release server, and no inline script, style or event handler in our templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from courses.services import enrolment_create
from lms import roles
from tests.factories import (
    SingleChoiceQuestionFactory,
    UserFactory,
    course_tree_build,
    quiz_build,
)
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Not web pages: emails are read in mail clients (where inline style is how HTML mail is
# styled and no CSP applies) and the PDF templates are drawn by WeasyPrint on the server.
NOT_SERVED = ("email/", "certificates/pdf/")


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error under pytest) when STATIC_ROOT does not exist yet."""
    settings.STATIC_ROOT = str(tmp_path)


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} sends no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(response):
    csp = policy(response)
    path = response.request["PATH_INFO"]
    assert csp["default-src"] == ["'self'"], path
    # Scripts and styles fall back to default-src: this site's files, nothing inline.
    assert "script-src" not in csp and "style-src" not in csp, path
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], path
    assert csp["object-src"] == ["'none'"], path
    assert csp["base-uri"] == ["'self'"], path
    assert csp["frame-ancestors"] == ["'self'"], path
    assert csp["form-action"] == ["'self'"], path


@pytest.fixture
def learning(trainee):
    tree = course_tree_build(modules=1, lessons=1)
    enrolment = enrolment_create(user=trainee, course=tree.course)
    quiz = quiz_build(module=tree.modules[0], questions=[SingleChoiceQuestionFactory()])
    certificate = CertificateFactory(enrolment=enrolment, issued=True)
    return tree, quiz, certificate


def test_every_page_a_trainee_or_visitor_sees_sends_the_strict_policy(client, trainee, learning):
    tree, quiz, certificate = learning
    public = [
        "/",
        tree.course.url,
        reverse("account_login"),
        reverse("verify:form"),
        reverse("verify:detail", args=[certificate.code]),
        "/no-such-page/",
    ]
    for path in public:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_strict(response)

    client.force_login(trainee)
    for path in [
        reverse("courses:dashboard"),
        tree.course.url,
        tree.lessons[0].url,
        reverse("assessments:quiz", args=[quiz.pk]),
        reverse("verify:detail", args=[certificate.code]),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)


def test_the_supervisor_area_sends_the_strict_policy(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("supervise:home"))
    assert response.status_code == 200
    assert_strict(response)


def test_the_admin_relaxes_only_inline_script_style_and_local_image_previews(client, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    # Inline <script> elements, yes; onclick="..." attributes (the usual injected XSS), no.
    assert csp["script-src-attr"] == ["'none'"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    relaxed = {
        name for name, values in csp.items() if any(v not in ("'self'", "'none'") for v in values)
    }
    assert relaxed == {"script-src", "style-src", "img-src"}
    # The image uploader's preview of the chosen file: a blob: URL, local to the browser.
    assert csp["img-src"] == ["'self'", "blob:"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_the_admin_policy_also_covers_the_refusal_page_and_the_page_editor(
    client, trainee, editor, learning
):
    tree, _quiz, _certificate = learning
    client.force_login(trainee)
    refused = client.get(reverse("wagtailadmin_home"))
    assert refused.status_code == 403
    assert "'unsafe-inline'" in refused.headers["Content-Security-Policy"]

    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[tree.lessons[0].pk]))
    assert edit.status_code == 200
    assert policy(edit)["script-src"] == ["'self'", "'unsafe-inline'"]


def test_other_security_headers_on_every_page(client, trainee):
    client.force_login(trainee)
    for path in ["/", reverse("courses:dashboard"), reverse("account_login")]:
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_admin_shows_staff_avatars_from_this_site_not_gravatar(client, editor):
    client.force_login(editor)
    for name in ("wagtailadmin_home", "wagtailadmin_account"):
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200
        assert b"gravatar" not in response.content.lower()
        assert b"default-user-avatar" in response.content


def test_admin_dashboard_does_not_ask_wagtail_for_updates(client):
    """Wagtail asks releases.wagtail.org for a newer version from a superuser's dashboard."""
    root = UserFactory(email="root.r@example.org", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert b"w-upgrade" not in response.content
    assert b"w-whats-new__banner" not in response.content


def test_programme_admin_user_pages_load_no_gravatar(client, programme_admin, trainee):
    client.force_login(programme_admin)
    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[trainee.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"gravatar" not in response.content.lower(), url


# --- Our templates carry no inline code --------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def served_templates() -> list[Path]:
    paths = sorted(TEMPLATES.rglob("*.html"))
    return [p for p in paths if not any(part in p.as_posix() for part in NOT_SERVED)]


def inline_code_in(text: str) -> list[str]:
    found = []
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("<style> element", STYLE_ELEMENT),
        ("style attribute", STYLE_ATTRIBUTE),
        ("on…= event handler", EVENT_HANDLER),
        ("javascript: URL", JAVASCRIPT_URL),
    ]:
        found += [f"{name}: {m.group(0)[:60]!r}" for m in pattern.finditer(text)]
    return found


def test_the_scan_finds_each_kind_of_inline_code():
    """The patterns below would catch what a strict policy blocks (else the next test proves
    nothing)."""
    assert inline_code_in("<script>alert(1)</script>")
    assert inline_code_in('<script type="module">x()</script>')
    assert not inline_code_in('<script src="/static/js/lesson.js" defer></script>')
    assert inline_code_in("<style>.x{}</style>")
    assert inline_code_in('<span class="bar" style="width: 5%">')
    assert inline_code_in('<button type="button" onclick="go()">')
    assert inline_code_in('<form onsubmit="return check()">')
    assert inline_code_in('<a href="javascript:void(0)">')
    assert not inline_code_in('<a href="/on=1" data-online="yes">Online</a>')


def test_no_template_of_ours_has_inline_script_style_or_event_handlers():
    templates = served_templates()
    assert len(templates) > 50
    offenders = {
        str(path.relative_to(TEMPLATES)): found
        for path in templates
        if (found := inline_code_in(path.read_text(encoding="utf-8")))
    }
    assert not offenders, (
        "Inline code is blocked by the Content-Security-Policy; move it to static/js or "
        f"static/css: {offenders}"
    )


def test_no_template_of_ours_loads_anything_from_another_host():
    loads = re.compile(r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", re.I)
    remote = re.compile(r"(src|href|data|srcset)\s*=\s*[\"']?\s*(https?:)?//", re.I)
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {tag.group(0)[:80]}"
        for path in served_templates()
        for tag in loads.finditer(path.read_text(encoding="utf-8"))
        if remote.search(tag.group(0))
    ]
    assert not offenders


def test_every_role_has_a_policy_on_their_home_page(client):
    """The five roles' landing pages, signed in: trainees and supervisors get the strict policy,
    the three editing-area roles the admin's."""
    for role, url, strict in [
        (roles.TRAINEE, reverse("courses:dashboard"), True),
        (roles.SUPERVISOR, reverse("supervise:home"), True),
        (roles.CONTENT_EDITOR, reverse("wagtailadmin_home"), False),
        (roles.CLINICAL_REVIEWER, reverse("wagtailadmin_home"), False),
        (roles.PROGRAMME_ADMIN, reverse("wagtailadmin_home"), False),
    ]:
        client.force_login(UserFactory(role=role))
        response = client.get(url)
        assert response.status_code == 200, role
        if strict:
            assert_strict(response)
        else:
            assert "'unsafe-inline'" in policy(response)["script-src"], role
