from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

GS = "\x1d"
G = "06901234567892"
HIBC_PRIMARY = "+A123BJC5D6E71G"

# code -> the fields that matter (others must be None).
VALID = [
    # GS1, human-readable
    ("(01)06901234567892(17)261130(10)ABC123", dict(scheme="gs1", gtin=G, lot="ABC123", expiry=date(2026, 11, 30))),
    ("(01)06901234567892(17)270200", dict(scheme="gs1", gtin=G, expiry=date(2027, 2, 28))),
    ("(01)06901234567892(17)280200", dict(scheme="gs1", gtin=G, expiry=date(2028, 2, 29))),
    ("(01)06901234567892(11)250101(17)270100(10)L-1(21)S-1",
     dict(scheme="gs1", gtin=G, lot="L-1", serial="S-1", production_date=date(2025, 1, 1), expiry=date(2027, 1, 31))),
    ("（01）06901234567892（10）ＡＢＣ", dict(scheme="gs1", gtin=G, lot="ABC")),
    ("(01) 06901234567892 (17) 261130 (10) ABC", dict(scheme="gs1", gtin=G, lot="ABC", expiry=date(2026, 11, 30))),
    ("(01)06901234567892(240)REF-1(10)X9", dict(scheme="gs1", gtin=G, lot="X9")),
    ("(01)06901234567892(7003)2612312359(10)X", dict(scheme="gs1", gtin=G, lot="X", expiry=date(2026, 12, 31))),
    ("(01)16901234567899(10)B", dict(scheme="gs1", gtin="16901234567899", lot="B")),
    ("(01)06901234567892 (17)261130(10)A1", dict(scheme="gs1", gtin=G, lot="A1", expiry=date(2026, 11, 30))),
    ("(17)261130(10)A1", dict(scheme="gs1", lot="A1", expiry=date(2026, 11, 30))),
    # GS1, raw element strings
    ("010690123456789217261130" + "10ABC123", dict(scheme="gs1", gtin=G, lot="ABC123", expiry=date(2026, 11, 30))),
    ("]d20106901234567892" + "17261130" + "10ABC123" + GS + "21SN1",
     dict(scheme="gs1", gtin=G, lot="ABC123", serial="SN1", expiry=date(2026, 11, 30))),
    ("]C10106901234567892" + "11250101" + "17270100",
     dict(scheme="gs1", gtin=G, production_date=date(2025, 1, 1), expiry=date(2027, 1, 31))),
    ("]Q30106901234567892" + "10LOT-7", dict(scheme="gs1", gtin=G, lot="LOT-7")),
    ("]e00106901234567892" + "17280229", dict(scheme="gs1", gtin=G, expiry=date(2028, 2, 29))),
    ("0106901234567892" + "10A1#17261130", dict(scheme="gs1", gtin=G, lot="A1", expiry=date(2026, 11, 30))),
    ("0106901234567892" + "10A1Alt02917261130", dict(scheme="gs1", gtin=G, lot="A1", expiry=date(2026, 11, 30))),
    (GS + "0106901234567892" + GS + "17261130" + "10A", dict(scheme="gs1", gtin=G, lot="A", expiry=date(2026, 11, 30))),
    ("0106901234567892" + "3012", dict(scheme="gs1", gtin=G, quantity=12)),
    ("https://id.gs1.org/01/06901234567892/10/ABC?17=261130",
     dict(scheme="gs1", gtin=G, lot="ABC", expiry=date(2026, 11, 30))),
    # Bare GTINs (EAN-13, ITF-14, EAN-8, UPC-A)
    ("6901234567892", dict(scheme="gs1", gtin=G)),
    ("16901234567899", dict(scheme="gs1", gtin="16901234567899")),
    ("96385074", dict(scheme="gs1", gtin="00000096385074")),
    ("012345678905", dict(scheme="gs1", gtin="00012345678905")),
    # HIBC
    (HIBC_PRIMARY, dict(scheme="hibc", di="+A123BJC5D6E71")),
    ("+$$3261130LOT123GG", dict(scheme="hibc", di=None, lot="LOT123", expiry=date(2026, 11, 30))),
    ("+$LOT9G7", dict(scheme="hibc", di=None, lot="LOT9")),
    ("+$+SER9G0", dict(scheme="hibc", di=None, serial="SER9")),
    ("+$$1126LOT5G9", dict(scheme="hibc", di=None, lot="LOT5", expiry=date(2026, 11, 30))),
    ("+$$8053261130LOTGN", dict(scheme="hibc", di=None, lot="LOT", quantity=5, expiry=date(2026, 11, 30))),
    ("+$$3261130LOT123/16D20250101G1",
     dict(scheme="hibc", di=None, lot="LOT123", expiry=date(2026, 11, 30), production_date=date(2025, 1, 1))),
    ("+26334LOT1GL", dict(scheme="hibc", di=None, lot="LOT1", expiry=date(2026, 11, 30))),
    ("+A123BJC5D6E71/$$3261130LOT123F",
     dict(scheme="hibc", di="+A123BJC5D6E71", lot="LOT123", expiry=date(2026, 11, 30))),
    (HIBC_PRIMARY + " +$$3261130LOT123GG",
     dict(scheme="hibc", di="+A123BJC5D6E71", lot="LOT123", expiry=date(2026, 11, 30))),
    # MA (China IDcode)
    ("MA.156.M0.100366.1012345.L2406A.E261130.M250101",
     dict(scheme="ma", di="MA.156.M0.100366.1012345", lot="2406A", expiry=date(2026, 11, 30),
          production_date=date(2025, 1, 1))),
    ("MA.156.M0.100366.1012345.S000123.V20271231",
     dict(scheme="ma", di="MA.156.M0.100366.1012345", serial="000123", expiry=date(2027, 12, 31))),
    ("MA.156.M0.100366.1012345", dict(scheme="ma", di="MA.156.M0.100366.1012345")),
    ("]Q1MA.156.M0.100366.1012345.L1", dict(scheme="ma", di="MA.156.M0.100366.1012345", lot="1")),
]

