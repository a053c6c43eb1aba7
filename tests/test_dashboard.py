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
from dashboard_server import ROOT, server_log

TIMEOUT = 90_000  # ms; the first load starts a kernel; a comparison waits for worker processes
pytestmark = pytest.mark.browser  # make test-fast leaves these out

PAGES = {"": ("Overview", 6), "builder": ("Scenario builder", 1), "compare": ("Compare", 0), "money": ("Money flows", 1),
         "network": ("Network", 4), "live": ("Live", 5), "methods": ("Methods", 0)}


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
    assert "Could not load URL" not in server_log(dashboard_url)


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
    """Switch a lever on; again if the page was re-rendering (moving the switch) at the first try."""
    from playwright.sync_api import Error

    switch = page.locator(".v-input--switch", has_text=title).locator("input")
    for _ in range(5):
        try:
            switch.check(force=True, timeout=15_000)
            break
        except Error:
            page.wait_for_timeout(500)
    expect(switch).to_be_checked()


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

    other = page.context.browser.new_page()  # another visitor sees neither the scenario nor the results
    other.goto(dashboard_url + "compare")
    expect(other.get_by_text("Run the comparison")).to_be_visible(timeout=TIMEOUT)
    expect(other.locator("table.differences")).to_have_count(0)
    other.locator(".v-select", has_text="Scenarios (up to 4)").click()
    expect(other.get_by_role("option", name="awareness")).to_be_visible(timeout=TIMEOUT)
    expect(other.get_by_role("option", name="early_levers")).to_have_count(0)
    other.close()


def test_money_flows(page, page_problems, dashboard_url):
    """Before any comparison, the overview's baseline runs (2014-2015 on the test server); after one,
    its baseline and a chosen scenario side by side with the change between them."""
    page.goto(dashboard_url + "money")
    expect(page).to_have_title(re.compile("^Money flows · "))
    expect(page.get_by_text("The baseline only (2 seeds")).to_be_visible()
    chart = page.locator(".js-plotly-plot")
    expect(chart).to_have_count(1)
    expect(chart.locator(".gtitle")).to_contain_text("baseline_2030, 2015: ")
    page.locator(".sankey-node", has_text="Victims: Gulf").hover()
    expect(page.locator(".hoverlayer")).to_contain_text(re.compile(r"MAD, [\d.]+ % of all money paid90 % band: "))
    first = page.locator("[role=slider]").first
    first.focus()
    first.press("Home")  # 2014-2015
    expect(chart.locator(".gtitle")).to_contain_text("baseline_2030, 2014-2015: ")
    page.get_by_role("button", name="Français").click()
    expect(chart.locator(".gtitle")).to_contain_text("MAD payés")
    expect(chart.locator(".sankey-node", has_text="Revenu des escrocs\u00a0: Oued Zem")).to_have_count(1)
    page.get_by_role("button", name="English").click()

    page.get_by_role("banner").get_by_role("button", name="Compare", exact=True).click()
    page.locator(".v-select", has_text="Scenarios (up to 4)").click()
    for name in ("awareness", "takedown"):
        page.get_by_role("option", name=name).click()
    page.keyboard.press("Escape")
    seeds, first, last = page.locator("[role=slider]").all()
    seeds.focus()
    seeds.press("Home")
    seeds.press("ArrowRight")
    for thumb in (first, last):
        thumb.focus()
        thumb.press("Home")
    expect(last).to_have_attribute("aria-valuenow", "2014,2014")
    page.get_by_text("Run the comparison").click()
    expect(page.locator("table.differences")).to_be_visible()
    page.get_by_role("banner").get_by_role("button", name="Money flows", exact=True).click()
    expect(page.get_by_text("From your comparison on the Compare page: 2 paired seeds.")).to_be_visible()
    titles = page.locator(".js-plotly-plot .gtitle")
    expect(titles).to_have_count(3)  # the baseline, the scenario and the change
    expect(titles.nth(1)).to_contain_text("awareness, 2014: ")
    page.locator(".v-select", has_text="Scenario beside the baseline").click()
    page.get_by_role("option", name="takedown").click()
    expect(titles.nth(1)).to_contain_text("takedown, 2014: ")
    expect(titles.nth(2)).to_contain_text("Change with takedown against baseline_2030, 2014")
    assert page_problems == []


