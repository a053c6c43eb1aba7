"""What a comparison gives to take away: the table of differences (in the page's language) and a
one-page offline HTML brief (what was compared, the key differences with intervals, the limits)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from .comparison import Comparison
from .figures import band_figure
from .i18n import number, outcome_label, outcome_unit, signed, t

ABSOLUTE = ("displacement", "cost_per_victim_spared_mad")  # shown as differences only, as in effects.md
LEVEL = "cost_per_victim_spared_mad"  # a cost per victim is a level, not a change: no sign


def differences(comparison: Comparison, lang: str) -> pd.DataFrame:
    """One row per scenario and outcome: baseline mean, scenario mean, difference [90 % interval], change."""
    rows = []
    for row in comparison.summary.itertuples():
        show = (lambda x: number(x, lang)) if row.outcome == LEVEL else (lambda x: signed(x, lang))
        change = "" if row.outcome in ABSOLUTE or pd.isna(row.rel_change_pct) else f"{signed(row.rel_change_pct, lang, 1)} %"
        rows.append({
            t("scenario", lang): row.scenario,
            t("outcome", lang): outcome_label(row.outcome, lang),
            t("unit", lang): outcome_unit(row.outcome, lang),
            t("baseline_mean", lang): number(row.baseline_mean, lang),
            t("scenario_mean", lang): number(row.scenario_mean, lang),
            t("difference", lang): f"{show(row.mean_diff)} [{show(row.ci90_low)}, {show(row.ci90_high)}]",
            t("change", lang): change,
        })
    return pd.DataFrame(rows)


def table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f'<table class="differences"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def figures_html(figures: list[go.Figure]) -> str:
    """The figures as HTML fragments, plotly.js inlined once (nothing fetched)."""
    return "".join(fig.to_html(full_html=False, include_plotlyjs=i == 0, config={"displaylogo": False})
                   for i, fig in enumerate(figures))


def charts_html(figures: list[go.Figure], title: str, lang: str) -> str:
    """The figures in one self-contained page."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body><h1>{html.escape(title)}</h1>{figures_html(figures)}</body></html>\n")


def brief_html(comparison: Comparison, lang: str) -> str:
    """A self-contained page (plotly.js inlined, nothing fetched) that an analyst can send on."""
    first, last = comparison.period
    charts = figures_html([band_figure(comparison.table, outcome, lang, period=comparison.period)
                           for outcome in ("victims_threatened", "amount_paid_mad")])
    scenarios = "".join(f"<li><b>{html.escape(label)}</b>: {html.escape(s.run.description)}</li>"
                        for label, s in comparison.scenarios.items())
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{t('brief_title', lang)}</title>
<style>body {{ font-family: sans-serif; max-width: 1100px; margin: 2em auto; }}
table {{ border-collapse: collapse; }} td, th {{ border-bottom: 1px solid #ccc; padding: 3px 8px; text-align: right; }}
td:first-child, th:first-child, td:nth-child(2), th:nth-child(2) {{ text-align: left; }}</style></head><body>
<h1>{t('brief_title', lang)}</h1>
<p>{t('brief_what', lang, n=len(comparison.seeds), first=first, last=last, baseline=html.escape(comparison.baseline))}</p>
<ul>{scenarios}</ul>
<h2>{t('differences', lang, first=first, last=last)}</h2>
{table_html(differences(comparison, lang))}
{charts}
<p>{t('brief_limits', lang)}</p>
</body></html>
"""

