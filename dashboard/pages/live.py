"""Live, for workshops: one run stepped month by month (play, pause, step, speed), levers switched
on mid-run against a faint line of the same run without them, big numbers for the month, and
ready-made stories. Laid out for a projector (1920x1080, no scrolling)."""

from __future__ import annotations

import time
from datetime import timedelta

import numpy as np
import solara
from solara.server import kernel_context

from .. import state
from ..components.chart import Chart
from ..components.layout import PageTitle
from ..figures import live_figure
from ..i18n import day_name, lever_title, month_name, number, output_label, signed, t
from ..live import OUTPUTS, TICKS, LiveRun, load_stories, preset_lever, story_run, tick_end
from ..runs import RUNNER
from simulation.interventions import REGISTRY

SEED = 1
TICK_SECONDS = 0.4  # the shortest time between two ticks while playing
# Rest after each tick or chunk: without it the simulating thread holds the interpreter nearly all the
# time and the session's clicks (Pause) wait seconds for their turn.
REST_SECONDS = 0.15
CSS = """
.live-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 14px; }
.live-bar .v-btn { font-size: 18px !important; }
.live-date { font-size: 34px; font-weight: 600; min-width: 250px; }
.live-look { font-size: 19px; margin: 2px 0; line-height: 1.3; }
.live-tile { border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px 0 10px; }
.live-label { font-size: 19px; color: #333; }
.live-number { font-size: 46px; font-weight: 700; line-height: 1.1; color: #0072B2; }
.live-diff { font-size: 20px; min-height: 26px; color: #a33b00; font-weight: 500; }
.live-levers .v-btn { font-size: 16px !important; text-transform: none; letter-spacing: normal; width: 100%;
                      justify-content: flex-start; height: 30px !important; }
.live-switches { font-size: 17px; color: #a33b00; }
"""


def _stories():
    return {story.key: story for story in load_stories()}


@solara.component
def Live():
    lang = state.lang.value
    PageTitle("nav_live")
    stories = solara.use_memo(_stories, [])
    story_key, set_story_key = solara.use_state(None)
    generation, set_generation = solara.use_state(0)  # a new run on each reset or story
    playing, set_playing = solara.use_state(False)
    tick, set_tick = solara.use_state("month")
    _, set_version = solara.use_state(0)  # counts the run's changes: the page is drawn again on each
    story = stories.get(story_key)
    base = state.base_scenario()

    def redraw():
        set_version(lambda version: version + 1)

    run = solara.use_memo(lambda: story_run(story, base, SEED, RUNNER.snapshots), [generation, story_key])
    target = (story.date - run.without.start).days if story else None
    fast_forward = target is not None and run.day < target and not run.switches

    context = kernel_context.get_current_context() if kernel_context.has_current_context() else None

    def watched() -> bool:
        """Whether a browser page of the session is connected (always, rendered outside a server): a
        closed tab stops the run at once, not when its session is freed (``is_current`` is false from
        then on, and the run goes with it)."""
        return context is None or kernel_context.PageStatus.CONNECTED in context.page_status.values()

    def loop():
        """Play (or play to the story's date, a quarter at a time) until paused, the end, or no page
        of the session is left."""
        while task.is_current() and not run.finished and watched():
            started = time.monotonic()
            if fast_forward:
                run.advance(min((tick_end(run.today, "quarter") - run.today).days, target - run.day))
                redraw()
                if run.day >= target:
                    return
                time.sleep(REST_SECONDS)
                continue
            if not playing:
                return
            run.tick(tick)
            redraw()
            time.sleep(max(REST_SECONDS, TICK_SECONDS - (time.monotonic() - started)))
        if run.finished or not watched():
            set_playing(False)

    task = solara.lab.use_task(loop, dependencies=[run, playing, tick, fast_forward])

    def reset():
        set_playing(False)
        set_generation(generation + 1)

    def choose_story(key):
        set_playing(False)
        set_story_key(key)
        set_generation(generation + 1)

    def step():
        run.tick(tick)
        redraw()

    def switch_on(levers: list[dict]):
        run.switch_on(levers)
        redraw()

    solara.Style(CSS)
    titles = {t("live_free", lang): None} | {s.title[lang == "fr"]: key for key, s in stories.items()}
    with solara.Row(classes=["live-bar"]):
        if playing:
            solara.Button(t("live_pause", lang), icon_name="mdi-pause", on_click=lambda: set_playing(False),
                          color="primary", disabled=fast_forward)
        else:
            solara.Button(t("live_play", lang), icon_name="mdi-play", on_click=lambda: set_playing(True),
                          color="primary", disabled=fast_forward or run.finished)
        solara.Button(t("live_step", lang), icon_name="mdi-step-forward", on_click=step,
                      disabled=playing or fast_forward or run.finished)
        solara.Button(t("live_reset", lang), icon_name="mdi-restart", on_click=reset, text=True)
        solara.Text(t("live_tick", lang), style={"font-size": "18px"})
        solara.ToggleButtonsSingle(value=tick, on_value=set_tick,
                                   children=[solara.Button(t(f"live_tick_{name}", lang), value=name) for name in TICKS])
        solara.Text(day_name(run.today, lang), classes=["live-date"])
        solara.Text(month_label(run, lang), style={"font-size": "20px", "font-weight": "bold"})
    with solara.Row(classes=["live-bar"], style={"flex-wrap": "nowrap"}):
        solara.Select(t("live_story", lang), value=next(k for k, v in titles.items() if v == story_key),
                      values=list(titles), on_value=lambda title: choose_story(titles[title]),
                      style={"min-width": "440px", "max-width": "440px"})
        if fast_forward:
            with solara.Column(style={"flex-grow": "1"}):
                solara.Text(t("live_playing_to", lang, date=day_name(story.date, lang)), classes=["live-look"])
                solara.ProgressLinear(value=100 * run.day / max(target, 1))
        elif story is not None:
            levers = story.levers(base)
            if not run.switches:
                solara.Button(t("live_switch_story", lang), icon_name="mdi-toggle-switch", color="warning",
                              on_click=lambda: switch_on(levers), disabled=run.finished)
            with solara.Column(gap="0px"):
                if not run.switches:
                    solara.Text(", ".join(lever_title(lever["name"], lang) for lever in levers),
                                classes=["live-look"], style={"font-weight": "bold"})
                solara.Text(t("live_look_for", lang, text=story.look_for[lang == "fr"]), classes=["live-look"])
        else:
            solara.Text(t("live_intro", lang), classes=["live-look"])
    Tiles(run, run.day, len(run.switches), lang, on_switch=switch_on)


