"""The dashboard without a browser: words, figures, levers, scenario files, runs and comparisons."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import solara

from analysis.compare import OUTCOMES, compare
from simulation import ScenarioError, load_scenario
from simulation.interventions import REGISTRY

from dashboard import i18n, levers, scenario_files
from dashboard.comparison import run_comparison, truncated
from dashboard.components.chart import serve_plotly_js
from dashboard.figures import CONFIG, band_figure, difference_figure, timeline_figure
from dashboard.published import calibration_years, published
from dashboard.report import brief_html, charts_html, differences
from dashboard.runs import RunCache, Runner
from dashboard.state import Draft, base_scenario, presets

SCENARIOS = scenario_files.settings.SCENARIOS


def test_every_string_in_both_languages():
    for key, (en, fr) in i18n.STRINGS.items():
        assert en and fr and en.count("{") == fr.count("{"), key  # the same placeholders
    for outcome in OUTCOMES:
        assert i18n.outcome_label(outcome, "en") != i18n.outcome_label(outcome, "fr")
    assert i18n.output_label("victims_threatened", "fr") == "Nouvelles victimes menacées"


@pytest.mark.parametrize(("x", "en", "fr"), [(10000, "10,000", "10\u202f000"), (2.78, "2.8", "2,8"),
                                             (-1234.5, "-1,234", "-1\u202f234"), (float("nan"), "n/a", "n.d.")])
def test_numbers_per_language(x, en, fr):
    assert i18n.number(x, "en") == en and i18n.number(x, "fr") == fr


def test_units_in_french():
    from simulation.registry import OUTPUTS

    assert i18n.outcome_unit("displacement", "fr") == "changements + paiements"
    assert i18n.outcome_unit("cost_per_victim_spared_mad", "fr") == "MAD par victime"
    assert {o.unit for o in OUTPUTS} - {"MAD"} <= set(i18n.UNITS_FR)  # every unit of the registry has its French


def test_no_cloud_in_charts():
    assert CONFIG["showSendToCloud"] is False and CONFIG["showLink"] is False
    script = serve_plotly_js().read_text(encoding="utf-8")
    assert "plotly.js" in script[:300] and "cdn.plot.ly" not in script[:300]


def test_published_police_figures():
    cases = published("cases_recorded")
    assert [(p.year, p.value, p.whole_year) for p in cases] == [(2018, 407, True), (2019, 384, False), (2020, 445, True), (2021, 498, True)]
    assert calibration_years(["cases_recorded", "arrests", "victims_paid"]) == (2018, 2021)


def _table(scenarios=("a", "b"), years=(2014, 2015), seeds=(1, 2, 3)):
    rows = [{"scenario": s, "seed": seed, "param_set": -1, "year": y, "cases_recorded": 10 * seed + y - 2014 + k}
            for k, s in enumerate(scenarios) for seed in seeds for y in years]
    return pd.DataFrame(rows)


def test_band_figure():
    fig = band_figure(_table(), "cases_recorded", "fr", calibration=(2018, 2019), projection_from=2026,
                      show_published=True)
    band, median = fig.data[0], fig.data[1]
    assert list(median.y) == [20, 21]  # median of seeds 1-3
    assert band.fill == "toself" and median.line.dash == "solid" and fig.data[3].line.dash == "dash"
    assert [trace.x[0] for trace in fig.data[4:]] == [2018, 2019, 2020, 2021]  # published figures
    assert fig.layout.title.text == "Affaires enregistrées par la police" and fig.layout.separators == ",\u202f"
    assert fig.layout.yaxis.title.text == "affaires"
    fig.to_json()


def test_timeline_of_levers():
    scenario = load_scenario(SCENARIOS / "combined.toml")
    in_place = len(base_scenario().interventions)
    fig = timeline_figure(scenario, in_place, "en")
    rows = list(dict.fromkeys(bar.y[0] for bar in fig.data))
    assert len(rows) == len(scenario.interventions)
    december = [bar for bar in fig.data if "Awareness" in bar.y[0] and "in place" in bar.y[0]]
    assert len(december) == 2030 - 2021 + 1  # one window a year since December 2021


@pytest.mark.parametrize("lever", list(REGISTRY))
def test_lever_fields_come_from_declarations(lever):
    fields = {spec.name: spec for spec in levers.lever_fields(lever)}
    assert {"start", "end", "intensity", "cost_per_year_mad", "recurring"} <= set(fields)
    assert fields["intensity"].is_share and fields["cost_per_year_mad"].unit == "MAD"
    assert all(spec.help for spec in fields.values())
    assert levers.lever_doc(lever)


def test_loader_messages_by_field():
    awareness = levers.new_lever("awareness") | {"intensity": 1.5, "markets": ["mars"]}
    with pytest.raises(ScenarioError) as error:
        levers.draft_scenario(base_scenario(), [levers.new_lever("takedown"), awareness], "x", "")
    found = levers.field_messages(error.value, len(base_scenario().interventions))
    assert found[(1, "intensity")] == ["interventions[4].intensity: must be <= 1.0 (got 1.5)"]
    with pytest.raises(ScenarioError) as error:
        levers.draft_scenario(base_scenario(), [levers.new_lever("awareness") | {"markets": ["mars"]}], "x", "")
    found = levers.field_messages(error.value, len(base_scenario().interventions))
    assert "unknown ['mars']; allowed:" in found[(0, "markets")][0]


@pytest.mark.parametrize("file_name", presets())
def test_builder_rebuilds_each_preset_exactly(file_name):
    """A preset opened in the builder and saved is the same scenario, to the last digit."""
    original = load_scenario(SCENARIOS / file_name)
    built = Draft.starting_from(original).scenario()
    assert built.digest() == original.digest()
    again = scenario_files.read_upload(scenario_files.to_toml(built, len(base_scenario().interventions)).encode())
    assert again.digest() == original.digest()


@pytest.mark.parametrize(("content", "message"), [
    (b'extends = "../../etc/passwd"', "may only extend one of the project's scenarios"),
    (b'extends = "/work/main/scenarios/baseline.toml"', "may only extend"),
    (b"x = " + b"1" * 70_000, "at most 64,000"),
    (b'extends = "baseline_2030.toml"\n[police]\ninvestigation_mean_days = -1', "police.investigation_mean_days: must be > 0"),
    (b"[run\n", "not valid TOML"),
])
def test_bad_uploads_are_refused_with_a_reason(content, message):
    with pytest.raises(ScenarioError, match=message.replace("(", r"\(").replace(".", r"\.")):
        scenario_files.read_upload(content)


def test_upload_that_changes_more_than_levers_is_named():
    with pytest.raises(ScenarioError, match="the file changes police"):
        Draft.starting_from(scenario_files.read_upload(b'extends = "baseline_2030.toml"\n[police]\ninvestigation_mean_days = 50.0'))


def test_overview_baseline_is_the_calibrated_one():
    """No value of the calibrated baseline is rounded or changed on the way to the dashboard."""
    from dashboard.baseline import overview_scenario

    calibrated = load_scenario(SCENARIOS / "baseline.toml")
    shown = overview_scenario()
    assert shown.model_dump(exclude={"run"}) == calibrated.model_dump(exclude={"run"})
    assert shown.run.start == calibrated.run.start


def test_cache_is_bounded(tmp_path):
    cache = RunCache(tmp_path, max_bytes=1)
    from analysis.batch import Job

    job = Job(base_scenario(), 1, label="x")
    table = pd.DataFrame({"scenario": ["x"], "seed": [1], "param_set": [-1], "year": [2014], "arrests": [3]})
    cache.put(job, table)
    assert cache.get(job) is None  # evicted at once: larger than the bound


@pytest.fixture(scope="module")
def short_comparison(tmp_path_factory):
    """Baseline and a built scenario (two levers from 2014), seeds 1-2, 2014 only, through a fresh cache."""
    built = Draft(name="early", values={**Draft().values,
                                        "awareness": levers.new_lever("awareness") | {"start": date(2014, 1, 1)},
                                        "takedown": levers.new_lever("takedown") | {"start": date(2014, 1, 1)}},
                  on=frozenset({"awareness", "takedown"})).scenario()
    runner = Runner(RunCache(tmp_path_factory.mktemp("cache"), 10**8), workers=1)
    return runner, [base_scenario(), built], run_comparison([base_scenario(), built], [1, 2], (2014, 2014), runner)


def test_comparison_equals_analysis_compare(short_comparison):
    """The page's numbers are those of `simulation compare` (analysis.compare) for the same seeds."""
    _, scenarios, result = short_comparison
    table, summary = compare(truncated(scenarios[0], (2014, 2014)), [truncated(scenarios[1], (2014, 2014))],
                             seeds=[1, 2], period=(2014, 2014), workers=1, progress=False)
    pd.testing.assert_frame_equal(result.table, table)
    pd.testing.assert_frame_equal(result.summary, summary)
    assert result.summary.query("outcome == 'victims_threatened'")["mean_diff"].iloc[0] < 0


