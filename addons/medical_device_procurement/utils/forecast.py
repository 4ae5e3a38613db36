"""Demand forecasts from weekly demand history, and reorder levels from a forecast.

Odoo-free (numpy and statsmodels only) so that the arithmetic is tested on its own. A series is the net
demand of one product in one warehouse per week, oldest first, zero weeks included. Notes carry a code and
parameters; the Odoo layer turns them into a message in the user's language.

How a forecast is made, whatever the method:

* the last ``holdout`` weeks are held out, the method is fitted on the weeks before and forecasts the
  held-out weeks: the MAPE of that forecast says how far the method was from what really happened;
* the method then runs over the whole series with the parameters fitted before (the smoothing is only
  re-applied, not re-optimised: one optimisation per product keeps a run of thousands of products short) and
  forecasts the next ``holdout`` weeks: the mean of that forecast is the demand replenishment plans with,
  so the MAPE shown measures exactly that kind of forecast;
* the variability is the spread of weekly demand around what the method expected (the standard deviation of
  the window for a moving average, the root mean square of the one-week-ahead errors for the smoothing
  methods), spread over days as independent days: weekly sigma / sqrt(7).
"""
import math
import warnings
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
from threadpoolctl import threadpool_limits

DAYS_PER_WEEK = 7
SEASON_WEEKS = 52

MOVING_AVERAGE = "moving_average"
SES = "ses"
HOLT_WINTERS = "holt_winters"


@dataclass
class Forecast:
    method: str  # the method used, which may be a fallback of the one asked for
    weekly_demand: float
    weekly_sigma: float
    mape: float | None = None  # percent; None when the holdout cannot measure it
    mape_weeks: int = 0  # held-out weeks the MAPE was measured on
    notes: list = field(default_factory=list)  # [(code, {parameters})]

    @property
    def daily_demand(self):
        return self.weekly_demand / DAYS_PER_WEEK

    @property
    def daily_sigma(self):
        return self.weekly_sigma / math.sqrt(DAYS_PER_WEEK)


def mape(actual, predicted):
    """(MAPE in percent, weeks measured) of ``predicted`` against ``actual``.

    A week without demand has no percentage error (it would divide by zero), and counting it as 0 % or
    100 % would flatter or punish a method for nothing it did: such weeks are left out, and when every
    held-out week is empty there is no MAPE at all, (None, 0).
    """
    actual = np.asarray(actual, dtype=float)
    predicted = np.asarray(predicted, dtype=float)
    measured = actual > 0
    if not measured.any():
        return None, 0
    errors = np.abs(actual[measured] - predicted[measured]) / actual[measured]
    return float(errors.mean() * 100), int(measured.sum())


# Methods: fit(train) -> parameters; run(series, parameters, horizon) -> (forecast, weekly sigma) --------------

