"""Temperature/humidity readings: parsing, validation and excursion detection.

Odoo-free so that the rules can be tested on their own and reused by the
import wizard, the HTTP endpoint and manual entry alike. Errors carry a code
and parameters; the Odoo layer turns them into a message in the user's language.
"""
import datetime
import json
import math
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# What a sensor can physically report; anything outside is a transmission or
# mapping error (a column mixed up, Fahrenheit sent as Celsius), not a reading.
PHYSICAL_TEMPERATURE = (-100.0, 100.0)
PHYSICAL_HUMIDITY = (0.0, 100.0)
# Logger clocks drift; a reading further in the future than this is refused.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)
# No date or number a logger writes is longer; longer text is refused before any
# parsing (the unit pattern below backtracks on long runs of spaces).
MAX_CELL_LENGTH = 64

_UNIT_RE = re.compile(r"\s*(°\s*[CF]?|℃|%\s*(RH)?|RH)\s*$", re.IGNORECASE)
_NAIVE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                  "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M")


class ReadingError(ValueError):
    """A refused row: ``row`` is 1-based (as a user counts rows in the file or batch)."""

    def __init__(self, row, code, **params):
        self.row = row
        self.code = code
        self.params = params
        super().__init__(f"row {row}: {code} {params}")


def shown(value, limit=MAX_CELL_LENGTH):
    """``value`` as a refusal may quote it: short, and never the text of a nested structure.

    The value comes from outside: its full text could be megabytes long, or
    nested deeper than ``str()`` can recurse.
    """
    if isinstance(value, (list, tuple)):
        return "[…]"
    if isinstance(value, dict):
        return "{…}"
    try:
        text = str(value)
    except ValueError:  # an integer with more digits than Python converts
        return "…"
    return text if len(text) <= limit else text[:limit] + "…"


def load_json(data):
    """The endpoint's body (bytes) as JSON.

    NaN and Infinity are not JSON numbers; a body nested deeper than the parser
    can recurse is refused like any other body that is not JSON.
    """
    def refuse_constant(name):
        raise ValueError(f"{name} is not a number")

    try:
        return json.loads(data, parse_constant=refuse_constant)
    except RecursionError as exc:
        raise ReadingError(0, "bad_file", detail="body is not JSON (nested too deeply)") from exc
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise ReadingError(0, "bad_file", detail="body is not JSON") from exc


def timezone(name):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ReadingError(0, "bad_timezone", timezone=name) from exc


def parse_timestamp(value, row, tz=datetime.timezone.utc, fmt=None):
    """Naive UTC datetime from a cell or JSON value.

    Strings with an offset (ISO 8601, ``Z``) are exact; naive strings and
    datetimes (as XLSX gives them) are in the logger's time zone ``tz``;
    numbers are Unix seconds.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ReadingError(row, "missing_timestamp")
    if isinstance(value, bool):
        raise ReadingError(row, "bad_timestamp", value=value)
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ReadingError(row, "bad_timestamp", value=value)
        try:
            stamp = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
        except (OverflowError, OSError, ValueError) as exc:
            raise ReadingError(row, "bad_timestamp", value=shown(value)) from exc
    elif isinstance(value, datetime.datetime):
        stamp = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_CELL_LENGTH:
            raise ReadingError(row, "bad_timestamp", value=shown(text))
        stamp = None
        if fmt:
            try:
                stamp = datetime.datetime.strptime(text, fmt)
            except ValueError as exc:
                raise ReadingError(row, "bad_timestamp", value=text) from exc
        else:
            try:
                stamp = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                for candidate in _NAIVE_FORMATS:
                    try:
                        stamp = datetime.datetime.strptime(text, candidate)
                        break
                    except ValueError:
                        continue
            if stamp is None:
                raise ReadingError(row, "bad_timestamp", value=text)
    else:
        raise ReadingError(row, "bad_timestamp", value=shown(value))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=tz)
    try:
        return stamp.astimezone(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    except OverflowError as exc:  # year 1 or 9999 moved across the date line
        raise ReadingError(row, "bad_timestamp", value=shown(value)) from exc


def parse_number(value, row, field, decimal_comma=False):
    """Float from a cell or JSON value; None when empty. Units (°C, %RH) are tolerated."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ReadingError(row, "bad_number", field=field, value=value)
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError as exc:
            raise ReadingError(row, "bad_number", field=field, value=shown(value)) from exc
    elif isinstance(value, (list, tuple, dict)):
        raise ReadingError(row, "bad_number", field=field, value=shown(value))
    else:
        text = str(value).strip()
        if len(text) > MAX_CELL_LENGTH:
            raise ReadingError(row, "bad_number", field=field, value=shown(text))
        text = _UNIT_RE.sub("", text)
        if not text:
            return None
        if decimal_comma:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError as exc:
            raise ReadingError(row, "bad_number", field=field, value=shown(value)) from exc
    if not math.isfinite(number):
        raise ReadingError(row, "bad_number", field=field, value=shown(value))
    return number


