"""Pure UDI carrier parsing: GS1 element strings, HRI and Digital Link, HIBC, China MA."""
import datetime
import importlib
import importlib.util
import re
import sys
import unicodedata

import pytest
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import _GS1_APPLICATION_IDENTIFIERS
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_messages import GS1Message

from conftest import ADDONS, load_pure

TODAY = datetime.date(2026, 11, 22)
# What the Odoo layer passes: the GS1 nomenclature's default FNC1 pattern.
SEPARATORS = r"(Alt029|#|\x1D)"
GS = "\x1d"
D = datetime.date
FIELDS = ("scheme", "di", "gtin", "lot", "serial", "expiry", "production_date", "quantity")


@pytest.fixture(scope="module", name="udi")
def udi_module():
    return load_pure("medical_device_base", "utils/udi.py")


def gs1(di=None, **fields):
    return {"scheme": "gs1", "di": di, "gtin": di, **fields}


def hibc(di=None, **fields):
    return {"scheme": "hibc", "di": di, **fields}


def ma(di, **fields):
    return {"scheme": "ma", "di": di, **fields}


GTIN = "06901234567892"

VALID_GS1 = [
    # Raw element strings with the various FNC1 spellings.
    ("01069012345678921726113010ABC123", gs1(GTIN, lot="ABC123", expiry=D(2026, 11, 30))),
    ("0106901234567892" "10ABC123" + GS + "17261100", gs1(GTIN, lot="ABC123", expiry=D(2026, 11, 30))),
    ("0106901234567892" + "10A1#21S1", gs1(GTIN, lot="A1", serial="S1")),
    ("0106901234567892" + "10A1Alt02921S1", gs1(GTIN, lot="A1", serial="S1")),
    # Symbology identifiers (GS1 DataMatrix, GS1-128, GS1 QR, GS1 DataBar), FNC1 in first position.
    ("]d20106901234567892" + GS + "10ABC123" + GS + "17261100",
     gs1(GTIN, lot="ABC123", expiry=D(2026, 11, 30))),
    ("]C1" + GS + "010690123456789211250101", gs1(GTIN, production_date=D(2025, 1, 1))),
    ("]Q30106901234567892" + "21SN0001", gs1(GTIN, serial="SN0001")),
    ("]e00106901234567892", gs1(GTIN)),
    ("]d20106901234567892\r\n", gs1(GTIN)),
    # Predefined-length elements followed by a needless separator.
    ("0106901234567892" + GS + "17261130" + GS + "10L1", gs1(GTIN, lot="L1", expiry=D(2026, 11, 30))),
    # Human-readable interpretation, full width (Chinese input methods), with blanks.
    ("(01)06901234567892(11)250101(17)271231(10)LOT42(21)SN0001",
     gs1(GTIN, lot="LOT42", serial="SN0001", expiry=D(2027, 12, 31), production_date=D(2025, 1, 1))),
    ("（01）０６９０１２３４５６７８９２（17）２６１１３０（10）ＡＢＣ１",
     gs1(GTIN, lot="ABC1", expiry=D(2026, 11, 30))),
    (" (01) 06901234567892 (17) 261130 (10) X-1 ", gs1(GTIN, lot="X-1", expiry=D(2026, 11, 30))),
    # Day 00 is the last day of the month, February included.
    ("(01)06901234567892(17)240200", gs1(GTIN, expiry=D(2024, 2, 29))),
    ("(01)06901234567892(17)250200", gs1(GTIN, expiry=D(2025, 2, 28))),
    ("0106901234567892" + "17261200", gs1(GTIN, expiry=D(2026, 12, 31))),
    # Quantities, additional product id, expiry with time.
    ("0106901234567892" + "3025", gs1(GTIN, quantity=25)),
    ("(02)06901234567892(37)120", gs1(quantity=120)),
    ("0106901234567892" "240REF-77" + GS + "10L9", gs1(GTIN, lot="L9")),
    ("0106901234567892" + "70032611301530", gs1(GTIN, expiry=D(2026, 11, 30))),
    ("0106901234567892" + "17261231" + "70032611301530", gs1(GTIN, expiry=D(2026, 12, 31))),
    ("(00)376104250021234569", gs1()),
    # Two barcodes of one label: DI and PI, in raw or HRI form.
    ("(01)06901234567892 (17)261130(10)A1", gs1(GTIN, lot="A1", expiry=D(2026, 11, 30))),
    ("]C10106901234567892\n]C11726113010A1", gs1(GTIN, lot="A1", expiry=D(2026, 11, 30))),
    ("0106901234567892" + "10A1 17261130", gs1(GTIN, lot="A1", expiry=D(2026, 11, 30))),
    # The same element twice (both barcodes carry it) is harmless.
    ("0106901234567892 0106901234567892" + "10A1", gs1(GTIN, lot="A1")),
    # A PI-only barcode scanned on its own.
    ("1726113010A1", gs1(lot="A1", expiry=D(2026, 11, 30))),
    # GS1 Digital Link.
    ("https://id.gs1.org/01/06901234567892/10/ABC123?17=261130",
     gs1(GTIN, lot="ABC123", expiry=D(2026, 11, 30))),
    ("HTTPS://example.com/qr/01/06901234567892/21/SN%2F1", gs1(GTIN, serial="SN/1")),
]

