"""Scenario files: the validated set of every parameter of a run.

A scenario is a TOML file (read with :mod:`tomllib`) grouped by actor. Every number that is
uncertain is a parameter here, with its unit in the field description; the scenario files say
where each value comes from. Validation is done with pydantic and any problem is raised as a
:class:`ScenarioError` whose message names the field and the allowed values.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import (BaseModel, Field, PrivateAttr, SerializeAsAny, ValidationError, ValidationInfo, field_validator,
                      model_validator)

from .interventions import REGISTRY
from .params import InterventionParamsBase, Section, nonneg, positive, prob, weight

DOMESTIC_MARKET = "morocco"
MODI_OPERANDI = ("fake_woman_webcam", "fake_marriage", "other")
CHANNELS = ("national", "foreign_ministry", "interpol", "rogatory")

class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names each faulty field."""


SCENARIOS_DIR = Path(__file__).resolve().parent.parent / "scenarios"  # the project's scenarios
MAX_RUN_YEARS = 60       # a run's length: the model's mechanisms are calibrated on a decade
MAX_NETWORK = 5_000_000  # young people in all towns' networks: about 1.5 GB of arrays at most
MAX_TOWNS = 127          # towns are stored as 8-bit indices
# Limits on values that size the run's arrays or its sums (far above any plausible value):
MAX_PER_YEAR = 1_000_000            # recruits from outside a town's network a year
MAX_OFFICES = 10_000                # transfer offices in a town
MAX_CONTACTS_PER_DAY = 1_000        # contacts a scammer makes a day (the baseline: about 34)
MAX_DEMAND_MAD = 1_000_000_000      # a demand (MAD): sums of many stay exact in 64-bit integers
MAX_FILE_BYTES = 1_000_000          # a scenario file (the baseline, with its comments: about 25 kB)
MAX_DAYS = 36_500                   # a mean delay, duration or half-life: 100 years (day counts stay exact)
MAX_CAPACITY = 1_000_000            # investigations a police unit runs at once
MAX_SENTENCE_MONTHS = 1_200         # a prison term: 100 years
# A market's reachable pool is depleted week by week: a pool much smaller than a week's victims
# would give more victims than people. The calibrated markets hold millions.
MIN_ONLINE_POPULATION = 100
MAX_ONLINE_POPULATION = 10_000_000_000  # more than the world's internet users


# The named limits above, by the field they bound (a refusal says where to change them).
LIMITS = {"youth_network": "MAX_NETWORK", "recruits_from_outside_per_year": "MAX_PER_YEAR",
          "transfer_offices": "MAX_OFFICES", "contact_rate_per_day": "MAX_CONTACTS_PER_DAY", "capacity": "MAX_CAPACITY",
          "online_population": "MAX_ONLINE_POPULATION"}


def days(description: str, minimum: float = 0.0) -> Any:
    """A mean delay, duration or half-life in days: > 0 (>= ``minimum`` if given), at most ``MAX_DAYS``."""
    bound = {"ge": minimum} if minimum else {"gt": 0}
    return Field(le=MAX_DAYS, description=description, **bound)


class RunParams(Section):
    name: str = Field("baseline", description="short name of the scenario")
    description: str = Field("", description="plain-language description")
    start: date = Field(date(2014, 1, 1), description="first simulated day")
    end: date = Field(date(2025, 12, 31), description="last simulated day (inclusive)")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is None:  # start itself is refused
            return end
        if end < start:
            raise ValueError(f"{end} is before start ({start}); the last day must be on or after the first")
        if end.year - start.year >= MAX_RUN_YEARS:
            raise ValueError(f"{end}: a run lasts at most {MAX_RUN_YEARS} years (start {start}); "
                             "MAX_RUN_YEARS in simulation/scenario.py sets this limit")
        return end


