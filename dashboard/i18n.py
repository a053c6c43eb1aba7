"""The words of the interface in English and French, and numbers written the way each reads them.

Output labels and units come from :mod:`simulation.registry` (never typed here); this module holds
only the interface's own strings (``STRINGS``) and the names of the levers.
"""

from __future__ import annotations

import math
import re
from functools import cache

from analysis.compare import OUTCOMES
from simulation.registry import DECLARED

LANGS = {"en": "English", "fr": "Français"}

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Webcam blackmail in central Morocco: policy dashboard",
                  "Chantage à la webcam au centre du Maroc : tableau de bord des politiques"),
    "short_title": ("Webcam blackmail: policy dashboard", "Chantage à la webcam : tableau de bord"),
    "language": ("Language", "Langue"),
    "nav_overview": ("Overview", "Vue d'ensemble"),
    "nav_builder": ("Scenario builder", "Construire un scénario"),
    "nav_compare": ("Compare", "Comparer"),
    "nav_methods": ("Methods", "Méthodes"),
    "nav_money": ("Money flows", "Flux d'argent"),
    "nav_network": ("Network", "Réseau"),
    "overview_intro": (
        "This model simulates the webcam-blackmail economy that grew from Oued Zem and neighbouring towns "
        "from 2014: people who use fake profiles to record strangers in video chats and demand money, the "
        "victims they reach in several countries, the money-transfer offices where payments are cashed out, "
        "and the police who investigate. It is fitted to the police figures published for 2018-2021; many "
        "inputs remain assumptions. Read the charts as patterns and as comparisons between policies, not as "
        "counts of real cases.",
        "Ce modèle simule l'économie du chantage à la webcam née à Oued Zem et dans les villes voisines à "
        "partir de 2014 : des personnes qui utilisent de faux profils pour enregistrer des inconnus lors "
        "d'appels vidéo et leur demander de l'argent, les victimes qu'elles atteignent dans plusieurs pays, "
        "les agences de transfert où les paiements sont encaissés, et la police qui enquête. Il est ajusté "
        "aux chiffres de la police publiés pour 2018-2021 ; beaucoup d'entrées restent des hypothèses. Lisez "
        "les graphiques comme des tendances et des comparaisons entre politiques, non comme des décomptes "
        "de cas réels."),
    "overview_charts": ("The baseline to {end}: median and 90 % band over {n} seeds",
                        "Le scénario de référence jusqu'en {end} : médiane et bande à 90 % sur {n} tirages aléatoires"),
    "overview_running": ("Simulating the baseline: {done} of {total} runs", "Simulation de la référence : {done} sur {total}"),
    "median": ("median", "médiane"),
    "band": ("90 % band", "bande à 90 %"),
    "published": ("published police figure", "chiffre publié par la police"),
    "published_partial": ("published, {period}", "publié, {period}"),
    "calibration_window": ("fitted to published figures", "ajusté aux chiffres publiés"),
    "projection": ("projection", "projection"),
    "comparison_period": ("outcome period", "période étudiée"),
    "year": ("year", "année"),
    "methods_intro": ("How the model works, how it was fitted, what each policy lever does, what a run gives, and "
                      "a 30-minute workshop script.",
                      "Fonctionnement du modèle, ajustement, leviers d'action, résultats d'une simulation et déroulé "
                      "d'un atelier de 30 minutes. Chaque document est résumé en français ; le texte complet n'existe "
                      "qu'en anglais, sauf le déroulé d'atelier, écrit dans les deux langues."),
    "english_only": ("The document below is in English only.",
                     "Le document ci-dessous n'existe qu'en anglais (texte complet de référence)."),
    "doc_ODD": ("Model description (ODD)", "Description du modèle (ODD)"),
    "doc_calibration": ("Calibration", "Calibrage"),
    "doc_validation": ("Validation and forecast", "Validation et prévision"),
    "doc_interventions": ("Policy levers", "Leviers d'action"),
    "doc_outputs": ("Outputs", "Sorties"),
    "doc_workshop": ("Workshop script", "Déroulé d'atelier"),
    "builder_intro": (
        "Start from the baseline to 2030 or a preset, switch levers on, set their dates, strength and "
        "targets. The policies already in place (grey in the timeline) continue in every scenario.",
        "Partez de la référence jusqu'en 2030 ou d'un scénario prédéfini, activez des leviers, réglez leurs "
        "dates, leur intensité et leurs cibles. Les politiques déjà en place (en gris sur la frise) se "
        "poursuivent dans tous les scénarios."),
    "start_from": ("Start from", "Partir de"),
    "scenario_name": ("Scenario name", "Nom du scénario"),
    "description": ("Description", "Description"),
    "name_of_preset": ("Scenario name: {name!r} is the name of a preset with other values; allowed: a name of its own",
                       "Nom du scénario : « {name} » est le nom d'un scénario prédéfini aux valeurs différentes ; "
                       "attendu : un nom qui lui soit propre"),
    "description_in_french": ("{text}", "Ce scénario, en français : {text}"),
    "lever_on": ("In this scenario", "Dans ce scénario"),
    "start": ("Start (YYYY-MM-DD)", "Début (AAAA-MM-JJ)"),
    "end": ("End (YYYY-MM-DD, empty: to the end)", "Fin (AAAA-MM-JJ, vide : jusqu'au bout)"),
    "recurring": ("Only in a yearly window", "Seulement dans une fenêtre annuelle"),
    "share": ("share 0-1", "part 0-1"),
    "range": ("range", "plage"),
    "timeline": ("Timeline of the levers", "Frise des leviers"),
    "intensity": ("intensity", "intensité"),
    "in_place": ("in place", "en place"),
    "valid": ("The scenario is valid.", "Le scénario est valide."),
    "invalid": ("Fix the fields marked in red.", "Corrigez les champs signalés en rouge."),
    "save_toml": ("Download the scenario (TOML)", "Télécharger le scénario (TOML)"),
    "add_to_compare": ("Keep for comparison", "Garder pour la comparaison"),
    "kept": ("Kept for comparison: {names}", "Gardés pour la comparaison : {names}"),
    "upload": ("Load a scenario file (TOML, at most {kb} kB)", "Charger un fichier de scénario (TOML, {kb} ko au plus)"),
    "uploaded": ("Loaded {name}.", "{name} chargé."),
    "compare_intro": (
        "Each scenario is run with the same seeds as the baseline (paired replicates), so the differences "
        "reflect the policies, not luck. Intervals are 90 % intervals of the mean difference.",
        "Chaque scénario est simulé avec les mêmes tirages aléatoires que la référence (répétitions appariées) : les "
        "écarts reflètent les politiques, pas le hasard. Les intervalles sont à 90 % pour l'écart moyen."),
    "baseline": ("Baseline", "Référence"),
    "scenarios": ("Scenarios (up to {n})", "Scénarios (jusqu'à {n})"),
    "seeds": ("Paired seeds", "Tirages appariés"),
    "first_year": ("First year", "Première année"),
    "last_year": ("Last year", "Dernière année"),
    "run": ("Run the comparison", "Lancer la comparaison"),
    "cancel": ("Cancel", "Annuler"),
    "cancelled": ("The comparison was cancelled.", "La comparaison a été annulée."),
    "progress": ("Runs done: {done} of {total}", "Simulations terminées : {done} sur {total}"),
    "queued": ("Groups of runs waiting for a free processor (all visitors): {n}",
               "Groupes de simulations en attente d'un processeur libre (tous visiteurs) : {n}"),
    "queue_position": ("Your comparison is {place} in the queue: it starts when the runs ahead of it are done.",
                       "Votre comparaison est en {place} position dans la file d'attente : elle démarre "
                       "quand les simulations qui la précèdent sont terminées."),
    "choose_scenario": ("Choose at least one scenario.", "Choisissez au moins un scénario."),
    "differences": ("Differences against the baseline, {first}-{last}",
                    "Écarts par rapport à la référence, {first}-{last}"),
    "outcome": ("Outcome", "Résultat"),
    "unit": ("Unit", "Unité"),
    "scenario": ("Scenario", "Scénario"),
    "baseline_mean": ("Baseline mean", "Moyenne de référence"),
    "scenario_mean": ("Scenario mean", "Moyenne du scénario"),
    "difference": ("Difference [90 % interval]", "Écart [intervalle à 90 %]"),
    "change": ("Change", "Variation"),
    "downloads": ("Downloads", "Téléchargements"),
    "save_png": ("Save as PNG image", "Enregistrer en image PNG"),
    "replicates_csv": ("Replicates (CSV)", "Répétitions (CSV)"),
    "replicates_parquet": ("Replicates (Parquet)", "Répétitions (Parquet)"),
    "summary_csv": ("Summary (CSV)", "Résumé (CSV)"),
    "brief_html": ("Brief (HTML)", "Note (HTML)"),
    "charts_html": ("Charts (HTML)", "Graphiques (HTML)"),
    "brief_title": ("Scenario comparison", "Comparaison de scénarios"),
    "brief_what": ("{n} paired seeds per scenario; outcomes over {first}-{last}; baseline: {baseline}.",
                   "{n} tirages appariés par scénario ; résultats sur {first}-{last} ; référence : {baseline}."),
    "brief_limits": (
        "Limits: the model is fitted to a few published police figures (2018-2021) and many inputs are "
        "assumptions, including the strength and cost of each policy. Differences are more reliable than "
        "levels. Intervals reflect the model's randomness only, not the uncertainty of its inputs.",
        "Limites : le modèle est ajusté à quelques chiffres publiés par la police (2018-2021) et beaucoup "
        "d'entrées sont des hypothèses, dont l'intensité et le coût de chaque politique. Les écarts sont plus "
        "fiables que les niveaux. Les intervalles ne reflètent que l'aléa du modèle, pas l'incertitude sur "
        "ses entrées."),
    "at_end": ("at the end", "à la fin"),
    "displacement": ("Displacement (office moves + payments through other channels)",
                     "Déplacement (changements d'agence + paiements par d'autres canaux)"),
    "cost_per_spared": ("Cost per victim spared", "Coût par victime épargnée"),
    "error": ("Error", "Erreur"),
    "money_intro": (
        "Where the money paid by victims goes: from the victims' markets, through the transfer offices of each "
        "town or other payment channels, to the offices' fees, the costs of other channels and the income of the "
        "scammers by the town where they live. Each band is the median over the seeds (point to a band for its "
        "amount, its share of all money paid and its 90 % band). Monitoring transfer offices shows as money "
        "moving to offices in other towns and to other channels.",
        "Ce que devient l'argent payé par les victimes : des marchés des victimes, par les agences de transfert de "
        "chaque ville ou d'autres canaux de paiement, jusqu'aux frais des agences, aux coûts des autres canaux et "
        "au revenu des escrocs selon la ville où ils habitent. Chaque flux est la médiane sur les tirages "
        "(survolez un flux pour son montant, sa part de tout l'argent payé et sa bande à 90 %). La surveillance "
        "des agences de transfert se voit à l'argent qui passe vers les agences d'autres villes et vers "
        "d'autres canaux."),
    "money_source_comparison": ("From your comparison on the Compare page: {n} paired seeds.",
                                "D'après votre comparaison (page Comparer) : {n} tirages appariés."),
    "money_source_baseline": (
        "The baseline only ({n} seeds, as on the overview). Run a comparison on the Compare page to see a scenario "
        "beside it.",
        "La référence seule ({n} tirages, comme sur la vue d'ensemble). Lancez une comparaison (page Comparer) pour "
        "voir un scénario à côté."),
    "money_scenario": ("Scenario beside the baseline", "Scénario à côté de la référence"),
    "money_years": ("Years", "Années"),
    "money_title": ("{scenario}, {years}: {total} MAD paid", "{scenario}, {years} : {total} MAD payés"),
    "money_change_title": ("Change with {scenario} against {baseline}, {years} (median and 90 % band, MAD)",
                           "Écart de {scenario} par rapport à {baseline}, {years} (médiane et bande à 90 %, MAD)"),
    "money_column_market": ("Victims' market", "Marché des victimes"),
    "money_column_outlet": ("Cashed out", "Encaissement"),
    "money_column_end": ("Where it ends", "Destination"),
    "money_market": ("Victims: {place}", "Victimes : {place}"),
    "money_outlet": ("Offices: {place}", "Agences : {place}"),
    "money_other_channels": ("Other channels", "Autres canaux"),
    "money_home": ("Scammers' income: {place}", "Revenu des escrocs : {place}"),
    "money_hover": ("{mad} MAD, {share} % of all money paid<br>90 % band: {low} to {high} MAD",
                    "{mad} MAD, {share} % de tout l'argent payé<br>bande à 90 % : de {low} à {high} MAD"),
    "nav_live": ("Live", "En direct"),
    "live_intro": (
        "One run of the model, month by month. Switch a lever on at any moment: the run goes on with it (bold) "
        "beside the same run without it (faint line). Same seed, so the gap is the lever's doing.",
        "Une simulation du modèle, mois par mois. Activez un levier à tout moment : la simulation continue avec "
        "lui (trait épais) à côté de la même simulation sans lui (ligne pâle). Même tirage : l'écart est dû au levier."),
    "live_play": ("Play", "Lecture"),
    "live_pause": ("Pause", "Pause"),
    "live_step": ("Step", "Avancer"),
    "live_reset": ("Reset", "Recommencer"),
    "live_tick": ("Each step:", "Chaque pas :"),
    "live_tick_day": ("day", "jour"),
    "live_tick_week": ("week", "semaine"),
    "live_tick_month": ("month", "mois"),
    "live_tick_quarter": ("quarter", "trimestre"),
    "live_story": ("Story", "Histoire"),
    "live_free": ("Free run: the baseline to 2030", "Libre : la référence jusqu'en 2030"),
    "live_playing_to": ("Playing to {date}...", "Lecture jusqu'au {date}..."),
    "live_look_for": ("What to look for: {text}", "À observer : {text}"),
    "live_switch_story": ("Switch on now", "Activer maintenant"),
    "live_levers": ("Switch a lever on now", "Activer un levier maintenant"),
    "live_on_since": ("{date}: {levers}", "{date} : {levers}"),
    "live_month": ("Numbers for {month}", "Chiffres de {month}"),
    "live_so_far": ("{month}, so far", "{month}, en cours"),
    "live_against": ("{diff} ({pct} %) against the faint line", "{diff} ({pct} %) par rapport à la ligne pâle"),
    "live_against_none": ("{diff} against the faint line", "{diff} par rapport à la ligne pâle"),
    "live_levers_on": ("{n} levers on", "{n} leviers activés"),
    "live_no_lever": ("No lever switched on yet", "Aucun levier activé pour l'instant"),
    "live_without": ("without the levers", "sans les leviers"),
    "live_with": ("with the levers", "avec les leviers"),
    "live_over": ("End of the run.", "Fin de la simulation."),
    "money_change_hover": ("median change {mad} MAD<br>90 % band: {low} to {high} MAD",
                           "écart médian {mad} MAD<br>bande à 90 % : de {low} à {high} MAD"),
    "network_intro": (
        "How the know-how spreads through the youth network of the hub towns in one run of the baseline: each "
        "person is never involved, an active scammer, in custody, in prison or has desisted. A young person takes "
        "it up with a chance that grows with the number of active scammers among their ties. Move the date to "
        "watch it grow from 2014.",
        "Comment le savoir-faire se diffuse dans le réseau des jeunes des villes concernées, dans une simulation "
        "de la référence : chaque personne n'a jamais été impliquée, est un escroc actif, en garde à vue, en prison "
        "ou a abandonné. Un jeune s'y met avec une probabilité qui croît avec le nombre d'escrocs actifs parmi ses "
        "liens. Déplacez la date pour voir la diffusion depuis 2014."),
    "network_seed": ("Run (seed)", "Simulation (tirage)"),
    "network_recording": ("Simulating the run and recording its network: {done} of {total} days",
                          "Simulation et enregistrement du réseau : {done} jours sur {total}"),
    "network_cancel": ("Stop", "Arrêter"),
    "network_cancelled": ("Stopped.", "Arrêté."),
    "network_restart": ("Start again", "Relancer"),
    "network_date": ("Date: {date}", "Date : {date}"),
    "network_never": ("Never involved", "Jamais impliqué"),
    "network_people": ("{n} people", "{n} personnes"),
    "network_ties_between": ("{a} - {b}: {n} ties", "{a} - {b} : {n} liens"),
    "network_towns_title": ("People by state and ties between towns, {date}",
                            "Personnes par état et liens entre villes, {date}"),
    "network_counts_title": ("People by town and state, {date}", "Personnes par ville et état, {date}"),
    "network_town": ("Town", "Ville"),
    "network_total": ("All towns", "Toutes les villes"),
    "network_all": ("People", "Personnes"),
    "network_sample_town": ("Town of the sample", "Ville de l'échantillon"),
    "network_sample_title": ("{town}, {date}<br>the {n} people nearest by ties to its first scammer (centre)",
                             "{town}, {date}<br>les {n} personnes les plus proches de son premier escroc (centre)"),
    "network_sample_help": (
        "Rings: distance in ties from the town's first scammer. Click a scammer to see them below.",
        "Anneaux : distance en liens du premier escroc de la ville. Cliquez sur un escroc pour le voir ci-dessous."),
    "network_show_ties": ("Draw the ties (grey; slower to redraw)", "Tracer les liens (en gris ; plus lent à redessiner)"),
    "network_person_hover": ("person {node}, {hops} ties from the centre", "personne {node}, à {hops} liens du centre"),
    "network_chosen": ("Scammer shown below", "Escroc montré ci-dessous"),
    "ego_heading": ("One scammer and their ties", "Un escroc et ses liens"),
    "ego_choose": ("Scammer number (0 to {last})", "Numéro de l'escroc (0 à {last})"),
    "ego_who": ("Scammer #{scammer}, living in {town}, has {ties} ties.",
                "Escroc n° {scammer}, habitant {town}, a {ties} liens."),
    "ego_started": (
        "Took it up on {date}. Active scammers among their ties at the start of that day: {n} ({who}). The model "
        "does not record who recruited whom: the chance to take it up grows with the number of active scammers "
        "among one's ties.",
        "S'y est mis le {date}. Escrocs actifs parmi ses liens au début de ce jour : {n} ({who}). Le modèle "
        "n'enregistre pas qui a recruté qui : la probabilité de s'y mettre croît avec le nombre d'escrocs actifs "
        "parmi ses liens."),
    "ego_started_after": ("Ties who took it up while this scammer was active: {n} ({who}).",
                          "Liens qui s'y sont mis pendant que cet escroc était actif : {n} ({who})."),
    "ego_none": ("none", "aucun"),
    "ego_not_yet": ("On {date}, not involved yet.", "Le {date}, pas encore impliqué."),
    "ego_by_date": ("On {date} (state: {state}): victims threatened so far {victims}, arrests so far {arrests}.",
                    "Le {date} (état : {state}) : victimes menacées jusque-là {victims}, arrestations jusque-là {arrests}."),
    "ego_title": ("Scammer #{scammer} and their ties, {date}", "L'escroc n° {scammer} et ses liens, {date}"),
    "ego_mark_at_start": ("active when #{scammer} took it up", "actif quand le n° {scammer} s'y est mis"),
    "ego_mark_after": ("took it up while #{scammer} was active", "s'y est mis pendant que le n° {scammer} était actif"),
    "ego_state": ("State", "État"),
    "ego_victims": ("Victims threatened so far", "Victimes menacées jusque-là"),
    "ego_timeline_title": ("Scammer #{scammer}: state and victims at each month's start",
                           "Escroc n° {scammer} : état et victimes au début de chaque mois"),
}

