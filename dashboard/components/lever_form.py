"""One lever in the scenario builder: on/off, then each declared field with its unit, range, help
and the loader's message next to it."""

from __future__ import annotations

import re
from datetime import date

import solara

from ..i18n import lever_title, number, t, unit_label
from ..levers import FieldSpec, lever_doc, lever_fields, recurrence_fields
from ..messages import bound_text, field_message, parse_number, shown_number

SUBFIELD = re.compile(r"^interventions\[\d+\]\.\w+\.(\w+): ")


def _name(spec: FieldSpec, lang: str) -> str:
    """The field's name: the scenario file's key in words in English, the declared name in French."""
    return spec.label_fr if lang == "fr" else spec.name.replace("_", " ")


def _label(spec: FieldSpec, lang: str) -> str:
    """The field's name with its unit and range."""
    unit = t("share", lang) if spec.is_share else unit_label(spec.unit, lang)
    def show(x: float) -> str:
        return bound_text(x, lang)
    if spec.is_share or (spec.low is None and spec.high is None):
        bounds = ""
    elif spec.high is None:
        bounds = f"≥ {show(spec.low)}"
    else:
        bounds = f"{show(spec.low)}-{show(spec.high)}"
    details = ("; " if lang == "en" else "\u00a0; ").join(part for part in (unit, bounds) if part)
    return _name(spec, lang) + (f" ({details})" if details else "")


def _message(line: str, spec: FieldSpec, lang: str) -> str:
    """A loader message about this field (or one of the yearly window's), named as the page names it."""
    sub = SUBFIELD.match(line)
    if spec.kind == "recurrence" and sub:
        inner = {s.name: s for s in recurrence_fields()}.get(sub[1])
        if inner is not None:
            return field_message(line, inner, f"{_name(spec, lang)} › {_name(inner, lang)}", lang)
    return field_message(line, spec, _name(spec, lang), lang)


def _as_date(text: str, optional: bool):
    """A date if the text is one; else the text itself, for the loader to name the problem."""
    if optional and not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return text


@solara.component
def Field(spec: FieldSpec, value, on_value, lang: str, targets: list[str], messages: list[str]):
    label = _label(spec, lang)
    if spec.kind == "text":
        solara.InputText(label, value=value or "", on_value=on_value)
    elif spec.kind in ("date", "optional_date"):
        key = "start" if spec.kind == "date" else "end"
        solara.InputText(f"{t(key, lang)}", value="" if value is None else str(value), continuous_update=False,
                         on_value=lambda text: on_value(_as_date(text, spec.kind == "optional_date")))
    elif spec.kind in ("float", "int"):  # text: what is typed stays, even when it is no number
        solara.InputText(label, value=shown_number(value, lang), continuous_update=False, error=bool(messages),
                         on_value=lambda text: on_value(parse_number(text, spec.kind, spec.optional)))
    elif spec.kind == "targets":
        solara.SelectMultiple(label, values=list(value or []), all_values=targets,
                              on_value=on_value)
    elif spec.kind == "recurrence":
        Recurrence(value, on_value, lang)
    amount = f" — {number(value, lang)} {spec.unit}" if spec.unit == "MAD" and isinstance(value, float) else ""
    solara.Text((spec.help_fr if lang == "fr" else spec.help) + amount, classes=["help"])
    for message in messages:
        solara.Error(_message(message, spec, lang), dense=True, outlined=True)


@solara.component
def Recurrence(value: dict | None, on_value, lang: str):
    on = value is not None
    solara.Checkbox(label=t("recurring", lang), value=on,
                    on_value=lambda v: on_value({"month": 12, "day": 1, "weeks": 4} if v else None))
    if on:
        with solara.Row():
            for spec in recurrence_fields():
                solara.InputText(_label(spec, lang), value=shown_number(value.get(spec.name), lang), continuous_update=False,
                                 on_value=lambda text, spec=spec: on_value({**value, spec.name: parse_number(
                                     text, spec.kind, spec.optional)}))


@solara.component
def LeverForm(lever: str, values: dict, on: bool, lang: str, targets: dict[str, list[str]],
              messages: dict[str | None, list[str]], on_switch, on_value):
    with solara.Card(margin=0, style={"margin-bottom": "10px"}):
        solara.Switch(label=f"{lever_title(lever, lang)} — {t('lever_on', lang)}", value=on, on_value=on_switch)
        solara.Text(lever_doc(lever, lang), classes=["help"])
        if not on:
            return
        for message in messages.get(None, []):
            solara.Error(field_message(message, None, lever_title(lever, lang), lang), dense=True, outlined=True)
        with solara.ColumnsResponsive(12, medium=6, large=4):
            for spec in lever_fields(lever):
                with solara.Column(gap="2px"):
                    Field(spec, values.get(spec.name), lambda v, name=spec.name: on_value(name, v), lang,
                          targets.get(spec.name, []), messages.get(spec.name, []))
