"""Dashboard: the webcam-blackmail economy of central Morocco, month by month.

Run with ``make dashboard`` (serves offline assets), then open http://127.0.0.1:8765/.
One model step is one day; the Step button advances ``RENDER_INTERVAL`` days (about a month).
"""

import plotly.graph_objects as go
import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from simulation import ExtortionModel, ScenarioError
from simulation.registry import FLOW, names

# Days per Step click (and per chart refresh while playing): about a month. It must be odd:
# Mesa 3.3.1's "Render Interval" slider (min 1, step 2) snaps an even value up by one in the browser.
RENDER_INTERVAL = 31
FIG_SIZE = dict(width=450, height=380)  # a SolaraViz grid cell is about 450 x 390 px


class DashboardModel(ExtortionModel):
    """``ExtortionModel`` that keeps the page alive when the chosen settings cannot be used.

    SolaraViz's Reset rebuilds the model as ``DashboardModel(**params)``; if the settings are
    invalid the baseline (seed 1) is built instead and ``setup_error`` says why. The catch-all
    argument must be called ``kwargs``: Mesa 3.3.1's parameter check accepts no other name.
    """

    def __init__(self, seed=1, **kwargs):  # kwargs: scenario overrides such as police__units__national__capacity
        try:
            super().__init__(seed=seed, **kwargs)
            self.setup_error = None
        except ScenarioError as exc:
            super().__init__(seed=1)
            self.setup_error = str(exc)
        except ValueError:  # ExtortionModel does int(seed)
            super().__init__(seed=1)
            self.setup_error = f"The seed must be a whole number (got {seed!r})."


model = DashboardModel(seed=1)
base = model.scenario  # the baseline scenario: slider defaults come from it

model_params = {
    "seed": {"type": "InputText", "value": "1", "label": "Seed"},
    "scammers__contact_rate_per_day": {
        "type": "SliderFloat", "label": "Contacts per scammer per day",
        "value": base.scammers.contact_rate_per_day, "min": 5.0, "max": 60.0, "step": 1.0,
    },
    "markets__morocco__report_prob": {
        "type": "SliderFloat", "label": "Share of Moroccan victims who report",
        "value": base.markets["morocco"].report_prob, "min": 0.0, "max": 0.5, "step": 0.01,
    },
    "police__units__national__capacity": {
        "type": "SliderInt", "label": "National police unit: investigations at once",
        "value": base.police.units["national"].capacity, "min": 0, "max": 150, "step": 1,
    },
    "referrals__foreign_forward_prob": {
        "type": "SliderFloat", "label": "Share of foreign reports reaching Morocco",
        "value": base.referrals.foreign_forward_prob, "min": 0.0, "max": 0.3, "step": 0.005,
    },
}


def town_label(name: str) -> str:
    return name.replace("_", " ").title()


def monthly_figure(model, columns: list[str], title: str, stacked: bool = False, legend: list[str] | None = None,
                   ) -> go.Figure:
    """Monthly lines (or stacked areas) of result columns, labelled and with units from the output
    registry (or ``legend``), sized for a cell.

    Flows (monthly totals) are drawn for complete months only, so that the month in progress does
    not show as a drop; stocks (end of month) keep the latest value.
    """
    outputs = [model.results.outputs[name] for name in columns]
    fig = model.results.plot(columns, freq="MS", title=title)
    partial_month = model.day > 0 and model.date.astype(object).day != 1
    for trace, output, label in zip(fig.data, outputs, legend or [o.label for o in outputs]):
        trace.name = label
        if output.kind == FLOW and partial_month:
            trace.x, trace.y = trace.x[:-1], trace.y[:-1]
    if stacked:
        fig.update_traces(stackgroup="total", line_width=0.5)
    fig.update_layout(
        **FIG_SIZE, title_font_size=14, yaxis_title=" / ".join(dict.fromkeys(o.unit for o in outputs)),
        yaxis_rangemode="tozero", hovermode="x unified", legend=dict(orientation="h", x=0, y=-0.15, yanchor="top"),
        margin=dict(l=55, r=15, t=45, b=20),
    )
    return fig


def victims_figure(model) -> go.Figure:
    return monthly_figure(model, ["victims_threatened", "payments"], "Victims threatened and payments, per month")