def check_reading(row, timestamp, temperature, humidity, now):
    """Raise ReadingError when a reading cannot be true; return it as a tuple."""
    if temperature is None:
        raise ReadingError(row, "missing_temperature")
    low, high = PHYSICAL_TEMPERATURE
    if not low <= temperature <= high:
        raise ReadingError(row, "temperature_range", value=temperature, low=low, high=high)
    if humidity is not None:
        low, high = PHYSICAL_HUMIDITY
        if not low <= humidity <= high:
            raise ReadingError(row, "humidity_range", value=humidity, low=low, high=high)
    if now is not None and timestamp > now + FUTURE_TOLERANCE:
        raise ReadingError(row, "future", timestamp=timestamp)
    return timestamp, temperature, humidity


# Imports -----------------------------------------------------------------------

def column_index(header, wanted, row=0):
    """Position of a column named by header text (case- and space-insensitive) or 1-based number."""
    if wanted is None or str(wanted).strip() == "":
        return None
    wanted = str(wanted).strip()
    if wanted.isdigit():
        return int(wanted) - 1
    norm = [re.sub(r"\s+", " ", str(cell or "")).strip().lower() for cell in header]
    try:
        return norm.index(re.sub(r"\s+", " ", wanted).lower())
    except ValueError as exc:
        raise ReadingError(row, "missing_column", column=wanted) from exc


def readings_from_table(rows, mapping, now=None):
    """Readings from a logger export already split into rows (CSV or XLSX).

    ``mapping``: timestamp/temperature/humidity/sensor columns, ``header_row``
    (1-based line of column titles, 0 when there is none), ``timezone``,
    ``date_format``, ``decimal_comma``. Returns dicts in file order; the first
    bad row stops everything.
    """
    rows = list(rows)
    header_row = int(mapping.get("header_row") or 0)
    header = rows[header_row - 1] if header_row else []
    columns = {key: column_index(header, mapping.get(key), header_row)
               for key in ("timestamp", "temperature", "humidity", "sensor")}
    if columns["timestamp"] is None or columns["temperature"] is None:
        raise ReadingError(header_row, "missing_mapping")
    tz = timezone(mapping.get("timezone"))
    result = []
    for number, cells in enumerate(rows[header_row:], start=header_row + 1):
        cells = list(cells)
        if not any(str(c).strip() for c in cells if c is not None):
            continue

        def cell(key):
            index = columns[key]
            return cells[index] if index is not None and index < len(cells) else None

        stamp = parse_timestamp(cell("timestamp"), number, tz, mapping.get("date_format") or None)
        temperature = parse_number(cell("temperature"), number, "temperature", mapping.get("decimal_comma"))
        humidity = parse_number(cell("humidity"), number, "humidity", mapping.get("decimal_comma"))
        check_reading(number, stamp, temperature, humidity, now)
        sensor = cell("sensor")
        result.append({"row": number, "timestamp": stamp, "temperature": temperature, "humidity": humidity,
                       "sensor": str(sensor).strip() if sensor not in (None, "") else None})
    return result


def readings_from_json(payload, now=None, max_readings=None):
    """Readings from the endpoint's body: ``{"readings": [{"timestamp", "temperature", "humidity", "sensor"}]}``.

    A batch of more than ``max_readings`` is refused before any row is read.
    """
    items = payload.get("readings") if isinstance(payload, dict) else payload
    if not isinstance(items, list) or not items:
        raise ReadingError(0, "no_readings")
    if max_readings and len(items) > max_readings:
        raise ReadingError(0, "too_many_readings", count=len(items), limit=max_readings)
    result = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ReadingError(number, "not_an_object")
        stamp = parse_timestamp(item.get("timestamp"), number)
        temperature = parse_number(item.get("temperature"), number, "temperature")
        humidity = parse_number(item.get("humidity"), number, "humidity")
        check_reading(number, stamp, temperature, humidity, now)
        sensor = item.get("sensor")
        if isinstance(sensor, (list, tuple, dict)):
            raise ReadingError(number, "unknown_sensor", sensor=shown(sensor))
        result.append({"row": number, "timestamp": stamp, "temperature": temperature, "humidity": humidity,
                       "sensor": str(sensor).strip() if sensor not in (None, "") else None})
    return result


# Excursions ----------------------------------------------------------------------

def out_of_range(temperature, humidity, limits):
    low, high, humidity_max = limits
    return temperature < low or temperature > high or bool(
        humidity_max and humidity is not None and humidity > humidity_max)


def find_episodes(readings, limits, grace, silence, streak_start=None, previous=None):
    """Excursion episodes in time-ordered ``readings`` [(timestamp, temperature, humidity)].

    An out-of-range episode runs from its first out-of-range reading to the
    first reading back in range (while it lasts, to the latest reading); it
    counts when that is *longer* than ``grace``. A gap between two readings
    longer than ``silence`` is a silence episode. ``streak_start`` is the
    start of an out-of-range run still going on before the first reading,
    ``previous`` the timestamp of the reading before them.
    Returns dicts {kind, start, end} with ``end`` None while it lasts.
    """
    episodes = []
    last = previous
    for stamp, temperature, humidity in readings:
        if last is not None and silence and stamp - last > silence:
            episodes.append({"kind": "silence", "start": last, "end": stamp})
        if out_of_range(temperature, humidity, limits):
            if streak_start is None:
                streak_start = stamp
        elif streak_start is not None:
            if stamp - streak_start > grace:
                episodes.append({"kind": "range", "start": streak_start, "end": stamp})
            streak_start = None
        last = stamp
    if streak_start is not None and last is not None and last - streak_start > grace:
        episodes.append({"kind": "range", "start": streak_start, "end": None})
    return episodes