VALID_BARE_GTIN = [
    ("6901234567892", gs1(GTIN)),
    ("]E06901234567892", gs1(GTIN)),
    ("16901234567899", gs1("16901234567899")),  # ITF-14, packaging indicator 1
    ("96385074", gs1("00000096385074")),
    ("012345678905", gs1("00012345678905")),
    ("  ４００６３８１３３３９３１ \n", gs1("04006381333931")),
]

HIBC_PRIMARY = "+A123BJC5D6E71"
VALID_HIBC = [
    # The HIBC specification's example primary; lower case is read as upper case.
    ("+A123BJC5D6E71G", hibc(HIBC_PRIMARY), "G", None),
    ("+a123bjc5d6e71g", hibc(HIBC_PRIMARY), "G", None),
    ("*+A123BJC5D6E71G*", hibc(HIBC_PRIMARY), "G", None),
    ("]d1+A123BJC5D6E71G", hibc(HIBC_PRIMARY), "G", None),
    # Space check character: only the blank after the symbol carries it.
    ("+A123BJC5D6ET1 \r\n", hibc("+A123BJC5D6ET1"), " ", None),
    ("*+A123BJC5D6ET1 *", hibc("+A123BJC5D6ET1"), " ", None),
    # Stand-alone secondaries: every date format, serial, quantity, supplemental data.
    ("+$LOT123G4", hibc(lot="LOT123"), None, "G"),
    ("+$+SN123GM", hibc(serial="SN123"), None, "G"),
    ("+$$1226LOT1G6", hibc(lot="LOT1", expiry=D(2026, 12, 31)), None, "G"),
    ("+$$2113026LOT2GB", hibc(lot="LOT2", expiry=D(2026, 11, 30)), None, "G"),
    ("+$$3261130LOT3GD", hibc(lot="LOT3", expiry=D(2026, 11, 30)), None, "G"),
    ("+$$426113012LOT4GI", hibc(lot="LOT4", expiry=D(2026, 11, 30)), None, "G"),
    ("+$$526334LOT5GM", hibc(lot="LOT5", expiry=D(2026, 11, 30)), None, "G"),
    ("+$$62633412LOT6GR", hibc(lot="LOT6", expiry=D(2026, 11, 30)), None, "G"),
    ("+$$7LOT7G8", hibc(lot="LOT7"), None, "G"),
    ("+$$8053261130LOT8GV", hibc(lot="LOT8", expiry=D(2026, 11, 30), quantity=5), None, "G"),
    ("+$$9001007LOT9GK", hibc(lot="LOT9", quantity=100), None, "G"),
    ("+$$+3261130SN3GV", hibc(serial="SN3", expiry=D(2026, 11, 30)), None, "G"),
    ("+26334LOT10GL", hibc(lot="LOT10", expiry=D(2026, 11, 30)), None, "G"),
    ("+$$3261130LOT1/16D20250101G$", hibc(lot="LOT1", expiry=D(2026, 11, 30), production_date=D(2025, 1, 1)),
     None, "G"),
    ("+$$3261130LOT1/14D20261130G+", hibc(lot="LOT1", expiry=D(2026, 11, 30)), None, "G"),
    ("+$LOT1/SSN77G3", hibc(lot="LOT1", serial="SN77"), None, "G"),
    # Space link character (the primary's check was a space), cut off by the blank.
    ("+$$3261130LOT1 X", hibc(lot="LOT1", expiry=D(2026, 11, 30)), None, " "),
    # Concatenated primary/secondary with one check character.
    ("+A123BJC5D6E71/$$3261130LOT123F", hibc(HIBC_PRIMARY, lot="LOT123", expiry=D(2026, 11, 30)), "G", None),
    ("+A123BJC5D6E71/$$2113026LOT2A", hibc(HIBC_PRIMARY, lot="LOT2", expiry=D(2026, 11, 30)), "G", None),
    ("+A123BJC5D6E71/$+SN55/16D20250101A", hibc(HIBC_PRIMARY, serial="SN55", production_date=D(2025, 1, 1)),
     "G", None),
    ("+A123BJC5D6E71/$$8053261130LOT8/14D20261130/16D202501023",
     hibc(HIBC_PRIMARY, lot="LOT8", quantity=5, expiry=D(2026, 11, 30), production_date=D(2025, 1, 2)), "G", None),
    # Published example: quantity 02 and MMYY expiry 04/23.
    ("+E20831269/$$8020423286539+", hibc("+E20831269", lot="286539", quantity=2, expiry=D(2023, 4, 30)),
     "0", None),
    # Primary and secondary scanned one after the other.
    ("+A123BJC5D6E71G\r\n+$$3261130LOT123GG\r\n", hibc(HIBC_PRIMARY, lot="LOT123", expiry=D(2026, 11, 30)),
     "G", None),
    ("+A123BJC5D6E71G +$LOT123G4", hibc(HIBC_PRIMARY, lot="LOT123"), "G", None),
]

