"""Recording what a browser does: every request, and every Content-Security-Policy
violation a page reports (the "Refused to ..." console errors and securitypolicyviolation
events). Shared by the browser tests that check nothing leaves the site."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

# Listens in the page itself, before any of its scripts run (Playwright's init scripts are not
# subject to the page's policy).
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${where})`
  );
});
"""


class Recorder:
    """Every request a browser context makes, and every policy violation its pages report."""

    def __init__(self, context, origin: str):
        self.origin = urlsplit(origin)
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.pages = []
        context.add_init_script(LISTEN_FOR_VIOLATIONS)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self.watch)

    def watch(self, page):
        self.pages.append(page)
        page.on("console", self.console)

    def console(self, message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            self.refused.append(f"{message.type}: {text}")

    def collect_violations(self, page):
        self.refused += page.evaluate("window.__cspViolations || []")

    def elsewhere(self) -> list[str]:
        """Requests to any other scheme, host or port than the live server's (data: and blob:
        URLs never leave the browser)."""
        outside = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if (parts.scheme, parts.hostname, parts.port) != (
                self.origin.scheme,
                self.origin.hostname,
                self.origin.port,
            ):
                outside.append(url)
        return outside


def step(page, recorder, url, heading=None):
    """Open a page, wait for it to settle, and gather what its scripts reported."""
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    if heading is not None:
        expect(page.get_by_role("heading", level=1).first).to_contain_text(heading)
    recorder.collect_violations(page)


def assert_stayed_home(recorders):
    problems = []
    for who, recorder in recorders:
        assert recorder.requests, f"nothing was recorded for {who}"
        problems += [f"{who} requested {url}" for url in recorder.elsewhere()]
        problems += [f"{who}: {text}" for text in recorder.refused]
    assert not problems, "\n".join(problems)
