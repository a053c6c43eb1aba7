"""A plotly chart drawn by plotly.js in the browser, with the dashboard's configuration (no link to
an online service, see :data:`dashboard.figures.CONFIG`).

Not plotly's FigureWidget (what ``solara.FigurePlotly`` uses): when one leaves the page (another
page, a new result) it still sends layout changes through its closed channel, an error in the
browser each time. plotly.js comes from the installed plotly package: its data folder is added to
the folders Solara serves at ``/static/assets/``.
"""

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import solara
import solara.server.settings

from ..figures import CONFIG

PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"
PLOTLY_URL = f"/static/assets/plotly.min.js?v={plotly.__version__}"


def serve_plotly_js() -> Path:
    """Let the server serve the installed plotly.js (offline); returns the file."""
    locations = solara.server.settings.assets.extra_locations
    if str(PLOTLY_DIR) not in locations:
        locations.append(str(PLOTLY_DIR))
    return PLOTLY_DIR / "plotly.min.js"


@solara.component_vue("plotly_chart.vue")
def PlotlyChart(figure: dict, config: dict, plotly_url: str, title: str):
    """The chart itself (``figure``: a plotly figure as JSON)."""


@solara.component
def Chart(figure: go.Figure):
    spec = solara.use_memo(lambda: json.loads(figure.to_json()), [figure])
    PlotlyChart(figure=spec, config=CONFIG, plotly_url=PLOTLY_URL, title=figure.layout.title.text or "")