MALFORMED = [
    ("(01)06901234567893(10)A", "wrong check digit: expected 2"),
    ("0106901234567893", "wrong check digit: expected 2"),
    ("6901234567891", "wrong check digit: expected 2"),
    ("0106901234567892" + "1412345678", r"No GS1 Application Identifier starts at position 17 \(\"1412\"\)"),
    ("010690123456789", r"\(01\) is truncated: it needs 14 characters"),
    ("0106901234567892" + "17", r"\(17\) is truncated: it needs 6 characters"),
    ("(01)06901234567892(17)260230", r"260230 in GS1 Application Identifier \(17\) is not a possible date"),
    ("(01)06901234567892(17)261301", r"261301 in GS1 Application Identifier \(17\) is not a possible date"),
    ("(01)06901234567892(10)ABCDEFGHIJKLMNOPQRSTU", r"\(10\) is longer than 20 characters"),
    ("(01)06901234567892(10)A(10)B", r"\(10\) appears twice"),
    ("(01)06901234567892(10", "not a well-formed GS1 human-readable code"),
    ("(01)0690123456789A(10)X", r"not a valid value for GS1 Application Identifier \(01\)"),
    ("+A123BJC5D6E71X", "HIBC check character is wrong: expected G, found X"),
    (HIBC_PRIMARY + " +$$3261130LOT123AA", "does not belong to the primary code: link character A, expected G"),
    ("+$$3261130LOT12345678901234567G/", "longer than 18 characters"),
    ("+$$3261331LOTGD", "in the HIBC code is not a possible date"),
    ("MA.156.M0.100366.1012345.X123", r"unknown data element \.X"),
    ("MA.156.M0.100366.1012345.E261332", "in the MA code is not a possible date"),
    ("MA.156.M0.100366", "is not a valid MA code"),
    ("hello", "is not a UDI"),
    ("   ", "The scanned code is empty"),
]

FIELDS = ("scheme", "di", "gtin", "lot", "serial", "expiry", "production_date", "quantity")


@tagged("post_install", "-at_install")
class TestUdiParse(TransactionCase):

    def test_valid_codes(self):
        udi = self.env["md.udi"]
        self.assertGreaterEqual(len({code for code, _ in VALID}), 30)
        for code, expected in VALID:
            with self.subTest(code=code):
                parsed = udi.parse(code)
                if expected["scheme"] == "gs1" and "gtin" in expected:
                    expected = dict(expected, di=expected["gtin"])
                got = {key: parsed[key] for key in FIELDS}
                want = {key: expected.get(key) for key in FIELDS}
                self.assertEqual(got, want)
                self.assertEqual(parsed["raw"], code)

    def test_malformed_codes_refused_with_reason(self):
        udi = self.env["md.udi"]
        self.assertGreaterEqual(len(MALFORMED), 15)
        for code, reason in MALFORMED:
            with self.subTest(code=code):
                with self.assertRaises(ValidationError) as caught:
                    udi.parse(code)
                self.assertRegex(str(caught.exception), reason)

    def test_hibc_secondary_linked_to_earlier_primary(self):
        udi = self.env["md.udi"]
        primary = udi.parse(HIBC_PRIMARY)
        self.assertEqual(primary["hibc_check"], "G")
        secondary = udi.parse("+$$3261130LOT123GG", primary_check=primary["hibc_check"])
        self.assertEqual(secondary["hibc_link"], "G")
        with self.assertRaisesRegex(ValidationError, "link character G, expected Q"):
            udi.parse("+$$3261130LOT123GG", primary_check="Q")

    def test_messages_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        udi = self.env["md.udi"].with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "校验位"):
            udi.parse("(01)06901234567893(10)A")
        with self.assertRaisesRegex(ValidationError, "不是有效日期"):
            udi.parse("(01)06901234567892(17)260230")

    def test_match_resolves_product_and_lot(self):
        product = self.env["product.product"].create({
            "name": "Match probe", "type": "consu", "is_storable": True, "tracking": "lot",
            "barcode": "6909999000050"})
        found = self.env["md.udi"].match("(01)06909999000050(10)NEW-LOT")
        self.assertEqual(found["product"], product)
        self.assertEqual(found["unknown"], ["lot"])
        lot = self.env["stock.lot"].create({"name": "NEW-LOT", "product_id": product.id})
        found = self.env["md.udi"].match("]d20106909999000050" + "10NEW-LOT")
        self.assertEqual((found["product"], found["lot"], found["unknown"]), (product, lot, []))
        found = self.env["md.udi"].match("(01)16909999000057(10)NEW-LOT")
        self.assertFalse(found["product"])
        self.assertEqual(found["unknown"], ["product"])
