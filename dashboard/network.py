"""The youth network as figures: a town-level summary graph and a sample of one town's people.

Pure functions of a run's :class:`analysis.network_history.NetworkHistory` and a month (index of
``history.months``): plotly figures out. The whole network (some 27,000 people, 107,000 ties in the
baseline) is too large to draw person by person in a browser, so the page draws

* the towns: a pie per town, its size by the town's people, its slices the people in each state;
  a line between two towns as thick as the ties between their people;
* a sample of one town: its people nearest by ties to the town's first scammer (breadth-first, at
  most ``SAMPLE_SIZE``), filling a disc from its centre outwards in the order the search reached
  them (so rings by distance in ties from that person), each near the person through whom the
  search reached them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import plotly.graph_objects as go
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order

from analysis.network_history import STATES, NetworkHistory

from .figures import FONT, SEPARATORS
from .i18n import month_name, number, output_label, place_name, t

SAMPLE_SIZE = 2000  # people drawn at most in a town's sample
STATE_COLOURS = ["#b3b3b3", "#D55E00", "#E69F00", "#0072B2", "#009E73"]  # by STATES (Okabe-Ito)
STATE_OUTPUTS = {"active": "active_scammers", "in_custody": "in_custody", "in_prison": "in_prison",
                 "desisted": "desisted"}  # the registry's stock of the people in each state


def state_label(state: str, lang: str) -> str:
    """A state of :data:`STATES` as the registry names its stock (never involved: the interface's words)."""
    return output_label(STATE_OUTPUTS[state], lang) if state in STATE_OUTPUTS else t("network_never", lang)


def day_label(day: date, lang: str) -> str:
    """``1 March 2016`` / ``1 mars 2016``."""
    return f"{day.day} {month_name(day.year, day.month, lang)}"


def month_label(history: NetworkHistory, month: int, lang: str) -> str:
    """The day a month's states are taken (its first)."""
    return day_label(history.months[month], lang)


def _styled(fig: go.Figure, title: str, lang: str, height: int) -> go.Figure:
    fig.update_layout(title=dict(text=title, font=dict(size=18)), template="plotly_white", font=FONT,
                      separators=SEPARATORS[lang], height=height, hoverlabel=dict(font=dict(size=15)),
                      margin=dict(l=10, r=10, t=60, b=10), legend=dict(font=dict(size=15)),
                      xaxis=dict(visible=False), yaxis=dict(visible=False))
    return fig


def town_positions(count: int) -> list[tuple[float, float]]:
    """Centres (0-1 of the plot) of ``count`` towns on a circle, the first at the top."""
    if count == 1:
        return [(0.5, 0.5)]
    return [(0.5 + 0.31 * math.sin(2 * math.pi * i / count), 0.47 + 0.31 * math.cos(2 * math.pi * i / count))
            for i in range(count)]


def town_figure(history: NetworkHistory, month: int, lang: str) -> go.Figure:
    """The towns at a month's start: people by state (pies sized by people), ties between towns (lines)."""
    counts, ties = history.counts(month), history.town_ties()
    towns, centres = history.towns, town_positions(len(history.towns))
    people = counts.sum(axis=1)
    between = [(i, j) for i in range(len(towns)) for j in range(i + 1, len(towns)) if ties.iat[i, j]]
    widest = max([ties.iat[i, j] for i, j in between], default=1)
    traces, notes = [], []  # built as lists, the figure at once: add_trace and add_annotation are slow
    for i, j in between:
        (x0, y0), (x1, y1) = centres[i], centres[j]
        traces.append(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", showlegend=False, hoverinfo="skip",
                                 line=dict(width=1 + 11 * ties.iat[i, j] / widest, color="#9a9a9a")))
        notes.append(dict(x=(x0 + x1) / 2, y=(y0 + y1) / 2, showarrow=False, text=number(ties.iat[i, j], lang, 0),
                          bgcolor="rgba(255, 255, 255, 0.85)", font=dict(size=14, color="#333"),
                          hovertext=t("network_ties_between", lang, a=place_name(towns[i], lang),
                                      b=place_name(towns[j], lang), n=number(ties.iat[i, j], lang, 0))))
    largest = people.max()
    labels = [state_label(s, lang) for s in STATES]
    for i, town in enumerate(towns):
        x, y = centres[i]
        half = 0.05 + 0.06 * math.sqrt(people.iloc[i] / largest)
        traces.append(go.Pie(
            labels=labels, values=list(counts.iloc[i]), sort=False, direction="clockwise", textinfo="none",
            marker=dict(colors=STATE_COLOURS, line=dict(color="#fff", width=1)), showlegend=i == 0,
            domain=dict(x=[x - half, x + half], y=[y - half, y + half]), name=place_name(town, lang),
            hovertemplate="%{label}: %{value:,} (%{percent})<extra>" + place_name(town, lang) + "</extra>"))
        above = y > 0.7  # the top town's name above its pie, the others' below, off the lines between pies
        notes.append(dict(x=x, y=y + (half + 0.01) * (1 if above else -1), yanchor="bottom" if above else "top",
                          showarrow=False, font=dict(size=15), bgcolor="rgba(255, 255, 255, 0.8)",
                          text=f"<b>{place_name(town, lang)}</b><br>"
                               + t("network_people", lang, n=number(people.iloc[i], lang, 0))))
    fig = go.Figure(traces, layout=dict(annotations=notes))
    _styled(fig, t("network_towns_title", lang, date=month_label(history, month, lang)), lang, 620)
    fig.update_layout(xaxis=dict(range=[0, 1], fixedrange=True), yaxis=dict(range=[0, 1], fixedrange=True),
                      legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.02, yanchor="top"))
    return fig