# The markets and towns of the project's scenarios, as the diagrams name them (others: their key).
PLACES: dict[str, tuple[str, str]] = {
    "morocco": ("Morocco", "Maroc"), "gulf": ("Gulf", "Golfe"),
    "english_speaking": ("English-speaking countries", "Pays anglophones"),
    "francophone_europe": ("Francophone Europe", "Europe francophone"), "other": ("Other countries", "Autres pays"),
    "oued_zem": ("Oued Zem", "Oued Zem"), "khouribga": ("Khouribga", "Khouribga"),
    "beni_mellal": ("Beni Mellal", "Béni Mellal"), "khenifra": ("Khenifra", "Khénifra"),
    "elsewhere": ("Other towns", "Autres villes"),
}

LEVERS: dict[str, tuple[str, str]] = {
    "awareness": ("Awareness campaigns", "Campagnes de sensibilisation"),
    "takedown": ("Helpline and fast takedowns", "Ligne d'écoute et retraits rapides"),
    "mta_monitoring": ("Monitoring of money-transfer offices", "Surveillance des agences de transfert"),
    "police_capacity": ("Police capacity", "Capacité de la police"),
    "cooperation": ("International cooperation", "Coopération internationale"),
    "platform_detection": ("Platform detection of fake profiles", "Détection des faux profils par les plateformes"),
    "youth_employment": ("Youth employment", "Emploi des jeunes"),
    "sentencing": ("Harsher sentencing", "Peines plus lourdes"),
}


