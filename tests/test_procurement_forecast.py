"""Demand forecasts and reorder levels of the procurement add-on, on known series (no database)."""
import math

import numpy as np
import pytest

from conftest import load_pure

forecast = load_pure("medical_device_procurement", "utils/forecast.py")

WEEKS = np.arange(104)


def seasonal_series(weeks=WEEKS):
    """Two years of weekly demand: 50 a week growing by 0.5 a week, a yearly wave of +/-10."""
    return 50 + 0.5 * weeks + 10 * np.sin(2 * np.pi * weeks / 52)


@pytest.mark.parametrize("method", ["moving_average", "ses", "holt_winters"])
def test_constant_demand_is_forecast_exactly(method):
    result = forecast.forecast_series([14.0] * 104, method)
    assert result.method == method
    assert result.daily_demand == pytest.approx(2.0, abs=1e-9)
    assert result.daily_sigma == pytest.approx(0.0, abs=1e-9)
    assert result.mape == pytest.approx(0.0, abs=1e-9)
    assert result.mape_weeks == 8
    assert result.notes == []


def test_moving_average_of_the_window():
    series = [0] * 10 + [7, 14, 21, 28]
    result = forecast.forecast_series(series, "moving_average", window=4, holdout=2)
    assert result.weekly_demand == 17.5
    assert result.daily_demand == 2.5
    # Sample standard deviation of 7, 14, 21, 28.
    assert result.weekly_sigma == pytest.approx(math.sqrt(245 / 3))
    assert result.daily_sigma == pytest.approx(math.sqrt(245 / 3) / math.sqrt(7))
    # Held out 21 and 28, forecast from 0, 0, 7, 14: 5.25 twice.
    assert result.mape == pytest.approx((15.75 / 21 + 22.75 / 28) / 2 * 100)
    assert result.mape_weeks == 2


def test_holt_winters_reproduces_trend_and_season():
    series = seasonal_series()
    result = forecast.forecast_series(series, "holt_winters")
    expected = seasonal_series(np.arange(104, 112)).mean()
    assert result.method == "holt_winters"
    assert result.weekly_demand == pytest.approx(expected, abs=1e-6)
    assert result.mape == pytest.approx(0.0, abs=1e-6)
    assert result.weekly_sigma == pytest.approx(0.0, abs=1e-6)
    # The season is learnt week by week: each of the next 52 weeks within 0.001 of the truth.
    hw = forecast.HoltWinters()
    predicted, _sigma = hw.run(series, hw.fit(series[:-8]), 52)
    assert np.abs(predicted - seasonal_series(np.arange(104, 156))).max() < 1e-3


def test_holt_winters_beats_flat_methods_on_noisy_season():
    noisy = seasonal_series() + np.random.default_rng(3).normal(0, 2, 104)
    results = {method: forecast.forecast_series(noisy, method) for method in ("moving_average", "ses", "holt_winters")}
    truth = seasonal_series(np.arange(104, 112)).mean()
    assert abs(results["holt_winters"].weekly_demand - truth) < 2.0
    assert results["holt_winters"].mape < 3.0
    assert results["ses"].mape > 8.0
    assert results["moving_average"].mape > 8.0


def test_holt_winters_needs_a_season_and_a_half_plus_holdout():
    result = forecast.forecast_series([10.0] * 85, "holt_winters")
    assert result.method == "ses"
    assert result.notes == [("season_too_short", {"weeks": 85, "needed": 86})]
    assert result.weekly_demand == pytest.approx(10.0)
    assert forecast.forecast_series([10.0] * 86, "holt_winters").method == "holt_winters"


def test_mape_of_known_pair():
    value, weeks = forecast.mape([10, 20, 0, 40], [12, 15, 3, 40])
    # Week 3 has no demand: left out. (20 % + 25 % + 0 %) / 3.
    assert (value, weeks) == (pytest.approx(15.0), 3)
    assert forecast.mape([0, 0], [1, 2]) == (None, 0)


def test_no_mape_when_holdout_is_empty_or_history_short():
    empty = forecast.forecast_series([5, 5, 5, 5, 0, 0], "moving_average", window=4, holdout=2)
    assert empty.mape is None
    assert empty.notes == [("holdout_empty", {"weeks": 2})]
    assert empty.weekly_demand == 2.5
    short = forecast.forecast_series([6, 3], "ses", holdout=8)
    assert short.mape is None
    assert short.method == "moving_average"
    assert short.notes == [("holdout_too_short", {"weeks": 2, "needed": 12}),
                           ("fallback_average", {"weeks": 2})]
    assert short.weekly_demand == 4.5
    nothing = forecast.forecast_series([], "holt_winters")
    assert (nothing.weekly_demand, nothing.notes) == (0.0, [("no_history", {})])


def test_negative_forecasts_are_cut_at_zero():
    falling = [40 - 5 * week for week in range(9)] + [0] * 3
    result = forecast.forecast_series(falling, "moving_average", window=1, holdout=2)
    assert result.weekly_demand == 0.0


def test_reorder_levels():
    safety, lead_demand, minimum, maximum = forecast.reorder_levels(2.0, 1.0, 9, 14, 95)
    z = 1.6448536269514722
    assert safety == pytest.approx(z * 3)
    assert lead_demand == 18.0
    assert minimum == pytest.approx(18 + z * 3)
    assert maximum == pytest.approx(18 + z * 3 + 28)
    assert forecast.reorder_levels(2.0, 1.0, 0, 7, 99) == (0.0, 0.0, 0.0, 14.0)