def test_comparison_again_comes_from_the_cache(short_comparison):
    runner, scenarios, first = short_comparison
    steps = []
    again = run_comparison(scenarios, [1, 2], (2014, 2014), runner, progress=lambda done, total: steps.append(done))
    pd.testing.assert_frame_equal(again.table, first.table)
    assert steps == [4]  # all four runs read back at once


def test_cancelled_comparison_stops(short_comparison):
    runner, scenarios, _ = short_comparison
    assert run_comparison(scenarios, [3], (2014, 2014), runner, cancelled=lambda: True) is None


def test_differences_and_brief(short_comparison):
    _, _, result = short_comparison
    frame = differences(result, "fr")
    assert len(frame) == len(result.summary) and "Écart [intervalle à 90\u00a0%]" in frame.columns
    page = brief_html(result, "en")
    assert '<html lang="en">' in page and "https://" not in page.split("<script")[0]
    charts = charts_html([difference_figure(result.summary, "fr", ["arrests"], str)], "Graphiques", "fr")
    assert charts.count("<script") >= 1 and '<script src="http' not in charts and '<html lang="fr">' in charts
    difference_figure(result.summary, "en", ["victims_threatened"], lambda o: o).to_json()


@pytest.mark.parametrize("page", ["Builder", "Compare", "Methods"])
def test_pages_render(page):
    from dashboard.pages import builder, compare as compare_page, methods

    component = {"Builder": builder.Builder, "Compare": compare_page.Compare, "Methods": methods.Methods}[page]
    box, rc = solara.render(component(), handle_error=False)
    rc.close()


