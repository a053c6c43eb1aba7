"""The Live page's run, without a browser: a lever switched on mid-run changes the run from that day
on and not before, and is exactly the run of the scenario with that lever; stories; ticks; months."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.live import LiveRun, Story, load_stories, monthly, preset_lever, story_run, tick_end
from dashboard.runs import SnapshotCache
from dashboard.state import base_scenario
from simulation import ExtortionModel, load_scenario
from simulation.results import aggregate

TINY = load_scenario(Path(__file__).resolve().parent.parent / "scenarios" / "tiny.toml")
AWARENESS = {"name": "awareness", "reach": 0.5, "awareness_gain": 0.5}  # acts on the day it starts
SWITCH_DAY = 300  # 2014-10-28


def flows(model: ExtortionModel) -> pd.DataFrame:
    return model.results.daily().drop(columns="date")


def test_a_lever_switched_on_mid_run_changes_the_run_from_that_day_and_not_before():
    run = LiveRun(TINY, seed=3)
    run.advance(SWITCH_DAY)
    run.switch_on([AWARENESS])
    assert [(s.day, s.date, s.levers) for s in run.switches] == [(SWITCH_DAY, date(2014, 10, 28), ("awareness",))]
    run.advance(10**6)
    assert run.finished and run.with_levers.day == run.without.day == run.without.days
    with_lever, without = flows(run.with_levers), flows(run.without)
    differing = np.flatnonzero((with_lever != without).any(axis=1).to_numpy())
    assert differing[0] == SWITCH_DAY  # identical before the day, different from that very day
    after = slice(SWITCH_DAY, None)
    assert with_lever["victims_threatened"][after].sum() < without["victims_threatened"][after].sum()
    # the faint line is the run without the lever, the bold one exactly the run of the scenario with it
    pd.testing.assert_frame_equal(without, flows(ExtortionModel(TINY, seed=3, events="none").run()))
    alone = TINY.with_interventions({**AWARENESS, "start": date(2014, 10, 28)})
    pd.testing.assert_frame_equal(with_lever, flows(ExtortionModel(alone, seed=3, events="none").run()))


def test_a_second_switch_branches_the_bold_run_and_keeps_the_faint_line():
    run = LiveRun(TINY, seed=2)
    run.advance(100)
    run.switch_on([AWARENESS])
    run.tick("month")
    second = run.day
    run.switch_on([{"name": "mta_monitoring"}])
    run.advance(60)
    assert run.switched() == {"awareness", "mta_monitoring"}
    assert [lever.params.name for lever in run.with_levers.interventions][-2:] == ["awareness", "mta_monitoring"]
    assert run.without.scenario.interventions == TINY.interventions
    assert run.with_levers.interventions[-1].params.start == run.switches[1].date
    assert run.switches[1].day == second


def test_no_switch_once_the_run_is_over():
    run = LiveRun(TINY.with_overrides({"run.end": "2014-01-31"}), seed=1)
    run.advance(10**6)
    with pytest.raises(ValueError, match="the run is over"):
        run.switch_on([AWARENESS])


@pytest.mark.parametrize(("today", "tick", "end"), [
    (date(2026, 1, 31), "day", date(2026, 2, 1)), (date(2026, 1, 29), "week", date(2026, 2, 5)),
    (date(2026, 1, 15), "month", date(2026, 2, 1)), (date(2026, 12, 1), "month", date(2027, 1, 1)),
    (date(2026, 2, 10), "quarter", date(2026, 4, 1)), (date(2026, 10, 1), "quarter", date(2027, 1, 1))])
def test_a_tick_ends_on_the_next_day_week_month_or_quarter(today, tick, end):
    assert tick_end(today, tick) == end


def test_a_tick_steps_both_runs_to_the_calendars_month():
    run = LiveRun(TINY, seed=1)
    run.advance(10)
    run.switch_on([AWARENESS])
    run.tick("month")
    assert run.today == date(2014, 2, 1) and run.with_levers.day == run.without.day == 31
    shown = run.shown  # what the page draws: both runs' months as they now stand
    assert shown.day == 31 and shown.months.astype(str).tolist() == ["2014-01"]
    assert shown.values.tolist() == monthly(run.with_levers)[1].tolist()
    assert shown.without.tolist() == monthly(run.without)[1].tolist()


def test_monthly_sums_are_the_runs_own_months():
    model = ExtortionModel(TINY, seed=1, events="none")
    for _ in range(75):  # to mid-March: the last month is partial
        model.step()
    months, sums = monthly(model, ["victims_threatened", "amount_paid_mad"])
    table = aggregate(model.results.daily(), "MS", model.results.stock_names)
    assert months.astype(str).tolist() == ["2014-01", "2014-02", "2014-03"]
    assert sums.tolist() == table[["victims_threatened", "amount_paid_mad"]].to_numpy().tolist()


def test_every_story_makes_a_valid_scenario_in_both_languages():
    base = base_scenario()
    stories = load_stories()
    assert len({story.key for story in stories}) == len(stories) >= 3
    for story in stories:
        assert all(story.title) and all(story.look_for) and story.title[0] != story.title[1]
        levers = story.levers(base)
        assert levers and base.run.start < story.date <= base.run.end
        switched = story.base(base).with_interventions(*({**lever, "start": story.date} for lever in levers))
        assert len(switched.interventions) == len(story.base(base).interventions) + len(levers)


def test_the_convention_story_runs_without_it_then_switches_it_on_as_it_happened():
    base = base_scenario()
    (story,) = [s for s in load_stories() if s.in_place]
    without = story.base(base)
    assert [p.label for p in without.interventions] == [p.label for p in base.interventions if p.label != story.in_place]
    (lever,) = story.levers(base)
    assert lever["name"] == "cooperation" and lever["start"] == story.date  # the baseline's own lever and date
    switched = without.with_interventions(lever)
    assert sorted(p.model_dump_json() for p in switched.interventions) == sorted(p.model_dump_json()
                                                                                 for p in base.interventions)


def test_each_lever_switched_on_alone_is_its_preset():
    base = base_scenario()
    lever = preset_lever("mta_monitoring", base)
    assert lever["towns"] == ["oued_zem", "khouribga", "beni_mellal", "khenifra"] and lever["start"] == date(2026, 1, 1)


def test_a_story_starts_from_a_snapshot_of_its_date_when_there_is_one(tmp_path):
    story = Story("test", ("Test", "Essai"), ("Look", "Regardez"), date(2014, 6, 1), presets=("awareness.toml",))
    snapshots = SnapshotCache(tmp_path, 10**9)
    cold = story_run(story, TINY, 4, snapshots)
    assert cold.day == 0  # no snapshot yet: simulated from the start
    cold.advance((story.date - cold.today).days)
    snapshots.put(cold.without, {})
    warm = story_run(story, TINY, 4, snapshots)
    assert warm.today == story.date and warm.without is not cold.without
    for run in (cold, warm):
        run.switch_on([AWARENESS])
        run.advance(120)
    pd.testing.assert_frame_equal(flows(warm.with_levers), flows(cold.with_levers))
    pd.testing.assert_frame_equal(flows(warm.without), flows(cold.without))


def test_the_chart_draws_the_faint_line_and_the_marks_only_once_a_lever_is_on():
    import plotly.graph_objects as go

    from dashboard.figures import live_figure

    run = LiveRun(TINY, seed=1)
    run.tick("quarter")
    months, values = monthly(run.current)
    dates = np.datetime_as_string(months, unit="D").tolist()
    before = live_figure(dates, values[:, 0].tolist(), None, "victims_threatened", [], ("2014-01-01", "2016-12-31"), "fr")
    assert len(before["data"]) == 1 and before["layout"]["shapes"] == [] and before["layout"]["separators"] == ",\u202f"
    run.switch_on([AWARENESS])
    run.tick("quarter")
    months, values = monthly(run.current)
    without = monthly(run.without)[1]
    dates = np.datetime_as_string(months, unit="D").tolist()
    after = live_figure(dates, values[:, 0].tolist(), without[:, 0].tolist(), "victims_threatened",
                        [("2014-04-01", "Awareness campaigns")], ("2014-01-01", "2016-12-31"), "en")
    faint, bold = after["data"]
    assert faint["y"][:3] == bold["y"][:3] and faint["y"][3:] != bold["y"][3:]  # parted in April, not before
    assert after["layout"]["annotations"][0]["text"] == "Awareness campaigns"
    assert after["layout"]["yaxis"]["title"]["text"] == "victims"
    go.Figure(after)  # a valid plotly figure



def test_the_page_steps_and_switches_a_lever_on_without_a_browser():
    import ipyvuetify as v
    import solara

    from dashboard import state
    from dashboard.pages.live import Live

    box, rc = solara.render(Live(), handle_error=False)

    def texts(class_: str) -> list:
        return [w.children[0] for w in rc.find(v.Html, class_=class_).widgets]

    def click(label: str) -> None:
        (button,) = [w for w in rc.find(v.Btn).widgets if label in w.children]
        button.click()

    try:
        assert texts("live-date") == ["1 January 2014"]
        click("Step")
        assert texts("live-date") == ["1 February 2014"]
        assert texts("live-diff") == [" "] * 5  # no lever on: no difference shown
        click("Awareness campaigns")
        assert texts("live-switches") == ["1 February 2014: Awareness campaigns"]
        click("Step")
        assert texts("live-date") == ["1 March 2014"]
        assert all("against the faint line" in text for text in texts("live-diff"))
        state.lang.set("fr")
        assert texts("live-date") == ["1er mars 2014"]
        assert all("par rapport à la ligne pâle" in text for text in texts("live-diff"))
    finally:
        state.lang.set("en")
        rc.close()
