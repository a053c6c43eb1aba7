"""One scammer and their ties: the ego view of the Network page, as pure functions of a run's
:class:`analysis.network_history.NetworkHistory`, a scammer and a month (index of ``history.months``).

The model does not record who recruited whom (the chance to take it up grows with the number of
active scammers among a person's ties), so the view shows what the run does say: which ties were
active scammers at the start of the day this one first took it up, and which ties first took it up
while this one was an active tie of theirs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from analysis.network_history import STATES, NetworkHistory

from .figures import FONT, SEPARATORS
from .i18n import number, place_name, t
from .network import STATE_COLOURS, day_label, month_label, state_label


@dataclass(frozen=True)
class Ego:
    """A scammer's facts: their person, town, ties (persons), the ties active when they first took
    it up, the ties (scammer ids) who first took it up while they were an active tie."""

    scammer: int
    node: int
    town: str
    ties: np.ndarray
    active_at_start: np.ndarray
    started_after: np.ndarray

    @classmethod
    def of(cls, history: NetworkHistory, scammer: int) -> Ego:
        if not 0 <= scammer < history.scammer_node.size:
            raise ValueError(f"no scammer {scammer}: 0 to {history.scammer_node.size - 1}")
        node = int(history.scammer_node[scammer])
        return cls(scammer, node, history.towns[history.town[node]], history.neighbours(node),
                   history.active_ties_at_start(scammer), history.started_while_active_tie(scammer))


def ego_facts(history: NetworkHistory, ego: Ego, month: int, lang: str) -> list[str]:
    """The ego's facts as sentences, their victims, arrests and state as of the month's start."""
    started = history.started(ego.scammer)
    at_start = [f"#{history.scammer_of(n)}" for n in ego.active_at_start]
    facts = [t("ego_who", lang, scammer=ego.scammer, town=place_name(ego.town, lang), ties=len(ego.ties)),
             t("ego_started", lang, date=day_label(started, lang), n=len(at_start),
               who=", ".join(at_start) if at_start else t("ego_none", lang)),
             t("ego_started_after", lang, n=len(ego.started_after),
               who=", ".join(f"#{s}" for s in ego.started_after) if ego.started_after.size else t("ego_none", lang))]
    if history.months[month] <= started:
        facts.append(t("ego_not_yet", lang, date=month_label(history, month, lang)))
    else:
        state = STATES[history.states[month, ego.node]]
        facts.append(t("ego_by_date", lang, date=month_label(history, month, lang), state=state_label(state, lang),
                       victims=number(history.victims[month, ego.scammer], lang, 0),
                       arrests=number(history.arrests[month, ego.scammer], lang, 0)))
    return facts


def _styled(fig: go.Figure, title: str, lang: str, height: int) -> go.Figure:
    fig.update_layout(title=dict(text=title, font=dict(size=17)), template="plotly_white", font=FONT,
                      separators=SEPARATORS[lang], height=height, hoverlabel=dict(font=dict(size=15)),
                      margin=dict(l=10, r=10, t=60, b=10))
    return fig


def ego_figure(history: NetworkHistory, ego: Ego, month: int, lang: str) -> go.Figure:
    """The scammer in the middle, their ties around, coloured by state at the month's start; rings
    mark the ties active when they first took it up and those who took it up after them."""
    ties, states = ego.ties, history.states[month]
    angle = 2 * math.pi * np.arange(len(ties)) / max(len(ties), 1)
    x, y = np.sin(angle), np.cos(angle)
    after = {int(history.scammer_node[s]) for s in ego.started_after}
    gaps = np.full(len(ties), np.nan)
    traces = [go.Scatter(x=np.column_stack([0 * x, x, gaps]).ravel(), y=np.column_stack([0 * y, y, gaps]).ravel(),
                         mode="lines", line=dict(color="#bbb", width=1.5), hoverinfo="skip", showlegend=False)]
    marks = [(np.isin(ties, ego.active_at_start), "ego_mark_at_start", "circle-open", "#000"),
             (np.isin(ties, list(after)), "ego_mark_after", "square-open", "#7a5195")]
    for chosen, key, symbol, colour in marks:  # under the people, whose numbers stay readable
        traces.append(go.Scatter(x=x[chosen], y=y[chosen], mode="markers", name=t(key, lang, scammer=ego.scammer),
                                 hoverinfo="skip", marker=dict(symbol=symbol, size=40, color=colour,
                                                               line=dict(width=3, color=colour))))
    shown = np.append(ties, ego.node)
    labels = [f"#{s}" if (s := history.scammer_of(n)) is not None else "" for n in ties] + [f"<b>#{ego.scammer}</b>"]
    towns = [place_name(history.towns[history.town[n]], lang) for n in shown]
    traces.append(go.Scatter(
        x=np.append(x, 0), y=np.append(y, 0), mode="markers+text", showlegend=False, text=labels,
        textposition=["top center" if v >= 0 else "bottom center" for v in y] + ["bottom center"],
        textfont=dict(size=15), cliponaxis=False,
        marker=dict(size=[24] * len(ties) + [34], color=[STATE_COLOURS[s] for s in states[shown]],
                    line=dict(width=1, color="#555")),
        customdata=[[state_label(STATES[s], lang), town] for s, town in zip(states[shown], towns)],
        hovertemplate="%{text}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"))
    fig = go.Figure(traces)
    _styled(fig, t("ego_title", lang, scammer=ego.scammer, date=month_label(history, month, lang)), lang, 520)
    fig.update_layout(xaxis=dict(visible=False, range=[-1.35, 1.35]), yaxis=dict(visible=False, range=[-1.45, 1.45],
                                                                                  scaleanchor="x"),
                      legend=dict(orientation="h", x=0, y=-0.02, yanchor="top"), hovermode="closest")
    return fig


def ego_timeline_figure(history: NetworkHistory, ego: Ego, month: int, lang: str) -> go.Figure:
    """The scammer's state at each month's start (a step line) and their victims so far."""
    months = history.months
    states = history.states[:, ego.node]
    names = [state_label(s, lang) for s in STATES]
    fig = go.Figure(go.Scatter(x=months, y=[names[s] for s in states], mode="lines+markers", line_shape="hv",
                               line=dict(color="#333", width=2), marker=dict(color=[STATE_COLOURS[s] for s in states],
                                                                             size=7),
                               name=t("ego_state", lang), hovertemplate="%{x|%m/%Y}: %{y}<extra></extra>"))
    fig.add_trace(go.Scatter(x=months, y=history.victims[:, ego.scammer], yaxis="y2", mode="lines",
                             line=dict(color="#0072B2", width=2.5, dash="dot"), name=t("ego_victims", lang),
                             hovertemplate="%{x|%m/%Y}: %{y:,}<extra></extra>"))
    fig.add_vline(x=months[month].isoformat(), line_color="#D55E00", line_width=2)
    _styled(fig, t("ego_timeline_title", lang, scammer=ego.scammer), lang, 380)
    fig.update_layout(yaxis=dict(categoryorder="array", categoryarray=names, title=""),
                      yaxis2=dict(overlaying="y", side="right", rangemode="tozero", title=t("ego_victims", lang),
                                  showgrid=False, tickmode="auto", tickformat=",d"),
                      legend=dict(orientation="h", x=0, y=-0.15, yanchor="top"), hovermode="closest",
                      margin=dict(l=10, r=70, t=60, b=10))
    return fig
