"""Network: how the know-how spreads through the youth network in one run of the overview's
scenario (a seed of the overview's), month by month from 2014: the towns, a sample of one town's
people, the counts per town and state, and one scammer with their ties."""

import time

import solara

from .. import settings, state
from ..components.chart import Chart
from ..components.layout import PageTitle
from ..ego import Ego, ego_facts, ego_figure, ego_timeline_figure
from ..i18n import number, place_name, t
from ..network import counts_table, month_label, sample_figure, town_figure
from ..network_runs import NetworkRecording, recording


@solara.component
def Network():
    lang = state.lang.value
    PageTitle("nav_network")
    solara.Text(t("network_intro", lang))
    seed, set_seed = solara.use_state(1)
    run = use_recording(seed)
    if run.history is None:
        SeedChoice(seed, set_seed, lang)
        Progress(run, lang)
    else:
        Explorer(run, lambda: SeedChoice(seed, set_seed, lang), lang).key(f"explorer-{seed}")


@solara.component
def SeedChoice(seed: int, on_seed, lang: str):
    """Which of the overview's seeds is drawn."""
    solara.Select(t("network_seed", lang), value=seed, values=list(range(1, settings.OVERVIEW_SEEDS + 1)),
                  on_value=on_seed, style={"max-width": "160px"})


def use_recording(seed: int) -> NetworkRecording:
    """The seed's recording, started when the page asks for it; the page is drawn again as it
    progresses and once it is ready."""
    run = recording(seed)
    _, set_seen = solara.use_state(0)
    solara.use_effect(run.start, [seed])

    def follow():
        while run.history is None and run.error is None and not run.cancelled:
            set_seen(run.done)
            time.sleep(0.5)
        set_seen(-1)

    solara.lab.use_task(follow, dependencies=[seed, run.running])
    return run


@solara.component
def Progress(run: NetworkRecording, lang: str):
    if run.error:
        solara.Error(run.error)
    elif run.cancelled:
        solara.Text(t("network_cancelled", lang))
        solara.Button(t("network_restart", lang), on_click=run.start)
    else:
        solara.Text(t("network_recording", lang, done=number(run.done, lang), total=number(run.total, lang)))
        solara.ProgressLinear(value=100 * run.done / max(run.total, 1))
        solara.Button(t("network_cancel", lang), on_click=run.cancel, outlined=True)


@solara.component
def DateSlider(month: int, last: int, label: str, on_month):
    """A monthly slider that redraws the page once the thumb is let go (or moved by the keyboard)."""
    slider = solara.v.Slider(v_model=month, min=0, max=last, step=1, label=label, hide_details=True,
                             class_="network-date", style_="min-width: 600px; max-width: 900px")
    solara.v.use_event(slider, "change", lambda widget, event, value: on_month(int(value)))
    return slider


@solara.component
def Explorer(run: NetworkRecording, seed_choice, lang: str):
    """The page once the run is recorded (``seed_choice()`` draws the choice of run beside the date)."""
    history = run.history
    last = len(history.months) - 1
    month, set_month = solara.use_state(last)
    town, set_town = solara.use_state(history.towns[0])
    scammer, set_scammer = solara.use_state(0)
    ties, set_ties = solara.use_state(False)
    ego = solara.use_memo(lambda: Ego.of(history, scammer), [scammer])

    def clicked(node):
        chosen = history.scammer_of(int(node))
        if chosen is not None:
            set_scammer(chosen)

    names = {place_name(key, lang): key for key in history.towns}
    with solara.Row(style={"align-items": "center", "gap": "32px"}):
        seed_choice()
        DateSlider(month, last, t("network_date", lang, date=month_label(history, month, lang)), set_month)
        solara.Select(t("network_sample_town", lang), value=place_name(town, lang), values=list(names),
                      on_value=lambda name: set_town(names[name]), style={"max-width": "240px"})
    towns = solara.use_memo(lambda: town_figure(history, month, lang), [month, lang])
    sample = solara.use_memo(lambda: sample_figure(history, run.samples[town], month, lang, ego.node, ties),
                             [month, lang, town, ego.node, ties])
    with solara.ColumnsResponsive(12, large=[6, 6, 12], xlarge=[4, 4, 4]):
        Chart(towns)
        with solara.Column():
            Chart(sample, on_click=clicked)
            with solara.Row(style={"align-items": "center", "gap": "24px"}):
                solara.Checkbox(label=t("network_show_ties", lang), value=ties, on_value=set_ties)
                solara.Text(t("network_sample_help", lang), classes=["help"])
        solara.HTML(unsafe_innerHTML=counts_table(history, month, lang))
    solara.Text(t("ego_heading", lang), style={"font-weight": "bold", "font-size": "18px"})
    solara.InputInt(t("ego_choose", lang, last=history.scammer_node.size - 1), value=scammer,
                    on_value=lambda v: set_scammer(min(max(int(v or 0), 0), history.scammer_node.size - 1)),
                    style={"max-width": "320px"}, classes=["ego-choice"])
    for fact in ego_facts(history, ego, month, lang):
        solara.Text(fact)
    figures = solara.use_memo(lambda: (ego_figure(history, ego, month, lang),
                                       ego_timeline_figure(history, ego, month, lang)),
                              [scammer, month, lang])
    with solara.ColumnsResponsive(12, xlarge=6):
        for figure in figures:
            Chart(figure)