def test_published_figures_named_once_in_the_legend():
    table = _table().rename(columns={"cases_recorded": "arrests"})
    fig = band_figure(table, "arrests", "en", show_published=True)
    stars = [trace for trace in fig.data if trace.marker.symbol == "star-open"]
    assert len(stars) == 2 and [trace.showlegend for trace in stars] == [True, False]


def test_results_render(short_comparison):
    from dashboard.pages.compare import Results

    box, rc = solara.render(Results(short_comparison[2], "fr"), handle_error=False)
    rc.close()


def test_every_lever_and_field_has_its_french_help():
    """The builder in French shows French help: declared beside the English in each lever."""
    from simulation.interventions import REGISTRY

    for lever in REGISTRY:
        assert levers.lever_doc(lever, "fr") and levers.lever_doc(lever, "fr") != levers.lever_doc(lever, "en")
        for spec in [*levers.lever_fields(lever), *levers.recurrence_fields()]:
            assert spec.help_fr and spec.help_fr != spec.help, (lever, spec.name)


def _short_levers():
    """The baseline for 2014 and two scenarios whose lever starts on 1 July 2014 (day 181)."""
    base = truncated(base_scenario(), (2014, 2014))
    return base, [levers.draft_scenario(base, [levers.new_lever(name) | {"start": date(2014, 7, 1)}], name, "")
                  for name in ("awareness", "takedown")]