VALID_MA = [
    ("MA.156.M0.100366.1012345", ma("MA.156.M0.100366.1012345")),
    ("ma.156.m0.100366.10123456.L2301.S001.M230101.D2201.E260101",
     ma("MA.156.M0.100366.10123456", lot="2301", serial="001", production_date=D(2023, 1, 1),
        expiry=D(2026, 1, 1))),
    ("MA.156.M0.100366.10123456.Lab-12.V20261130.M20250101",
     ma("MA.156.M0.100366.10123456", lot="ab-12", expiry=D(2026, 11, 30), production_date=D(2025, 1, 1))),
    ("MA.156.M0.100366.10123456.V261130.E20261130.s9", ma("MA.156.M0.100366.10123456", serial="9",
                                                          expiry=D(2026, 11, 30))),
]

VALID = VALID_GS1 + VALID_BARE_GTIN + VALID_MA + [(value, expected) for value, expected, _check, _link in VALID_HIBC]


@pytest.mark.parametrize("value, expected", VALID, ids=[repr(case[0]) for case in VALID])
def test_valid(udi, value, expected):
    result = udi.parse_udi(value, separator_regex=SEPARATORS, today=TODAY)
    assert set(result) == set(udi.RESULT_KEYS) and len(udi.RESULT_KEYS) == 13
    assert {field: result[field] for field in FIELDS} == {field: expected.get(field) for field in FIELDS}
    assert result["raw"] is value
    assert result["elements"] and all(
        isinstance(key, str) and isinstance(text, str) for key, text in result["elements"])