@dataclass(frozen=True)
class Sample:
    """The people drawn for a town (``nodes``), their distance in ties from the town's first
    scammer (``depth``; that person is ``nodes[0]``), where they are drawn (``x``, ``y``) and the
    ties among them (``edges``: pairs of positions in ``nodes``)."""

    town: str
    nodes: np.ndarray
    depth: np.ndarray
    x: np.ndarray
    y: np.ndarray
    edges: np.ndarray


def town_sample(history: NetworkHistory, town: str, size: int = SAMPLE_SIZE) -> Sample:
    """A town's sample (see the module's docstring); from its first person if none of them ever scams."""
    index = history.towns.index(town)
    members = np.flatnonzero(history.town == index)
    scammers = np.flatnonzero(history.town[history.scammer_node] == index)
    root = history.scammer_node[scammers[np.argmin(history.started_day[scammers])]] if scammers.size else members[0]
    local = np.full(history.size, -1)
    local[members] = np.arange(members.size)
    inside = history.edges[(history.town[history.edges[:, 0]] == index) & (history.town[history.edges[:, 1]] == index)]
    graph = coo_matrix((np.ones(len(inside)), (local[inside[:, 0]], local[inside[:, 1]])),
                       shape=(members.size, members.size)).tocsr()
    order, parent = breadth_first_order(graph, int(local[root]), directed=False, return_predecessors=True)
    order = order[:size]
    depth = np.zeros(members.size, dtype=np.int32)
    for node in order[1:]:
        depth[node] = depth[parent[node]] + 1
    angle, radius = np.zeros(members.size), np.zeros(members.size)
    drawn = 1
    for level in range(1, depth[order].max() + 1):  # each ring in its parents' order, filling its band
        ring = [node for node in order if depth[node] == level]
        ring.sort(key=lambda node: (angle[parent[node]], node))
        inner, outer = math.sqrt(drawn / order.size), math.sqrt((drawn + len(ring)) / order.size)
        rows = max(1, round(math.sqrt(len(ring) * (outer - inner) / (math.pi * (inner + outer)))))  # evenly spaced
        angle[ring] = 2 * math.pi * (np.arange(len(ring)) + 0.5) / len(ring)
        radius[ring] = inner + (outer - inner) * (np.arange(len(ring)) % rows + 0.5) / rows
        drawn += len(ring)
    position = np.full(members.size, -1)
    position[order] = np.arange(order.size)
    kept = inside[(position[local[inside[:, 0]]] >= 0) & (position[local[inside[:, 1]]] >= 0)]
    radius, angle = radius[order], angle[order]
    return Sample(town, members[order].astype(np.int32), depth[order], (radius * np.sin(angle)).astype(np.float32),
                  (radius * np.cos(angle)).astype(np.float32),
                  np.stack([position[local[kept[:, 0]]], position[local[kept[:, 1]]]], axis=1))