def test_branch_from_a_snapshot_equals_a_full_run(tmp_path):
    """A scenario started from the cached snapshot of the baseline gives the outputs of its own full run."""
    from analysis.batch import Job, run_job
    from dashboard.runs import Group, SnapshotCache, run_group

    base, (awareness, takedown) = _short_levers()
    snapshots = SnapshotCache(tmp_path, 10**9)
    first = run_group(Group(Job(base, 1, label="base"), True, (Job(awareness, 1, label="a"),), snapshots=snapshots))
    assert first.from_snapshot == [] and len(list(tmp_path.glob("*.snapshot"))) == 1
    second = run_group(Group(Job(base, 1, label="base"), False, (Job(takedown, 1, label="t"),), snapshots=snapshots))
    assert second.from_snapshot == [181] and second.simulated_days == 365 - 181  # only the scenario's own days
    pd.testing.assert_frame_equal(second.branches[0], run_job(Job(takedown, 1, label="t")))
    pd.testing.assert_frame_equal(first.branches[0], run_job(Job(awareness, 1, label="a")))
    pd.testing.assert_frame_equal(first.trunk, run_job(Job(base, 1, label="base")))
    assert first.trunk["victims_threatened"].sum() != second.branches[0]["victims_threatened"].sum()


def test_snapshot_cache_is_bounded_and_keyed(tmp_path):
    from dashboard.runs import SnapshotCache
    from simulation import ExtortionModel

    base, (awareness, _) = _short_levers()
    model = ExtortionModel(base, seed=2, events="none")
    for _ in range(3):
        model.step()
    SnapshotCache(tmp_path, 10**9).put(model, {})
    assert SnapshotCache(tmp_path, 10**9).get(base, 2, {}, 3).day == 3
    assert SnapshotCache(tmp_path, 10**9).get(base, 1, {}, 3) is None  # another seed
    assert SnapshotCache(tmp_path, 10**9).get(awareness, 2, {}, 3) is None  # other parameters
    SnapshotCache(tmp_path, 1).put(model, {})  # larger than the bound: evicted at once
    assert list(tmp_path.glob("*.snapshot")) == []


def test_queue_positions():
    from analysis.batch import Job
    from dashboard.runs import Group, _Ticket

    runner = Runner(RunCache(Path("/nonexistent"), 0), workers=1)
    runner._running[1] = 1  # request 1 runs; 2 and 3 wait, in that order
    job = Job(base_scenario(), 1)
    runner._queue.extend([_Ticket(2, Group(job, True)), _Ticket(3, Group(job, True)), _Ticket(2, Group(job, True))])
    assert [runner.position(r) for r in (1, 2, 3, 4)] == [0, 1, 2, 0]
    runner._queue[0].future.cancel()  # request 2 withdrew its first group
    assert [runner.position(r) for r in (2, 3)] == [2, 1]
    assert [i18n.ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 22)] == ["1st", "2nd", "3rd", "4th", "11th", "12th", "22nd"]
    assert [i18n.ordinal(n, "fr") for n in (1, 2)] == ["1re", "2e"]


def test_cancel_stops_the_runs_in_progress(tmp_path):
    """A cancelled request's runs stop in the worker (its process is free again within a second or
    two), and a request behind it is told its place in the queue, then runs."""
    import threading
    import time

    from analysis.batch import Job

    base = truncated(base_scenario(), (2014, 2020))  # 10 s or more of work
    runner = Runner(RunCache(tmp_path, 10**8), workers=1)
    short = truncated(base_scenario(), (2014, 2014))
    runner.run([Job(short, 8)])  # the worker process is up (its imports done) before the test begins
    stop = threading.Event()
    places = []
    first = threading.Thread(target=runner.run, args=([Job(base, 1)],), kwargs={"cancelled": stop.is_set})
    first.start()
    deadline = time.monotonic() + 60
    while runner.running() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    second = threading.Thread(target=runner.run, args=([Job(short, 9)],), kwargs={"queued": places.append})
    second.start()
    time.sleep(3)  # the worker starts (imports) and simulates
    assert places == [1]  # behind the first request
    stop.set()
    cancelled_at = time.monotonic()
    first.join()
    while runner._running.get(2) and time.monotonic() < cancelled_at + 60:  # request 2's run, in the worker
        time.sleep(0.02)
    stopped_after = time.monotonic() - cancelled_at
    second.join(timeout=120)
    assert places == [1, 0]
    assert stopped_after < 3  # a few simulated weeks, not the years left of 2014-2020
    assert runner.cache.get(Job(short, 9)) is not None and runner.cache.get(Job(base, 1)) is None


