"""A plotly chart with the dashboard's configuration (no link to an online service, see
:data:`dashboard.figures.CONFIG`), which Solara's ``FigurePlotly`` cannot set."""

import plotly.graph_objects as go
import solara
import traitlets
from plotly.graph_objs import FigureWidget
from plotly.serializers import custom_serializers

from ..figures import CONFIG


class OfflineFigureWidget(FigureWidget):
    """A plotly figure widget whose configuration is :data:`CONFIG` from its first drawing (plotly
    sets its own while building the figure: a read-only copy of ours replaces it)."""

    _config = traitlets.Dict(CONFIG).tag(sync=True, **custom_serializers)

    @traitlets.validate("_config")
    def _keep_ours(self, proposal):
        return CONFIG


@solara.component
def Chart(figure: go.Figure):
    element = OfflineFigureWidget.element()

    def show():
        widget = solara.get_widget(element)
        widget.layout = figure.layout
        widget.data = ()
        widget.add_traces(figure.data)

    solara.use_effect(show, [figure])
    return element
