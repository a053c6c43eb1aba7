"""The dashboard in a real browser (Debian chromium), served offline by `solara run --production`."""

import re

import pytest
from playwright.sync_api import expect

import app
from dashboard_server import server_log

TIMEOUT = 60_000  # ms; the first page load starts the kernel and loads every widget
STEP = app.RENDER_INTERVAL  # days per Step click


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


def slider(page, label):
    return page.locator(".v-input", has_text=label).locator("[role=slider]")


@pytest.mark.browser
def test_dashboard(page, page_problems, dashboard_url, tmp_path):
    page.set_default_timeout(TIMEOUT)
    expect.set_options(timeout=TIMEOUT)
    page.goto(dashboard_url)

    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(4)
    expect(page.get_by_text("Webcam blackmail in central Morocco").first).to_be_visible()
    expect(page.get_by_text("Nothing simulated yet")).to_be_visible()
    expect(page.get_by_text("Step: 0")).to_be_visible()
    expect(slider(page, "Render Interval")).to_have_attribute("aria-valuenow", str(STEP))

    # Step: one click is STEP days (render_interval)
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text(f"Step: {STEP}", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{STEP} January 2014")).to_be_visible()
    expect(page.locator(".js-plotly-plot .legendtext", has_text="Oued Zem")).to_be_visible()

    # change a slider and the seed; an invalid seed is reported in the page, not a crash
    contacts = slider(page, "Contacts per scammer per day")
    spec = app.model_params["scammers__contact_rate_per_day"]
    # the baseline's (calibrated) value is shown on the slider's grid, and a key press moves one step
    shown = spec["min"] + round((spec["value"] - spec["min"]) / spec["step"]) * spec["step"]
    expect(contacts).to_have_attribute("aria-valuenow", f"{shown:g}")
    contacts.focus()
    contacts.press("ArrowRight")
    moved = shown + spec["step"]
    expect(contacts).to_have_attribute("aria-valuenow", f"{moved:g}")
    seed = page.get_by_label("Seed")
    seed.fill("abc")
    seed.press("Enter")
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    expect(page.get_by_text("The seed must be a whole number")).to_be_visible()

    seed.fill("7")
    seed.press("Enter")
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    expect(page.get_by_text("The seed must be a whole number")).to_have_count(0)
    expect(page.get_by_text(f"seed 7 · {moved:g} contacts per scammer a day")).to_be_visible()

    # play, then pause after three months or more
    page.get_by_role("button", name="▶", exact=True).click()
    pause = page.get_by_role("button", name="❚❚", exact=True)
    expect(pause).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Step: (9\d|[1-9]\d\d+)$"))).to_be_visible()
    pause.click()
    expect(page.get_by_role("button", name="▶", exact=True)).to_be_visible()
    expect(charts).to_have_count(4)

    # the grid scrolls inside the page, so make the window tall enough for all five cells
    page.set_viewport_size({"width": 1400, "height": 1450})
    page.wait_for_timeout(1000)  # let the last chart update and the relayout land
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    print(f"\nscreenshot: {shot}")

    assert page_problems == []
    assert "Could not load URL" not in server_log()