def month_label(run: LiveRun, lang: str) -> str:
    """Which month the big numbers are for: the month of the last simulated day, "so far" if it is not over."""
    if run.day == 0:
        return ""
    last = run.today - timedelta(days=1)
    month = month_name(last.year, last.month, lang)
    whole = run.today.day == 1 or run.finished
    return t("live_month", lang, month=month if whole else t("live_so_far", lang, month=month))


@solara.component
def Tiles(run: LiveRun, day: int, switches: int, lang: str, on_switch):
    """The five monthly flows (big number of the month, chart) and the levers' tile; drawn again when
    the run's ``day`` or its number of ``switches`` change."""
    shown = run.shown
    months, values, without = shown.months, shown.values, shown.without
    start, end = run.without.start, run.without.scenario.run.end
    span = (start.isoformat(), end.isoformat())
    dates = np.datetime_as_string(months, unit="D").tolist()
    marks = [(s.date.isoformat(), lever_title(s.levers[0], lang) if len(s.levers) == 1
              else t("live_levers_on", lang, n=len(s.levers))) for s in run.switches]
    with solara.GridFixed(columns=3, row_gap="10px", column_gap="10px"):
        for i, output in enumerate(OUTPUTS):
            with solara.Column(classes=["live-tile"], gap="0px"):
                solara.Text(output_label(output, lang), classes=["live-label"])
                value = int(values[-1, i]) if len(values) else 0
                unit = " MAD" if output == "amount_paid_mad" else ""
                solara.Text(number(value, lang, 0) + unit, classes=["live-number"])
                Difference(value, int(without[-1, i]) if without is not None and len(without) else None, lang)
                Chart(live_figure(dates, values[:, i].tolist(), without[:, i].tolist() if without is not None else None,
                                  output, marks, span, lang), png=False)
        LeverTile(run, day, switches, lang, on_switch)


@solara.component
def Difference(value: int, without: int | None, lang: str):
    """The month's value against the run without the levers, once levers are on: an arrow and the
    difference, in one colour whatever its sign (fewer arrests are no better than fewer victims)."""
    if without is None:
        solara.Text(" ", classes=["live-diff"])
        return
    diff = value - without
    text = ("▲ " if diff > 0 else "▼ " if diff < 0 else "") + (signed(diff, lang, 0) if diff else "±0")
    if without:
        text = t("live_against", lang, diff=text, pct=signed(100 * diff / without, lang, 0) if diff else "±0")
    else:
        text = t("live_against_none", lang, diff=text)
    solara.Text(text, classes=["live-diff"])


@solara.component
def LeverTile(run: LiveRun, day: int, switches: int, lang: str, on_switch):
    """Any of the eight levers, as its preset sets it, switched on from today."""
    base = state.base_scenario()
    on = run.switched()
    with solara.Column(classes=["live-tile", "live-levers"], gap="4px"):
        solara.Text(t("live_levers", lang), classes=["live-label"], style={"font-weight": "bold"})
        for name in REGISTRY:
            solara.Button(lever_title(name, lang), outlined=name not in on, color="warning" if name in on else None,
                          icon_name="mdi-toggle-switch" if name in on else "mdi-toggle-switch-off-outline",
                          disabled=name in on or run.finished,
                          on_click=lambda name=name: on_switch([preset_lever(name, base)]))
        for switch in run.switches:
            solara.Text(t("live_on_since", lang, date=day_name(switch.date, lang),
                          levers=", ".join(lever_title(n, lang) for n in switch.levers)), classes=["live-switches"])
        if run.finished or not run.switches:
            solara.Text(t("live_over" if run.finished else "live_no_lever", lang), style={"font-size": "17px"})
