"""Reading validation and excursion detection, without Odoo."""
import datetime

import pytest

from conftest import load_pure

er = load_pure("medical_device_gsp", "utils/env_readings.py")
T0 = datetime.datetime(2026, 11, 20, 0, 0)
NOW = datetime.datetime(2026, 11, 22, 0, 0)
MINUTE = datetime.timedelta(minutes=1)
COLD = (2.0, 8.0, 75.0)


def series(temperatures, humidity=50.0, step=MINUTE, start=T0):
    return [(start + i * step, t, humidity) for i, t in enumerate(temperatures)]


def error(callable_, *args, **kwargs):
    with pytest.raises(er.ReadingError) as info:
        callable_(*args, **kwargs)
    return info.value


@pytest.mark.parametrize("value, expected", [
    ("2026-11-20T08:00:00Z", datetime.datetime(2026, 11, 20, 8, 0)),
    ("2026-11-20T16:00:00+08:00", datetime.datetime(2026, 11, 20, 8, 0)),
    ("2026-11-20 08:00:30", datetime.datetime(2026, 11, 20, 8, 0, 30)),
    ("2026/11/20 08:00", datetime.datetime(2026, 11, 20, 8, 0)),
    (1795651200, datetime.datetime(2026, 11, 26, 0, 0)),
    (datetime.datetime(2026, 11, 20, 8, 0, 0, 500), datetime.datetime(2026, 11, 20, 8, 0)),
])
def test_timestamps_become_naive_utc(value, expected):
    assert er.parse_timestamp(value, 1) == expected


def test_naive_timestamps_are_in_the_logger_time_zone():
    shanghai = er.timezone("Asia/Shanghai")
    assert er.parse_timestamp("2026-11-20 16:00", 1, shanghai) == datetime.datetime(2026, 11, 20, 8, 0)
    assert er.parse_timestamp("20/11/2026 16:00", 1, shanghai, "%d/%m/%Y %H:%M") == datetime.datetime(2026, 11, 20, 8, 0)


@pytest.mark.parametrize("value, code", [
    (None, "missing_timestamp"), ("  ", "missing_timestamp"), ("yesterday", "bad_timestamp"),
    (True, "bad_timestamp"), (float("nan"), "bad_timestamp"), ([2026], "bad_timestamp"),
])
def test_bad_timestamps_name_the_row(value, code):
    err = error(er.parse_timestamp, value, 7)
    assert (err.row, err.code) == (7, code)


def test_unknown_time_zone_is_refused():
    assert error(er.timezone, "Mars/Olympus").code == "bad_timezone"


@pytest.mark.parametrize("value, expected", [
    ("4.5", 4.5), ("4,5", None), (" 7.25 °C", 7.25), ("6℃", 6.0), ("55 %RH", 55.0), ("", None), (None, None), (3, 3.0),
])
def test_numbers(value, expected):
    if expected is None and value == "4,5":
        assert error(er.parse_number, value, 2, "temperature").code == "bad_number"
        assert er.parse_number(value, 2, "temperature", decimal_comma=True) == 4.5
    else:
        assert er.parse_number(value, 2, "temperature") == expected


@pytest.mark.parametrize("value", ["abc", "inf", True])
def test_bad_numbers(value):
    err = error(er.parse_number, value, 4, "humidity")
    assert (err.row, err.code, err.params["field"]) == (4, "bad_number", "humidity")


def test_physical_limits():
    assert er.check_reading(1, T0, -100.0, 0.0, NOW) == (T0, -100.0, 0.0)
    assert er.check_reading(1, T0, 100.0, 100.0, NOW) == (T0, 100.0, 100.0)
    assert error(er.check_reading, 3, T0, 100.5, None, NOW).code == "temperature_range"
    assert error(er.check_reading, 3, T0, 5.0, 100.1, NOW).code == "humidity_range"
    assert error(er.check_reading, 3, T0, 5.0, -1.0, NOW).code == "humidity_range"
    assert error(er.check_reading, 3, T0, None, 50.0, NOW).code == "missing_temperature"


def test_future_readings_are_refused_beyond_clock_drift():
    assert er.check_reading(1, NOW + datetime.timedelta(minutes=10), 5.0, None, NOW)
    assert error(er.check_reading, 1, NOW + datetime.timedelta(minutes=11), 5.0, None, NOW).code == "future"


