"""Methods: the model description, the calibration, the policy levers, the outputs and the workshop script."""

import solara

from .. import state
from ..components.layout import PageTitle
from ..i18n import t
from ..methods import BILINGUAL, DOCUMENTS, SUMMARY_FR, document_html


@solara.component
def Methods():
    lang = state.lang.value
    PageTitle("nav_methods")
    chosen, choose = solara.use_state(DOCUMENTS[0])
    solara.Text(t("methods_intro", lang))
    with solara.Row():
        for name in DOCUMENTS:
            solara.Button(t(f"doc_{name}", lang), on_click=lambda name=name: choose(name), outlined=name != chosen,
                          color="primary")
    bilingual = chosen in BILINGUAL
    if lang == "fr" and not bilingual:
        solara.Text(SUMMARY_FR[chosen], style={"font-size": "17px", "margin": "8px 0"})
        solara.Info(t("english_only", lang), dense=True)
    solara.HTML(tag="div", unsafe_innerHTML=document_html(chosen, lang if bilingual else "en"), classes=["methods"],
                attributes={"lang": lang if bilingual else "en"})