@pytest.mark.parametrize("value, _expected, check, link", VALID_HIBC, ids=[case[0] for case in VALID_HIBC])
def test_hibc_check_and_link(udi, value, _expected, check, link):
    result = udi.parse_udi(value)
    assert (result["hibc_check"], result["hibc_link"]) == (check, link)
    assert result["gtin"] is None


def test_result_details(udi):
    result = udi.parse_udi("]d20106901234567892" + GS + "10ABC123" + GS + "17261100", today=TODAY)
    assert result["symbology"] == "]d2"
    assert result["elements"] == [("01", GTIN), ("10", "ABC123"), ("17", "261100")]
    assert result["hibc_check"] is result["hibc_link"] is None
    assert udi.parse_udi("MA.156.M0.100366.1012345.L1")["elements"] == [
        ("country", "156"), ("industry", "M0"), ("registrant", "100366"), ("product", "1012345"), ("L", "1")]
    assert udi.parse_udi("+A123BJC5D6E71G")["elements"] == [
        ("lic", "A123"), ("pcn", "BJC5D6E7"), ("uom", "1")]
    assert udi.parse_udi("6901234567892")["elements"] == [("01", GTIN)]


def test_separators_need_the_pattern(udi):
    """Without the nomenclature's pattern only ASCII 29 separates; '#' is then lot data GS1 refuses."""
    assert udi.parse_udi("0106901234567892" "10A1" + GS + "21S1")["serial"] == "S1"
    with pytest.raises(udi.IdentifierError) as caught:
        udi.parse_udi("0106901234567892" + "10A1#21S1")
    assert (caught.value.code, caught.value.params) == ("gs1_format", {"ai": "10", "value": "A1#21S1"})
    compiled = re.compile("#")
    assert udi.parse_udi("0106901234567892" + "10A1#21S1", separator_regex=compiled)["lot"] == "A1"


def _biip_pairs(value):
    """Element strings biip's (slow, reference) parsers find in the same input."""
    text = unicodedata.normalize("NFKC", value).strip()
    if text.startswith("("):
        message = GS1Message.parse_hri(text)
    elif text.lower().startswith("http"):
        message = GS1DigitalLinkURI.parse(text)
    else:
        parts = [re.sub(r"^\][A-Za-z][0-9]", "", part) for part in re.split(r"[ \t\r\n]+", text)]
        message = GS1Message.parse(re.sub(SEPARATORS, GS, GS.join(parts)).strip(GS))
    return list(dict.fromkeys((element.ai.ai, element.value) for element in message.element_strings))


@pytest.mark.parametrize("value", [case[0] for case in VALID_GS1])
def test_gs1_agrees_with_biip(udi, value):
    assert udi.parse_udi(value, separator_regex=SEPARATORS, today=TODAY)["elements"] == _biip_pairs(value)


def test_ai_table_lengths(udi):
    """Lengths read from biip's formats agree with its patterns, for every AI."""
    for ai, application_identifier in _GS1_APPLICATION_IDENTIFIERS.items():
        spec = udi._resolve(ai)
        assert spec.ai == ai
        lengths = [n for n in range(100) if re.fullmatch(application_identifier.pattern, ai + "0" * n)]
        if not lengths:
            continue  # '7258' wants a '/', zeros never match
        slack = 1 if "[-]" in application_identifier.format else 0  # the optional '-' is not a zero
        assert max(lengths) + slack == spec.max_length, ai
        if not spec.variable:
            assert lengths == [spec.length], ai


def test_check_digit_matches_biip(udi):
    for payload in ("0690123456789", "9638507", "01234567890", "37610425002123456", "0", "1690123456789"):
        assert udi._check_digit(payload) == str(gs1_standard_check_digit(payload))