# The registry's units (English words) in French; "MAD" is the same in both.
UNITS_FR = {"cases": "affaires", "contacts": "contacts", "demands": "demandes", "flags": "signalements",
            "investigations": "enquêtes", "moves": "changements", "payments": "paiements", "persons": "personnes",
            "profiles": "profils", "refusals": "refus", "requests": "demandes", "scammers": "escrocs",
            "threats": "menaces", "victims": "victimes", "videos": "vidéos", "per victim": "par victime",
            "days": "jours", "weeks": "semaines"}


MONTHS = (("January", "janvier"), ("February", "février"), ("March", "mars"), ("April", "avril"), ("May", "mai"),
          ("June", "juin"), ("July", "juillet"), ("August", "août"), ("September", "septembre"),
          ("October", "octobre"), ("November", "novembre"), ("December", "décembre"))


def month_name(year: int, month: int, lang: str) -> str:
    """``June 2026`` / ``juin 2026``."""
    return f"{MONTHS[month - 1][lang == 'fr']} {year}"


def day_name(day, lang: str) -> str:
    """A date in words: ``1 June 2026`` / ``1er juin 2026``."""
    first = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{first} {month_name(day.year, day.month, lang)}"


def t(key: str, lang: str, **values) -> str:
    """The interface string ``key`` in ``lang`` ("en" or "fr"), with ``{placeholders}`` filled."""
    text = STRINGS[key][lang == "fr"]
    text = text.format(**values) if values else text
    return french_spaces(text) if lang == "fr" else text