def money_figure(model) -> go.Figure:
    return monthly_figure(model, ["scammer_income_mad", "mta_fees_mad"], "Money paid by victims, per month (MAD)",
                          stacked=True)


def scammers_figure(model) -> go.Figure:
    columns = names("active_scammers_{town}", model.markets.names, model.town_names)
    return monthly_figure(model, columns, "Active scammers by town (end of month)", stacked=True,
                          legend=[town_label(town) for town in model.town_names])


def police_figure(model) -> go.Figure:
    return monthly_figure(model, ["cases_recorded", "arrests"], "Police: recorded cases and arrests, per month")


FIGURES = [victims_figure, money_figure, scammers_figure, police_figure]


@solara.component
def VictimsChart(model):
    update_counter.get()
    solara.FigurePlotly(victims_figure(model))


@solara.component
def MoneyChart(model):
    update_counter.get()
    solara.FigurePlotly(money_figure(model))


@solara.component
def ScammersChart(model):
    update_counter.get()
    solara.FigurePlotly(scammers_figure(model))


@solara.component
def PoliceChart(model):
    update_counter.get()
    solara.FigurePlotly(police_figure(model))


def status_text(model) -> str:
    """Where the run is, in plain words (HTML)."""
    start = f"{model.start:%-d %B %Y}"
    if model.day == 0:
        return f"Nothing simulated yet: the run starts on <b>{start}</b>. Press <b>Step</b> or <b>▶</b>."
    last = (model.date - 1).item()  # model.date is the next day to simulate
    return f"Simulated from {start} to <b>{last:%-d %B %Y}</b> (day {model.day:,} of {model.days:,})."


def settings_text(model) -> str:
    """The settings of the run on screen (the sliders show the settings for the next Reset)."""
    s = model.scenario
    pct = lambda x: f"{100 * x:.3g}%"  # noqa: E731
    return (
        f"<b>This run:</b> seed {model.seed} · {s.scammers.contact_rate_per_day:g} contacts per scammer a day"
        f" · {pct(s.markets['morocco'].report_prob)} of Moroccan victims report"
        f" · national police unit: {s.police.units['national'].capacity} investigations at once"
        f" · {pct(s.referrals.foreign_forward_prob)} of foreign victims' reports reach Morocco."
    )


ABOUT = f"""
<p>Webcam blackmail run from Oued Zem and neighbouring towns, 2014-2025, as simulated by the model:
scammers contact strangers online, record a video chat and demand money not to share it. Victims
pay through money-transfer offices or refuse; some report to the police. The charts show totals
for each complete calendar month, and scammers at the end of each month.</p>
<p><b>Step</b> = {RENDER_INTERVAL} days (about a month); <b>▶</b> plays, <b>❚❚</b> pauses. Sliders and
seed apply on <b>Reset</b>; the same settings and seed give the same run.</p>
<p>The baseline is fitted to the police figures of 2018-2019 (see docs/calibration.md for what it
meets and misses); many inputs remain assumptions. Read the charts as patterns and as comparisons
between settings, not as counts of real cases.</p>
"""

# Slider labels above full-width tracks (inline labels squeeze the tracks in the narrow sidebar).
CSS = """
.v-input__slider .v-input__slot { flex-wrap: wrap; }
.v-input__slider .v-input__slot > .v-label { flex-basis: 100%; margin-bottom: 4px; }
.about { font-size: 13px; line-height: 1.4; }
.about p { margin-bottom: 6px; }
"""


@solara.component
def About(model):
    # plain HTML, not solara.Markdown: Markdown fetches mermaid.js from a CDN, which fails offline
    update_counter.get()
    solara.Style(CSS)
    with solara.Column(style={"padding": "0 8px", "max-width": "450px"}):
        if model.setup_error:
            solara.Error(f"These settings could not be used, so the baseline is shown. {model.setup_error}", dense=True)
        html = f"<p>{status_text(model)}</p><p>{settings_text(model)}</p>{ABOUT}"
        solara.HTML(tag="div", unsafe_innerHTML=html, classes=["about"])


page = SolaraViz(
    model,
    components=[About, VictimsChart, MoneyChart, ScammersChart, PoliceChart],
    model_params=model_params,
    name="Webcam blackmail in central Morocco",
    play_interval=300,
    render_interval=RENDER_INTERVAL,
)
