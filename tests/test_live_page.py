"""The Live page in a real browser (Debian chromium): step, play and pause, a lever switched on
mid-run, a story, the projector layout (1920x1080 without scrolling), French; no console error."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard_server import server_pid

TIMEOUT = 90_000  # ms; the first load starts a kernel
pytestmark = pytest.mark.browser  # make test-fast leaves these out


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}}


@pytest.fixture(autouse=True)
def timeouts(page):
    page.set_default_timeout(TIMEOUT)
    expect.set_options(timeout=TIMEOUT)


def nothing_scrolls(page) -> bool:
    """No element of the page is taller than what it shows (the page fits the window)."""
    return page.evaluate("""() => [...document.querySelectorAll('*')].every(e => {
        const style = getComputedStyle(e);
        const scrolls = ['auto', 'scroll'].includes(style.overflowY) || e === document.scrollingElement;
        return !scrolls || e.scrollHeight <= e.clientHeight + 1; })""")


def test_step_play_pause_and_a_lever_switched_on_mid_run(page, page_problems, dashboard_url):
    page.goto(dashboard_url + "live")
    expect(page).to_have_title(re.compile("^Live · Webcam blackmail"))
    expect(page.locator(".js-plotly-plot")).to_have_count(5)
    date = page.locator(".live-date")
    expect(date).to_have_text("1 January 2014")
    page.get_by_role("button", name="Step").click()
    expect(date).to_have_text("1 February 2014")
    expect(page.get_by_text("Numbers for January 2014")).to_be_visible()
    page.get_by_role("button", name="week").click()
    page.get_by_role("button", name="Step").click()
    expect(date).to_have_text("8 February 2014")
    expect(page.get_by_text("Numbers for February 2014, so far")).to_be_visible()
    expect(page.locator(".live-diff", has_text="faint line")).to_have_count(0)
    page.locator(".live-levers").get_by_role("button", name="Awareness campaigns").click()
    expect(page.locator(".live-switches")).to_have_text("8 February 2014: Awareness campaigns")
    expect(page.locator(".live-levers").get_by_role("button", name="Awareness campaigns")).to_be_disabled()
    page.get_by_role("button", name="month").click()
    page.get_by_role("button", name="Play").click()
    expect(date).to_have_text(re.compile("2015"), timeout=60_000)  # about 0.4 s a month
    page.locator(".live-levers").get_by_role("button", name="Youth employment").click()  # while it plays
    expect(page.locator(".live-switches")).to_have_count(2)
    expect(page.locator(".live-switches").nth(1)).to_have_text(re.compile(r"^1 \w+ 2015: Youth employment$"))
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    page.wait_for_timeout(1000)  # a tick under way when paused ends
    stopped = date.text_content()
    page.wait_for_timeout(1500)
    expect(date).to_have_text(stopped)  # paused: the run stays on its day
    expect(page.locator(".live-diff", has_text="against the faint line")).to_have_count(5)
    # the lever's mark and the faint line (two traces) on every chart
    expect(page.locator(".js-plotly-plot .annotation-text", has_text="Awareness campaigns")).to_have_count(5)
    expect(page.locator(".js-plotly-plot .annotation-text", has_text="Youth employment")).to_have_count(5)
    expect(page.locator(".js-plotly-plot .scatterlayer .trace")).to_have_count(10)
    assert nothing_scrolls(page)
    assert page_problems == []


def test_a_story_plays_to_its_date_and_switches_its_lever_on_in_french(page, page_problems, dashboard_url):
    page.goto(dashboard_url + "live?lang=fr")
    expect(page).to_have_title(re.compile("^En direct · Chantage à la webcam"))
    page.locator(".v-select", has_text="Histoire").click()
    page.get_by_role("option", name="2018 : convention de Budapest").click()
    switch = page.get_by_role("button", name="Activer maintenant")
    expect(switch).to_be_visible(timeout=120_000)  # played to 1 October 2018 (about 4.75 simulated years)
    expect(page.locator(".live-look", has_text="Coopération internationale")).to_be_visible()  # the story's lever
    assert nothing_scrolls(page)
    expect(page.locator(".live-date")).to_have_text("1er octobre 2018")
    expect(page.get_by_text(re.compile(r"^À observer\s:\sLes polices étrangères"))).to_be_visible()
    switch.click()
    expect(page.locator(".live-switches")).to_have_text(re.compile(r"^1er octobre 2018\s:\sCoopération internationale$"))
    page.get_by_role("button", name="Avancer").click()
    expect(page.locator(".live-date")).to_have_text("1er novembre 2018")
    expect(page.locator(".live-diff", has_text="par rapport à la ligne pâle")).to_have_count(5)
    assert nothing_scrolls(page)
    page.get_by_role("button", name="Recommencer").click()  # the story again, from the start
    expect(page.locator(".live-switches")).to_have_count(0)
    expect(switch).to_be_visible(timeout=120_000)
    expect(page.locator(".live-date")).to_have_text("1er octobre 2018")
    assert page_problems == []


def cpu_seconds(pid: int, over: float) -> float:
    """CPU time (user and system, seconds) the process uses in the next ``over`` seconds."""
    def used():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100  # utime, stime in clock ticks (100 a second)

    before = used()
    time.sleep(over)
    return used() - before


def test_a_closed_tab_stops_its_run(browser, dashboard_url):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(dashboard_url + "live")
    expect(page.locator(".js-plotly-plot")).to_have_count(5)
    page.locator(".v-select", has_text="Story").click()
    page.get_by_role("option", name="2018: Budapest convention").click()  # plays to 2018 without a pause
    expect(page.get_by_text(re.compile("^Playing to"))).to_be_visible()
    busy = cpu_seconds(server_pid(dashboard_url), 3)
    page.close()
    time.sleep(1)
    idle = cpu_seconds(server_pid(dashboard_url), 3)
    assert busy > 0.5 and idle < 0.2 * busy, (busy, idle)  # about 1 s against 0.03 s