@pytest.mark.parametrize("today, value, year", [
    (D(2026, 11, 22), "760101", 2076),  # 50 years ahead stays in this century
    (D(2026, 11, 22), "770101", 1977),  # 51 years ahead is the previous century
    (D(2026, 11, 22), "000101", 2000),
    (D(2060, 1, 1), "050101", 2105),  # 55 years back is the next century
    (D(2060, 1, 1), "100101", 2110),
    (D(2060, 1, 1), "110101", 2011),  # 49 years back stays in this century
    (D(1999, 6, 1), "490101", 2049),
])
def test_century_window(udi, today, value, year):
    assert udi.parse_udi("(01)06901234567892(17)" + value, today=today)["expiry"] == D(year, 1, 1)


def test_hibc_link_to_earlier_primary(udi):
    assert udi.parse_udi("+$LOT123G4", primary_check="G")["lot"] == "LOT123"
    assert udi.parse_udi("+$LOT123G4", primary_check="g")["hibc_link"] == "G"
    with pytest.raises(udi.IdentifierError) as caught:
        udi.parse_udi("+$LOT123G4", primary_check="H")
    assert (caught.value.code, caught.value.params) == ("hibc_link", {"expected": "H", "found": "G"})


def test_error_class_is_shared(udi):
    """Inside the add-on the parser raises identifiers.IdentifierError itself, so one except clause catches all."""
    utils = ADDONS / "medical_device_base" / "utils"
    spec = importlib.util.spec_from_file_location(
        "_udi_package_check", utils / "__init__.py", submodule_search_locations=[str(utils)])
    package = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = package
    try:
        spec.loader.exec_module(package)
        packaged = importlib.import_module("_udi_package_check.udi")
        identifiers = importlib.import_module("_udi_package_check.identifiers")
        assert packaged.IdentifierError is identifiers.IdentifierError
        with pytest.raises(identifiers.IdentifierError):
            packaged.parse_udi("hello")
    finally:
        for name in [name for name in sys.modules if name.startswith("_udi_package_check")]:
            del sys.modules[name]
    assert issubclass(udi.IdentifierError, ValueError)


