from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MdCommon

GS = "\x1d"
SYRINGE = "06909999000012"
STENT = "06909999000029"


def gs1(gtin, lot=None, expiry=None, produced=None, serial=None, sid="]d2"):
    """A raw GS1 element string as a DataMatrix scanner sends it."""
    code = f"{sid}01{gtin}"
    code += f"11{produced}" if produced else ""
    code += f"17{expiry}" if expiry else ""
    code += f"10{lot}" if lot else ""
    code += f"{GS}21{serial}" if serial and lot else (f"21{serial}" if serial else "")
    return code


@tagged("post_install", "-at_install")
class TestUdiScan(MdCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.other = cls._device("Test Catheter", "2", "14-01", cls.cert_syringe, "lot", "06909999000036")
        cls.box = cls.env["product.packaging"].create({
            "name": "Box of 10", "product_id": cls.syringe.id, "qty": 10, "barcode": "16909999000019"})

    def _receipt(self, *products):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.in_type_id.id,
            "partner_id": self.supplier.id,
            "move_ids": [Command.create({
                "name": p.name, "product_id": p.id, "product_uom_qty": 20, "product_uom": p.uom_id.id,
                "location_id": self.warehouse.in_type_id.default_location_src_id.id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
            }) for p in products],
        })
        picking.action_confirm()
        return picking

    def _validate(self, picking):
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        self.assertEqual(picking.state, "done")

    def test_scan_fills_line_and_creates_lot_with_dates(self):
        picking = self._receipt(self.syringe)
        code = gs1(SYRINGE, lot="L2406A", expiry="280600", produced="260615")
        line = picking.md_scan_udi(code)
        self.assertEqual(line.product_id, self.syringe)
        self.assertEqual(line.lot_name, "L2406A")
        self.assertEqual(line.expiration_date.date(), date(2028, 6, 30))
        self.assertEqual(line.md_production_date, date(2026, 6, 15))
        self.assertEqual(line.quantity, 1)
        self.assertEqual(line.md_udi, code)
        again = picking.md_scan_udi(code)
        self.assertEqual(again, line)
        self.assertEqual(line.quantity, 2)
        self.assertEqual(len(picking.move_line_ids), 1)
        self._validate(picking)
        lot = line.lot_id
        self.assertEqual(lot.name, "L2406A")
        self.assertEqual(lot.expiration_date.date(), date(2028, 6, 30))
        self.assertEqual(lot.md_production_date, date(2026, 6, 15))
        self.assertEqual(self.syringe.with_context(lot_id=lot.id).qty_available, 2)

    def test_second_receipt_reuses_lot(self):
        first = self._receipt(self.syringe)
        code = gs1(SYRINGE, lot="L77", expiry="281231", produced="260101")
        first.md_scan_udi(code)
        self._validate(first)
        lot = first.move_line_ids.lot_id
        second = self._receipt(self.syringe)
        line = second.md_scan_udi("(01)" + SYRINGE + "(17)281231(10)L77")
        self.assertEqual(line.lot_id, lot)
        self._validate(second)
        self.assertEqual(self.env["stock.lot"].search_count([("name", "=", "L77"), ("product_id", "=", self.syringe.id)]), 1)
        self.assertEqual(self.syringe.with_context(lot_id=lot.id).qty_available, 2)

    def test_expiry_contradicting_existing_lot_refused(self):
        first = self._receipt(self.syringe)
        first.md_scan_udi(gs1(SYRINGE, lot="L88", expiry="281231", produced="260101"))
        self._validate(first)
        second = self._receipt(self.syringe)
        with self.assertRaisesRegex(UserError, "Lot L88 of .* expires on 2028-12-31, but the scanned code says 2029-01-31"):
            second.md_scan_udi(gs1(SYRINGE, lot="L88", expiry="290100"))
        with self.assertRaisesRegex(UserError, "was produced on 2026-01-01, but the scanned code says 2026-02-01"):
            second.md_scan_udi(gs1(SYRINGE, lot="L88", produced="260201"))
        self.assertFalse(second.move_line_ids.filtered("lot_id"))

    def test_product_not_on_receipt_refused(self):
        picking = self._receipt(self.syringe)
        with self.assertRaisesRegex(UserError, r"Test Catheter \(device identifier 06909999000036\) is not on receipt"):
            picking.md_scan_udi(gs1("06909999000036", lot="X1", expiry="281231"))
        with self.assertRaisesRegex(UserError, "No product has the device identifier 06909999000043"):
            picking.md_scan_udi(gs1("06909999000043", lot="X1"))
        with self.assertRaisesRegex(UserError, "tracked by lot but the code carries no lot number"):
            picking.md_scan_udi(gs1(SYRINGE, expiry="281231"))
        self.assertFalse(picking.move_line_ids.filtered("lot_name"))

    def test_codes_that_cannot_fill_a_receipt_refused(self):
        picking = self._receipt(self.syringe)
        with self.assertRaisesRegex(UserError, "This code has no device identifier"):
            picking.md_scan_udi("(17)281231(10)PI-ONLY")
        gauze = self.env["product.product"].create({
            "name": "Gauze roll", "is_storable": True, "tracking": "lot", "barcode": "06909999000081"})
        picking = self._receipt(gauze)
        with self.assertRaisesRegex(UserError, "carries an expiry date but Gauze roll does not track expiration"):
            picking.md_scan_udi("(01)06909999000081(17)281231(10)G1")
        delivery = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id,
            "move_ids": [Command.create({
                "name": "out", "product_id": self.syringe.id, "product_uom_qty": 1,
                "product_uom": self.syringe.uom_id.id, "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id})],
        })
        with self.assertRaisesRegex(UserError, "UDIs fill receipts that are not done yet"):
            delivery.md_scan_udi(gs1(SYRINGE, lot="OUT1", expiry="281231"))
        self.assertFalse(picking.move_line_ids.filtered("lot_name") | delivery.move_line_ids.filtered("md_udi"))

    def test_label_without_di_fills_the_line_of_its_product(self):
        picking = self._receipt(self.syringe)
        line = picking.move_line_ids
        line.write({"md_udi": "(11)260102(17)281231(10)PI-7"})
        self.assertEqual((line.product_id, line.lot_name, line.md_production_date), (self.syringe, "PI-7", date(2026, 1, 2)))

    def test_production_after_expiry_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be produced on 2029-01-01 after it expires on 2028-12-31"):
            self.env["stock.lot"].create({"name": "BAD-DATES", "product_id": self.syringe.id,
                                          "md_production_date": "2029-01-01",
                                          "expiration_date": "2028-12-31 00:00:00"})

    def test_packaging_gtin_counts_the_box(self):
        picking = self._receipt(self.syringe)
        line = picking.md_scan_udi("]C1011690999900001917281231" + "10BOX1")
        self.assertEqual(line.product_id, self.syringe)
        self.assertEqual(line.quantity, 10)
        found = self.env["md.udi"].match("(01)16909999000019(10)BOX1")
        self.assertEqual(found["packaging"], self.box)
        self.assertEqual(found["unknown"], ["lot"])

    def test_serials_one_line_each_duplicate_refused(self):
        picking = self._receipt(self.stent)
        first = picking.md_scan_udi(gs1(STENT, expiry="290100", serial="SN001"))
        second = picking.md_scan_udi(gs1(STENT, expiry="290100", serial="SN002"))
        self.assertNotEqual(first, second)
        self.assertEqual((first.lot_name, first.quantity), ("SN001", 1))
        self.assertEqual(first.expiration_date.date(), date(2029, 1, 31))
        with self.assertRaisesRegex(UserError, "Serial number SN001 of .* is already on"):
            picking.md_scan_udi(gs1(STENT, expiry="290100", serial="SN001"))
        with self.assertRaisesRegex(UserError, "tracked by serial number but the code carries none"):
            picking.md_scan_udi(gs1(STENT, lot="LOTONLY", expiry="290100"))
        self.assertEqual(len(picking.move_line_ids.filtered("lot_name")), 2)

    def test_detailed_operations_line_from_udi(self):
        picking = self._receipt(self.syringe, self.stent)
        MoveLine = self.env["stock.move.line"]
        # Typed into a new row of the detailed operations list (onchange) ...
        row = MoveLine.new({"picking_id": picking.id, "md_udi": gs1(STENT, expiry="290100", serial="SN9")})
        row._onchange_md_udi()
        self.assertEqual((row.product_id, row.lot_name, row.quantity), (self.stent, "SN9", 1))
        # ... and saved: the server applies the same checks.
        saved = MoveLine.create({
            "picking_id": picking.id, "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "md_udi": "(01)" + SYRINGE + "(11)260301(17)280300(10)LX-9"})
        self.assertEqual(saved.product_id, self.syringe)
        self.assertEqual(saved.move_id.product_id, self.syringe)
        self.assertEqual(saved.md_production_date, date(2026, 3, 1))
        self.assertEqual(saved.expiration_date.date(), date(2028, 3, 31))
        with self.assertRaisesRegex(UserError, "is not on receipt"):
            MoveLine.create({"picking_id": picking.id, "location_id": picking.location_id.id,
                             "location_dest_id": picking.location_dest_id.id,
                             "md_udi": gs1("06909999000036", lot="Q", expiry="281231")})
        stent_line = picking.move_line_ids.filtered(lambda ml: ml.product_id == self.stent)[:1]
        with self.assertRaisesRegex(UserError, "This line is for Test Stent"):
            stent_line.write({"md_udi": gs1(SYRINGE, lot="LX-10", expiry="281231")})

    def test_scan_refused_on_delivery_and_done(self):
        picking = self._receipt(self.syringe)
        picking.md_scan_udi(gs1(SYRINGE, lot="D1", expiry="281231", produced="260101"))
        self._validate(picking)
        with self.assertRaisesRegex(UserError, "UDIs fill receipts that are not done yet"):
            picking.md_scan_udi(gs1(SYRINGE, lot="D1", expiry="281231"))

    def test_lot_found_by_any_udi_string(self):
        picking = self._receipt(self.syringe)
        picking.md_scan_udi(gs1(SYRINGE, lot="FIND-ME", expiry="281231", produced="260101"))
        self._validate(picking)
        lot = picking.move_line_ids.lot_id
        Lot = self.env["stock.lot"]
        for code in (gs1(SYRINGE, lot="FIND-ME", expiry="281231"),
                     "(01)" + SYRINGE + "(10)FIND-ME",
                     "01" + SYRINGE + "10FIND-ME",
                     "（01）" + SYRINGE + "（10）FIND-ME"):
            self.assertEqual(Lot.search([("md_udi", "=", code)]), lot, code)
            self.assertIn(lot, Lot.search([("display_name", "ilike", code)]), code)
        self.assertFalse(Lot.search([("md_udi", "=", "(01)" + SYRINGE + "(10)OTHER")]))
        self.assertFalse(Lot.search([("md_udi", "=", "not a code")]))
        # Ordinary lot-name search still works.
        self.assertIn(lot, Lot.search([("display_name", "ilike", "FIND-ME")]))

    def test_odoo_gs1_nomenclature_reads_the_same(self):
        nomenclature = self.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")
        codes = [
            gs1(SYRINGE, lot="A1", expiry="281231", produced="260115"),
            "01" + STENT + "17290100" + "21SN-77",
            "01" + SYRINGE + "11260115" + "10B-2" + GS + "21S9",
            "0106909999000012" + "10LOT42#17281231",
            "]C1" + "01" + SYRINGE + "17281100" + "10C3" + GS + "240REF-5",
        ]
        for code in codes:
            ours = self.env["md.udi"].parse(code)
            odoo = nomenclature.parse_barcode(code)
            self.assertTrue(odoo, f"Odoo's GS1 nomenclature could not parse {code!r}")
            by_ai = {item["ai"]: item["value"] for item in odoo}
            self.assertEqual(by_ai.get("01"), ours["gtin"], code)
            self.assertEqual(by_ai.get("10"), ours["lot"], code)
            self.assertEqual(by_ai.get("21"), ours["serial"], code)
            self.assertEqual(by_ai.get("17"), ours["expiry"], code)
            self.assertEqual(by_ai.get("11"), ours["production_date"], code)
        types = {item["ai"]: item["type"] for item in nomenclature.parse_barcode(codes[0])}
        self.assertEqual(types["11"], "md_production_date")
