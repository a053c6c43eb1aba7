"""The outputs of a run, each declared once: name, unit, kind, labels (English, French), meaning.

A **flow** is counted over a day (summed over months or years); a **stock** is a count at the end
of a day (the last value of a period). An output whose name holds a placeholder is a **family**,
one column per member: ``{market}`` the scenario's target markets, ``{town}`` its hub towns,
``{outlet}`` where a payment was cashed out (the town of the transfer office, or ``other_channel``
for payments through other channels), ``{channel}`` the referral channels and ``{mo}`` the modi
operandi. A family with two placeholders (``amount_paid_mad_{market}_via_{outlet}``) has one column
per pair. A family with ``sums_to`` adds up, every day, exactly to that output.

Adding an output is one line of :data:`OUTPUTS` plus the code that counts it (flows:
``flows["name"] += n`` during the day; stocks: a value in the dict given to ``Results.record``).
``python scripts/outputs_table.py`` writes the table of docs/outputs.md from this list.
"""

from __future__ import annotations

import itertools
import string
from dataclasses import dataclass, replace

from .scenario import CHANNELS, MODI_OPERANDI, ScenarioError

FLOW, STOCK = "flow", "stock"
OTHER_CHANNEL = "other_channel"  # the cash-out outlet of payments that avoid the transfer offices


@dataclass(frozen=True)
class Output:
    """One output, or a family of outputs (``name`` with a placeholder such as ``{market}``)."""

    name: str
    unit: str
    kind: str
    label: str
    label_fr: str
    description: str
    sums_to: str | None = None  # a family adds up to this output every day
    headline: bool = False      # shown in the command line's summary table

    @property
    def over(self) -> tuple[str, ...]:
        """The placeholders of a family (``market``, ``town``, ``outlet``, ``channel``, ``mo``) in
        order; empty for a single output."""
        return tuple(f for _, f, _, _ in string.Formatter().parse(self.name) if f)

    def member(self, *keys: str) -> Output:
        """The output of one member of a family (a key per placeholder), its labels naming the member."""
        shown = [key.replace("_", " ") for key in keys]
        return replace(self, name=self.name.format(**dict(zip(self.over, keys))), label=self.label.format(*shown),
                       label_fr=self.label_fr.format(*shown))


def _flow(name, unit, label, label_fr, description, **more) -> Output:
    return Output(name, unit, FLOW, label, label_fr, description, **more)


def _stock(name, unit, label, label_fr, description, **more) -> Output:
    return Output(name, unit, STOCK, label, label_fr, description, **more)