def sample_figure(history: NetworkHistory, sample: Sample, month: int, lang: str, chosen: int | None = None,
                  ties: bool = False) -> go.Figure:
    """The sample's people coloured by their state at a month's start, and if ``ties`` their ties
    in grey (some 8,000 lines: they make a redraw several times slower); ``chosen`` (a person)
    ringed. A point's ``customdata`` is its person."""
    states = history.states[month, sample.nodes]
    fig = go.Figure()
    if ties:
        ends = sample.edges
        gap = np.full(len(ends), np.nan)
        # float32: half the bytes sent at each redraw (the ties are most of them)
        xs = np.column_stack([sample.x[ends[:, 0]], sample.x[ends[:, 1]], gap]).ravel().astype(np.float32)
        ys = np.column_stack([sample.y[ends[:, 0]], sample.y[ends[:, 1]], gap]).ravel().astype(np.float32)
        fig.add_trace(go.Scattergl(x=xs, y=ys, mode="lines", line=dict(width=0.5, color="rgba(120, 120, 120, 0.12)"),
                                   hoverinfo="skip", showlegend=False))
    for code, state in enumerate(STATES):
        shown = np.flatnonzero(states == code)
        fig.add_trace(go.Scattergl(
            x=sample.x[shown], y=sample.y[shown], mode="markers", name=state_label(state, lang),
            customdata=sample.nodes[shown], marker=dict(size=7 if code else 5, color=STATE_COLOURS[code]),
            text=[t("network_person_hover", lang, node=int(n), hops=int(d))
                  for n, d in zip(sample.nodes[shown], sample.depth[shown])],
            hovertemplate="%{text}<extra>" + state_label(state, lang) + "</extra>"))
    if chosen is not None and chosen in sample.nodes:
        at = int(np.flatnonzero(sample.nodes == chosen)[0])
        fig.add_trace(go.Scatter(x=[sample.x[at]], y=[sample.y[at]], mode="markers", hoverinfo="skip",
                                 name=t("network_chosen", lang),
                                 marker=dict(size=20, color="rgba(0,0,0,0)", line=dict(width=3, color="#000"))))
    title = t("network_sample_title", lang, n=number(sample.nodes.size, lang), town=place_name(sample.town, lang),
              date=month_label(history, month, lang))
    _styled(fig, title, lang, 620)
    fig.update_layout(title_font_size=16, yaxis=dict(scaleanchor="x", visible=False), margin=dict(t=80),
                      hovermode="closest", dragmode="pan",
                      legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.02, yanchor="top",
                                  itemsizing="constant"))
    return fig


def counts_table(history: NetworkHistory, month: int, lang: str) -> str:
    """People per town (rows, and all towns) and state (columns, and all people) at a month's start, as HTML."""
    counts = history.counts(month)
    counts.loc["__all__"] = counts.sum()
    swatch = '<span class="swatch" style="background:{}"></span>'
    head = "".join(f"<th>{swatch.format(colour)}{state_label(s, lang)}</th>"
                   for s, colour in zip(STATES, STATE_COLOURS))
    rows = "".join(
        f"<tr><th>{t('network_total', lang) if town == '__all__' else place_name(town, lang)}</th>"
        + "".join(f"<td>{number(v, lang, 0)}</td>" for v in row)
        + f"<td><b>{number(sum(row), lang, 0)}</b></td></tr>"
        for town, row in zip(counts.index, counts.values.tolist()))
    caption = t("network_counts_title", lang, date=month_label(history, month, lang))
    return (f'<table class="network-counts"><caption>{caption}</caption><tr><th>{t("network_town", lang)}</th>{head}'
            f'<th>{t("network_all", lang)}</th></tr>{rows}</table>')
