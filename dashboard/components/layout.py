"""The frame of every page: title, page language, navigation and the language switch."""

import solara

from .. import state
from ..i18n import LANGS, t

NAVIGATION = [("", "nav_overview"), ("builder", "nav_builder"), ("compare", "nav_compare"), ("money", "nav_money"),
              ("network", "nav_network"), ("live", "nav_live"), ("methods", "nav_methods")]
CSS = """
.v-toolbar__title { font-size: 1.15rem; white-space: normal; line-height: 1.25; overflow: visible; }
.v-toolbar__title .app-title { font-weight: 500; }
.v-app-bar .v-btn.nav-current { border-bottom: 3px solid #fff; border-radius: 0; }
@media (max-width: 1500px) {  /* seven pages and the title in one bar at 1280 px, in French too */
  .v-app-bar .v-btn { padding: 0 7px !important; font-size: 0.8rem; letter-spacing: 0; }
  .v-toolbar__title { font-size: 1rem; }
}
.dashboard-page { max-width: 1800px; margin: 0 auto; font-size: 16px; }
.dashboard-chart { width: 100%; min-height: 200px; }
.dashboard-png { font-size: 14px; color: #0b5394; text-decoration: underline; padding: 2px 4px; margin: 0 0 8px 60px; }
.dashboard-png:focus { outline: 2px solid #0b5394; }
.dashboard-page .help { font-size: 14px; color: #333; margin: -6px 0 6px 0; }
.methods table { border-collapse: collapse; margin: 8px 0; }
.methods td, .methods th { border: 1px solid #ccc; padding: 3px 6px; font-size: 14px; }
.methods strong, .methods b { font-weight: 700; }
.methods pre { background: #f5f5f5; padding: 8px; overflow-x: auto; }
.scenario-upload { display: flex; gap: 12px; align-items: center; padding: 8px; border: 1px dashed #888; }
table.differences { border-collapse: collapse; }
table.differences td, table.differences th { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: right; }
.network-date .v-label { font-size: 20px; font-weight: 500; color: #111; }
table.network-counts { border-collapse: collapse; font-size: 16px; margin-top: 8px; width: 100%; }
table.network-counts caption { caption-side: top; text-align: left; font-size: 18px; padding: 4px 0 8px 0; }
table.network-counts td, table.network-counts th { border-bottom: 1px solid #ddd; padding: 5px 8px; text-align: right; }
table.network-counts th:first-child { text-align: left; }
table.network-counts tr:last-child { font-weight: 700; }
table.network-counts .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; border-radius: 50%; }
table.differences td:nth-child(-n+2), table.differences th:nth-child(-n+2) { text-align: left; }
"""


@solara.component_vue("html_lang.vue")
def HtmlLang(lang: str):
    """Sets ``<html lang>`` to the language shown."""


@solara.component_vue("lang_memory.vue")
def LangMemory(lang: str, langs: list, event_found):
    """Keeps the language in the browser and the address (``?lang=fr``); tells the server the one
    the browser kept when the page opens."""


@solara.component
def Layout(children=[]):
    router = solara.use_router()

    def from_address():  # ?lang=fr in the address: French from the first render
        query = dict(part.split("=", 1) for part in (router.search or "").split("&") if "=" in part)
        if query.get("lang") in LANGS and query["lang"] != state.lang.value:
            state.lang.set(query["lang"])

    solara.use_memo(from_address, [])
    lang = state.lang.value
    codes = {label: code for code, label in LANGS.items()}
    with solara.AppLayout(title=t("short_title", lang), navigation=False) as main:
        with solara.AppBar():
            with solara.AppBarTitle():  # the app's short name (the browser tab has the page's and the long one)
                solara.Text(t("short_title", lang), classes=["app-title"])
            current = router.path.strip("/").split("/")[0]
            for path, key in NAVIGATION:
                with solara.Link(f"/{path}"):
                    solara.Button(t(key, lang), text=True, dark=True, classes=["nav-current"] if path == current else [],
                                  attributes={"aria-current": "page"} if path == current else {})
            solara.ToggleButtonsSingle(value=LANGS[lang], values=list(codes), on_value=lambda v: state.lang.set(codes[v]),
                                       style={"margin-left": "16px"})
        with solara.Column(classes=["dashboard-page"]):
            solara.Style(CSS)
            HtmlLang(lang=lang)
            LangMemory(lang=lang, langs=list(LANGS), event_found=lambda code: code in LANGS and state.lang.set(code))
            solara.Column(children=children)
    return main


@solara.component
def PageTitle(key: str):
    """The browser tab's title: the page (``key`` of :data:`NAVIGATION`) and the dashboard."""
    lang = state.lang.value
    solara.Title(f"{t(key, lang)} · {t('app_title', lang)}")