INVALID = [
    ("", "udi_empty", {}),
    (" \r\n", "udi_empty", {}),
    ("]d2" + GS, "udi_empty", {}),
    ("hello", "udi_scheme", {"value": "hello"}),
    ("*HELLO*", "udi_scheme", {"value": "*HELLO*"}),
    # GS1
    ("6901234567891", "gs1_check_digit", {"ai": "01", "value": "6901234567891", "expected": "2"}),
    ("0106901234567891" + "10A1", "gs1_check_digit", {"ai": "01", "value": "06901234567891", "expected": "2"}),
    ("(00)376104250021234568", "gs1_check_digit", {"ai": "00", "expected": "9"}),
    ("0106901234567892" + "2312", "gs1_unknown_ai", {"ai": "2312", "position": 16}),
    ("0106901234567892" "10A1" + GS + "9", "gs1_unknown_ai", {"ai": "9", "position": 21}),
    ("(01)06901234567892(23)1", "gs1_unknown_ai", {"ai": "23", "position": 19}),
    ("(0101)06901234567892", "gs1_unknown_ai", {"ai": "0101", "position": 1}),
    ("]d20106901234567", "gs1_truncated", {"ai": "01", "value": "06901234567", "length": 14}),
    ("(01)0690123456789", "gs1_truncated", {"ai": "01", "value": "0690123456789", "length": 14}),
    ("0106901" + GS + "17261130", "gs1_truncated", {"ai": "01", "value": "06901", "length": 14}),
    ("0106901234567892 17", "gs1_truncated", {"ai": "17", "value": "", "length": 6}),
    ("0106901234567892" + "10", "gs1_truncated", {"ai": "10", "value": "", "length": 1}),
    ("01069012345678AB", "gs1_format", {"ai": "01", "value": "069012345678AB"}),
    ("0106901234567892" + "17261301", "gs1_date", {"ai": "17", "value": "261301"}),
    ("(01)06901234567892(10)LÖT1", "gs1_format", {"ai": "10", "value": "LÖT1"}),
    ("https://id.gs1.org/01/0690123456789X", "gs1_format", {"ai": ""}),
    ("0106901234567892" + "17260230", "gs1_date", {"ai": "17", "value": "260230"}),
    ("0106901234567892" + "11250001", "gs1_date", {"ai": "11", "value": "250001"}),
    ("0106901234567892" + "70032611302460", "gs1_date", {"ai": "7003", "value": "2611302460"}),
    ("0106901234567892" "10" + "A" * 21, "gs1_too_long", {"ai": "10", "value": "A" * 21, "max": 20}),
    ("(01)06901234567892(21)" + "S" * 21, "gs1_too_long", {"ai": "21", "max": 20}),
    ("(01)069012345678920", "gs1_too_long", {"ai": "01", "max": 14}),
    ("(01)06901234567892(10)A(10)B", "gs1_duplicate_ai", {"ai": "10"}),
    ("0106901234567892 0104006381333931", "gs1_duplicate_ai", {"ai": "01"}),
    ("(01)06901234567892(17261130", "gs1_hri", {"value": "(01)06901234567892(17261130"}),
    ("(01)06901234567892)17(261130", "gs1_hri", {}),
    ("()06901234567892", "gs1_hri", {}),
    ("(AB)1", "gs1_hri", {}),
    # HIBC
    ("+A123BJC5D6E71H", "hibc_check", {"expected": "G", "found": "H"}),
    ("+$LOT123G5", "hibc_check", {"expected": "4", "found": "5"}),
    ("+A123BJC5D6E71G +$$3261130LOT123HH", "hibc_link", {"expected": "G", "found": "H"}),
    ("+$LOT1234567890123456789G2", "hibc_too_long", {"value": "LOT1234567890123456789", "max": 18}),
    ("+$$3261330LOT1GD", "hibc_date", {"value": "261330"}),
    ("+$$1326LOT1G7", "hibc_date", {"value": "1326"}),
    ("+$$526366LOT5GR", "hibc_date", {"value": "26366"}),
    ("+$$3261130LOT1/14D20261131G%", "hibc_date", {"value": "20261131"}),
    ("+$LOT1/X99G4", "hibc_format", {}),
    ("+$LOT1/SSN1/SSN2GP", "hibc_format", {}),
    ("+A12B", "hibc_format", {"value": "+A12B"}),
    ("+A12#", "hibc_format", {}),
    ("+A123BJC5D6E71G +A123BJC5D6E71G", "hibc_format", {}),
    # MA
    ("MA.156.M0.100366.10123456.X1", "ma_unknown_key", {"key": "X"}),
    ("MA.156.M0.100366.10123456.E261131", "ma_date", {"value": "261131"}),
    ("MA.156.M0.100366.10123456.M2025", "ma_date", {"value": "2025"}),
    ("MA.156.M0.100366", "ma_format", {}),
    ("MA.15.M0.100366.10123456", "ma_format", {}),
    ("MA.156.M0.100366.10123456..L1", "ma_format", {}),
    ("MA.156.M0.100366.10123456.L", "ma_format", {}),
    ("MA.156.M0.100366.10123456.V261130.E261231", "ma_format", {}),
]


@pytest.mark.parametrize("value, code, params", INVALID, ids=[repr(case[0]) for case in INVALID])
def test_invalid(udi, value, code, params):
    with pytest.raises(udi.IdentifierError) as caught:
        udi.parse_udi(value, separator_regex=SEPARATORS, today=TODAY)
    assert caught.value.code == code
    assert {key: caught.value.params[key] for key in params} == params
    assert all(isinstance(param, (str, int)) for param in caught.value.params.values())
