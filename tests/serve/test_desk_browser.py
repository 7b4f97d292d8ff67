"""The desk in a real browser: Debian's chromium, headless, driven by playwright against a live local server.

Paste the flagship, see every claim highlighted, open one claim's evidence and read its numbers; on a phone the
evidence opens under the claim; with scripts off the form still works and every panel is shown.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]

pytestmark = [
    pytest.mark.snapshot,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason=f"{CHROMIUM} is absent (apt-get install -y chromium); the browser test needs it"),
    # The server listens on the loopback address only; nothing else may be reached.
    pytest.mark.enable_socket,
    pytest.mark.allow_hosts(["127.0.0.1"]),
]


@pytest.fixture(scope="module")
def base_url(snapshot_store):
    from live_server import serving

    from marketproof.web import create_app
    from marketproof.web.desk import Desk

    with serving(create_app(desk=Desk(snapshot_store))) as url:
        yield url


@pytest.fixture(scope="module")
def contract(flagship_text, snapshot_store) -> dict:
    from marketproof.check import check_article

    return check_article(flagship_text, snapshot_store).contract_json()


@pytest.fixture(scope="module")
def ytd_percent(snapshot_dir: Path) -> float:
    """The Russell 2000's 2026 return to June 30, by hand from the raw file."""
    with (snapshot_dir / "market-base" / "RUT.csv").open(newline="", encoding="utf-8") as fh:
        rut = {date.fromisoformat(r["date"]): float(r["close"]) for r in csv.DictReader(fh) if r["close"].strip()}
    start = rut[max(d for d in rut if d <= date(2025, 12, 31))]
    end = rut[max(d for d in rut if d <= date(2026, 6, 30))]
    return (end / start - 1) * 100


@pytest.fixture
def browser(tmp_path: Path, base_url: str):
    """A fresh headless chromium; yields a page factory. Fails the test on script errors or outside requests."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            def new_page(**options):
                context = instance.new_context(**options)
                page = context.new_page()
                page.set_default_timeout(20_000)
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on("request", lambda req: requests.append(req.url))
                return page

            yield new_page
        finally:
            instance.close()
    assert errors == []
    assert [u for u in requests if not u.startswith((base_url, "data:", "about:"))] == []


def paste_and_check(page, base_url: str, text: str) -> None:
    page.goto(f"{base_url}/check")
    page.fill("#text", text)
    with page.expect_navigation():
        page.click("button[type=submit]")


def assert_no_text_overlaps(svg) -> None:
    """No two labels of a chart (titles, tick labels, point labels) cover each other."""
    boxes = [(t.text_content(), t.bounding_box()) for t in svg.locator("text").all()]
    boxes = [(label, b) for label, b in boxes if b and label.strip()]
    assert len(boxes) >= 4
    for i, (a, p) in enumerate(boxes):
        for b, q in boxes[i + 1:]:
            apart = (p["x"] + p["width"] <= q["x"] + 0.5 or q["x"] + q["width"] <= p["x"] + 0.5
                     or p["y"] + p["height"] <= q["y"] + 0.5 or q["y"] + q["height"] <= p["y"] + 0.5)
            assert apart, f"chart labels overlap: {a!r} and {b!r}"


def climbing_claim(contract: dict) -> dict:
    return next(c for c in contract["claims"] if "climbing over 21%" in c["text"])


def test_paste_the_flagship_and_open_a_claims_evidence(browser, base_url, flagship_text, contract, ytd_percent,
                                                      tmp_path):
    page = browser(viewport={"width": 1280, "height": 900})
    paste_and_check(page, base_url, flagship_text)
    assert page.url == f"{base_url}/check"
    for claim in contract["claims"]:
        mark = page.locator(f"#claim-{claim['id']}")
        assert mark.is_visible(), claim["id"]
        assert mark.get_attribute("data-verdict") == claim["verdict"]
    assert page.locator("mark.claim").count() == len(contract["claims"])

    claim = climbing_claim(contract)
    detail = page.locator(f"#detail-{claim['id']}")
    assert not detail.is_visible()
    page.click(f"#claim-{claim['id']}")
    assert detail.is_visible()
    shown = " ".join(detail.inner_text().split())
    assert "over 21%" in shown and f"{ytd_percent:.2f}%" in shown
    assert "market-base/RUT.csv" in shown
    assert detail.locator("svg.chart").is_visible()
    assert_no_text_overlaps(detail.locator("svg.chart"))
    page.screenshot(path=str(tmp_path / "desk-check.png"), full_page=True)
    record = next(c for c in contract["claims"] if c["kind"] == "record")
    page.click(f"#claim-{record['id']}")
    assert_no_text_overlaps(page.locator(f"#detail-{record['id']} svg.chart"))

    # Keyboard: Tab reaches the claims, Enter opens the focused one's evidence.
    other = next(c for c in contract["claims"] if c["verdict"] == "unverifiable")
    page.focus(f"#claim-{other['id']}")
    page.keyboard.press("Enter")
    assert page.locator(f"#detail-{other['id']}").is_visible() and not detail.is_visible()


def test_on_a_phone_the_evidence_opens_under_its_claim(browser, base_url, flagship_text, contract, ytd_percent,
                                                      tmp_path):
    page = browser(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    paste_and_check(page, base_url, flagship_text)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    claim = climbing_claim(contract)
    mark = page.locator(f"#claim-{claim['id']}")
    mark.scroll_into_view_if_needed()
    mark.tap()
    detail = page.locator(f"#detail-{claim['id']}")
    assert detail.is_visible()
    # Both measured at once (the page may still be scrolling): the claim's last line and the panel's top.
    gap, panel_width = page.evaluate("""([claim, detail]) => {
        const lines = document.getElementById(claim).getClientRects();
        const panel = document.getElementById(detail).getBoundingClientRect();
        return [panel.top - lines[lines.length - 1].bottom, panel.width];
    }""", [f"claim-{claim['id']}", f"detail-{claim['id']}"])
    # Next to the claim: right under its last line, not thousands of pixels further down.
    assert -16 <= gap < 60, gap
    assert panel_width <= 390
    assert f"{ytd_percent:.2f}%" in detail.inner_text()
    page.screenshot(path=str(tmp_path / "desk-phone.png"), full_page=False)
    # Closing puts it back with the other panels; the article reads on without it.
    detail.locator("[data-close]").tap()
    assert not detail.is_visible()
    assert page.locator(f"#evidence #detail-{claim['id']}").count() == 1


def test_without_scripts_the_form_posts_and_every_panel_is_shown(browser, base_url, flagship_text, contract):
    page = browser(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    paste_and_check(page, base_url, flagship_text)
    assert page.locator("mark.claim").count() == len(contract["claims"])
    for claim in contract["claims"]:
        assert page.locator(f"#detail-{claim['id']}").is_visible(), claim["id"]
    claim = climbing_claim(contract)
    assert "over 21%" in page.locator(f"#detail-{claim['id']}").inner_text()


def test_a_bad_date_is_shown_on_the_page(browser, base_url):
    page = browser(viewport={"width": 1280, "height": 900})
    page.goto(f"{base_url}/check")
    page.fill("#text", "The Russell 2000 rose 1% on Friday.")
    page.fill("#as_of", "2026-02-30")
    page.evaluate("document.querySelector('#as_of').removeAttribute('pattern')")
    with page.expect_navigation() as nav:
        page.click("button[type=submit]")
    assert nav.value.status == 400
    assert "not a YYYY-MM-DD date" in page.locator(".desk-error").inner_text()
    assert page.input_value("#text") == "The Russell 2000 rose 1% on Friday."
