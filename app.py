"""The policy dashboard: ``make dashboard`` serves it at http://127.0.0.1:8765/.

A multi-page Solara app (the code is in the ``dashboard`` package): an overview of the calibrated
baseline, a scenario builder, a comparison of scenarios on paired seeds, where the money goes
(money flows), the youth network over which the know-how spreads, a live run for workshops, and the
methods.
"""

import os
import threading

import solara
import solara.server.settings

from dashboard.comparison import prewarm
from dashboard.components.chart import serve_plotly_js
from dashboard.components.layout import Layout
from dashboard.pages.builder import Builder
from dashboard.pages.compare import Compare
from dashboard.pages.live import Live
from dashboard.pages.methods import Methods
from dashboard.pages.money import Money
from dashboard.pages.network import Network
from dashboard.pages.overview import Overview

serve_plotly_js()
# The default comparison's baseline and its snapshots, in the background (DASHBOARD_PREWARM_SEEDS), from
# half a minute after the start, not to slow the first pages (opening the Compare page starts it at once).
_prewarm_timer = threading.Timer(30, prewarm)
_prewarm_timer.daemon = True
_prewarm_timer.start()
solara.server.settings.theme.show_banner = False  # Solara's credit line sat over the pages' content
if "SOLARA_KERNEL_CULL_TIMEOUT" not in os.environ:  # a closed tab's session is freed after 15 min, not 24 h
    solara.server.settings.kernel.cull_timeout = "15m"

routes = [
    solara.Route(path="/", component=Overview, label="Overview", layout=Layout),
    solara.Route(path="builder", component=Builder, label="Scenario builder"),
    solara.Route(path="compare", component=Compare, label="Compare"),
    solara.Route(path="money", component=Money, label="Money flows"),
    solara.Route(path="network", component=Network, label="Network"),
    solara.Route(path="live", component=Live, label="Live"),
    solara.Route(path="methods", component=Methods, label="Methods"),
]