def test_network(page, page_problems, dashboard_url):
    """The youth network of one run (2014-2015 on the test server): move the date, choose a scammer
    by number and by a click on the sample; the redraw after moving the date is timed."""
    import time

    page.goto(dashboard_url + "network")
    expect(page).to_have_title(re.compile("^Network · "))
    titles = page.locator(".js-plotly-plot .gtitle")
    expect(titles).to_have_count(4)  # the towns, the sample, the chosen scammer and their timeline
    expect(titles.first).to_contain_text("People by state and ties between towns, 1 December 2015")
    expect(page.locator("table.network-counts tr", has_text="All towns")).to_contain_text("26,739")
    slider = page.locator(".network-date [role=slider]")
    slider.focus()
    began = time.perf_counter()
    slider.press("ArrowLeft")
    expect(titles.first).to_contain_text("1 November 2015")
    expect(page.locator("table.network-counts caption")).to_contain_text("1 November 2015")
    print(f"redraw after moving the date: {time.perf_counter() - began:.2f} s")
    slider.press("Home")
    expect(titles.nth(1)).to_contain_text("Oued Zem, 1 January 2014the 2,000 people nearest by ties")
    page.locator(".v-text-field", has_text="Scammer number").locator("input").fill("3")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Scammer #3, living in")).to_be_visible()
    expect(titles.nth(2)).to_contain_text("Scammer #3 and their ties")
    sample = page.locator(".js-plotly-plot").nth(1).locator(".nsewdrag").first
    box = sample.bounding_box()
    sample.click(position={"x": box["width"] / 2, "y": box["height"] / 2})  # the centre: the town's first scammer
    expect(page.get_by_text("Scammer #0, living in Oued Zem")).to_be_visible()
    drawn_lines = "el => el.data.filter(trace => trace.mode === 'lines').length"
    assert page.locator(".js-plotly-plot").nth(1).evaluate(drawn_lines) == 0
    page.get_by_label("Draw the ties").check(force=True)
    page.wait_for_function(f"({drawn_lines})(document.querySelectorAll('.js-plotly-plot')[1]) === 1")
    page.get_by_role("button", name="Français").click()
    expect(titles.first).to_contain_text("Personnes par état et liens entre villes, 1 janvier 2014")
    assert page_problems == []


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


