"""Shared fixtures: Debian chromium for pytest-playwright, a running dashboard, page problem log."""

import os
from urllib.parse import urlparse

import pytest

from dashboard_server import ROOT, dashboard_server

# No background prewarming of the default comparison in the test process (it simulates 2014-2030).
os.environ.setdefault("DASHBOARD_PREWARM_SEEDS", "0")

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use the system chromium (apt package); `playwright install` cannot download here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }


# A short overview (two seeds, 2014-2015) and a cache of its own keep the browser tests fast.
DASHBOARD_TEST_SETTINGS = {"DASHBOARD_OVERVIEW_SEEDS": "2", "DASHBOARD_OVERVIEW_END": "2015", "DASHBOARD_WORKERS": "2",
                           "DASHBOARD_PREWARM_SEEDS": "0"}


@pytest.fixture(scope="session")
def dashboard_url(tmp_path_factory):
    """URL of `solara run app.py --production` (DASHBOARD_APP overrides the app path)."""
    env = {**DASHBOARD_TEST_SETTINGS, "DASHBOARD_CACHE_DIR": str(tmp_path_factory.mktemp("run-cache"))}
    with dashboard_server(os.environ.get("DASHBOARD_APP", ROOT / "app.py"), env=env) as url:
        yield url


def watch_page(page) -> list[str]:
    """Record failed requests, HTTP >= 400, requests off localhost, console errors, page errors."""
    problems: list[str] = []

    def on_request(req):
        host = urlparse(req.url).hostname
        if req.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            problems.append(f"non-local request: {req.url}")

    page.on("request", on_request)
    # a request the page's own navigation aborts (a reload while the favicon loads) is not a failure
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


@pytest.fixture
def page_problems(page):
    """List that fills with every problem on `page`; assert it is empty at the end of a test."""
    return watch_page(page)
