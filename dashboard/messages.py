"""The scenario loader's messages as the builder shows them next to a field: one message naming the
field (by its label in the page's language), the value given and what is allowed (the rule of
issue 18, as on the command line); in French, the loader's common phrasings are translated.

Also the checks of the builder's own inputs (the scenario's name and description) and the parsing
of what is typed in a number field (the text itself is kept when it is no number, so that nothing
typed is lost and the loader names the problem).
"""

from __future__ import annotations

import re

from .levers import FieldSpec

PREFIX = re.compile(r"^interventions\[\d+\](?:\.\w+)*: ")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")
MAX_DESCRIPTION = 1000  # characters

# (pattern of the loader's English, the French); groups keep the numbers and names as they are
FRENCH = [
    (r"must be <= (\S+) \(got (.+)\)$", r"doit être ≤ \1 (valeur donnée : \2)"),
    (r"must be >= (\S+) \(got (.+)\)$", r"doit être ≥ \1 (valeur donnée : \2)"),
    (r"must be < (\S+) \(got (.+)\)$", r"doit être < \1 (valeur donnée : \2)"),
    (r"must be > (\S+) \(got (.+)\)$", r"doit être > \1 (valeur donnée : \2)"),
    (r"Input should be a valid number(?:, unable to parse string as a number)? \(got (.+)\)$",
     r"doit être un nombre (valeur donnée : \1)"),
    (r"Input should be a finite number \(got (.+)\)$", r"doit être un nombre fini (valeur donnée : \1)"),
    (r"Input should be a valid integer(?:[^(]*)? \(got (.+)\)$", r"doit être un nombre entier (valeur donnée : \1)"),
    (r"Input should be a valid date(?:[^(]*)? \(got (.+)\)$", r"doit être une date AAAA-MM-JJ (valeur donnée : \1)"),
    (r"end \((.+)\) must be on or after start \((.+)\)$", r"la fin (\1) doit être le jour du début (\2) ou après"),
    (r"unknown (.+); allowed: (.+)$", r"inconnu(s) : \1 ; valeurs possibles : \2"),
]
TYPE_ERRORS = ("valid number", "finite number", "valid integer")


def field_message(line: str, spec: FieldSpec | None, label: str, lang: str) -> str:
    """``line`` (a loader message about a field) as ``label: problem``, in the language; for a value
    of the wrong type, what is allowed is added (the range is otherwise in the message)."""
    problem = PREFIX.sub("", line)
    allowed = allowed_text(spec, lang) if spec is not None and any(kind in problem for kind in TYPE_ERRORS) else ""
    if lang == "fr":
        for pattern, french in FRENCH:
            problem = re.sub(pattern, french, problem)
    if allowed:
        problem += ("; allowed: " if lang == "en" else " ; attendu : ") + allowed
    return f"{label}: {problem}" if lang == "en" else f"{label} : {problem}"


def allowed_text(spec: FieldSpec, lang: str) -> str:
    number = "a number" if lang == "en" else "un nombre"
    if spec.kind == "int":
        number = "a whole number" if lang == "en" else "un nombre entier"
    if spec.low is not None and spec.high is not None:
        return f"{number} from {bound_text(spec.low, lang)} to {bound_text(spec.high, lang)}" if lang == "en" else \
            f"{number} de {bound_text(spec.low, lang)} à {bound_text(spec.high, lang)}"
    if spec.low is not None:
        return f"{number} >= {bound_text(spec.low, lang)}" if lang == "en" else f"{number} ≥ {bound_text(spec.low, lang)}"
    return number


def bound_text(x: float, lang: str) -> str:
    """A bound as people read it: large whole numbers grouped (1,000,000 / 1 000 000), others short."""
    if float(x).is_integer() and abs(x) >= 10_000:
        text = f"{int(x):,}"
        return text if lang == "en" else text.replace(",", "\u202f")
    return f"{x:g}" if lang == "en" else f"{x:g}".replace(".", ",")


def parse_number(text: str, kind: str, optional: bool):
    """What is typed in a number field: an int or float (a decimal comma is read as a point), None
    if empty and the field is optional, else the text itself for the loader to name."""
    stripped = text.strip()
    if not stripped:
        return None if optional else text
    candidate = stripped.replace("\u202f", "").replace(" ", "")
    if candidate.count(",") == 1 and "." not in candidate:
        candidate = candidate.replace(",", ".")
    try:
        return int(candidate) if kind == "int" else float(candidate)
    except ValueError:
        return text


def shown_number(value, lang: str = "en") -> str:
    """A field's value as typed back into it: exact (repr of a float, with a decimal comma in
    French), or the text kept as typed."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if lang == "en" else repr(value).replace(".", ",")
    return str(value)


def name_problem(name: str, lang: str) -> str | None:
    """Why a scenario name cannot be used (it names files and comparison rows), or None."""
    if NAME.match(name):
        return None
    if lang == "fr":
        return (f"Nom du scénario : « {name} » n'est pas accepté ; attendu : 1 à 60 caractères, lettres sans "
                "accent, chiffres, - et _, en commençant par une lettre ou un chiffre")
    return (f"Scenario name: {name!r} is not accepted; allowed: 1 to 60 characters, letters without accents, "
            "digits, - and _, starting with a letter or digit")


def description_problem(text: str, lang: str) -> str | None:
    if len(text) <= MAX_DESCRIPTION:
        return None
    if lang == "fr":
        return f"Description : {len(text)} caractères ; attendu : {MAX_DESCRIPTION} au plus"
    return f"Description: {len(text)} characters; allowed: at most {MAX_DESCRIPTION}"
