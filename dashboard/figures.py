"""Figures as pure functions of results (tables in, plotly figures out), in English or French.

Series are told apart by colour, line dash and marker symbol; numbers follow the language's
separators. ``CONFIG`` is the plotly configuration of every chart: no link to an online service,
no logo, no cloud export (the PNG download of the modebar works offline).
"""

from __future__ import annotations

from datetime import date
from typing import Callable

import plotly.graph_objects as go
from pandas import DataFrame

from simulation import Scenario
from simulation.interventions import REGISTRY
from simulation.registry import DECLARED

from .i18n import lever_title, number, output_label, t, unit_label
from .published import published

CONFIG = {"displaylogo": False, "showLink": False, "showSendToCloud": False, "showEditInChartStudio": False,
          "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
          "toImageButtonOptions": {"format": "png", "scale": 2}}
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]  # Okabe-Ito, colour-blind safe
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x"]
FONT = dict(size=15)
SEPARATORS = {"en": ".,", "fr": ",\u202f"}  # plotly's decimal mark and thousands separator, per language


def styled(fig: go.Figure, title: str, unit: str, lang: str, height: int = 380) -> go.Figure:
    """The dashboard's look for a chart of ``unit`` by year (other charts change the axes after)."""
    fig.update_layout(
        title=dict(text=title, font=dict(size=17)), template="plotly_white", font=FONT, height=height,
        separators=SEPARATORS[lang], hovermode="x unified",
        yaxis=dict(title=unit, rangemode="tozero"), xaxis=dict(title=t("year", lang), dtick=2),
        legend=dict(orientation="h", x=0, y=-0.22, yanchor="top"), margin=dict(l=70, r=20, t=50, b=30))
    return fig


def translucent(colour: str, alpha: float = 0.18) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def band_figure(table: DataFrame, outcome: str, lang: str, scenarios: list[str] | None = None,
                period: tuple[int, int] | None = None, calibration: tuple[int, int] | None = None,
                projection_from: int | None = None, show_published: bool = False) -> go.Figure:
    """An annual output per scenario: median line and 5-95 % band across seeds.

    ``period`` shades the comparison period; ``calibration`` the years the fit used; years from
    ``projection_from`` are marked as projected; ``show_published`` adds the published figures.
    """
    fig = go.Figure()
    names = scenarios or list(dict.fromkeys(table["scenario"]))
    for i, name in enumerate(names):
        stats = table[table["scenario"] == name].groupby("year")[outcome].quantile([0.05, 0.5, 0.95]).unstack()
        years, colour = list(stats.index), COLOURS[i % len(COLOURS)]
        fig.add_trace(go.Scatter(x=years + years[::-1], y=list(stats[0.95]) + list(stats[0.05])[::-1],
                                 mode="lines", fill="toself", fillcolor=translucent(colour), line=dict(width=0), hoverinfo="skip",
                                 legendgroup=name, name=f"{name}: {t('band', lang)}", showlegend=False))
        fig.add_trace(go.Scatter(x=years, y=stats[0.5], mode="lines+markers", legendgroup=name,
                                 name=f"{name} ({t('median', lang)})" if len(names) > 1 else t("median", lang),
                                 line=dict(color=colour, dash=DASHES[i % len(DASHES)], width=2.5),
                                 marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=7),
                                 hovertemplate="%{y:,.0f}"))
    if show_published:
        _add_published(fig, outcome, lang)
    if calibration:
        fig.add_vrect(x0=calibration[0] - 0.5, x1=calibration[1] + 0.5, fillcolor="#888", opacity=0.15, line_width=0,
                      annotation_text=t("calibration_window", lang), annotation_position="top left",
                      annotation_font_size=12)
    if projection_from:
        fig.add_vline(x=projection_from - 0.5, line_dash="dot", line_color="#555",
                      annotation_text=t("projection", lang) + " →", annotation_position="top right",
                      annotation_font_size=12)
    if period:
        fig.add_vrect(x0=period[0] - 0.5, x1=period[1] + 0.5, fillcolor="#888", opacity=0.10, line_width=0,
                      annotation_text=t("comparison_period", lang), annotation_position="top left",
                      annotation_font_size=12)
    return styled(fig, output_label(outcome, lang), unit_label(DECLARED[outcome].unit, lang), lang)


def _add_published(fig: go.Figure, outcome: str, lang: str) -> None:
    named: set[str] = set()
    for point in published(outcome):
        if point.whole_year:
            name = t("published", lang)
        else:
            name = t("published_partial", lang, period=f"{point.first:%d/%m}-{point.last:%d/%m}")
        fig.add_trace(go.Scatter(
            x=[point.year], y=[point.value], mode="markers", name=name, legendgroup=name, showlegend=name not in named,
            marker=dict(symbol="star" if point.whole_year else "star-open", size=16, color="black",
                        line=dict(width=1.5, color="black")),
            hovertemplate=f"{name}: {number(point.value, lang)}<extra></extra>"))
        named.add(name)