def test_table_with_header_names_and_units():
    rows = [["Logger export"], ["Date/Time", "Temperature(°C)", "RH(%)"],
            ["2026-11-20 08:00", "4,5", "60,0"], [], ["2026-11-20 08:05", "5,1", ""]]
    mapping = {"header_row": 2, "timestamp": "date/time", "temperature": "Temperature(°C)", "humidity": "RH(%)",
               "timezone": "Asia/Shanghai", "decimal_comma": True}
    readings = er.readings_from_table(rows, mapping, NOW)
    assert [(r["row"], r["timestamp"], r["temperature"], r["humidity"]) for r in readings] == [
        (3, datetime.datetime(2026, 11, 20, 0, 0), 4.5, 60.0), (5, datetime.datetime(2026, 11, 20, 0, 5), 5.1, None)]


def test_table_by_column_number_and_sensor_column():
    rows = [["P1", "2026-11-20T00:00:00Z", 4], ["P2", "2026-11-20T00:00:00Z", 5]]
    mapping = {"header_row": 0, "timestamp": "2", "temperature": "3", "sensor": "1"}
    assert [r["sensor"] for r in er.readings_from_table(rows, mapping, NOW)] == ["P1", "P2"]


def test_table_errors_name_the_row():
    mapping = {"header_row": 1, "timestamp": "t", "temperature": "c"}
    assert error(er.readings_from_table, [["t", "c"], ["2026-11-20 00:00", "4"], ["2026-11-20 00:01", "500"]],
                 mapping, NOW).row == 3
    err = error(er.readings_from_table, [["time", "c"]], mapping, NOW)
    assert (err.code, err.params["column"]) == ("missing_column", "t")
    assert error(er.readings_from_table, [["t"]], {"header_row": 1, "timestamp": "t"}, NOW).code == "missing_mapping"


def test_json_batches():
    payload = {"readings": [{"timestamp": "2026-11-20T00:00:00Z", "temperature": 4.2, "humidity": 55, "sensor": "P1"},
                            {"timestamp": "2026-11-20T00:01:00Z", "temperature": "4.3"}]}
    readings = er.readings_from_json(payload, NOW)
    assert [(r["sensor"], r["temperature"], r["humidity"]) for r in readings] == [("P1", 4.2, 55.0), (None, 4.3, None)]
    assert error(er.readings_from_json, {"readings": []}).code == "no_readings"
    assert error(er.readings_from_json, "text").code == "no_readings"
    assert error(er.readings_from_json, {"readings": [1]}).code == "not_an_object"
    bad = {"readings": [{"timestamp": "2026-11-20T00:00:00Z", "temperature": 4}] * 2
           + [{"timestamp": "2026-11-20T00:02:00Z", "temperature": -273}]}
    assert error(er.readings_from_json, bad, NOW).row == 3


# Excursions ---------------------------------------------------------------------

def episodes(temperatures, grace=15, silence=None, **kwargs):
    return er.find_episodes(series(temperatures, **kwargs), COLD, datetime.timedelta(minutes=grace),
                            silence and datetime.timedelta(minutes=silence))


def test_out_of_range_for_exactly_the_grace_time_is_no_excursion():
    assert episodes([5] * 5 + [9] * 15 + [5] * 5) == []


def test_out_of_range_longer_than_the_grace_time_is_an_excursion():
    assert episodes([5] * 5 + [9] * 16 + [5] * 5) == [
        {"kind": "range", "start": T0 + 5 * MINUTE, "end": T0 + 21 * MINUTE}]


def test_an_excursion_still_going_on_has_no_end():
    assert episodes([5] * 2 + [1.5] * 17) == [{"kind": "range", "start": T0 + 2 * MINUTE, "end": None}]
    assert episodes([5] * 2 + [1.5] * 16) == []


def test_humidity_above_its_maximum_counts_and_zero_means_unwatched():
    readings = series([5] * 20, humidity=80.0)
    assert er.find_episodes(readings, COLD, 15 * MINUTE, None)[0]["start"] == T0
    assert er.find_episodes(readings, (2.0, 8.0, 0.0), 15 * MINUTE, None) == []


