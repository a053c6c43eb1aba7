"""One lever in the scenario builder: on/off, then each declared field with its unit, range, help
and the loader's message next to it."""

from __future__ import annotations

from datetime import date

import solara

from ..i18n import lever_title, number, t
from ..levers import FieldSpec, lever_doc, lever_fields, recurrence_fields


def _label(spec: FieldSpec, lang: str) -> str:
    unit = t("share", lang) if spec.is_share else spec.unit
    if spec.is_share or (spec.low is None and spec.high is None):
        bounds = ""
    elif spec.high is None:
        bounds = f"≥ {spec.low:g}"
    else:
        bounds = f"{spec.low:g}-{spec.high:g}"
    details = "; ".join(part for part in (unit, bounds) if part)
    return spec.name.replace("_", " ") + (f" ({details})" if details else "")


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
    elif spec.kind == "float":
        solara.InputFloat(label, value=value, on_value=on_value, continuous_update=False)
    elif spec.kind == "int":
        solara.InputInt(label, value=value, on_value=on_value, continuous_update=False)
    elif spec.kind == "targets":
        solara.SelectMultiple(label, values=list(value or []), all_values=targets,
                              on_value=on_value)
    elif spec.kind == "recurrence":
        Recurrence(value, on_value, lang)
    amount = f" — {number(value, lang)} {spec.unit}" if spec.unit == "MAD" and isinstance(value, float) else ""
    solara.Text((spec.help_fr if lang == "fr" else spec.help) + amount, classes=["help"])
    for message in messages:
        solara.Error(message, dense=True, outlined=True)


@solara.component
def Recurrence(value: dict | None, on_value, lang: str):
    on = value is not None
    solara.Checkbox(label=t("recurring", lang), value=on,
                    on_value=lambda v: on_value({"month": 12, "day": 1, "weeks": 4} if v else None))
    if on:
        with solara.Row():
            for spec in recurrence_fields():
                solara.InputInt(_label(spec, lang), value=value.get(spec.name), continuous_update=False,
                                on_value=lambda v, name=spec.name: on_value({**value, name: v}))


@solara.component
def LeverForm(lever: str, values: dict, on: bool, lang: str, targets: dict[str, list[str]],
              messages: dict[str | None, list[str]], on_switch, on_value):
    with solara.Card(margin=0, style={"margin-bottom": "10px"}):
        solara.Switch(label=f"{lever_title(lever, lang)} — {t('lever_on', lang)}", value=on, on_value=on_switch)
        solara.Text(lever_doc(lever, lang), classes=["help"])
        if not on:
            return
        for message in messages.get(None, []):
            solara.Error(message, dense=True, outlined=True)
        with solara.ColumnsResponsive(12, medium=6, large=4):
            for spec in lever_fields(lever):
                with solara.Column(gap="2px"):
                    Field(spec, values.get(spec.name), lambda v, name=spec.name: on_value(name, v), lang,
                          targets.get(spec.name, []), messages.get(spec.name, []))