def french_spaces(text: str) -> str:
    """No line break before « % », « : » or « ; » (a non-breaking space, as French typography has it)."""
    return text.replace(" %", "\u00a0%").replace(" :", "\u00a0:").replace(" ;", "\u00a0;")


def ordinal(n: int, lang: str) -> str:
    """1st, 2nd, 3rd, 11th, 22nd... / 1re, 2e, 3e... (French feminine, for « position »)."""
    if lang == "fr":
        return f"{n}re" if n == 1 else f"{n}e"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def place_name(key: str, lang: str) -> str:
    """A market or town of a scenario, by its key."""
    return PLACES[key][lang == "fr"] if key in PLACES else key.replace("_", " ")


def lever_title(name: str, lang: str) -> str:
    return LEVERS[name][lang == "fr"]


def number(x: float, lang: str, digits: int | None = None) -> str:
    """``x`` with thousands separated (10,000 / 10 000) and the decimal mark of the language; whole
    numbers from 100 up, one decimal below unless ``digits`` says otherwise."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a" if lang == "en" else "n.d."
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1
    text = f"{x:,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def signed(x: float, lang: str, digits: int | None = None) -> str:
    text = number(x, lang, digits)
    return text if text.startswith("-") or text in ("n/a", "n.d.") else "+" + text


def output_label(name: str, lang: str) -> str:
    """The registry's label of an output (an expanded family member or a declared output)."""
    output = DECLARED[name]
    return output.label_fr if lang == "fr" else output.label