def test_a_run_started_before_the_batch_continues():
    readings = series([9] * 10 + [5], start=T0 + 10 * MINUTE)
    assert er.find_episodes(readings, COLD, 15 * MINUTE, None, streak_start=T0, previous=T0 + 9 * MINUTE) == [
        {"kind": "range", "start": T0, "end": T0 + 20 * MINUTE}]


def test_silence_between_readings():
    readings = [(T0, 5, None), (T0 + 20 * MINUTE, 5, None), (T0 + 41 * MINUTE, 5, None)]
    assert er.find_episodes(readings, COLD, 15 * MINUTE, 20 * MINUTE) == [
        {"kind": "silence", "start": T0 + 20 * MINUTE, "end": T0 + 41 * MINUTE}]
    assert er.find_episodes(readings[1:], COLD, 15 * MINUTE, 20 * MINUTE, previous=T0 - 30 * MINUTE)[0] == {
        "kind": "silence", "start": T0 - 30 * MINUTE, "end": T0 + 20 * MINUTE}


# Bodies and values from outside -------------------------------------------------

@pytest.mark.parametrize("body", [
    b"", b"{oops", b"\xff\xfe\xfd", b"\xc3\x28", b"[" * 100_000, b"{\"a\":" * 100_000,
    b"{\"readings\": [{\"timestamp\": \"2026-11-20T00:00:00Z\", \"temperature\": NaN}]}",
    b"{\"temperature\": Infinity}", b"{\"temperature\": -Infinity}", b"[" + b"9" * 5000 + b"]",
], ids=lambda body: repr(body[:24]))
def test_bodies_that_are_not_json(body):
    err = error(er.load_json, body)
    assert (err.row, err.code) == (0, "bad_file")


def test_json_body_and_its_limits():
    assert er.load_json(b'{"readings": [{"temperature": 1e999}]}') == {"readings": [{"temperature": float("inf")}]}
    assert "nested too deeply" in error(er.load_json, b"[" * 100_000).params["detail"]
    rows = [{"timestamp": "2026-11-20T00:00:00Z", "temperature": 4}] * 3
    assert len(er.readings_from_json({"readings": rows}, NOW, max_readings=3)) == 3
    err = error(er.readings_from_json, {"readings": rows}, NOW, max_readings=2)
    assert (err.code, err.params) == ("too_many_readings", {"count": 3, "limit": 2})


@pytest.mark.parametrize("value", [
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", 10 ** 30, 1e20, "x" * 100_000,
    "2026-11-20T08:00:00Z" + " " * 100_000 + "x", {"date": "2026-11-20"}, [[[]]],
], ids=lambda value: repr(value)[:24])
def test_timestamps_out_of_range_or_too_long(value):
    err = error(er.parse_timestamp, value, 2)
    assert err.code == "bad_timestamp" and len(str(err.params["value"])) <= er.MAX_CELL_LENGTH + 1


@pytest.mark.parametrize("value", [10 ** 400, "4" + " " * 100_000 + "x", [4.5], {"v": 4.5}, "nan", "-inf", "1e400"],
                         ids=lambda value: repr(value)[:24])
def test_numbers_out_of_range_or_too_long(value):
    # A long run of spaces before a non-unit used to make the unit pattern backtrack for minutes.
    err = error(er.parse_number, value, 3, "temperature")
    assert err.code == "bad_number" and len(str(err.params["value"])) <= er.MAX_CELL_LENGTH + 1


def test_refused_values_are_quoted_short():
    deep = []
    for _i in range(5000):
        deep = [deep]
    assert er.shown(deep) == "[…]"
    assert er.shown({"a": deep}) == "{…}"
    assert er.shown("x" * 1000) == "x" * er.MAX_CELL_LENGTH + "…"
    assert er.shown(10 ** 5000) == "…"
    assert er.shown(4.5) == "4.5"
    payload = {"readings": [{"timestamp": "2026-11-20T00:00:00Z", "temperature": 4, "sensor": {"code": deep}}]}
    err = error(er.readings_from_json, payload, NOW)
    assert (err.row, err.code, err.params) == (1, "unknown_sensor", {"sensor": "{…}"})