class TownParams(Section):
    youth_network: int = Field(ge=1, le=MAX_NETWORK, description="young people in the modelled social network (persons)")
    poverty: float = prob("local poverty and unemployment index (0 = none, 1 = highest)")
    initial_scammers: int = nonneg("active scammers on the start date (persons)")
    recruits_from_outside_per_year: float = Field(ge=0, le=MAX_PER_YEAR, description=
        "young people who learn the technique from outside the network (media, migration), per year"
    )
    transfer_offices: int = Field(ge=0, le=MAX_OFFICES, description="money-transfer offices in the town (offices)")
    police_unit: str = Field(description="police unit that investigates scammers living here")


class NetworkParams(Section):
    mean_ties: int = Field(ge=2, le=100, description="mean number of school, cyber-cafe and neighbourhood ties (ties per person)")
    rewiring: float = prob("share of local ties rewired to random people of the same town (small-world)")
    inter_town_ties: int = Field(ge=0, le=MAX_NETWORK, description="family and migration ties drawn between random pairs of people (pairs in the same town are dropped)")


class RecruitmentParams(Section):
    tie_hazard_per_day: float = prob("daily chance that one tie to an active scammer passes on the know-how (1/day)")
    poverty_weight: float = weight("relative rise of that chance per unit of the town's poverty index")
    earnings_weight: float = weight("relative rise per 10,000 MAD that peers recently earned")
    arrest_deterrence: float = weight("relative fall (exponential) per recent arrest among peers")
    signal_half_life_days: float = days(minimum=1, description="half-life of what peers' earnings and arrests signal (days)")
    return_weight: float = prob("chance multiplier for former scammers who take it up again")
    open_share: float = prob("share of the youth network who would take it up once they hear of it (the rest never do)")


class ModusOperandiParams(Section):
    share: float = prob("share of new scammers who use this modus operandi")
    targeting: dict[str, float] = Field(description="relative weight of each target market in this modus operandi's contacts")


class ScammerParams(Section):
    contact_rate_per_day: float = Field(ge=0, le=MAX_CONTACTS_PER_DAY, description="online contacts an active scammer makes per day, on average (contacts/day)")
    effort_shape: float = Field(ge=0.05, description="gamma shape of scammers' working intensity (mean 1; lower, a few scammers make most contacts)")
    initial_skill_mean: float = prob("mean skill of a new scammer (0-1; multiplies the chance a contact ends in a recording)")
    initial_skill_concentration: float = positive("beta-distribution concentration of initial skill")
    max_skill: float = prob("skill reached with long experience (0-1)")
    learning_victims: float = positive("victims after which the skill gap has shrunk by 1/e (victims)")
    desistance_per_day: float = prob("baseline daily chance of giving up scamming (1/day)")
    risk_desistance_weight: float = weight("extra daily chance of giving up per unit of perceived risk (1/day)")
    earnings_retention_weight: float = weight("relative fall of desistance per 10,000 MAD of recent income")
    income_half_life_days: float = days(minimum=1, description="half-life of the 'recent income' a scammer weighs (days)")
    risk_per_network_arrest: float = nonneg("perceived risk added when a network contact is arrested (units)")
    risk_half_life_days: float = days(minimum=1, description="half-life of perceived risk (days)")
    relapse_prob: float = prob("chance that a released scammer goes back to it")
    modi_operandi: dict[str, ModusOperandiParams] = Field(description="modus operandi by name")


class MarketParams(Section):
    online_population: int = Field(ge=MIN_ONLINE_POPULATION, le=MAX_ONLINE_POPULATION, description="people reachable online in this market (persons)")
    engagement_prob: float = prob("chance that a contact accepts a video chat with a stranger")
    recording_prob: float = prob("chance that an engaged chat is recorded and used for a threat")
    awareness: float = prob("share of the market aware of webcam blackmail (0-1)")
    demand_median_mad: float = Field(gt=0, le=MAX_DEMAND_MAD, description="median first demand (MAD)")
    demand_sigma: float = weight("log-scale spread of demands", 10.0)
    demand_max_mad: int = Field(ge=1, le=MAX_DEMAND_MAD, description="largest demand a scammer makes in this market (MAD)")
    pay_prob: float = prob("chance that a threatened victim pays a first demand")
    report_prob: float = prob("chance that a victim reports to the police of their own country")
    help_prob: float = prob("chance that a victim asks a helpline or victims' association for help")