def outcome_label(outcome: str, lang: str) -> str:
    """The label of an outcome of :data:`analysis.compare.OUTCOMES`, from the registry where it is one."""
    if outcome in DECLARED:
        return output_label(outcome, lang)
    if outcome == "active_scammers_end":
        return f"{output_label('active_scammers', lang)} {t('at_end', lang)}"
    if outcome == "displacement":
        return t("displacement", lang)
    if outcome == "cost_per_victim_spared_mad":
        return t("cost_per_spared", lang)
    raise KeyError(outcome)


def unit_label(unit: str, lang: str) -> str:
    """A registry unit (or a combination such as ``moves + payments``) in the language."""
    if lang == "en":
        return unit
    return re.sub("|".join(sorted(map(re.escape, UNITS_FR), key=len, reverse=True)),
                  lambda match: UNITS_FR[match[0]], unit)


def outcome_unit(outcome: str, lang: str) -> str:
    return unit_label(OUTCOMES[outcome][0], lang)


# The project's scenarios described in French, by scenario name (the scenario files describe them in
# English in ``[run] description``; a test checks that every file has its French here).
SCENARIOS_FR: dict[str, str] = {
    "baseline": (
        "L'économie du chantage à la webcam telle qu'elle s'est développée, d'une poignée de jeunes hommes à "
        "Oued Zem en 2014 jusqu'aux villes voisines, avec la réponse policière observée jusqu'en 2025."),
    "baseline_2030": (
        "Rien de nouveau n'est fait : les politiques déjà en place (coopération internationale depuis 2018, "
        "campagne nationale de sensibilisation chaque mois de décembre depuis 2021, ligne d'écoute ouverte en "
        "décembre 2024) se poursuivent simplement jusqu'en 2030."),
    "awareness": (
        "À partir de 2026, des campagnes de sensibilisation ont lieu toute l'année, au Maroc et avec les pays "
        "partenaires du Golfe, anglophones et d'Europe. Davantage de personnes reconnaissent ce que peut cacher "
        "l'invitation d'un inconnu à un appel vidéo ; moins de personnes menacées paient, davantage signalent "
        "les faits et demandent de l'aide."),
    "combined": (
        "À partir de 2026, un ensemble réaliste : campagnes de sensibilisation au Maroc et avec les pays "
        "partenaires, ligne d'écoute à pleine capacité, surveillance des agences de transfert dans les deux "
        "principales villes, moitié plus d'enquêteurs, coopération internationale renforcée et programme "
        "d'emploi à Oued Zem. Chaque mesure est à un niveau qu'un gouvernement pourrait vraisemblablement financer."),
    "cooperation": (
        "À partir de 2026, les polices étrangères transmettent au Maroc les plaintes des victimes bien plus "
        "souvent et plus vite, par Interpol, la voie diplomatique et l'entraide judiciaire. Davantage d'affaires "
        "de victimes étrangères parviennent à la police marocaine."),
    "mta_monitoring": (
        "À partir de 2026, les agences de transfert d'argent d'Oued Zem, Khouribga, Béni Mellal et Khénifra "
        "contrôlent l'identité, signalent les réceptions suspectes venant de l'étranger et limitent le nombre "
        "de retraits par personne. Les escrocs s'adaptent : certains vont dans des agences ailleurs ou se font "
        "payer autrement, ce qui leur coûte davantage."),
    "platform_detection": (
        "À partir de 2026, les réseaux sociaux et les services d'appel vidéo détectent et suppriment bien plus "
        "souvent les faux profils, et avertissent les utilisateurs avant un appel vidéo avec un inconnu. Les "
        "escrocs perdent du temps à refaire des profils et moins de personnes acceptent leurs invitations."),
    "police_capacity": (
        "À partir de 2026, les unités de lutte contre la cybercriminalité ont deux fois plus d'enquêteurs, "
        "formés à travailler plus vite et à constituer des dossiers plus solides. Davantage de plaintes donnent "
        "lieu à une enquête, et davantage d'enquêtes à une arrestation."),
    "sentencing": (
        "À partir de 2026, les tribunaux prononcent des peines de prison deux fois plus longues (il faudrait "
        "modifier l'article 447-1 du code pénal), et cela se sait : chaque arrestation dissuade davantage "
        "l'entourage de l'escroc."),
    "takedown": (
        "À partir de 2026, la ligne d'écoute fonctionne à pleine capacité pour les victimes de tous les pays, "
        "et les plateformes retirent vite les vidéos utilisées pour menacer. On conseille aux victimes qui "
        "demandent de l'aide de ne pas payer, et leur vidéo est retirée plus souvent et plus tôt : les "
        "escrocs perdent leur moyen de pression."),
    "tiny": (
        "La référence sur un petit réseau de jeunes (environ un dixième) pendant trois ans, pour les tests "
        "unitaires : rapide, et chaque mécanisme se produit encore."),
    "youth_employment": (
        "À partir de 2026, les jeunes d'Oued Zem, Khouribga, Béni Mellal et Khénifra se voient proposer "
        "des emplois, des formations et des actions de prévention dans les écoles et les cybercafés. Moins de "
        "jeunes se lancent dans l'escroquerie, et davantage de ceux qui ont commencé en sortent."),
}


def scenario_description(name: str, text: str, lang: str) -> str:
    """A scenario's description (``text``) in the language: the project's scenarios have theirs in
    French (used while the description is still the project file's, so that a scenario built from a
    preset with a description of its own shows its own text)."""
    if lang == "fr" and name in SCENARIOS_FR and project_descriptions().get(name) == text:
        return SCENARIOS_FR[name]
    return text


@cache
def project_descriptions() -> dict[str, str]:
    """The English description of each project scenario, by scenario name."""
    from simulation import load_scenario

    from .scenario_files import project_scenarios

    return {(s := load_scenario(path)).run.name: s.run.description for path in project_scenarios().values()}
