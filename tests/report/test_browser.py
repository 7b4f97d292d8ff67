"""The HTML report in a real browser: Debian's chromium, headless, driven by playwright (no browser download)."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_samples import make_report

from marketproof.report.html import render_html

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install -y chromium); the browser test needs it"
)


@pytest.fixture
def page(tmp_path: Path):
    """A page of a fresh headless chromium with its own profile; fails the test on any script error."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda req: requests.append(req.url))
            yield page
        finally:
            context.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:", "about:"))] == []


def test_report_in_the_browser(page, tmp_path: Path, rut_store):
    report = make_report()
    path = tmp_path / "report.html"
    path.write_text(render_html(report, rut_store), encoding="utf-8")
    page.goto(path.as_uri())

    for claim in report.claims:
        assert page.locator(f"#claim-{claim.id}").is_visible()
    # With scripts on, the evidence panels wait for a claim to be chosen.
    assert page.locator("#panel-hint").is_visible()
    assert not page.locator("#detail-c1").is_visible()

    page.click("#claim-c1")
    detail = page.locator("#detail-c1")
    assert detail.is_visible()
    assert page.get_attribute("#claim-c1", "aria-expanded") == "true"
    assert "1.02%" in detail.inner_text() and "over 21%" in detail.inner_text()
    assert "market-base/RUT.csv" in detail.inner_text()
    assert detail.locator("svg.chart").is_visible()
    box = detail.locator("svg.chart").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 80
    page.screenshot(path=str(tmp_path / "report-claim.png"), full_page=True)

    # Keyboard: focusing another claim shows its panel; Escape closes it.
    page.focus("#claim-c2")
    assert page.locator("#detail-c2").is_visible() and not detail.is_visible()
    assert page.locator("#detail-c2 svg.chart").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#panel-hint").is_visible() and not page.locator("#detail-c2").is_visible()

    # Hover shows evidence too.
    page.hover("#claim-c4")
    assert page.locator("#detail-c4").is_visible()
    assert "outside the stored data" in page.locator("#detail-c4").inner_text()

    # A contradiction's link takes the reader to the passage and its evidence.
    page.click("li.contradiction a[data-goto='c4']")
    assert page.evaluate("document.activeElement.id") == "claim-c4"

    # Printed, every panel is shown.
    page.emulate_media(media="print")
    for claim in report.claims:
        assert page.locator(f"#detail-{claim.id}").is_visible()
    page.emulate_media(media="screen")

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