class VictimParams(Section):
    same_day_decision_prob: float = prob("chance a threatened victim responds within hours (the same day)")
    decision_delay_mean_days: float = days("mean delay of the other responses (days)")
    repeat_demand_prob: float = prob("chance a victim who paid is asked again")
    repeat_demand_delay_mean_days: float = days("mean delay before a new demand (days)")
    repeat_demand_factor: float = Field(gt=0, le=100, description="next demand relative to the previous one")
    repeat_pay_factor: float = prob("chance multiplier for paying any demand after the first (repeated or renewed)")
    reaction_delay_mean_days: float = days("mean delay of the scammer's reaction to a refusal (days)")
    publish_prob: float = prob("chance a refusal is met with publication of the video")
    persist_prob: float = prob("chance a refusal is met with renewed threats")
    help_pay_factor: float = prob("chance multiplier for paying after advice not to pay")
    awareness_engagement_effect: float = prob("relative fall in engagement per unit of awareness")
    awareness_pay_effect: float = prob("relative fall in payment per unit of awareness")
    awareness_report_effect: float = nonneg("relative rise in reporting per unit of awareness")
    reachable_turnover_per_year: float = nonneg("share of a market's reachable people replaced each year by newcomers (1/year)")

    @model_validator(mode="after")
    def _reactions(self) -> VictimParams:
        total = self.publish_prob + self.persist_prob
        if total > 1.0:
            raise ValueError(f"publish_prob + persist_prob must be <= 1 (got {total:.6g})")
        return self


class ReferralParams(Section):
    foreign_forward_prob: float = prob("chance a foreign victim's report reaches the Moroccan police")
    foreign_channel_weights: dict[str, float] = Field(description="channel of forwarded foreign reports (relative weights)")
    channel_delay_mean_days: dict[str, float] = Field(description="mean delay from report to registration by channel (days)")


class TransferOfficeParams(Section):
    fee_rate: float = prob("share of each payment kept by the office as fee")
    compliance_mean: float = prob("mean compliance of offices (0-1)")
    compliance_concentration: float = positive("beta-distribution concentration of compliance")
    flag_prob_per_receipt: float = prob("chance a fully compliant office flags a suspicious receipt")
    repeat_receipts_scale: float = positive("receipts by the same person after which a pattern looks suspicious")
    domestic_flag_factor: float = prob("flag chance multiplier for domestic (non-foreign) receipts")
    switch_prob_after_flag: float = prob("chance a flagged scammer moves to another office")
    switch_town_prob: float = prob("chance such a move goes to another town")
    peer_switch_prob: float = prob("chance other users of a flagged office move too")
    watch_avoidance_per_day: float = nonneg("daily hazard of leaving a monitored office, per unit of extra flag chance (1/day)")
    other_channel_cost: float = prob("share of a payment lost when cashed out through another channel (intermediaries)")


class PoliceUnitParams(Section):
    capacity: int = Field(ge=0, le=MAX_CAPACITY, description="investigations the unit runs at once")


class PoliceParams(Section):
    units: dict[str, PoliceUnitParams] = Field(description="police units by name; 'national' takes foreign referrals")
    investigation_mean_days: float = days("mean duration of an investigation (days)")
    success_per_evidence: float = nonneg("success hazard per unit of evidence (1 - exp(-rate x evidence))")
    evidence_per_complaint: float = weight("evidence a complaint brings (units)")
    evidence_per_paid_transfer: float = weight("extra evidence when the victim paid through a transfer office (units)")
    evidence_per_flag: float = weight("evidence a transfer-office flag brings (units)")
    accomplice_arrest_prob: float = prob("chance each active network contact of an arrested scammer is arrested too")


