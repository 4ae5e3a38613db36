"""FEFO sell-through of lots at a forecast daily demand: how much of each lot can still be sold.

Pure arithmetic, no Odoo import, so that the rule replenishment relies on is tested on its own.

A lot can be sold on the days from ``available_from`` (0: today; quarantined goods: after their
acceptance) up to the day before its sell-by date (its expiry date minus the customers' minimum
remaining shelf life). Demand takes ``rate`` units a day from the sellable lot with the earliest
sell-by date (FEFO). What a lot still holds when its sell-by date comes will not be sold: it is
discounted from the stock replenishment counts.
"""

PAST_SELL_BY = "past_sell_by"  # sell-by date already reached (or reached before the lot is available)
UNSOLD = "unsold"  # the demand will not consume it before its sell-by date


def _day(value, today):
    """Day offset of a date from ``today``; None stays None (no expiry)."""
    return None if value is None else (value - today).days


def sell_through(today, rate, lots):
    """Split each lot into the quantity that will be sold and the quantity that will not.

    ``lots``: iterable of ``(key, qty, sell_by_date or None, available_from_day)``.
    ``rate``: forecast demand per day; 0 or less means no forecast, and then every lot still
    within its sell-by date is counted in full.

    Returns ``{key: (sellable, discounted, reason)}``; ``reason`` is None when nothing is
    discounted, else PAST_SELL_BY or UNSOLD.
    """
    entries = []
    result = {}
    for key, qty, sell_by, available in lots:
        end = _day(sell_by, today)
        start = max(int(available or 0), 0)
        if qty <= 0:
            result[key] = (0.0, 0.0, None)
        elif end is not None and end <= start:
            result[key] = (0.0, float(qty), PAST_SELL_BY)
        else:
            entries.append([key, float(qty), end, start, 0.0])
    if rate <= 0:
        for key, qty, _end, _start, _sold in entries:
            result[key] = (qty, 0.0, None)
        return result
    # Between two consecutive events (a lot becoming available or reaching its sell-by date)
    # the sellable lots do not change: the demand of that stretch goes to them in FEFO order.
    events = sorted({start for _k, _q, _e, start, _s in entries}
                    | {end for _k, _q, end, _s, _so in entries if end is not None})
    fefo = sorted(entries, key=lambda e: (e[2] is None, e[2] if e[2] is not None else 0, e[3]))
    for begin, finish in zip(events, events[1:] + [None]):
        capacity = None if finish is None else rate * (finish - begin)
        for entry in fefo:
            _key, qty, end, start, sold = entry
            if start > begin or (end is not None and end <= begin) or sold >= qty:
                continue
            take = qty - sold if capacity is None else min(qty - sold, capacity)
            entry[4] += take
            if capacity is not None:
                capacity -= take
                if capacity <= 0:
                    break
    for key, qty, _end, _start, sold in entries:
        discounted = qty - sold
        result[key] = (sold, discounted, UNSOLD if discounted > 1e-9 else None)
    return result
