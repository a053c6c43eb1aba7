"""The overview's baseline runs in a page: started if need be, the page redrawn as they progress."""

import time

import solara

from ..baseline import BaselineEnsemble, ensemble
from ..i18n import t


def use_baseline_runs() -> BaselineEnsemble:
    """The server's baseline runs (:func:`dashboard.baseline.ensemble`); the component using this is
    rendered again as they progress and once they are done."""
    runs = ensemble()
    runs.start()
    _, set_done = solara.use_state(runs.done)

    def follow():
        while runs.table is None and runs.error is None:
            set_done(runs.done)
            time.sleep(0.5)
        set_done(runs.total + 1)  # finished: draw the charts

    solara.lab.use_task(follow, dependencies=[])
    return runs


@solara.component
def BaselineProgress(runs: BaselineEnsemble, lang: str):
    """The runs' error, or how far they are, while they have no table."""
    if runs.error:
        solara.Error(runs.error)
    else:
        done = min(runs.done, runs.total)
        solara.Text(t("overview_running", lang, done=done, total=runs.total))
        solara.ProgressLinear(value=100 * done / max(runs.total, 1))
