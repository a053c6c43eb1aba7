"""Overview: what the model is, and the baseline's key outputs by year with the published police
figures and the calibration window."""

import solara

from .. import settings, state
from ..baseline import history_end_year
from ..components.baseline_runs import BaselineProgress, use_baseline_runs
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
    runs = use_baseline_runs()
    solara.Text(t("overview_intro", lang))
    with solara.Link("/methods"):  # within the app: the session (and its language) stays
        solara.Button(t("nav_methods", lang), text=True, icon_name="mdi-book-open-variant")
    solara.Text(t("overview_charts", lang, end=settings.OVERVIEW_END, n=runs.total), style={"font-weight": "bold"})
    if runs.table is None:
        BaselineProgress(runs, lang)
    else:
        window = calibration_years(KEY_OUTPUTS)
        with solara.ColumnsResponsive(12, large=6, xlarge=4):
            for output in KEY_OUTPUTS:
                Chart(band_figure(runs.table, output, lang, calibration=window,
                                  projection_from=history_end_year() + 1, show_published=True))
