"""Compare: a baseline and up to four scenarios on paired seeds, run in the background with progress
and cancel; differences with 90 % intervals, charts and downloads."""

import io

import solara

from analysis.compare import CompareError

from .. import settings, state
from ..comparison import prewarm, run_comparison
from ..components.chart import Chart
from ..components.layout import PageTitle
from ..figures import band_figure, difference_figure
from ..i18n import ordinal, outcome_label, scenario_description, t
from ..report import brief_html, charts_html, differences, table_html
from ..runs import RUNNER
from ..scenario_files import to_toml

CHARTED = ["victims_threatened", "victims_paid", "amount_paid_mad", "cases_recorded", "arrests", "active_scammers"]
DIFFERENCES = ["victims_threatened", "victims_paid", "amount_paid_mad", "cases_recorded", "arrests",
               "active_scammers_end"]
YEARS = (2014, 2030)


def _choices() -> dict:
    """Scenarios a comparison may use, by name: the presets, then the ones kept from the builder."""
    return {state.preset(name).run.name: state.preset(name) for name in state.presets()} | state.kept.value


@solara.component
def Compare():
    lang = state.lang.value
    PageTitle("nav_compare")
    choices = _choices()
    baseline, set_baseline = solara.use_state(state.base_scenario().run.name)
    chosen, set_chosen = solara.use_state([])
    seeds, set_seeds = solara.use_state(settings.DEFAULT_SEEDS)
    period, set_period = solara.use_state(settings.DEFAULT_PERIOD)
    progress, set_progress = solara.use_state((0, 0))
    position, set_position = solara.use_state(0)
    solara.use_effect(prewarm, [])  # once per server: the default baseline's snapshots, in the background

    def work(names, n_seeds, years):
        scenarios = [choices[name] for name in names]
        set_position(0)
        result = run_comparison(scenarios, list(range(1, n_seeds + 1)), tuple(years),
                                progress=lambda done, total: set_progress((done, total)),
                                cancelled=lambda: not task.is_current(), queued=set_position)
        if result is not None:
            state.comparison.set(result)
        return result

    task = solara.lab.use_task(work, dependencies=None)
    others = [name for name in chosen if name != baseline][: settings.MAX_SCENARIOS]

    solara.Text(t("compare_intro", lang))
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center", "gap": "24px"}):
        solara.Select(t("baseline", lang), value=baseline, values=list(choices), on_value=set_baseline,
                      style={"min-width": "220px"})
        solara.SelectMultiple(t("scenarios", lang, n=settings.MAX_SCENARIOS), values=others,
                              all_values=[n for n in choices if n != baseline], on_value=set_chosen,
                              style={"min-width": "420px"})
    with solara.Column(gap="2px"):
        for name in [baseline, *others]:
            scenario = choices[name]
            solara.Text(f"{name}: {scenario_description(scenario.run.name, scenario.run.description, lang)}",
                        classes=["help"])
    with solara.Row(style={"flex-wrap": "wrap", "gap": "24px", "padding-top": "52px"}):  # room for the values
        with solara.Column(style={"min-width": "300px"}):
            solara.SliderInt(t("seeds", lang), value=seeds, min=1, max=settings.MAX_SEEDS, on_value=set_seeds,
                             thumb_label="always")
        with solara.Column(style={"min-width": "420px"}):
            solara.SliderRangeInt(f"{t('first_year', lang)} – {t('last_year', lang)}", value=list(period),
                                  min=YEARS[0], max=YEARS[1], on_value=lambda v: set_period(tuple(v)),
                                  thumb_label="always")
    with solara.Row():
        solara.Button(t("run", lang), color="primary", disabled=task.pending or not others,
                      on_click=lambda: task([baseline, *others], seeds, period))
        if task.pending:
            solara.Button(t("cancel", lang), on_click=task.cancel, outlined=True)
    with solara.Column():  # always there, so that the results below keep their place (and widgets)
        if not others:
            solara.Info(t("choose_scenario", lang), dense=True)
        if task.pending:
            done, total = progress
            solara.Text(t("progress", lang, done=done, total=total or "…"))
            if position:
                solara.Text(t("queue_position", lang, place=ordinal(position, lang)), style={"font-weight": "bold"})
            if RUNNER.waiting():
                solara.Text(t("queued", lang, n=RUNNER.waiting()))
            solara.ProgressLinear(value=100 * done / total if total else True)
        elif task.error:
            solara.Error(str(task.exception) if isinstance(task.exception, CompareError) else repr(task.exception))
        elif task.cancelled:
            solara.Warning(t("cancelled", lang))
    if state.comparison.value is not None:
        Results(state.comparison.value, lang)


@solara.component
def Results(comparison, lang: str):
    first, last = comparison.period
    frame = differences(comparison, lang)
    solara.Text(t("differences", lang, first=first, last=last), style={"font-weight": "bold", "font-size": "18px"})
    solara.HTML(tag="div", unsafe_innerHTML=table_html(frame), style={"overflow-x": "auto"})
    differences_chart, *yearly = figures(comparison, lang)
    Chart(differences_chart)
    with solara.ColumnsResponsive(12, large=6, xlarge=4):
        for figure in yearly:
            Chart(figure)
    solara.Text(t("downloads", lang), style={"font-weight": "bold"})
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.FileDownload(lambda: comparison.table.to_csv(index=False).encode(), "replicates.csv",
                            label=t("replicates_csv", lang), mime_type="text/csv")
        solara.FileDownload(lambda: _parquet(comparison.table), "replicates.parquet",
                            label=t("replicates_parquet", lang), mime_type="application/octet-stream")
        solara.FileDownload(lambda: comparison.summary.to_csv(index=False).encode(), "summary.csv",
                            label=t("summary_csv", lang), mime_type="text/csv")
        solara.FileDownload(lambda: brief_html(comparison, lang).encode(), "brief.html",
                            label=t("brief_html", lang), mime_type="text/html")
        solara.FileDownload(lambda: charts_html(figures(comparison, lang), t("brief_title", lang), lang).encode(),
                            "charts.html", label=t("charts_html", lang), mime_type="text/html")
        in_place = len(state.base_scenario().interventions)
        for label, scenario in comparison.scenarios.items():
            solara.FileDownload(lambda scenario=scenario: to_toml(scenario, in_place).encode(), f"{label}.toml",
                                label=f"{label}.toml", mime_type="application/toml")


def figures(comparison, lang: str) -> list:
    """The changes with their intervals, then each charted outcome by year."""
    return [difference_figure(comparison.summary, lang, DIFFERENCES, lambda o: outcome_label(o, lang)),
            *(band_figure(comparison.table, outcome, lang, period=comparison.period) for outcome in CHARTED)]


def _parquet(table) -> bytes:
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    return buffer.getvalue()