def test_language_is_kept_across_reloads(page, page_problems, dashboard_url, browser):
    page.goto(dashboard_url + "compare")
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_text("Lancer la comparaison")).to_be_visible()
    expect(page).to_have_url(re.compile(r"lang=fr"))
    page.reload()
    expect(page.get_by_text("Lancer la comparaison")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto(dashboard_url + "methods")  # no ?lang in the address: the browser kept it
    expect(page).to_have_title(re.compile("^Méthodes · "))
    page.goto(dashboard_url + "builder?lang=en")  # the address wins
    expect(page.get_by_text("Start from", exact=True)).to_be_visible()
    other = browser.new_context()  # another visitor (nothing kept in their browser): English
    fresh = other.new_page()
    fresh.goto(dashboard_url + "compare")
    expect(fresh.get_by_text("Run the comparison")).to_be_visible(timeout=TIMEOUT)
    fresh.goto(dashboard_url + "compare?lang=fr")  # a shared link in French
    expect(fresh.get_by_text("Lancer la comparaison")).to_be_visible(timeout=TIMEOUT)
    other.close()
    assert page_problems == []


def test_builder_opens_on_the_baseline_and_keeps_bad_values(page, page_problems, dashboard_url):
    """'Start from' names the file on first load; a value that is no number stays in the field with
    one message naming the field, the value and what is allowed; the same in French."""
    page.goto(dashboard_url + "builder")
    expect(page.locator(".v-select", has_text="Start from")).to_contain_text("baseline_2030.toml")
    switch_on(page, "Awareness campaigns")
    cost = field(page, "Awareness campaigns", "cost per year mad (MAD; 0-1,000,000,000,000)")
    cost.fill("ten thousand")
    cost.press("Enter")
    expect(page.get_by_text("cost per year mad: Input should be a valid number (got 'ten thousand'); "
                            "allowed: a number from 0 to 1,000,000,000,000")).to_be_visible()
    expect(cost).to_have_value("ten thousand")  # nothing typed is lost
    expect(page.get_by_text("Fix the fields marked in red.")).to_be_visible()
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_text("coût annuel\u00a0: doit être un nombre (valeur donnée\u00a0: 'ten thousand')\u00a0; "
                            "attendu\u00a0: un nombre de 0 à 1\u202f000\u202f000\u202f000\u202f000")).to_be_visible()
    cost = field(page, "Campagnes de sensibilisation", "coût annuel (MAD\u00a0; 0-1\u202f000\u202f000\u202f000\u202f000)")
    cost.fill("12 000,5")
    cost.press("Enter")
    expect(page.get_by_text("Le scénario est valide.")).to_be_visible()
    name_box = page.get_by_label("Nom du scénario")
    name_box.fill("awareness")  # a preset's name, other values
    name_box.press("Enter")
    expect(page.get_by_text("est le nom d'un scénario prédéfini")).to_be_visible()
    name_box.fill("mon scénario")
    name_box.press("Enter")
    expect(page.get_by_text("« mon scénario » n'est pas accepté")).to_be_visible()
    assert page_problems == []


def test_chart_saved_as_png(page, page_problems, dashboard_url, tmp_path):
    page.goto(dashboard_url + "builder")
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("button", name="Save as PNG image").click()
    assert download.value.suggested_filename.endswith(".png")
    saved = tmp_path / "chart.png"
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    width = int.from_bytes(data[16:20], "big")
    assert width >= 2 * 1000  # the chart's width on screen, at scale 2
    assert page_problems == []


def test_browser_baseline_equals_the_command_line(page, page_problems, dashboard_url, tmp_path):
    """The overview's medians are those of `python -m simulation run scenarios/baseline.toml` for
    the same seeds (the test server shows seeds 1-2, 2014-2015)."""
    import subprocess
    import sys

    from conftest import DASHBOARD_TEST_SETTINGS

    seeds = range(1, int(DASHBOARD_TEST_SETTINGS["DASHBOARD_OVERVIEW_SEEDS"]) + 1)
    end = DASHBOARD_TEST_SETTINGS["DASHBOARD_OVERVIEW_END"]
    runs = [subprocess.Popen([sys.executable, "-m", "simulation", "run", "scenarios/baseline.toml", "--seed", str(seed),
                              "--out", str(tmp_path / str(seed)), "--events", "none", "--set", f"run.end={end}-12-31"],
                             cwd=ROOT, stdout=subprocess.DEVNULL) for seed in seeds]  # side by side
    assert [run.wait() for run in runs] == [0] * len(runs)
    cli = pd.concat(pd.read_parquet(tmp_path / str(seed) / "annual.parquet") for seed in seeds).groupby("year").median()

    page.goto(dashboard_url)
    expect(page.locator(".js-plotly-plot")).to_have_count(6)
    charts = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(
        (chart) => { const median = chart._fullData.find((trace) => trace.name === 'median');
                     return {title: chart.layout.title.text, median: {x: Array.from(median.x), y: Array.from(median.y)}}; })""")
    from dashboard.i18n import output_label
    from dashboard.pages.overview import KEY_OUTPUTS

    by_title = {chart["title"]: chart["median"] for chart in charts}
    for output in KEY_OUTPUTS:
        median = by_title[output_label(output, "en")]
        shown = pd.Series(median["y"], index=median["x"], dtype=float)
        expected = cli[output].astype(float).loc[shown.index]
        assert list(shown) == list(expected), (output, list(shown), list(expected))
    assert page_problems == []
