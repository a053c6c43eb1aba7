"""The youth network's history (analysis/network_history.py) and the Network page's data and
figures (dashboard/network.py, ego.py, network_runs.py), on the tiny scenario."""

import time

import numpy as np
import pandas as pd
import pytest

from analysis.network_history import STATES, NetworkHistory, record
from simulation import ExtortionModel, load_scenario
from simulation.scenario import SCENARIOS_DIR

from dashboard.ego import Ego, ego_facts, ego_figure, ego_timeline_figure
from dashboard.network import counts_table, sample_figure, town_figure, town_sample
from dashboard.network_runs import NetworkRecording, history_path

TINY = load_scenario(SCENARIOS_DIR / "tiny.toml")


@pytest.fixture(scope="module")
def run():
    """A recorded run (the model as it ends) and its history."""
    model = ExtortionModel(TINY, seed=1, events="none")
    return model, record(model)


def test_recording_changes_nothing_in_the_run(run):
    model, _ = run
    plain = ExtortionModel(TINY, seed=1, events="none").run()
    pd.testing.assert_frame_equal(model.results.daily(), plain.results.daily())
    assert np.array_equal(model.scammers.victims, plain.scammers.victims)


def test_counts_add_up_to_the_network_and_match_the_daily_stocks(run):
    model, history = run
    daily = model.results.daily()
    sizes = [town.youth_network for town in TINY.towns.values()]
    for month, day in enumerate(history.month_days):
        counts = history.counts(month)
        assert counts.to_numpy().sum() == history.size == sum(sizes)
        assert list(counts.sum(axis=1)) == sizes
        if day > 0:  # a month's start is the end of the day before
            before = daily.iloc[day - 1]
            assert [counts[s].sum() for s in STATES[1:]] == [before[c] for c in
                                                            ("active_scammers", "in_custody", "in_prison", "desisted")]
    assert (history.counts(len(history.months) - 1)["never_involved"] < sizes).all()


def test_town_ties_are_the_network_ties(run):
    model, history = run
    network = model.network
    ties = history.town_ties()
    assert np.triu(ties.to_numpy()).sum() == len(history.edges) == network.degree.sum() // 2
    for i in range(len(history.towns)):
        ends = network.neighbours(network.nodes_of_town(i))  # every tie of the town's people, from their side
        for j in range(len(history.towns)):
            expected = (network.town[ends] == j).sum() // (2 if i == j else 1)
            assert ties.iat[i, j] == expected
    assert np.array_equal(history.neighbours(17), np.sort(network.neighbours(17)))


def test_ego_view_agrees_with_the_pool(run):
    model, history = run
    pool = model.scammers
    assert history.scammer_node.size == pool.count
    for scammer in (0, 7, pool.count // 2, pool.count - 1):
        ego = Ego.of(history, scammer)
        assert ego.node == pool.node[scammer] and ego.town == model.town_names[pool.town[scammer]]
        assert np.array_equal(ego.ties, np.sort(model.network.neighbours(ego.node)))
        started = pool.recruited_day[scammer]
        for node in ego.active_at_start:  # ties, scammers who started earlier
            other = history.scammer_of(node)
            assert node in ego.ties and other is not None and pool.recruited_day[other] < started
        for other in ego.started_after:
            assert history.scammer_node[other] in ego.ties and ego.node in history.active_ties_at_start(other)
        assert history.victims[-1, scammer] <= pool.victims[scammer]
        assert np.all(np.diff(history.victims[:, scammer]) >= 0) and np.all(np.diff(history.arrests[:, scammer]) >= 0)
    some = [s for s in range(pool.count) if history.active_ties_at_start(s).size]
    assert len(some) > pool.count / 2  # most took it up beside an active tie
    with pytest.raises(ValueError):
        Ego.of(history, pool.count)


def test_history_saved_and_read_back(run, tmp_path):
    _, history = run
    history.save(tmp_path / "h.npz")
    again = NetworkHistory.load(tmp_path / "h.npz")
    assert again.towns == history.towns and again.start == history.start and again.seed == history.seed
    for name, value in vars(history).items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(getattr(again, name), value), name


def test_town_sample_is_the_neighbourhood_of_the_first_scammer(run):
    _, history = run
    sample = town_sample(history, "oued_zem", size=250)
    first = history.scammer_node[np.argmin(history.started_day)]
    assert sample.nodes[0] == first and sample.nodes.size == 250 == len(set(sample.nodes.tolist()))
    assert (history.town[sample.nodes] == 0).all() and np.all(np.diff(sample.depth) >= 0)
    for a, b in sample.edges[:50]:
        assert sample.nodes[b] in history.neighbours(sample.nodes[a])
    every = town_sample(history, "elsewhere")  # smaller than the cap: all of the town's people
    assert every.nodes.size == (history.town == 4).sum()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_figures_at_every_date(run, lang):
    _, history = run
    sample = town_sample(history, "khouribga")
    ego = Ego.of(history, 3)
    for month in (0, len(history.months) // 2, len(history.months) - 1):
        towns = town_figure(history, month, lang)
        pies = [trace for trace in towns.data if trace.type == "pie"]
        assert [sum(p.values) for p in pies] == list(history.counts(month).sum(axis=1))
        for ties in (False, True):
            drawn = sample_figure(history, sample, month, lang, chosen=int(sample.nodes[5]), ties=ties)
            assert sum(len(trace.x) for trace in drawn.data if trace.type == "scattergl" and trace.mode == "markers") \
                == sample.nodes.size
            lines = [trace for trace in drawn.data if trace.mode == "lines"]
            assert len(lines) == ties and (not ties or len(lines[0].x) == 3 * len(sample.edges))
        assert "<table" in counts_table(history, month, lang)
        ego_figure(history, ego, month, lang).to_json()
        ego_timeline_figure(history, ego, month, lang).to_json()
        assert len(ego_facts(history, ego, month, lang)) == 4


def test_recording_is_kept_on_disk_per_seed(tmp_path):
    first = NetworkRecording(TINY, 2, tmp_path, max_bytes=10**8)
    first.start()
    while first.running:
        time.sleep(0.2)
    assert first.error is None and first.history is not None and first.done == first.total
    assert history_path(TINY, 2, tmp_path).exists() and not history_path(TINY, 3, tmp_path).exists()
    again = NetworkRecording(TINY, 2, tmp_path, max_bytes=10**8)
    began = time.perf_counter()
    again.start()
    while again.running:
        time.sleep(0.02)
    assert time.perf_counter() - began < 2 and np.array_equal(again.history.states, first.history.states)
    assert set(again.samples) == set(TINY.towns)


def test_cancelled_recording_leaves_no_file_and_starts_again(tmp_path):
    run = NetworkRecording(TINY, 4, tmp_path, max_bytes=10**8)
    run.start()
    while run.done == 0 and run.running:
        time.sleep(0.05)
    run.cancel()
    while run.running:
        time.sleep(0.05)
    assert run.cancelled and run.history is None and run.error is None
    assert not history_path(TINY, 4, tmp_path).exists()
    run.start()
    while run.running:
        time.sleep(0.2)
    assert not run.cancelled and run.history is not None and history_path(TINY, 4, tmp_path).exists()