def timeline_figure(scenario: Scenario, in_place: int, lang: str) -> go.Figure:
    """One bar per lever of the scenario (each window of a recurring one), the first ``in_place``
    levers (the policies already in place) in grey."""
    fig = go.Figure()
    start, end = scenario.run.start, scenario.run.end
    rows = []
    for i, params in enumerate(scenario.interventions):
        lever = REGISTRY[params.name](params)
        title = lever_title(params.name, lang) + (f" ({t('in_place', lang)})" if i < in_place else "")
        row = f"{i + 1}. {title}"
        rows.append(row)
        colour = "#9e9e9e" if i < in_place else COLOURS[(i - in_place) % len(COLOURS)]
        windows = list(lever._windows(start, end))  # the lever's own schedule
        for first, last in windows:
            days = (last - first).days + 1
            fig.add_trace(go.Bar(
                y=[row], x=[days * 86_400_000], base=[first.isoformat()], orientation="h", showlegend=False,
                marker=dict(color=colour, opacity=max(0.35, params.intensity),
                            pattern=dict(shape="" if i < in_place else "/")),
                hovertemplate=f"{title}<br>{first} → {last}<br>{t('intensity', lang)} "
                              f"{number(params.intensity, lang, 2)}<extra></extra>"))
    fig.update_layout(barmode="overlay", template="plotly_white", font=FONT,
                      title=dict(text=t("timeline", lang), font=dict(size=17)),
                      xaxis=dict(type="date", range=[start.isoformat(), end.isoformat()]),
                      yaxis=dict(autorange="reversed", categoryorder="array", categoryarray=rows),
                      height=120 + 34 * max(1, len(rows)), margin=dict(l=20, r=20, t=50, b=30))
    return fig


def difference_figure(summary: DataFrame, lang: str, outcomes: list[str], label: Callable[[str], str]) -> go.Figure:
    """Change in % of the baseline mean, with its 90 % interval, per outcome (rows) and scenario."""
    fig = go.Figure()
    for i, (name, part) in enumerate(summary.groupby("scenario", sort=False)):
        part = part.set_index("outcome").reindex(outcomes)
        scale = 100 / part["baseline_mean"]
        fig.add_trace(go.Scatter(
            x=part["mean_diff"] * scale, y=[label(o) for o in outcomes], mode="markers", name=name,
            marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=12, color=COLOURS[(i + 1) % len(COLOURS)]),
            error_x=dict(type="data", symmetric=False, array=(part["ci90_high"] - part["mean_diff"]) * scale,
                         arrayminus=(part["mean_diff"] - part["ci90_low"]) * scale),
            hovertemplate="%{y}: %{x:+.1f} %<extra>" + name + "</extra>"))
    fig.add_vline(x=0, line_color="#333")
    styled(fig, t("change", lang) + " (%)", "", lang, height=120 + 60 * len(outcomes))
    fig.update_layout(xaxis=dict(title="%", dtick=None, zeroline=True), yaxis=dict(autorange="reversed", title=""),
                      hovermode="closest")
    return fig


def live_figure(months: list[str], values: list, without: list | None, output: str, switches: list[tuple[str, str]],
                span: tuple[str, str], lang: str, height: int = 290) -> dict:
    """A monthly flow of the Live page's run (``values`` by ``months``, ISO dates) drawn bold, over the
    same run without the levers switched on mid-run (``without``, a faint line; None before any
    switch). ``switches`` are (ISO date, label) marks; ``span`` the run's first and last day.

    A plotly figure as JSON, written directly: building a ``go.Figure`` takes about 0.15 s a chart,
    too slow to redraw five of them several times a second."""
    hover = "%{y:,.0f}<extra></extra>"
    data = [] if without is None else [dict(type="scatter", x=months, y=without, mode="lines",
                                            name=t("live_without", lang), line=dict(color="#9e9e9e", width=3),
                                            hovertemplate=hover)]
    data.append(dict(type="scatter", x=months, y=values, mode="lines", name=t("live_with", lang),
                     line=dict(color=COLOURS[0], width=4), hovertemplate=hover))
    grid = dict(gridcolor="#e5e8ee", linecolor="#e5e8ee", zeroline=False, automargin=True)
    top = max(values + (without or []), default=0)
    first, last = (date.fromisoformat(day) for day in span)
    middle = (first + (last - first) / 2).isoformat()
    return dict(data=data, layout=dict(
        font=dict(size=17), height=height, separators=SEPARATORS[lang], showlegend=False, hovermode="x unified",
        paper_bgcolor="white", plot_bgcolor="white", margin=dict(l=75, r=15, t=8, b=30),
        xaxis=dict(type="date", range=list(span), nticks=9, tickformat="%Y", **grid),
        yaxis=dict(title=dict(text=unit_label(DECLARED[output].unit, lang)), **grid,
                   **(dict(rangemode="tozero") if top >= 5 else dict(range=[0, 5]))),  # no ticks at 0.2 cases
        shapes=[dict(type="line", x0=day, x1=day, yref="paper", y0=0, y1=1,
                     line=dict(color=COLOURS[1], width=2, dash="dot")) for day, _ in switches],
        annotations=[dict(x=day, y=1, yref="paper", text=label, showarrow=False, yanchor="top",
                          xanchor="left" if day < middle else "right",  # the label inside the chart
                          font=dict(size=15, color=COLOURS[1]), bgcolor="rgba(255,255,255,0.8)")
                     for day, label in switches]))
