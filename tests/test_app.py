"""The dashboard module without a browser: page object, defaults, figures after a few weeks."""

import plotly.graph_objects as go
import pytest
import solara
from mesa.visualization.solara_viz import _check_model_params

import app

DAYS = 40


@pytest.fixture(scope="module")
def stepped_model():
    """The model as the page's Reset builds it with untouched inputs, after DAYS days."""
    model = app.DashboardModel(**{name: spec["value"] for name, spec in app.model_params.items()})
    assert model.setup_error is None
    for _ in range(DAYS):
        model.step()
    return model


def test_render_interval_is_odd():
    """SolaraViz's Render Interval slider (min 1, step 2) would turn an even value into the next odd one."""
    assert app.RENDER_INTERVAL % 2 == 1


def test_page_exists():
    assert app.page is not None
    assert isinstance(app.model, app.DashboardModel)
    assert app.model.setup_error is None


def test_solaraviz_accepts_the_params():
    """The check SolaraViz runs when the page opens (a failure there leaves the page without charts)."""
    _check_model_params(app.DashboardModel.__init__, app.model_params)


def test_defaults_are_the_baseline_values():
    s = app.model.scenario
    values = {name: spec["value"] for name, spec in app.model_params.items()}
    assert values == {
        "seed": "1",
        "scammers__contact_rate_per_day": s.scammers.contact_rate_per_day,
        "markets__morocco__report_prob": s.markets["morocco"].report_prob,
        "police__units__national__capacity": s.police.units["national"].capacity,
        "referrals__foreign_forward_prob": s.referrals.foreign_forward_prob,
    }
    for spec in app.model_params.values():
        if spec["type"].startswith("Slider"):
            assert spec["min"] <= spec["value"] <= spec["max"]


def test_figures_after_some_days(stepped_model):
    assert stepped_model.day == DAYS
    for make in app.FIGURES:
        fig = make(stepped_model)
        assert isinstance(fig, go.Figure)
        assert fig.layout.width <= 460 and fig.layout.height <= 390
        # monthly totals: January only (February is incomplete); scammers: end of January and today
        points = 2 if make is app.scammers_figure else 1
        assert fig.data and all(len(trace.x) == len(trace.y) == points for trace in fig.data)
        fig.to_json()  # the full figure validates and serialises
    towns = app.scammers_figure(stepped_model)
    assert [t.name for t in towns.data] == [app.town_label(t) for t in stepped_model.town_names]


def test_figures_before_any_step():
    model = app.DashboardModel(seed=2)
    for make in app.FIGURES:
        make(model).to_json()
    assert "Nothing simulated yet" in app.status_text(model)


def test_status_text(stepped_model):
    assert "9 February 2014" in app.status_text(stepped_model)
    assert f"day {DAYS} of 4,383" in app.status_text(stepped_model)


@pytest.mark.parametrize("component", [app.About, app.VictimsChart, app.MoneyChart, app.ScammersChart, app.PoliceChart])
def test_components_render(stepped_model, component):
    box, rc = solara.render(component(stepped_model), handle_error=False)
    rc.close()


@pytest.mark.parametrize(
    ("params", "message"),
    [({"seed": "abc"}, "whole number"), ({"police__units__national__capacity": -1}, "police.units.national.capacity")],
)
def test_bad_settings_fall_back_to_baseline(params, message):
    model = app.DashboardModel(**params)
    assert message in model.setup_error
    assert model.seed == 1 and model.scenario == app.base
