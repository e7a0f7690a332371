"""Checks every browser test makes: axe finds nothing serious on the page."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def assert_no_serious_axe_violations(page):
    violations = [
        v for v in _axe.run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS
    ]
    described = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )
    assert not violations, f"axe on {page.url}:\n{described}"
