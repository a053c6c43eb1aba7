"""Money flows: where the victims' payments go, as a Sankey diagram and a chart of changes.

Pure functions of results: the tidy annual table of a comparison (``scenario``, ``seed``,
``param_set``, ``year`` and every output) in, plotly figures out. The diagram has three columns:
the victims' markets, the outlet where the money was cashed out (the transfer offices of a town, or
other channels), and where it ends (transfer-office fees, other-channel costs, the income of the
scammers by home town). Each band is one output of the registry summed over the chosen years
(``amount_paid_mad_{market}_via_{outlet}``, ``mta_fees_mad_via_{outlet}``,
``other_channel_costs_mad_via_{outlet}``, ``scammer_income_mad_via_{outlet}_home_{town}``), so for
one run every band and node equals the run's own tables to the dirham. Over several runs a band is
drawn at its median and its hover gives the 90 % band (5th-95th percentile), as a node's does.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from pandas import DataFrame

from analysis.compare import PAIR
from simulation.registry import DECLARED, OTHER_CHANNEL, members

from .figures import COLOURS, FONT, SEPARATORS, styled, translucent
from .i18n import number, output_label, place_name, t

QUANTILES = [0.05, 0.5, 0.95]
MARKET_COLOUR, CHANNEL_COLOUR, LOSS_COLOUR = "#4d4d4d", "#7a5195", "#9e9e9e"


@dataclass(frozen=True)
class Band:
    """A band of the diagram: money from node ``source`` to node ``target`` (``kind:key``, e.g.
    ``market:gulf``, ``outlet:oued_zem``, ``fees:``, ``costs:``, ``home:khouribga``), an output."""

    source: str
    target: str
    column: str


def bands(markets: list[str], towns: list[str]) -> list[Band]:
    """Every band of a scenario with these markets and towns, column by column."""
    outlets = members("outlet", markets, towns)
    paid = DECLARED["amount_paid_mad_{market}_via_{outlet}"]
    income = DECLARED["scammer_income_mad_via_{outlet}_home_{town}"]
    fees, costs = DECLARED["mta_fees_mad_via_{outlet}"], DECLARED["other_channel_costs_mad_via_{outlet}"]
    return ([Band(f"market:{m}", f"outlet:{o}", paid.member(m, o).name) for m in markets for o in outlets]
            + [Band(f"outlet:{o}", "fees:", fees.member(o).name) for o in outlets]
            + [Band(f"outlet:{o}", "costs:", costs.member(o).name) for o in outlets]
            + [Band(f"outlet:{o}", f"home:{h}", income.member(o, h).name) for o in outlets for h in towns])


def band_values(table: DataFrame, scenario: str, years: tuple[int, int], drawn: list[Band]) -> DataFrame:
    """Each band (a column named by its output) summed over ``years`` (first and last included), one
    row per run of ``scenario`` (indexed by seed and parameter set)."""
    rows = table[(table["scenario"] == scenario) & table["year"].between(*years)]
    if rows.empty:
        raise ValueError(f"no runs of {scenario!r} in {years[0]}-{years[1]}")
    return rows.groupby(PAIR)[[band.column for band in drawn]].sum()


def node_values(values: DataFrame, drawn: list[Band]) -> DataFrame:
    """Each node's money per run: what leaves it, or for the last column what reaches it."""
    leaving: dict[str, object] = {}
    reaching: dict[str, object] = {}
    for band in drawn:
        leaving[band.source] = leaving.get(band.source, 0) + values[band.column]
        reaching[band.target] = reaching.get(band.target, 0) + values[band.column]
    return DataFrame({**leaving, **{node: money for node, money in reaching.items() if node not in leaving}})


def node_label(node: str, lang: str) -> str:
    kind, key = node.split(":", 1)
    if kind == "fees":
        return output_label("mta_fees_mad", lang)
    if kind == "costs":
        return output_label("other_channel_costs_mad", lang)
    if key == OTHER_CHANNEL:
        return t("money_other_channels", lang)
    return t(f"money_{kind}", lang, place=place_name(key, lang))


def node_colour(node: str, towns: list[str]) -> str:
    """A town's colour for its offices and its scammers' income; markets, other channels and losses apart."""
    kind, key = node.split(":", 1)
    if key in towns:
        return COLOURS[towns.index(key) % len(COLOURS)]
    return {"market": MARKET_COLOUR, "outlet": CHANNEL_COLOUR}.get(kind, LOSS_COLOUR)


def span(years: tuple[int, int]) -> str:
    """``2026`` or ``2026-2030``."""
    return f"{years[0]}" if years[0] == years[1] else f"{years[0]}-{years[1]}"


