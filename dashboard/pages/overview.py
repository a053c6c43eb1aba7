"""Overview: what the model is, and the baseline's key outputs by year with the published police
figures and the calibration window."""

import time

import solara

from .. import settings, state
from ..baseline import ensemble, history_end_year
from ..components.chart import Chart
from ..components.layout import PageTitle
from ..figures import band_figure
from ..i18n import t
from ..published import calibration_years

KEY_OUTPUTS = ["victims_threatened", "victims_paid", "amount_paid_mad", "cases_recorded", "arrests", "active_scammers"]


@solara.component
def Overview():
    lang = state.lang.value
    PageTitle("nav_overview")
    runs = ensemble()
    runs.start()
    done, set_done = solara.use_state(runs.done)

    def follow():
        while runs.table is None and runs.error is None:
            set_done(runs.done)
            time.sleep(0.5)
        set_done(runs.total + 1)  # finished: draw the charts

    solara.lab.use_task(follow, dependencies=[])
    solara.Text(t("overview_intro", lang))
    with solara.Link("/methods"):  # within the app: the session (and its language) stays
        solara.Button(t("nav_methods", lang), text=True, icon_name="mdi-book-open-variant")
    solara.Text(t("overview_charts", lang, end=settings.OVERVIEW_END, n=runs.total), style={"font-weight": "bold"})
    if runs.error:
        solara.Error(runs.error)
    elif runs.table is None:
        solara.Text(t("overview_running", lang, done=min(done, runs.total), total=runs.total))
        solara.ProgressLinear(value=100 * min(done, runs.total) / max(runs.total, 1))
    else:
        window = calibration_years(KEY_OUTPUTS)
        with solara.ColumnsResponsive(12, large=6, xlarge=4):
            for output in KEY_OUTPUTS:
                Chart(band_figure(runs.table, output, lang, calibration=window,
                                  projection_from=history_end_year() + 1, show_published=True))
