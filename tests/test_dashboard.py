"""The dashboard in a real browser (Debian chromium), served offline by `solara run --production`."""

import re

import pytest
from playwright.sync_api import expect

from dashboard_server import server_log

TIMEOUT = 60_000  # ms; the first page load compiles and loads every widget


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


def slider(page, label):
    return page.locator(".v-input", has_text=label).locator("[role=slider]")


def test_dashboard(page, page_problems, dashboard_url, tmp_path):
    page.set_default_timeout(TIMEOUT)
    expect.set_options(timeout=TIMEOUT)
    page.goto(dashboard_url)

    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(4)
    expect(page.get_by_text("Webcam blackmail in central Morocco").first).to_be_visible()
    expect(page.get_by_text("Nothing simulated yet")).to_be_visible()
    expect(page.get_by_text("Step: 0")).to_be_visible()

    # Step: one click is 30 days (render_interval)
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text("Step: 30")).to_be_visible()
    expect(page.get_by_text("30 January 2014")).to_be_visible()
    expect(page.locator(".js-plotly-plot .legendtext", has_text="Oued Zem")).to_be_visible()

    # change a slider and the seed; an invalid seed is reported in the page, not a crash
    contacts = slider(page, "Contacts per scammer per day")
    expect(contacts).to_have_attribute("aria-valuenow", "20")
    contacts.focus()
    contacts.press("ArrowRight")
    expect(contacts).to_have_attribute("aria-valuenow", "21")
    seed = page.get_by_label("Seed")
    seed.fill("abc")
    seed.press("Enter")
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Step: 0")).to_be_visible()
    expect(page.get_by_text("The seed must be a whole number")).to_be_visible()

    seed.fill("7")
    seed.press("Enter")
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Step: 0")).to_be_visible()
    expect(page.get_by_text("The seed must be a whole number")).to_have_count(0)
    expect(contacts).to_have_attribute("aria-valuenow", "21")

    # play, then pause after a few months
    page.get_by_role("button", name="▶", exact=True).click()
    pause = page.get_by_role("button", name="❚❚", exact=True)
    expect(pause).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Step: (9\d|[1-9]\d\d+)$"))).to_be_visible()  # >= 3 months
    pause.click()
    expect(page.get_by_role("button", name="▶", exact=True)).to_be_visible()
    expect(charts).to_have_count(4)
    page.wait_for_timeout(500)  # let the last chart update land before the screenshot

    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")

    assert page_problems == []
    assert "Could not load URL" not in server_log()
