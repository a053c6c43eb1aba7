"""Scenario builder: a preset or the baseline to 2030 as a start, the eight levers, a timeline,
download and upload of scenario files."""

import solara

from simulation import ScenarioError
from simulation.interventions import REGISTRY

from .. import settings, state
from ..components.chart import Chart
from ..components.layout import PageTitle
from ..components.lever_form import LeverForm
from ..components.scenario_upload import ScenarioUpload
from ..figures import timeline_figure
from ..i18n import scenario_description, t
from ..levers import field_messages
from ..messages import description_problem, name_problem
from ..scenario_files import read_upload, to_toml


@solara.component
def Builder():
    lang = state.lang.value
    PageTitle("nav_builder")
    draft = state.draft.value
    upload_error, set_upload_error = solara.use_state("")
    upload_note, set_upload_note = solara.use_state("")
    base = state.base_scenario()
    in_place = len(base.interventions)
    scenario, error = state.valid_draft()
    last_valid = solara.use_ref(base)  # the timeline stays on screen while a field is being fixed
    if scenario is not None:
        last_valid.current = scenario
    messages = field_messages(error, in_place) if error else {}
    name_error = name_problem(draft.name, lang)
    description_error = description_problem(draft.description, lang)
    if scenario is not None and (name_error or description_error):
        scenario = None  # not saved nor kept until the name and description are right
    elif scenario is not None and (shadowed := state.shadowed_preset(scenario)):
        name_error = t("name_of_preset", lang, name=shadowed)
        scenario = None
    levers_on = [name for name in REGISTRY if name in draft.on]

    def start_from(file_name: str | None):
        if file_name is None:
            return
        state.started_from.set(file_name)
        state.draft.set(state.Draft.starting_from(state.preset(file_name)))

    def uploaded(file: dict):
        try:
            state.draft.set(state.Draft.starting_from(read_upload(file["text"].encode("utf-8"), size=file["size"])))
            state.started_from.set(None)
        except ScenarioError as exc:
            set_upload_error(f"{file['name']}: {exc}")
            set_upload_note("")
        else:
            set_upload_error("")
            set_upload_note(t("uploaded", lang, name=file["name"]))

    solara.Text(t("builder_intro", lang))
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Select(t("start_from", lang), value=state.started_from.value, values=state.presets(),
                      on_value=start_from, style={"min-width": "260px"})
        with solara.Column(gap="2px"):
            solara.InputText(t("scenario_name", lang), value=draft.name, continuous_update=False, error=bool(name_error),
                             on_value=lambda v: state.draft.set(state.Draft(v, draft.description, draft.values, draft.on)))
            if name_error:
                solara.Error(name_error, dense=True, outlined=True)
        with solara.Column(gap="2px"):
            solara.InputText(t("description", lang), value=draft.description, continuous_update=False,
                             error=bool(description_error),
                             on_value=lambda v: state.draft.set(state.Draft(draft.name, v, draft.values, draft.on)),
                             style={"min-width": "400px"})
            if description_error:
                solara.Error(description_error, dense=True, outlined=True)
    translated = scenario_description(draft.name, draft.description, lang)
    if translated != draft.description:  # a preset's description, shown in French
        solara.Text(t("description_in_french", lang, text=translated), classes=["help"])
    with solara.Column(gap="4px"):
        ScenarioUpload(label=t("upload", lang, kb=settings.UPLOAD_BYTES // 1000), max_bytes=settings.UPLOAD_BYTES,
                       event_upload=uploaded)
        if upload_error:
            solara.Error(upload_error)
        elif upload_note:
            solara.Success(upload_note, dense=True)
    for lever in REGISTRY:
        position = levers_on.index(lever) if lever in levers_on else -1
        lever_messages = {field: lines for (i, field), lines in messages.items() if i == position >= 0}
        LeverForm(lever, draft.values[lever], lever in draft.on, lang,
                  {"markets": list(base.markets), "towns": list(base.towns), "units": list(base.police.units)},
                  lever_messages, on_switch=lambda on, lever=lever: state.draft.set(state.draft.value.switched(lever, on)),
                  on_value=lambda key, value, lever=lever: state.draft.set(state.draft.value.with_value(lever, key, value)))
    for line in messages.get((-1, None), []):
        solara.Error(line)
    if scenario is None:
        solara.Warning(t("invalid", lang))
    else:
        solara.Success(t("valid", lang), dense=True)
    Chart(timeline_figure(last_valid.current, in_place, lang))
    if scenario is None:
        return
    with solara.Row():
        solara.FileDownload(lambda: to_toml(scenario, in_place).encode(), filename=f"{scenario.run.name}.toml",
                            label=t("save_toml", lang), mime_type="application/toml")
        solara.Button(t("add_to_compare", lang), color="primary",
                      on_click=lambda: state.kept.set({**state.kept.value, scenario.run.name: scenario}))
    if state.kept.value:
        solara.Text(t("kept", lang, names=", ".join(state.kept.value)))