def _quiet(function):
    """statsmodels warns on every hard-to-optimise series; the holdout's MAPE is what judges the fit."""
    def wrapped(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function(*args, **kwargs)
    return wrapped


class MovingAverage:
    minimum_weeks = 1

    def __init__(self, window):
        self.window = max(1, int(window))

    def fit(self, train):
        return None

    def run(self, series, params, horizon):
        window = series[-self.window:]
        sigma = float(window.std(ddof=1)) if len(window) > 1 else 0.0
        return np.full(horizon, float(window.mean())), sigma


class SimpleSmoothing:
    # Fewer weeks than this give the optimiser nothing to learn the smoothing level from.
    minimum_weeks = 4

    @_quiet
    def fit(self, train):
        from statsmodels.tsa.holtwinters import SimpleExpSmoothing  # noqa: PLC0415 - loaded on first use

        result = SimpleExpSmoothing(train, initialization_method="estimated").fit(use_brute=False)
        return {"smoothing_level": result.params["smoothing_level"],
                "initial_level": result.params["initial_level"]}

    @_quiet
    def run(self, series, params, horizon):
        from statsmodels.tsa.holtwinters import SimpleExpSmoothing  # noqa: PLC0415

        result = SimpleExpSmoothing(series, initialization_method="known",
                                    initial_level=params["initial_level"]).fit(
            smoothing_level=params["smoothing_level"], optimized=False)
        return result.forecast(horizon), math.sqrt(result.sse / len(series))


class HoltWinters:
    """Additive trend and season, its initial state read from the start of the series.

    statsmodels' own initialisations need two full seasons, which two years of weekly history minus a
    holdout never have. The trend is read from the weeks that repeat a week of the first season (one year
    on, demand has grown by 52 weekly trends), the level and the season from the first season once that
    trend is taken out. Only the three smoothing parameters are then optimised, without statsmodels'
    brute-force start (ten times slower for the same fit on weekly demand).
    """

    def __init__(self, season=SEASON_WEEKS):
        self.season = season
        # The optimiser needs some weeks after the first season to learn how fast level and season move.
        self.minimum_weeks = season + season // 2

    def initial_state(self, series):
        season = self.season
        first = series[:season]
        repeated = series[season:2 * season]
        slope = float((repeated - first[:len(repeated)]).mean() / season)
        detrended = first - slope * np.arange(season)
        level = float(detrended.mean())
        # statsmodels' first prediction is level + trend + season[0]: its level starts one week earlier.
        return {"initial_level": level - slope, "initial_trend": slope, "initial_seasonal": detrended - level}

    def _model(self, series, state):
        from statsmodels.tsa.holtwinters import ExponentialSmoothing  # noqa: PLC0415

        return ExponentialSmoothing(series, trend="add", seasonal="add", seasonal_periods=self.season,
                                    initialization_method="known", **state)

    @_quiet
    def fit(self, train):
        state = self.initial_state(train)
        result = self._model(train, state).fit(use_brute=False)
        return dict(state, **{name: result.params[name]
                              for name in ("smoothing_level", "smoothing_trend", "smoothing_seasonal")})

    @_quiet
    def run(self, series, params, horizon):
        state = {name: params[name] for name in ("initial_level", "initial_trend", "initial_seasonal")}
        result = self._model(series, state).fit(
            smoothing_level=params["smoothing_level"], smoothing_trend=params["smoothing_trend"],
            smoothing_seasonal=params["smoothing_seasonal"], optimized=False)
        return result.forecast(horizon), math.sqrt(result.sse / len(series))


def single_threaded():
    """A context in which numpy and scipy's linear algebra runs on the calling thread only.

    Each fit is tiny: OpenBLAS's worker threads bring nothing to it, and once woken they spin for the CPU the
    fit needs. On two busy CPUs a Holt-Winters fit took 59 ms with them and 5 ms without.
    """
    return threadpool_limits(limits=1, user_api="blas")


def forecast_series(series, method, window=8, holdout=8, season=SEASON_WEEKS):
    """The :class:`Forecast` of a weekly demand series by ``method``.

    Holt-Winters falls back to simple exponential smoothing, with a note, when the series is too short to
    learn its season; the MAPE is left out, with a note, when the series is too short to hold weeks out.
    """
    series = np.asarray(series, dtype=float)
    holdout = max(1, int(holdout))
    notes = []
    if not len(series):
        return Forecast(method, 0.0, 0.0, notes=[("no_history", {})])
    if method == HOLT_WINTERS:
        model = HoltWinters(season)
        if len(series) < model.minimum_weeks + holdout:
            notes.append(("season_too_short", {"weeks": len(series), "needed": model.minimum_weeks + holdout}))
            method = SES
    if method == SES:
        model = SimpleSmoothing()
    elif method == MOVING_AVERAGE:
        model = MovingAverage(window)
    result = Forecast(method, 0.0, 0.0, notes=notes)

    params = None
    train = series[:-holdout]
    if len(train) >= model.minimum_weeks:
        params = model.fit(train)
        predicted, _sigma = model.run(train, params, holdout)
        result.mape, result.mape_weeks = mape(series[-holdout:], np.maximum(predicted, 0.0))
        if result.mape is None:
            notes.append(("holdout_empty", {"weeks": holdout}))
    else:
        notes.append(("holdout_too_short", {"weeks": len(series), "needed": model.minimum_weeks + holdout}))
        if len(series) < model.minimum_weeks:
            # Too little even to fit on everything: the mean of what there is.
            model = MovingAverage(len(series))
            result.method = MOVING_AVERAGE
            notes.append(("fallback_average", {"weeks": len(series)}))
        params = model.fit(series)
    predicted, sigma = model.run(series, params, holdout)
    # A trend or season may run below zero; nobody delivers a negative quantity.
    result.weekly_demand = float(np.maximum(predicted, 0.0).mean())
    result.weekly_sigma = float(sigma)
    return result


def reorder_levels(daily_demand, daily_sigma, lead_days, review_days, service_level):
    """(safety stock, demand over the lead time, minimum, maximum) before rounding to the unit of measure.

    Safety stock covers the demand's variability over the lead time at the service level (the chance of not
    running out during one replenishment): z x sigma x sqrt(lead days), with z the standard normal quantile.
    """
    lead_days = max(0.0, float(lead_days))
    z = NormalDist().inv_cdf(service_level / 100.0)
    safety = max(0.0, z * daily_sigma * math.sqrt(lead_days))
    lead_demand = daily_demand * lead_days
    minimum = lead_demand + safety
    return safety, lead_demand, minimum, minimum + daily_demand * max(0.0, float(review_days))
