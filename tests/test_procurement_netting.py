"""FEFO sell-through of lots at forecast demand (procurement netting), without Odoo."""
import datetime

import pytest

from conftest import load_pure

TODAY = datetime.date(2026, 12, 1)


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture(scope="module", name="netting")
def netting_module():
    return load_pure("medical_device_procurement", "utils/netting.py")


def test_lot_expiring_inside_lead_time_sells_only_what_demand_takes(netting):
    # 2 a day for the 3 days before the sell-by date: 6 of 10 are sold, 4 are not.
    result = netting.sell_through(TODAY, 2.0, [("a", 10.0, day(3), 0)])
    assert result == {"a": (6.0, 4.0, netting.UNSOLD)}


def test_fefo_takes_the_earliest_sell_by_first(netting):
    # The late lot waits while the early one is sold: the early lot is not discounted for it.
    result = netting.sell_through(TODAY, 2.0, [("late", 10.0, day(30), 0), ("early", 6.0, day(3), 0)])
    assert result == {"early": (6.0, 0.0, None), "late": (10.0, 0.0, None)}


def test_demand_left_after_the_early_lot_goes_to_the_next(netting):
    # Days 0-2 sell 6 of the early lot (4 lost); days 3-9 sell 14 of the next lot, which expires on day 10: 6 lost.
    result = netting.sell_through(TODAY, 2.0, [("early", 10.0, day(3), 0), ("next", 20.0, day(10), 0)])
    assert result == {"early": (6.0, 4.0, netting.UNSOLD), "next": (14.0, 6.0, netting.UNSOLD)}


def test_past_sell_by_is_discounted_whatever_the_rate(netting):
    for rate in (0.0, 5.0):
        result = netting.sell_through(TODAY, rate, [("a", 8.0, day(0), 0), ("b", 3.0, day(-4), 0)])
        assert result == {"a": (0.0, 8.0, netting.PAST_SELL_BY), "b": (0.0, 3.0, netting.PAST_SELL_BY)}


def test_no_forecast_counts_every_lot_within_its_sell_by(netting):
    result = netting.sell_through(TODAY, 0.0, [("a", 100.0, day(2), 0), ("b", 5.0, None, 0)])
    assert result == {"a": (100.0, 0.0, None), "b": (5.0, 0.0, None)}


def test_lot_without_expiry_is_sold_in_full(netting):
    result = netting.sell_through(TODAY, 1.0, [("a", 500.0, None, 0)])
    assert result == {"a": (500.0, 0.0, None)}


def test_quarantine_sells_only_after_its_acceptance(netting):
    # Available from day 4, sell-by on day 10: 6 days at 3 a day sell 18 of 30.
    result = netting.sell_through(TODAY, 3.0, [("q", 30.0, day(10), 4)])
    assert result == {"q": (18.0, 12.0, netting.UNSOLD)}
    # Accepted only on the day its sell-by date comes: nothing of it can be sold.
    assert netting.sell_through(TODAY, 3.0, [("q", 30.0, day(4), 4)]) == {"q": (0.0, 30.0, netting.PAST_SELL_BY)}


def test_released_stock_is_sold_while_quarantine_waits(netting):
    # Days 0-1 only the released lot sells (2 a day: 4 of it); from day 2 the quarantined lot, earlier
    # sell-by, goes first: days 2-5 sell 8 of it (2 lost), then the released lot again.
    result = netting.sell_through(TODAY, 2.0, [("rel", 10.0, day(40), 0), ("qua", 10.0, day(6), 2)])
    assert result == {"qua": (8.0, 2.0, netting.UNSOLD), "rel": (10.0, 0.0, None)}


def test_fractional_rate(netting):
    sold, lost, reason = netting.sell_through(TODAY, 0.5, [("a", 10.0, day(7), 0)])["a"]
    assert (sold, lost, reason) == (3.5, 6.5, netting.UNSOLD)


def test_empty_and_zero_quantities(netting):
    assert netting.sell_through(TODAY, 2.0, []) == {}
    assert netting.sell_through(TODAY, 2.0, [("a", 0.0, day(3), 0)]) == {"a": (0.0, 0.0, None)}