def test_every_field_has_its_french_label_and_every_project_scenario_its_french_description():
    for lever in REGISTRY:
        for spec in [*levers.lever_fields(lever), *levers.recurrence_fields()]:
            assert spec.label_fr and spec.label_fr != spec.name.replace("_", " "), (lever, spec.name)
    assert set(i18n.project_descriptions()) == set(i18n.SCENARIOS_FR)
    takedown = load_scenario(SCENARIOS / "takedown.toml")
    assert i18n.scenario_description(takedown.run.name, takedown.run.description, "fr").startswith("À partir de 2026")
    assert i18n.scenario_description("takedown", "my own words", "fr") == "my own words"
    assert i18n.scenario_description(takedown.run.name, takedown.run.description, "en") == takedown.run.description


def test_form_messages_name_the_field_the_value_and_what_is_allowed():
    from dashboard.messages import field_message, name_problem, parse_number, shown_number

    cost = {spec.name: spec for spec in levers.lever_fields("awareness")}["cost_per_year_mad"]
    line = "interventions[4].cost_per_year_mad: Input should be a valid number (got 'abc')"
    assert field_message(line, cost, "cost per year mad", "en") == \
        "cost per year mad: Input should be a valid number (got 'abc'); allowed: a number from 0 to 1,000,000,000,000"
    assert field_message(line, cost, "coût annuel", "fr") == \
        "coût annuel : doit être un nombre (valeur donnée : 'abc') ; attendu : un nombre de 0 à 1\u202f000\u202f000\u202f000\u202f000"
    assert field_message("interventions[4].intensity: must be <= 1.0 (got 1.5)", None, "intensité", "fr") == \
        "intensité : doit être ≤ 1.0 (valeur donnée : 1.5)"
    assert [parse_number(text, "float", False) for text in ("0,8", "12 000,5", "1e3", "abc", "")] == \
        [0.8, 12000.5, 1000.0, "abc", ""]
    assert parse_number("", "int", True) is None and parse_number("2.5", "int", False) == "2.5"
    assert shown_number(34.397) == "34.397" and shown_number(0.8, "fr") == "0,8" and shown_number(None) == "" and shown_number("abc") == "abc"
    assert name_problem("my_scenario-2", "en") is None
    assert "'a/b' is not accepted" in name_problem("a/b", "en") and "n'est pas accepté" in name_problem("", "fr")
    # a value the loader refuses, typed in a field, reaches the loader as typed and gets its message
    bad = levers.new_lever("awareness") | {"cost_per_year_mad": parse_number("abc", "float", False)}
    with pytest.raises(ScenarioError, match=r"cost_per_year_mad: Input should be a valid number \(got 'abc'\)"):
        levers.draft_scenario(base_scenario(), [bad], "x", "")


def test_chart_file_names():
    from dashboard.components.chart import file_stem

    assert file_stem("Nouvelles victimes menacées <br>by year") == "nouvelles-victimes-menacees-by-year"
    assert file_stem("") == "chart"


def test_prewarm_leaves_the_baseline_and_its_snapshots(tmp_path):
    """Prewarming (low priority, in the background) caches the baseline's runs and its snapshot on
    the day a scenario parts from it; a comparison with that scenario then starts from it."""
    from analysis.batch import Job
    from dashboard.runs import SnapshotCache

    base, (awareness, _) = _short_levers()
    runner = Runner(RunCache(tmp_path, 10**8), workers=1, snapshots=SnapshotCache(tmp_path / "snapshots", 10**9))
    runner.prewarm(base, [1], [awareness])
    runner._prewarm.join(timeout=120)
    assert runner.cache.get(Job(base, 1)) is not None
    assert len(list((tmp_path / "snapshots").glob("*.snapshot"))) == 1
    result = run_comparison([base, awareness], [1], (2014, 2014), runner)
    assert list(result.table["scenario"].unique()) == ["baseline_2030", "awareness"]
