"""Accessibility in a real browser: axe-core, a 360 px phone, the keyboard, and page weight.

Each page is checked as a visitor meets it: anonymous pages without a session, the home page
and profile signed in, the sign-up form after an empty submit (so its errors show), and a
page that does not exist.
"""

import json
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread: it only sees committed rows.
    # serialized_rollback restores what migrations created after each test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ANONYMOUS_PAGES = {
    "home": "/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "password-reset": "/accounts/password/reset/",
    "not-found": "/no-such-page/",
}
SIGNED_IN_PAGES = {"home-signed-in": "/", "profile": "/accounts/profile/"}
BLOCKING_IMPACTS = {"serious", "critical"}
CSS_JS_BUDGET = 50 * 1024
PHONE_WIDTH = 360  # the phone_page fixture's viewport

_axe = Axe()


def _visit(page, request, name):
    """Open one named page as the visitor it is meant for; return the HTTP response."""
    if name in SIGNED_IN_PAGES:
        sign_in_as = request.getfixturevalue("sign_in_as")
        sign_in_as(page, request.getfixturevalue("learner"))
        return page.goto(SIGNED_IN_PAGES[name])
    if name == "signup-errors":
        page.goto(ANONYMOUS_PAGES["signup"])
        with page.expect_navigation():
            page.get_by_role("button", name="Sign Up").click()
        return None
    return page.goto(ANONYMOUS_PAGES[name])


ALL_PAGES = [*ANONYMOUS_PAGES, *SIGNED_IN_PAGES, "signup-errors"]


def _blocking_violations(page):
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def _describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", ALL_PAGES)
def test_page_has_no_serious_axe_violations(page, request, name):
    response = _visit(page, request, name)
    if response is not None:
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.status == (404 if name == "not-found" else 200)
    if name == "signup-errors":
        assert page.locator(".field--error").count() >= 3
    violations = _blocking_violations(page)
    assert not violations, f"axe on {name} ({page.url}):\n{_describe(violations)}"


@pytest.mark.parametrize("name", ALL_PAGES)
def test_page_fits_a_360px_phone(phone_page, request, name):
    page = phone_page
    _visit(page, request, name)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE_WIDTH, f"{name} scrolls sideways: {scroll_width}px wide"

    # Every header control is on screen, unobscured and big enough to tap.
    controls = (
        page.locator(".site-header")
        .get_by_role("link")
        .or_(page.locator(".site-header").get_by_role("button"))
    )
    assert controls.count() >= 2
    for control in controls.all():
        box = control.bounding_box()
        assert box is not None, f"{name}: header control is hidden"
        label = control.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, (
            f"{name}: {label!r} sticks out of the screen: {box}"
        )
        assert box["height"] >= 24, f"{name}: {label!r} is too small to tap: {box}"
        control.click(trial=True)  # fails if another element covers it


@pytest.mark.parametrize("name", ["home", "login", "profile"])
def test_first_tab_reaches_a_visible_skip_link_to_main(phone_page, request, name):
    page = phone_page
    _visit(page, request, name)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("link => link === document.activeElement")
    box = skip_link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["width"] > 0, f"skip link off screen: {box}"
    assert skip_link.is_visible()

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("name", ["home", "signup", "home-signed-in", "profile"])
def test_css_and_js_stay_under_budget(page, request, name):
    responses = []
    page.on("response", lambda response: responses.append(response))
    _visit(page, request, name)
    page.wait_for_load_state("load")
    sizes = {
        response.url: len(response.body())
        for response in responses
        if response.request.resource_type in {"stylesheet", "script"}
    }
    assert sizes, "no stylesheet was loaded"
    assert sum(sizes.values()) <= CSS_JS_BUDGET, f"CSS and JS on {name}: {sizes}"


def test_phone_screenshots_for_review(phone_page, request):
    """Full-page pictures at 360 px for a person to look at (not compared automatically):
    /tmp/e2e-home-360.png and /tmp/e2e-signup-errors-360.png."""
    page = phone_page
    folder = Path(tempfile.gettempdir())
    _visit(page, request, "home")
    page.screenshot(path=folder / "e2e-home-360.png", full_page=True)
    _visit(page, request, "signup-errors")
    page.screenshot(path=folder / "e2e-signup-errors-360.png", full_page=True)
