"""Pure identifier parsing: GTIN, HIBC, MA, NMPA certificate numbers (no Odoo needed)."""
import datetime

import pytest

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize("value, expected", [
    ("06901234567892", "06901234567892"),
    ("6901234567892", "06901234567892"),
    ("012345678905", "00012345678905"),
    ("96385074", "00000096385074"),
    (" 6901234567892 ", "06901234567892"),
    ("６９０１２３４５６７８９２", "06901234567892"),
])
def test_gtin_valid(identifiers, value, expected):
    assert identifiers.gtin14(value) == expected


@pytest.mark.parametrize("value, code", [
    ("6901234567891", "gtin_check_digit"),
    ("690123456789", "gtin_check_digit"),
    ("69012345678", "gtin_length"),
    ("690123456789012", "gtin_length"),
    ("69012345A7892", "gtin_format"),
    ("", "gtin_empty"),
])
def test_gtin_refused(identifiers, value, code):
    with pytest.raises(identifiers.IdentifierError) as caught:
        identifiers.gtin14(value)
    assert caught.value.code == code


def test_gtin_check_digit_reports_expected(identifiers):
    with pytest.raises(identifiers.IdentifierError) as caught:
        identifiers.gtin14("6901234567891")
    assert caught.value.params["expected"] == "2"


def test_hibc(identifiers):
    # Check character of the HIBC specification's example primary data "+A123BJC5D6E71" is "G".
    assert identifiers.hibc_check_character("+A123BJC5D6E71") == "G"
    assert identifiers.hibc_di("a123bjc5d6e71") == "+A123BJC5D6E71"
    for bad in ("+1ABC", "+A12", "+A123BJC5D6E7X"):
        with pytest.raises(identifiers.IdentifierError):
            identifiers.hibc_di(bad)
    with pytest.raises(identifiers.IdentifierError) as caught:
        identifiers.hibc_check_character("+A12#")
    assert caught.value.code == "hibc_character"


def test_ma_and_other_agencies(identifiers):
    assert identifiers.udi_di("ma.156.m0.100366.1012345", "ma") == "MA.156.M0.100366.1012345"
    with pytest.raises(identifiers.IdentifierError):
        identifiers.udi_di("MA.156", "ma")
    assert identifiers.udi_di("AHM-12345678", "ahm") == "AHM-12345678"
    with pytest.raises(identifiers.IdentifierError):
        identifiers.udi_di("ab", "ahm")


@pytest.mark.parametrize("number, kind, cls, origin, category", [
    ("国械注准20193130123", "registration", "3", "domestic", "13"),
    ("国械注进20173462345", "registration", "3", "imported", "46"),
    ("国械注许20182060111", "registration", "2", "hmt", "06"),
    ("粤械注准20182140321", "registration", "2", "domestic", "14"),
    ("国械注准20203400456", "registration", "3", "domestic", "40"),
    ("粤穗械备20150012号", "filing", "1", "domestic", False),
    ("京械备20190001号", "filing", "1", "domestic", False),
    ("国械备20150001号", "filing", "1", "imported", False),
    (" 国械注准 2019３１３0123 ", "registration", "3", "domestic", "13"),
])
def test_certificate_numbers(identifiers, number, kind, cls, origin, category):
    parsed = identifiers.parse_certificate_number(number, TODAY)
    assert (parsed["kind"], parsed["device_class"], parsed["origin"], parsed["category"]) == (
        kind, cls, origin, category)
    assert " " not in parsed["number"]


@pytest.mark.parametrize("number, code", [
    ("", "certificate_empty"),
    ("ABC123", "certificate_pattern"),
    ("国械注准2019313012", "registration_digits"),
    ("国械注准20194130123", "registration_class"),
    ("国械注准20193000123", "registration_category"),
    ("国械注准18993130123", "certificate_year"),
    ("国械注准20283130123", "certificate_year"),
    ("X械注准20193130123", "registration_authority"),
    ("国粤械注准20193130123", "registration_authority"),
    ("国械注X20193130123", "registration_form"),
    ("粤械注准20193130123", "registration_provincial"),
    ("粤械注进20172130123", "registration_provincial"),
    ("国械注准20192140123", "registration_national_class2"),
    ("粤穗械备20150012", "filing_suffix"),
    ("粤穗械备2015号", "filing_digits"),
    ("美械备20150012号", "filing_authority"),
    ("国穗械备20150012号", "filing_authority"),
])
def test_certificate_numbers_refused(identifiers, number, code):
    with pytest.raises(identifiers.IdentifierError) as caught:
        identifiers.parse_certificate_number(number, TODAY)
    assert caught.value.code == code


@pytest.mark.parametrize("code, category", [("14-01", "14"), ("13-06-02", "13"), ("6840", "6840"),
                                            ("6840-01", "6840"), ("07", "07")])
def test_classification_category(identifiers, code, category):
    assert identifiers.classification_category(code) == category


@pytest.mark.parametrize("code", ["14.01", "1401", "A4-01", "14-1"])
def test_classification_refused(identifiers, code):
    with pytest.raises(identifiers.IdentifierError):
        identifiers.classification_category(code)