def _hover(spread: DataFrame, total: float, lang: str) -> list[list[str]]:
    """Per column of ``spread`` (rows: the quantiles), its median, share of ``total`` and 90 % band as text."""
    shares = 100 * spread.loc[0.5] / total if total else 0 * spread.loc[0.5]
    return [[number(spread[c][0.5], lang), number(shares[c], lang, 1 if shares[c] >= 1 else 2),
             number(spread[c][0.05], lang), number(spread[c][0.95], lang)] for c in spread.columns]


def sankey_figure(table: DataFrame, scenario: str, years: tuple[int, int], markets: list[str], towns: list[str],
                  lang: str) -> go.Figure:
    """The money of ``scenario``'s runs over ``years``: each band at its median over the runs (bands
    never used in any run are left out)."""
    every = bands(markets, towns)
    values = band_values(table, scenario, years, every)
    drawn = [band for band in every if values[band.column].any()]
    nodes = node_values(values, drawn)
    paid = nodes[[n for n in nodes if n.startswith("market:")]].sum(axis=1).median()
    index = {node: i for i, node in enumerate(nodes.columns)}
    hover = t("money_hover", lang, mad="%{customdata[0]}", share="%{customdata[1]}", low="%{customdata[2]}",
              high="%{customdata[3]}")
    colour = {node: node_colour(node, towns) for node in nodes.columns}
    fig = go.Figure(go.Sankey(
        arrangement="snap", valueformat=",.0f", textfont=dict(size=14, color="#111", shadow="none"),
        node=dict(label=[node_label(n, lang) for n in nodes.columns], color=list(colour.values()), pad=12,
                  thickness=18, line=dict(width=0), customdata=_hover(nodes.quantile(QUANTILES), paid, lang),
                  hovertemplate="%{label}<br>" + hover + "<extra></extra>"),
        link=dict(source=[index[b.source] for b in drawn], target=[index[b.target] for b in drawn],
                  value=list(values[[b.column for b in drawn]].median()),
                  color=[translucent(colour[b.target if b.source.startswith("market:") else b.source], 0.4)
                         for b in drawn],  # a band has the colour of its outlet
                  customdata=_hover(values[[b.column for b in drawn]].quantile(QUANTILES), paid, lang),
                  hovertemplate="%{source.label} → %{target.label}<br>" + hover + "<extra></extra>")))
    fig.update_layout(
        title=dict(text=t("money_title", lang, scenario=scenario, years=span(years), total=number(paid, lang)),
                   font=dict(size=17)),
        font=FONT, separators=SEPARATORS[lang], height=560, hoverlabel=dict(font=dict(size=15)),
        margin=dict(l=10, r=10, t=80, b=10),
        annotations=[dict(text=f"<b>{t(key, lang)}</b>", x=x, xanchor=anchor, y=1.0, yanchor="bottom", yref="paper",
                          showarrow=False, font=dict(size=14))
                     for key, x, anchor in (("money_column_market", 0, "left"), ("money_column_outlet", 0.5, "center"),
                                            ("money_column_end", 1, "right"))])
    return fig


def change_figure(table: DataFrame, baseline: str, scenario: str, years: tuple[int, int], markets: list[str],
                  towns: list[str], lang: str) -> go.Figure:
    """The paired change (scenario minus baseline, run by run on the same seeds) of each node of the
    diagram: median bar and 90 % band, where displacement shows (money leaving monitored towns)."""
    every = bands(markets, towns)
    change = (node_values(band_values(table, scenario, years, every), every)
              - node_values(band_values(table, baseline, years, every), every)).dropna()
    spread = change.quantile(QUANTILES)
    labels = [node_label(n, lang) for n in change.columns]
    median = spread.loc[0.5]
    fig = go.Figure(go.Bar(
        x=median, y=labels, orientation="h", marker_color=[COLOURS[0] if m < 0 else COLOURS[1] for m in median],
        error_x=dict(type="data", symmetric=False, array=spread.loc[0.95] - median,
                     arrayminus=median - spread.loc[0.05], color="#333"),
        customdata=[[number(m, lang), number(spread[c][0.05], lang), number(spread[c][0.95], lang)]
                    for c, m in median.items()],
        hovertemplate="%{y}<br>" + t("money_change_hover", lang, mad="%{customdata[0]}", low="%{customdata[1]}",
                                     high="%{customdata[2]}") + "<extra></extra>"))
    fig.add_vline(x=0, line_color="#333")
    styled(fig, t("money_change_title", lang, scenario=scenario, baseline=baseline, years=span(years)), "", lang,
           height=140 + 30 * len(labels))
    fig.update_layout(xaxis=dict(title="MAD", dtick=None, zeroline=True, tickformat=",.0f"), hovermode="closest",
                      showlegend=False, yaxis=dict(autorange="reversed", title="", automargin=True), margin=dict(l=20))
    return fig