OUTPUTS: tuple[Output, ...] = (
    _flow("contacts", "contacts", "Online contacts", "Contacts en ligne", "online contacts made by scammers"),
    _flow("engagements", "contacts", "Video chats accepted", "Appels vidéo acceptés",
          "contacts who accepted a video chat"),
    _flow("victims_threatened", "victims", "New victims threatened", "Nouvelles victimes menacées",
          "new victims: a video chat recorded, threatened the same day", headline=True),
    _flow("threats", "threats", "Threats", "Menaces", "all threats, including repeated and renewed ones"),
    _flow("repeat_demands", "demands", "Repeat demands", "Nouvelles demandes", "new demands to victims who had paid"),
    _flow("victims_asked_again", "victims", "Victims asked again", "Victimes sollicitées à nouveau",
          "victims receiving a new demand after paying, counted the first time"),
    _flow("payments", "payments", "Payments made", "Paiements effectués",
          "payments by victims, through a transfer office or another channel", headline=True),
    _flow("victims_paid", "victims", "Victims who paid", "Victimes ayant payé", "victims paying for the first time"),
    _flow("amount_paid_mad", "MAD", "Paid by victims", "Payé par les victimes",
          "paid by victims = mta_fees_mad + other_channel_costs_mad + scammer_income_mad", headline=True),
    _flow("mta_fees_mad", "MAD", "Transfer-office fees", "Frais des agences de transfert",
          "kept by transfer offices as fees (with the extra fee of identity checks under monitoring)"),
    _flow("other_channel_costs_mad", "MAD", "Other-channel costs", "Coûts des autres canaux",
          "lost to intermediaries of other payment channels"),
    _flow("scammer_income_mad", "MAD", "Received by scammers", "Reçu par les escrocs",
          "received by scammers after fees and costs"),
    _flow("payments_other_channel", "payments", "Payments through other channels", "Paiements par d'autres canaux",
          "payments cashed out outside the transfer offices, over a monthly cap (displacement); part of payments"),
    _flow("cases_ended", "cases", "Cases ended", "Affaires terminées",
          "cases ending (scammer stopped, video published or taken down)"),
    _flow("cases_ended_after_6_months", "cases", "Cases ended after 6 months", "Affaires terminées après 6 mois",
          "cases ending after threats that went on for more than six months (182 days)"),
    _flow("refusals", "refusals", "Refusals to pay", "Refus de payer", "demands refused by victims"),
    _flow("reports", "victims", "Reports to their own police", "Plaintes à leur propre police",
          "victims who report to the police of their own country"),
    _flow("help_requests", "requests", "Help requests", "Demandes d'aide",
          "victims who contact a helpline or victims' association"),
    _flow("takedowns", "videos", "Videos taken down", "Vidéos retirées", "threatened videos taken down"),
    _flow("publications", "videos", "Videos published", "Vidéos publiées", "threatened videos published"),
    _flow("mta_flags", "flags", "Transfer-office flags", "Signalements des agences de transfert",
          "suspicious receipts flagged to the police by transfer offices"),
    _flow("office_moves", "moves", "Moves to another office", "Changements d'agence",
          "scammers moving to another transfer office (after a flag, or away from monitoring)"),
    _flow("cases_recorded", "cases", "Cases recorded by police", "Affaires enregistrées par la police",
          "complaints registered by the Moroccan police, all channels", headline=True),
    _flow("cases_{channel}", "cases", "Cases recorded: {}", "Affaires enregistrées : {}",
          "recorded cases that reached the police by this channel", sums_to="cases_recorded"),
    _flow("cases_mo_{mo}", "cases", "Cases recorded: {}", "Affaires enregistrées : {}",
          "recorded cases against scammers of this modus operandi", sums_to="cases_recorded"),
    _flow("victims_moroccan", "victims", "Moroccan victims in recorded cases",
          "Victimes marocaines des affaires enregistrées", "recorded cases whose victim is Moroccan"),
    _flow("victims_foreign", "victims", "Foreign victims in recorded cases",
          "Victimes étrangères des affaires enregistrées", "recorded cases whose victim is foreign"),
    _flow("investigations_started", "investigations", "Investigations started", "Enquêtes ouvertes",
          "investigations started by the police units"),
    _flow("arrests", "persons", "Arrests", "Arrestations", "scammers arrested (with co-offenders)", headline=True),
    _flow("convictions", "persons", "Convictions", "Condamnations", "scammers convicted to prison"),
    _flow("releases", "persons", "Releases", "Libérations", "scammers released from custody or prison"),
    _flow("recruits", "persons", "Recruits", "Recrues", "people who take up scamming (new or returning)"),
    _flow("desistances", "persons", "Desistances", "Abandons", "active scammers who give up"),
    _flow("profiles_removed", "profiles", "Fake profiles removed", "Faux profils supprimés",
          "fake profiles removed by platforms"),
    _flow("intervention_cost_mad", "MAD", "Cost of interventions", "Coût des interventions",
          "cost of the policy levers in force"),
    _flow("victims_threatened_{market}", "victims", "New victims threatened: {}", "Nouvelles victimes menacées : {}",
          "new victims threatened in this target market", sums_to="victims_threatened"),
    _flow("reports_{market}", "victims", "Reports to their own police: {}", "Plaintes à leur propre police : {}",
          "victims of this market who report to the police of their own country", sums_to="reports"),
    _flow("amount_paid_mad_{market}", "MAD", "Paid by victims in {}", "Payé par les victimes : {}",
          "paid by victims of this market", sums_to="amount_paid_mad"),
    _flow("mta_fees_mad_{market}", "MAD", "Transfer-office fees on {}", "Frais des agences de transfert : {}",
          "transfer-office fees on payments by victims of this market", sums_to="mta_fees_mad"),
    _flow("other_channel_costs_mad_{market}", "MAD", "Other-channel costs on {}", "Coûts des autres canaux : {}",
          "other-channel costs on payments by victims of this market", sums_to="other_channel_costs_mad"),
    _flow("scammer_income_mad_{market}", "MAD", "Received by scammers from {}", "Reçu par les escrocs : {}",
          "scammers' income from victims of this market", sums_to="scammer_income_mad"),
    _flow("amount_paid_mad_via_{outlet}", "MAD", "Paid by victims, cashed out via {}",
          "Payé par les victimes, encaissé via {}",
          "paid by victims, cashed out at transfer offices in this town (other_channel: through other channels)",
          sums_to="amount_paid_mad"),
    _flow("mta_fees_mad_via_{outlet}", "MAD", "Transfer-office fees via {}", "Frais des agences de transfert via {}",
          "fees kept by the transfer offices of this town (other_channel: none)", sums_to="mta_fees_mad"),
    _flow("other_channel_costs_mad_via_{outlet}", "MAD", "Other-channel costs via {}", "Coûts des autres canaux via {}",
          "lost to intermediaries (other_channel: all of it; a town: none)", sums_to="other_channel_costs_mad"),
    _flow("scammer_income_mad_via_{outlet}", "MAD", "Received by scammers via {}", "Reçu par les escrocs via {}",
          "scammers' income cashed out in this town (other_channel: through other channels)",
          sums_to="scammer_income_mad"),
    _flow("scammer_income_mad_home_{town}", "MAD", "Received by scammers living in {}",
          "Reçu par les escrocs habitant {}", "scammers' income by the scammers' home town",
          sums_to="scammer_income_mad"),
    _flow("amount_paid_mad_{market}_via_{outlet}", "MAD", "Paid by victims in {}, cashed out via {}",
          "Payé par les victimes : {}, encaissé via {}",
          "paid by victims of this market and cashed out at this outlet (money from markets to outlets)",
          sums_to="amount_paid_mad"),
    _flow("scammer_income_mad_via_{outlet}_home_{town}", "MAD", "Received via {} by scammers living in {}",
          "Reçu via {} par les escrocs habitant {}",
          "scammers' income cashed out at this outlet, by the scammers' home town (money from outlets to towns)",
          sums_to="scammer_income_mad"),
    _stock("active_scammers", "scammers", "Active scammers", "Escrocs actifs", "scammers active at the end of the day",
           headline=True),
    _stock("in_custody", "persons", "In custody", "En garde à vue ou détention provisoire",
           "arrested scammers awaiting trial"),
    _stock("in_prison", "persons", "In prison", "En prison", "convicted scammers serving a prison term"),
    _stock("desisted", "persons", "Desisted", "Ayant abandonné", "former scammers who gave up or were released and stopped"),
    _stock("victims_under_threat", "victims", "Victims under threat", "Victimes sous la menace",
           "open cases, in any open state"),
    _stock("police_queue", "scammers", "Leads queued by police", "Pistes en attente à la police",
           "scammers waiting in the police units' queues"),
    _stock("active_scammers_{town}", "scammers", "Active scammers living in {}", "Escrocs actifs habitant {}",
           "active scammers living in this town", sums_to="active_scammers"),
    _stock("cashing_out_{town}", "scammers", "Active scammers cashing out in {}", "Escrocs actifs encaissant à {}",
           "active scammers whose transfer office is in this town (where displacement shows)",
           sums_to="active_scammers"),
)

