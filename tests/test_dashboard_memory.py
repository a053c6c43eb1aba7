"""The dashboard server's memory as visitors come and go, in a real browser (Debian chromium); a file
of its own, with a server of its own, so that it runs beside the other browser tests."""

import json
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from dashboard_server import ROOT, dashboard_server, rss_mb, server_pid

TIMEOUT = 90_000  # ms; the first load starts a kernel
VISITORS = 3  # per round: a session that kept its runs or a model (tens of MB) would show against the margins below
pytestmark = pytest.mark.browser  # make test-fast leaves these out


def test_memory_returns_to_idle_after_sessions_close(browser, tmp_path):
    """Visitors' sessions (each opens every page and builds a scenario) come and go: once they close
    and are culled, the server's memory is back near its idle level, and a second round of visitors
    leaves it where the first did (nothing kept per closed session)."""
    env = {"DASHBOARD_OVERVIEW_SEEDS": "1", "DASHBOARD_OVERVIEW_END": "2014", "DASHBOARD_WORKERS": "1",
           "DASHBOARD_PREWARM_SEEDS": "0", "DASHBOARD_CACHE_DIR": str(tmp_path), "SOLARA_KERNEL_CULL_TIMEOUT": "1s"}
    with dashboard_server(ROOT / "app.py", env=env) as url:
        pid = server_pid(url)

        def visit(n: int) -> list:
            pages = []
            for _ in range(n):
                page = browser.new_page()
                page.set_default_timeout(TIMEOUT)
                page.goto(url)
                expect(page.locator(".js-plotly-plot")).to_have_count(6, timeout=TIMEOUT)
                page.goto(url + "builder")
                switch = page.locator(".v-input--switch", has_text="Awareness campaigns").locator("input")
                switch.click(force=True)
                expect(switch).to_be_checked(timeout=TIMEOUT)
                name_box = page.get_by_label("Scenario name")
                name_box.fill("visitor_scenario")
                name_box.press("Enter")
                expect(page.get_by_text("The scenario is valid.")).to_be_visible(timeout=TIMEOUT)
                page.goto(url + "compare")
                expect(page.get_by_text("Run the comparison")).to_be_visible(timeout=TIMEOUT)
                pages.append(page)
            return pages

        def closed(pages) -> float:
            for page in pages:
                page.close()
            deadline = time.monotonic() + 60
            while json.load(urllib.request.urlopen(url + "resourcez"))["kernels"]["total"]:  # culled 1 s after closing
                assert time.monotonic() < deadline, "sessions still open a minute after their pages closed"
                time.sleep(0.5)
            time.sleep(2)  # then collected
            return rss_mb(pid)

        idle = closed(visit(1))  # imports, the overview's runs, caches: what every later visit finds
        pages = visit(VISITORS)
        busy = rss_mb(pid)
        first = closed(pages)
        second = closed(visit(VISITORS))
    print(f"server memory (RSS): idle {idle:.0f} MB, {VISITORS} sessions open {busy:.0f} MB, "
          f"after they closed {first:.0f} MB, after {VISITORS} more came and went {second:.0f} MB")
    assert first < idle + 30 and second < idle + 30
    assert second < first + 10  # no growth per closed session
