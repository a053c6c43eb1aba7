"""Money flows: where the victims' payments go, for the baseline and a scenario of the session's
comparison side by side with the change between them, over a chosen year or period. Before any
comparison, the overview's baseline runs (nothing new is simulated for this page)."""

import solara

from simulation import Scenario

from .. import state
from ..baseline import history_end_year, overview_scenario
from ..components.baseline_runs import BaselineProgress, use_baseline_runs
from ..components.chart import Chart
from ..components.layout import PageTitle
from ..i18n import t
from ..money import change_figure, sankey_figure


@solara.component
def Money():
    lang = state.lang.value
    PageTitle("nav_money")
    solara.Text(t("money_intro", lang))
    comparison = state.comparison.value
    if comparison is not None:
        solara.Text(t("money_source_comparison", lang, n=len(comparison.seeds)), classes=["help"])
        Flows(comparison.table, comparison.labels, comparison.scenarios, comparison.period,
              lang).key(f"flows-{id(comparison.table)}")  # a new comparison: its own scenario and period
    else:
        BaselineOnly(lang)


@solara.component
def BaselineOnly(lang: str):
    runs = use_baseline_runs()
    solara.Text(t("money_source_baseline", lang, n=runs.total), classes=["help"])
    if runs.table is None:
        BaselineProgress(runs, lang)
        return
    scenario = overview_scenario()
    year = min(history_end_year(), int(runs.table["year"].max()))
    Flows(runs.table, [scenario.run.name], {scenario.run.name: scenario}, (year, year), lang)


@solara.component
def Flows(table, labels: list[str], scenarios: dict[str, Scenario], period: tuple[int, int], lang: str):
    """The baseline (``labels[0]``) and one of the other scenarios, over years chosen within the table's."""
    baseline, others = labels[0], labels[1:]
    chosen, choose = solara.use_state(others[0] if others else None)
    scenario = chosen if chosen in others else (others[0] if others else None)
    first, last = int(table["year"].min()), int(table["year"].max())
    years, set_years = solara.use_state(period)
    years = (max(first, years[0]), min(last, years[1]))
    if others:
        solara.Select(t("money_scenario", lang), value=scenario, values=others, on_value=choose,
                      style={"max-width": "420px"})
    with solara.Column(style={"max-width": "520px", "padding-top": "52px"}):  # room for the values
        solara.SliderRangeInt(t("money_years", lang), value=list(years), min=first, max=last,
                              on_value=lambda v: set_years(tuple(v)), thumb_label="always")
    shown = [baseline] + ([scenario] if scenario else [])

    def draw():
        charts = [sankey_figure(table, name, years, list(scenarios[name].markets), list(scenarios[name].towns), lang)
                  for name in shown]
        if scenario:
            base = scenarios[baseline]
            charts.append(change_figure(table, baseline, scenario, years, list(base.markets), list(base.towns), lang))
        return charts

    charts = solara.use_memo(draw, [id(table), tuple(shown), years, lang])
    with solara.ColumnsResponsive(12, xlarge=6):  # side by side on wide screens: each needs room for its labels
        for figure in charts[:len(shown)]:
            Chart(figure)
    for figure in charts[len(shown):]:  # the change between them
        Chart(figure)