class ShiftParams(Section):
    """What changed after 2019 in the police series (see simulation/shift.py); no change by default."""

    from_year: int = Field(2020, ge=1990, le=2100, description="first year of the change (year)")
    to_year: int = Field(2021, ge=1990, le=2100, description="year the change is complete; it holds after (year)")
    capacity_loss: float = prob("share of the police units' capacity taken by the wider cyber caseload", 0.0)
    domestic_report_gain: float = nonneg("relative rise in Moroccan victims' chance to report", 0.0, maximum=10.0)
    forward_loss: float = prob("share of foreign victims' reports that no longer reach the Moroccan police", 0.0)

    @model_validator(mode="after")
    def _years_in_order(self) -> ShiftParams:
        if self.to_year < self.from_year:
            raise ValueError(f"to_year ({self.to_year}) is before from_year ({self.from_year})")
        return self


class CourtParams(Section):
    custody_mean_days: float = days("mean pre-trial custody (days)")
    conviction_prob: float = prob("chance that a trial ends in conviction")
    sentence_min_months: float = Field(ge=0, le=MAX_SENTENCE_MONTHS, description="shortest prison term (months); art. 447-1: 6")
    sentence_max_months: float = Field(ge=0, le=MAX_SENTENCE_MONTHS, description="longest prison term (months); art. 447-1: 36")
    fine_min_mad: int = Field(ge=0, le=MAX_DEMAND_MAD, description="smallest fine (MAD); art. 447-1: 2,000")
    fine_max_mad: int = Field(ge=0, le=MAX_DEMAND_MAD, description="largest fine (MAD); art. 447-1: 20,000")

    @model_validator(mode="after")
    def _ranges(self) -> CourtParams:
        if self.sentence_max_months < self.sentence_min_months:
            raise ValueError("sentence_max_months must be at least sentence_min_months")
        if self.fine_max_mad < self.fine_min_mad:
            raise ValueError("fine_max_mad must be at least fine_min_mad")
        return self


class PlatformParams(Section):
    profile_detection_per_day: float = prob("daily chance a platform removes an active scammer's fake profile")
    profile_rebuild_days: int = Field(ge=0, le=3650, description="days a scammer needs to set up a new profile (days)")
    takedown_prob: float = prob("chance that a help request gets the video taken down")
    takedown_delay_mean_days: float = days("mean delay of a takedown (days)")


