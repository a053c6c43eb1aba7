"""A plotly chart drawn by plotly.js in the browser, with the dashboard's configuration (no link to
an online service, see :data:`dashboard.figures.CONFIG`), and a button that saves it as a PNG
image. The PNG is drawn by plotly.js in the visitor's browser (``Plotly.downloadImage``, what the
modebar's camera does), offline; plotly's server-side export would need kaleido and a headless
browser per image on the server.

Not plotly's FigureWidget (what ``solara.FigurePlotly`` uses): when one leaves the page (another
page, a new result) it still sends layout changes through its closed channel, an error in the
browser each time. plotly.js comes from the installed plotly package: its data folder is added to
the folders Solara serves at ``/static/assets/``.
"""

import json
import re
import unicodedata
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
def PlotlyChart(figure: dict, config: dict, plotly_url: str, title: str, png_label: str, filename: str,
                clickable: bool = False, event_point_clicked=None):
    """The chart itself (``figure``: a plotly figure as JSON) and its PNG button (none if
    ``png_label`` is empty); if ``clickable``, a click on a point calls ``event_point_clicked``
    with the point's ``customdata``."""


def file_stem(title: str) -> str:
    """A file name from a chart's title: ASCII letters and digits, words joined by '-'."""
    plain = unicodedata.normalize("NFKD", re.sub("<[^>]+>", " ", title)).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[A-Za-z0-9]+", plain)).lower()[:80] or "chart"


@solara.component
def Chart(figure: go.Figure | dict, png: bool = True, on_click=None):
    """A chart with a button that saves it as a PNG image (drawn in the browser by plotly.js);
    ``figure`` may also be a figure's JSON (a dict with ``data`` and ``layout``); ``on_click(customdata)``
    is called when a point with ``customdata`` is clicked."""
    from .. import state
    from ..i18n import t

    spec = solara.use_memo(lambda: figure if isinstance(figure, dict) else json.loads(figure.to_json()), [figure])
    title = spec["layout"].get("title", {}).get("text") or ""
    PlotlyChart(figure=spec, config=CONFIG, plotly_url=PLOTLY_URL, title=title,
                png_label=t("save_png", state.lang.value) if png else "", filename=file_stem(title),
                clickable=on_click is not None, event_point_clicked=on_click)