DECLARED: dict[str, Output] = {o.name: o for o in OUTPUTS}
HEADLINES: tuple[str, ...] = tuple(o.name for o in OUTPUTS if o.headline)


def members(over: str, markets: list[str], towns: list[str]) -> list[str]:
    """The members a family placeholder stands for, in a scenario with these markets and towns."""
    return {"market": list(markets), "town": list(towns), "outlet": [*towns, OTHER_CHANNEL],
            "channel": list(CHANNELS), "mo": list(MODI_OPERANDI)}[over]


def keys(output: Output, markets: list[str], towns: list[str]) -> list[tuple[str, ...]]:
    """One tuple of keys per column of ``output`` (the last placeholder varying fastest); ``[()]``
    for a single output."""
    return list(itertools.product(*(members(over, markets, towns) for over in output.over)))


def names(family: str, markets: list[str], towns: list[str]) -> list[str]:
    """The column names of a declared family, e.g. ``names("reports_{market}", markets, towns)``;
    for two placeholders, the last varies fastest."""
    output = DECLARED[family]
    return [output.member(*key).name for key in keys(output, markets, towns)]


def expand(markets: list[str], towns: list[str]) -> list[Output]:
    """Every output of a run with these markets and towns, families expanded, in declaration order.

    Raises ScenarioError if two columns would have the same name (a town called ``other_channel``).
    """
    outputs = [o.member(*key) for o in OUTPUTS for key in keys(o, markets, towns)]
    seen: set[str] = set()
    repeated = [o.name for o in outputs if o.name in seen or seen.add(o.name)]
    if repeated:
        raise ScenarioError(f"outputs named twice (rename the market or town): {repeated}")
    return outputs



def market_flows(market: str) -> tuple[str, str]:
    """New victims threatened in the market, and those of them who report to their own police."""
    return DECLARED["victims_threatened_{market}"].member(market).name, DECLARED["reports_{market}"].member(market).name
