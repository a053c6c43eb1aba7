"""The offline HTML report of a sweep: indices per output, scatters of the leading inputs, the
discovery box. One file, plotly.js embedded (no network needed to open it)."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from simulation.registry import DECLARED

SCATTERED = 3  # inputs shown against each output: the most influential
RANKED_BY = {"sobol": "ST", "morris": "mu_star", "latin": "delta"}  # the index that ranks inputs, by design


def _unit(output: str) -> str:
    return DECLARED[output].unit if output in DECLARED else ""


def index_figure(found: pd.DataFrame, output: str, design: str) -> go.Figure:
    """Bars of the indices of one output (error bars: 95 % confidence half-widths); for Morris,
    mu* against sigma too."""
    part = found[found["output"] == output]
    fig = go.Figure()
    if design == "sobol":
        for key in ("S1", "ST"):
            fig.add_bar(x=part["parameter"], y=part[key], name=key, error_y=dict(array=part[f"{key}_conf"]))
        title, axis = "Sobol indices (share of the output's variance)", "index"
    elif design == "morris":
        fig.add_bar(x=part["parameter"], y=part["mu_star"], name="mu*", error_y=dict(array=part["mu_star_conf"]))
        fig.add_bar(x=part["parameter"], y=part["sigma"], name="sigma")
        title, axis = "Morris elementary effects", _unit(output)
    else:
        fig.add_bar(x=part["parameter"], y=part["delta"], name="delta", error_y=dict(array=part["delta_conf"]))
        fig.add_bar(x=part["parameter"], y=part["S1"], name="S1", error_y=dict(array=part["S1_conf"]))
        title, axis = "Delta (moment-independent) and first-order indices", "index"
    fig.update_layout(title=f"{output}: {title}", barmode="group", yaxis_title=axis, template="plotly_white",
                      height=380, margin=dict(l=50, r=10, t=50, b=80))
    return fig


def scatter_figure(points: pd.DataFrame, found: pd.DataFrame, output: str, ranked_by: str,
                   threshold: float | None) -> go.Figure:
    """The output at each point against each of the most influential inputs (dates in days after
    the low end of their range); the discovery threshold as a dashed line."""
    part = found[found["output"] == output].sort_values(ranked_by, ascending=False, na_position="last")
    leading = part["parameter"].head(SCATTERED).tolist()
    fig = make_subplots(rows=1, cols=len(leading), shared_yaxes=True, subplot_titles=leading)
    for i, name in enumerate(leading, start=1):
        fig.add_trace(go.Scatter(x=points[name], y=points[output], mode="markers", marker=dict(size=5, opacity=0.6),
                                 showlegend=False, name=name), row=1, col=i)
    if threshold is not None:
        fig.add_hline(y=threshold, line_dash="dash", annotation_text="threshold")
    fig.update_layout(title=f"{output} ({_unit(output)}) against the leading inputs (by {ranked_by})",
                      template="plotly_white", height=360, margin=dict(l=50, r=10, t=70, b=40))
    return fig


def write_report(path: Path, spec, points: pd.DataFrame, found: pd.DataFrame, box=None) -> Path:
    """report.html: the spec, the indices and scatters of each output, and the discovery box."""
    threshold = spec.discovery.below if spec.discovery else None
    figures = []
    for output in spec.outputs:
        figures.append(index_figure(found, output, spec.design))
        line = threshold if spec.discovery and spec.discovery.output == output else None
        figures.append(scatter_figure(points, found, output, RANKED_BY[spec.design], line))
    parts = [fig.to_html(full_html=False, include_plotlyjs=(i == 0)) for i, fig in enumerate(figures)]
    body = [f"<h1>Sweep of {html.escape(str(spec.scenario))}</h1>",
            f"<p>{spec.design} design, {len(points)} points x {spec.seeds} seeds, outputs over "
            f"{spec.period[0]}-{spec.period[1]} (mean over each point's seeds).</p>",
            found.to_html(index=False, float_format=lambda v: f"{v:.3g}")]
    if box is not None:
        body += [f"<h2>Scenario discovery: {html.escape(spec.discovery.output)} &le; {threshold:g}</h2>",
                 f"<p>PRIM box: coverage {box.coverage:.0%} of the points below the threshold, density "
                 f"{box.density:.0%} of the points inside it below the threshold. Restricted inputs are "
                 "the ranges that matter; dates in days after the low end of their range.</p>",
                 box.limits.rename_axis("parameter").reset_index().to_html(index=False, float_format=lambda v: f"{v:.4g}")]
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Sweep report</title></head><body>"
            + "\n".join(body + parts) + "</body></html>")
    path.write_text(page, encoding="utf-8")
    return path
