"""The methods documents (docs/*.md) as HTML for the Methods page, rendered on the server (no
script fetched from a CDN, as Solara's Markdown would)."""

from __future__ import annotations

from functools import cache

import markdown

from . import settings

DOCUMENTS = ("ODD", "calibration", "validation", "interventions", "outputs", "workshop")  # i18n keys doc_<name>
# Written in both languages, English first, the French from its "## Français" heading: shown in the page's.
BILINGUAL = {"workshop"}
FRENCH_HEADING = "\n## Français\n"

# What each document says, in French: the documents themselves are in English only.
SUMMARY_FR = {
    "ODD": (
        "Description complète du modèle selon le protocole ODD (vue d'ensemble, concepts, détails). Les acteurs : "
        "des escrocs qui utilisent de faux profils pour enregistrer des inconnus lors d'appels vidéo puis les "
        "menacer de diffuser l'enregistrement ; les jeunes des villes foyers (Oued Zem, Khouribga, Béni Mellal, "
        "Khénifra), parmi lesquels le savoir-faire se transmet par un réseau de relations ; les victimes, au "
        "Maroc et à l'étranger, qui paient, refusent, signalent les faits ou demandent de l'aide ; les agences de "
        "transfert d'argent où les paiements sont encaissés ; la police, qui enquête à partir des plaintes, et "
        "les tribunaux. Le modèle avance jour par jour, dans un ordre fixe décrit au chapitre 3. Il ne contient "
        "aucun contenu, seulement des nombres, des montants et des dates ; rien n'y attribue de responsabilité "
        "aux victimes."),
    "calibration": (
        "Comment les paramètres incertains ont été ajustés : une recherche (CMA-ES puis affinage local) dans la "
        "plage plausible de chaque paramètre, pour reproduire les chiffres publiés par la police marocaine de "
        "2018 à 2021 (affaires enregistrées, arrestations, victimes) et des ordres de grandeur tirés d'autres "
        "études. Après 2019, trois changements (capacité de la police prise par les autres affaires de "
        "cybercriminalité, plus de signalements des victimes marocaines, moins de plaintes étrangères transmises "
        "au Maroc) sont ajustés aux chiffres de 2021 et maintenus ensuite. Limites principales : peu de chiffres "
        "pour beaucoup de paramètres (plusieurs jeux de paramètres conviennent presque aussi bien), aucune série "
        "publiée avant 2018 ni après 2021, et certaines parts (paiement, signalement) viennent d'enquêtes sur "
        "d'autres populations."),
    "validation": (
        "La prévision du modèle pour 2022-2025 (affaires enregistrées, arrestations, victimes et victimes "
        "étrangères), fixée avant de regarder tout chiffre postérieur à 2021 : les chiffres publiés plus tard "
        "lui seront comparés, sans servir à l'ajuster. Le document donne aussi la marge d'incertitude sur le "
        "nombre de victimes et les montants payés, peu contraints par les chiffres de la police marocaine, et "
        "montre comment l'effet des scénarios prédéfinis (en %, en victimes épargnées, en coût par victime "
        "épargnée) varie dans cette marge."),
    "interventions": (
        "Les huit leviers d'action et leur fonctionnement : chaque levier agit entre une date de début et une "
        "date de fin (ou dans une fenêtre annuelle), avec une intensité de 0 (rien) à 1 (plein effet), un effet "
        "qui peut s'estomper après sa levée et un coût annuel. Les leviers ne tirent aucun nombre au hasard : "
        "les comparaisons utilisent les mêmes tirages aléatoires pour chaque scénario, de sorte que les écarts "
        "viennent des politiques et non du hasard. Le document décrit aussi les scénarios prédéfinis, leurs "
        "effets mesurés et leurs limites : l'intensité et le coût de chaque politique sont des hypothèses."),
    "outputs": (
        "La liste des résultats d'une simulation, avec leur unité et leur libellé en anglais et en français : "
        "des flux (comptés par jour, additionnés par année : victimes menacées, paiements, montants, affaires "
        "enregistrées, arrestations...) et des stocks (comptés en fin de journée : escrocs actifs, en garde à vue, "
        "en prison...). Les montants sont en dirhams (MAD)."),
}


@cache
def document_html(name: str, lang: str = "en") -> str:
    """The document as HTML; a bilingual one (:data:`BILINGUAL`) in ``lang`` only, under its title."""
    text = (settings.DOCS / f"{name}.md").read_text(encoding="utf-8")
    if name in BILINGUAL:
        english, french = text.split(FRENCH_HEADING)
        text = english if lang == "en" else english.split("\n", 1)[0] + "\n" + french
    return markdown.markdown(text, extensions=["tables", "fenced_code"])
