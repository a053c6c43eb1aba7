"""The dashboard in a real browser (Debian chromium), served offline by `solara run --production`
with a short overview (see conftest's DASHBOARD_TEST_SETTINGS)."""

import re
from datetime import date

import pandas as pd
import pytest
from playwright.sync_api import expect

from analysis.compare import compare
from dashboard.comparison import truncated
from dashboard.scenario_files import read_upload
from dashboard.levers import new_lever
from dashboard.state import Draft, base_scenario
from dashboard_server import server_log

TIMEOUT = 90_000  # ms; the first load starts a kernel; a comparison waits for worker processes
pytestmark = pytest.mark.browser  # make test-fast leaves these out

PAGES = {"": ("Overview", 6), "builder": ("Scenario builder", 1), "compare": ("Compare", 0), "methods": ("Methods", 0)}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "accept_downloads": True}


@pytest.fixture(autouse=True)
def timeouts(page):
    page.set_default_timeout(TIMEOUT)
    expect.set_options(timeout=TIMEOUT)


def test_every_page_loads(page, page_problems, dashboard_url):
    for path, (name, charts) in reversed(PAGES.items()):
        page.goto(dashboard_url + path)
        expect(page).to_have_title(re.compile(f"^{name} · Webcam blackmail"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        # the overview: the baseline's six key outputs; the builder: the timeline
        expect(page.locator(".js-plotly-plot")).to_have_count(charts)
        page.wait_for_load_state("networkidle")  # leaving earlier would abort the page's font requests
    expect(page.locator(".js-plotly-plot .legendtext", has_text="published police figure").first).to_be_attached()
    expect(page.locator("a.modebar-btn[data-title*='Cloud' i]")).to_have_count(0)
    expect(page.get_by_text("This website runs on")).to_have_count(0)  # no credit line over the content
    for name in ("Methods", "Overview", "Compare"):  # within the app: charts come and go
        page.get_by_role("banner").get_by_role("button", name=name, exact=True).click()
        expect(page).to_have_title(re.compile(f"^{name} · "))
    page.wait_for_timeout(1000)
    assert page_problems == []
    assert "Could not load URL" not in server_log()


def test_french(page, page_problems, dashboard_url):
    page.goto(dashboard_url + "compare")
    expect(page.get_by_text("Run the comparison")).to_be_visible()
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_title(re.compile("^Comparer · Chantage à la webcam"))
    expect(page.get_by_text("Lancer la comparaison")).to_be_visible()
    page.get_by_role("banner").get_by_role("button", name="Vue d'ensemble").click()
    expect(page.locator(".js-plotly-plot .gtitle", has_text="Nouvelles victimes menacées")).to_be_visible()
    assert page_problems == []


def switch_on(page, title):
    page.locator(".v-input--switch", has_text=title).locator("input").check(force=True)


def field(page, lever_title, label):
    card = page.locator(".v-card", has=page.locator(".v-input--switch", has_text=lever_title))
    return card.get_by_label(label, exact=True)


def build_two_levers(page, dashboard_url, name):
    page.goto(dashboard_url + "builder")
    name_box = page.get_by_label("Scenario name")
    name_box.fill(name)
    name_box.press("Enter")
    switch_on(page, "Awareness campaigns")
    switch_on(page, "Helpline and fast takedowns")
    intensity = field(page, "Awareness campaigns", "intensity (share 0-1)")
    intensity.fill("1.5")
    intensity.press("Enter")
    expect(page.get_by_text("intensity: must be <= 1.0 (got 1.5)")).to_be_visible()
    intensity.fill("0.8")
    intensity.press("Enter")
    for lever in ("Awareness campaigns", "Helpline and fast takedowns"):
        start = field(page, lever, "Start (YYYY-MM-DD)")
        start.fill("2014-01-01")
        start.press("Enter")
    expect(page.get_by_text("The scenario is valid.")).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)  # the timeline


def test_build_save_upload(page, page_problems, dashboard_url, tmp_path):
    build_two_levers(page, dashboard_url, "two_levers")
    with page.expect_download() as download:
        page.get_by_text("Download the scenario (TOML)").click()
    saved = tmp_path / "two_levers.toml"
    download.value.save_as(saved)
    scenario = read_upload(saved.read_bytes())
    assert [p.name for p in scenario.interventions[len(base_scenario().interventions):]] == ["awareness", "takedown"]
    assert scenario.interventions[-2].intensity == 0.8

    page.goto(dashboard_url + "builder")  # a fresh session: upload the file again
    page.locator("input[type=file]").set_input_files(saved)
    expect(page.get_by_text("Loaded two_levers.toml.")).to_be_visible()
    expect(page.get_by_label("Scenario name")).to_have_value("two_levers")
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "../../etc/passwd"\n')
    page.locator("input[type=file]").set_input_files(bad)
    expect(page.get_by_text("may only extend one of the project's scenarios")).to_be_visible()
    assert page_problems == []


def test_small_comparison(page, page_problems, dashboard_url, tmp_path):
    build_two_levers(page, dashboard_url, "early_levers")
    page.get_by_text("Keep for comparison").click()
    expect(page.get_by_text("Kept for comparison: early_levers")).to_be_visible()
    page.get_by_role("banner").get_by_role("button", name="Compare", exact=True).click()
    page.locator(".v-select", has_text="Scenarios (up to 4)").click()
    page.get_by_role("option", name="early_levers").click()
    page.keyboard.press("Escape")
    seeds, first, last = page.locator("[role=slider]").all()
    seeds.focus()
    seeds.press("Home")
    seeds.press("ArrowRight")
    expect(seeds).to_have_attribute("aria-valuenow", "2")
    for thumb in (first, last):
        thumb.focus()
        thumb.press("Home")
    expect(last).to_have_attribute("aria-valuenow", "2014,2014")  # a range slider gives both ends
    page.get_by_text("Run the comparison").click()
    expect(page.get_by_text(re.compile(r"Runs done: \d of 4"))).to_be_visible()
    expect(page.get_by_text("Differences against the baseline, 2014-2014")).to_be_visible()
    expect(page.locator("table.differences")).to_contain_text("early_levers")
    with page.expect_download() as download:
        page.get_by_text("Replicates (CSV)").click()
    download.value.save_as(tmp_path / "replicates.csv")
    shown = pd.read_csv(tmp_path / "replicates.csv")
    assert page_problems == []

    built = Draft(name="early_levers", on=frozenset({"awareness", "takedown"}), values={
        **Draft().values, "awareness": new_lever("awareness") | {"intensity": 0.8, "start": date(2014, 1, 1)},
        "takedown": new_lever("takedown") | {"start": date(2014, 1, 1)}}).scenario()
    expected, _ = compare(truncated(base_scenario(), (2014, 2014)), [truncated(built, (2014, 2014))],
                          seeds=[1, 2], period=(2014, 2014), workers=1, progress=False)
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)