class Scenario(Section):
    """Every parameter of a run, grouped by actor."""

    run: RunParams = RunParams()
    _source: str | None = PrivateAttr(None)
    towns: dict[str, TownParams]
    network: NetworkParams
    recruitment: RecruitmentParams
    scammers: ScammerParams
    markets: dict[str, MarketParams]
    victims: VictimParams
    referrals: ReferralParams
    transfer_offices: TransferOfficeParams
    police: PoliceParams
    shift: ShiftParams = ShiftParams()
    courts: CourtParams
    platforms: PlatformParams
    interventions: list[SerializeAsAny[InterventionParamsBase]] = Field(
        default_factory=list, description="policy levers by registry name, with their schedules")

    @field_validator("interventions", mode="before")
    @classmethod
    def _levers(cls, value: Any) -> Any:
        """Validate each entry with the parameters of the lever it names."""
        if not isinstance(value, list):
            raise ValueError("must be a list of [[interventions]] tables")
        levers, problems = [], []
        for i, entry in enumerate(value):
            where = f"interventions[{i}]"
            if isinstance(entry, InterventionParamsBase):
                levers.append(entry)
                continue
            name = entry.get("name") if isinstance(entry, dict) else None
            if name not in REGISTRY:
                problems.append(f"{where}.name: unknown intervention {name!r}; allowed: {sorted(REGISTRY)}")
                continue
            try:
                levers.append(REGISTRY[name].Params.model_validate(_walk(REGISTRY[name].Params, entry)))
            except ValidationError as exc:
                problems.extend(_describe(e, prefix=where) for e in exc.errors())
        if problems:
            raise ValueError("\n  ".join(problems))
        return levers

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        problems = []
        targets = {"markets": set(self.markets), "towns": set(self.towns), "units": set(self.police.units)}
        for i, lever in enumerate(self.interventions):
            for kind, allowed in targets.items():
                unknown = set(getattr(lever, kind, [])) - allowed
                if unknown:
                    problems.append(f"interventions[{i}].{kind}: unknown {sorted(unknown)}; allowed: {sorted(allowed)}")
        if DOMESTIC_MARKET not in self.markets:
            problems.append(f"markets: a market named '{DOMESTIC_MARKET}' (the domestic one) is required")
        if len(self.towns) > MAX_TOWNS:
            problems.append(f"towns: at most {MAX_TOWNS} towns (got {len(self.towns)}); towns are stored as 8-bit "
                            "indices (MAX_TOWNS in simulation/scenario.py)")
        if sum(t.youth_network for t in self.towns.values()) > MAX_NETWORK:
            problems.append(f"towns.*.youth_network: at most {MAX_NETWORK:,} young people in all towns together "
                            f"(got {sum(t.youth_network for t in self.towns.values()):,}; about 1.5 GB of memory; "
                            "MAX_NETWORK in simulation/scenario.py sets this limit)")
        for name, town in self.towns.items():
            if town.initial_scammers > town.youth_network:
                problems.append(f"towns.{name}.initial_scammers: at most the town's youth_network ({town.youth_network}), "
                                f"got {town.initial_scammers}")
        if not any(t.initial_scammers for t in self.towns.values()):
            problems.append("towns: at least one town needs initial_scammers > 0")
        if not any(t.transfer_offices for t in self.towns.values()):
            problems.append("towns: at least one town needs transfer_offices > 0")
        for name, town in self.towns.items():
            if town.police_unit not in self.police.units:
                problems.append(f"towns.{name}.police_unit: '{town.police_unit}' is not one of {sorted(self.police.units)}")
        if "national" not in self.police.units:
            problems.append("police.units: a unit named 'national' is required")
        modi = self.scammers.modi_operandi
        if set(modi) != set(MODI_OPERANDI):
            problems.append(f"scammers.modi_operandi: must define exactly {list(MODI_OPERANDI)}")
        _check_shares(problems, "scammers.modi_operandi.*.share", {k: v.share for k, v in modi.items()})
        for name, mo in modi.items():
            _check_weights(problems, f"scammers.modi_operandi.{name}.targeting", mo.targeting, set(self.markets))
        ref = self.referrals
        _check_weights(problems, "referrals.foreign_channel_weights", ref.foreign_channel_weights, set(CHANNELS),
                       exact=True)
        _check_keys(problems, "referrals.channel_delay_mean_days", ref.channel_delay_mean_days, set(CHANNELS))
        for ch, d in ref.channel_delay_mean_days.items():
            if not 0 < d <= MAX_DAYS:
                problems.append(f"referrals.channel_delay_mean_days.{ch}: must be > 0 and <= {MAX_DAYS} days (got {d})")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def value_at(self, path: str) -> Any:
        """The value at a dotted path such as ``police.units.national.capacity`` (``interventions.0.intensity``
        for a field of the first intervention)."""
        node = self.model_dump()
        for key in path.replace("__", ".").split("."):
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node

    def with_overrides(self, overrides: dict[str, Any]) -> Scenario:
        """A copy with some values replaced; keys are dotted paths such as ``police.units.national.capacity``
        (``interventions.0.intensity`` for a field of the first intervention)."""
        data = self.model_dump()
        for key_path, value in overrides.items():
            path = key_path.replace("__", ".")
            node = data
            keys = path.split(".")
            for key in keys[:-1]:
                if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                    node = node[int(key)]
                elif isinstance(node, dict) and key in node:
                    node = node[key]
                else:
                    raise ScenarioError(f"{path}: no such scenario parameter")
            if not isinstance(node, dict) or keys[-1] not in node:
                raise ScenarioError(f"{path}: no such scenario parameter")
            old = node[keys[-1]]
            if isinstance(old, date) and isinstance(value, str):
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    raise ScenarioError(f"{path}: expected a date YYYY-MM-DD (got {value!r})") from None
            if isinstance(old, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            elif isinstance(old, int) and isinstance(value, float) and value.is_integer():
                value = int(value)  # a slider's 40.0 for a count
            node[keys[-1]] = value
        result = validate_scenario(data)
        result._source = self._source
        return result

    def with_interventions(self, *levers: dict[str, Any]) -> Scenario:
        """A copy with more levers, each a mapping as in an ``[[interventions]]`` table."""
        data = self.model_dump()
        data["interventions"] = data["interventions"] + [dict(lever) for lever in levers]
        result = validate_scenario(data)
        result._source = self._source
        return result

    @property
    def source(self) -> str | None:
        """The file this scenario was loaded from, if any."""
        return self._source

    def digest(self) -> str:
        """SHA-256 of the scenario's content (independent of file formatting)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def _check_keys(problems: list, where: str, mapping: dict, allowed: set) -> None:
    if set(mapping) != allowed:
        problems.append(f"{where}: keys must be exactly {sorted(allowed)} (got {sorted(mapping)})")


def _check_shares(problems: list, where: str, shares: dict[str, float]) -> None:
    for key, value in shares.items():
        if not 0.0 <= value <= 1.0:
            problems.append(f"{where}.{key}: must be in [0, 1] (got {value})")
    total = sum(shares.values())
    if abs(total - 1.0) > 1e-6:
        problems.append(f"{where}: shares must sum to 1 (got {total:.6g})")


def _check_weights(problems: list, where: str, weights: dict[str, float], allowed: set, exact: bool = False) -> None:
    """Relative weights: keys among ``allowed`` (all of them if ``exact``), >= 0, not all zero."""
    if exact:
        _check_keys(problems, where, weights, allowed)
    elif unknown := set(weights) - allowed:
        problems.append(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    if any(w < 0 for w in weights.values()) or not sum(weights.values()) > 0:
        problems.append(f"{where}: weights must be >= 0 with a positive sum")


def _describe(error: dict, prefix: str = "") -> str:
    where = ".".join([prefix] * bool(prefix) + [str(p) for p in error["loc"]]) or "scenario"
    kind = error["type"]
    ctx = error.get("ctx", {})
    got = error.get("input")
    if kind == "extra_forbidden":
        return f"{where}: unknown key"
    if kind == "missing":
        return f"{where}: required value is missing"
    bounds = {"greater_than_equal": ">= {ge}", "greater_than": "> {gt}", "less_than_equal": "<= {le}", "less_than": "< {lt}"}
    if kind in bounds:
        field_info = bounds[kind].format(**ctx)
        limit = LIMITS.get(str(error["loc"][-1])) if kind == "less_than_equal" else None
        hint = f"; {limit} in simulation/scenario.py sets this limit" if limit else ""
        return f"{where}: must be {field_info} (got {got!r}{hint})"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return message if message.startswith(where + "[") else f"{where}: {message}"
    return f"{where}: {error['msg']} (got {got!r})"


def validate_scenario(data: dict[str, Any]) -> Scenario:
    """Validate a mapping as a :class:`Scenario`, raising :class:`ScenarioError` with readable lines."""
    try:
        return Scenario.model_validate(_coerce_numbers(data))
    except ValidationError as exc:
        lines = [_describe(e) for e in exc.errors()]
        raise ScenarioError("invalid scenario:\n  " + "\n  ".join(lines)) from None


def _coerce_numbers(data: Any) -> Any:
    """TOML writes ``5`` for a float field that happens to be whole: let integers stand for floats.

    Strict mode otherwise rejects ints where floats are expected; the reverse (floats for ints)
    stays an error.
    """
    return _walk(Scenario, data)


def _walk(model: type[BaseModel], data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for name, field in model.model_fields.items():
        if name not in out:
            continue
        ann = field.annotation
        value = out[name]
        if ann is float and isinstance(value, int) and not isinstance(value, bool):
            out[name] = float(value)
        elif isinstance(ann, type) and issubclass(ann, BaseModel):
            out[name] = _walk(ann, value)
        elif getattr(ann, "__origin__", None) is dict and isinstance(value, dict):
            inner = ann.__args__[1]
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                out[name] = {k: _walk(inner, v) for k, v in value.items()}
            elif inner is float:
                out[name] = {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in value.items()}
    return out


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; the scenario remembers the file it came from.

    A file may start with ``extends = "other.toml"`` (relative to itself): it then holds only what
    differs from that file. Tables are merged key by key; ``[[interventions]]`` are appended to
    those of the file it extends.
    """
    path = Path(path)
    data = _read(path, (), (path.resolve().parent, SCENARIOS_DIR))
    try:
        scenario = validate_scenario(data)
    except ScenarioError as exc:
        raise ScenarioError(f"{path}: {exc}") from None
    scenario._source = str(path)
    return scenario


def _read(path: Path, seen: tuple, roots: tuple[Path, ...]) -> dict:
    """The file's tables merged over those it extends; ``extends`` may only name a file inside
    ``roots`` (the first file's folder tree and the project's scenarios/), never elsewhere."""
    data = _parse(path)
    base = data.pop("extends", None)
    if base is None:
        return data
    if not isinstance(base, str):
        raise ScenarioError(f"{path}: extends must be the name of a scenario file (got {base!r})")
    base_path = path.parent / base
    if not any(base_path.resolve().is_relative_to(root) for root in roots):
        raise ScenarioError(f"{path}: extends {base!r} is outside the scenario's folder and the project's "
                            f"scenarios/ folder; a scenario may only extend files there")
    if base_path.resolve() in seen + (path.resolve(),):
        raise ScenarioError(f"{path}: extends {base} in a loop")
    return _merge(_read(base_path, seen + (path.resolve(),), roots), data)


def _parse(path: Path) -> dict:
    """The TOML tables of a scenario file: a regular file of at most ``MAX_FILE_BYTES``, in UTF-8
    (a byte-order mark is allowed), read no further than that (``/dev/zero`` is refused, not read
    forever)."""
    try:
        if not path.is_file():
            what = "no such file" if not path.exists() else "not a regular file" if not path.is_dir() else "a folder"
            raise ScenarioError(f"cannot read scenario file {path}: {what} (a scenario is a TOML file)")
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario file {path}: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(f"{path}: larger than {MAX_FILE_BYTES / 1e6:g} MB, the limit for a scenario file "
                            "(MAX_FILE_BYTES in simulation/scenario.py)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not a text file in UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r}); "
                            "a scenario is a TOML file in UTF-8") from None
    if "\x00" in text:
        raise ScenarioError(f"{path}: not a text file in UTF-8 (it holds NUL bytes); a scenario is a TOML file")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{path}: not a usable TOML file: its arrays or tables are nested too deeply") from None


def _merge(base: dict, changes: dict) -> dict:
    merged = dict(base)
    for key, value in changes.items():
        if key == "interventions":
            if not isinstance(value, list):
                raise ScenarioError(f"interventions: must be a list of [[interventions]] tables (got {value!r})")
            merged[key] = list(base.get(key, [])) + list(value)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
