"""Scenario files: the baseline validates; bad input gets a clear error naming the field."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from simulation import ExtortionModel, ScenarioError, load_scenario

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"


def test_baseline_loads_with_its_source_and_a_stable_digest():
    scenario = load_scenario(BASELINE)
    assert scenario.run.name == "baseline"
    assert str(scenario.run.start) == "2014-01-01" and str(scenario.run.end) == "2025-12-31"
    assert scenario.source == str(BASELINE)
    assert scenario.digest() == load_scenario(BASELINE).digest()
    assert scenario.with_overrides({"scammers.contact_rate_per_day": 31}).digest() != scenario.digest()


def test_every_baseline_value_has_a_provenance_comment():
    """Each parameter line says where its value comes from (published, law, assumption, to calibrate)."""
    tags = ("[published", "[law", "[assumption", "[to calibrate", "[calibrate-soft")
    # labels, and the schedule of historical policies (whose source is cited above each table)
    untagged = {"name", "description", "police_unit", "end", "label", "start", "recurring", "markets"}
    for line in BASELINE.read_text().splitlines():
        key, sep, _ = line.partition("=")
        if sep and not line.startswith((" ", "#", "[", '"')) and key.strip() not in untagged:
            assert any(t in line for t in tags), f"no provenance: {line}"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    return path


def edited(tmp_path: Path, section: str, key: str, value: str, text: str | None = None) -> Path:
    """The baseline (or ``text``) with ``key = value`` in ``[section]`` (added if the key is not there)."""
    lines = (text or BASELINE.read_text()).splitlines()
    start = next(i for i, line in enumerate(lines) if line.split("#")[0].strip() == f"[{section}]")
    for i in range(start + 1, len(lines)):
        if lines[i].startswith("["):
            lines.insert(i, f"{key} = {value}")
            break
        if lines[i].split("=")[0].strip() == key:
            lines[i] = f"{key} = {value}"
            break
    return write(tmp_path, "\n".join(lines))


@pytest.mark.parametrize(
    ("section", "key", "value", "message"),
    [
        ("markets.morocco", "pay_prob", "1.35", r"markets\.morocco\.pay_prob: must be <= 1\.0 \(got 1\.35\)"),
        ("markets.gulf", "engagement_prob", "-0.1", r"markets\.gulf\.engagement_prob: must be >= 0\.0"),
        ("towns.oued_zem", "initial_scammers", "-5", r"towns\.oued_zem\.initial_scammers: must be >= 0 \(got -5\)"),
        ("police.units.national", "capacity", '"forty"', r"police\.units\.national\.capacity: .*valid integer"),
        ("run", "end", "2013-12-31", r"run.end: 2013-12-31 is before start \(2014-01-01\)"),
        ("transfer_offices", "fee_rat", "0.02", r"transfer_offices\.fee_rat: unknown key"),
        ("scammers.modi_operandi.fake_woman_webcam", "share", "0.70",
         r"scammers\.modi_operandi\.\*\.share: shares must sum to 1"),
        ("scammers.modi_operandi.other.targeting", "mars", "1.0", r"targeting: unknown key\(s\) \['mars'\]"),
        ("referrals.foreign_channel_weights", "national", "-0.5", r"referrals\.foreign_channel_weights: weights must be >= 0"),
        ("referrals.foreign_channel_weights", "embassy", "0.1", r"referrals\.foreign_channel_weights: keys must be exactly"),
        ("towns.khenifra", "police_unit", '"fes"', r"towns\.khenifra\.police_unit: 'fes' is not one of"),
        ("victims", "publish_prob", "0.5", r"victims: publish_prob \+ persist_prob must be <= 1"),
        ("courts", "sentence_max_months", "3.0", r"courts: sentence_max_months must be at least"),
        ("platforms", "takedown_prob", "true", r"platforms\.takedown_prob: .*valid number"),
    ],
)
def test_bad_values_name_the_field_and_the_allowed_values(tmp_path, section, key, value, message):
    with pytest.raises(ScenarioError) as info:
        load_scenario(edited(tmp_path, section, key, value))
    assert re.search(message, str(info.value)), str(info.value)
    assert "Traceback" not in str(info.value)


def test_a_misspelt_section_is_named(tmp_path):
    text = BASELINE.read_text().replace("[platforms]", "[platform]")
    with pytest.raises(ScenarioError, match=r"platforms: required value is missing\n.*platform: unknown key"):
        load_scenario(write(tmp_path, text))


def test_every_problem_is_reported_at_once(tmp_path):
    text = edited(tmp_path, "transfer_offices", "fee_rate", "3.0").read_text()
    with pytest.raises(ScenarioError) as info:
        load_scenario(edited(tmp_path, "courts", "conviction_prob", "-1.0", text))
    assert "transfer_offices.fee_rate" in str(info.value) and "courts.conviction_prob" in str(info.value)


def test_whole_numbers_stand_for_decimals_but_not_the_reverse(tmp_path):
    ok = load_scenario(edited(tmp_path, "scammers", "contact_rate_per_day", "30"))
    assert ok.scammers.contact_rate_per_day == 30.0
    with pytest.raises(ScenarioError, match=r"towns\.oued_zem\.youth_network"):
        load_scenario(edited(tmp_path, "towns.oued_zem", "youth_network", "4000.5"))


def test_unreadable_or_malformed_files(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read scenario file"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(write(tmp_path, "[run\nname = 1"))


def test_overrides_are_validated_and_unknown_ones_rejected():
    with pytest.raises(ScenarioError, match=r"no\.such\.parameter: no such scenario parameter"):
        ExtortionModel(no__such__parameter=1)
    with pytest.raises(ScenarioError, match=r"police\.units\.national\.capacity: must be >= 0"):
        ExtortionModel(police__units__national__capacity=-3)
    with pytest.raises(ScenarioError, match=r"run\.end: expected a date"):
        ExtortionModel(run__end="soon")
    assert tomllib.loads(BASELINE.read_text())["run"]["name"] == "baseline"