def test_cancel(page, page_problems, dashboard_url):
    page.goto(dashboard_url + "compare")
    page.locator(".v-select", has_text="Scenarios (up to 4)").click()
    page.get_by_role("option", name="sentencing").click()
    page.keyboard.press("Escape")
    first = page.locator("[role=slider]").nth(1)
    first.focus()
    first.press("Home")  # 2014-2030: long enough to cancel
    page.get_by_text("Run the comparison").click()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("The comparison was cancelled.")).to_be_visible()
    expect(page.get_by_text("Run the comparison")).to_be_enabled()
    assert page_problems == []


def test_sessions_are_isolated(browser, dashboard_url):
    """What one visitor builds and keeps is not seen by another."""
    first, second = browser.new_page(), browser.new_page()
    for page in (first, second):
        page.set_default_timeout(TIMEOUT)
    first.goto(dashboard_url + "builder")
    name_box = first.get_by_label("Scenario name")
    name_box.fill("only_mine")
    name_box.press("Enter")
    first.get_by_text("Keep for comparison").click()
    expect(first.get_by_text("Kept for comparison: only_mine")).to_be_visible()
    second.goto(dashboard_url + "builder")
    expect(second.get_by_label("Scenario name")).to_have_value("my_scenario")
    expect(second.get_by_text("Kept for comparison")).to_have_count(0)
    first.close()
    second.close()
