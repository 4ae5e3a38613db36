import unittest
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.i18n_scan import activate_zh_cn

from .common import ScannerTourCase

SYRINGE = "06901234567892"


@tagged("post_install", "-at_install")
class TestScannerScreens(ScannerTourCase):
    """The scanner on a phone, in 简体中文, on the demo company (the README's pictures of "a day at the dock")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("medical_device_gsp.demo_story_po_syringe", raise_if_not_found=False):
            raise unittest.SkipTest("no demo data")
        # Our first users read the app in Chinese: the tours check Chinese labels, whatever the pictures.
        activate_zh_cn(cls.env)
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.lang = "zh_CN"
        cls.syringe = cls.env.ref("medical_device_base.product_syringe").product_variant_id
        cls.supplier = cls.env.ref("medical_device_base.partner_supplier_ruihe")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)]).filtered("md_has_gsp_zones")[:1]
        cls.receipt = cls._incoming(50, "DOCS-IN-1")

    @classmethod
    def _incoming(cls, qty, origin):
        supplier_loc = cls.env.ref("stock.stock_location_suppliers")
        picking = cls.env["stock.picking"].create({
            "picking_type_id": cls.warehouse.in_type_id.id, "partner_id": cls.supplier.id, "origin": origin,
            "location_id": supplier_loc.id, "location_dest_id": cls.warehouse.lot_stock_id.id,
            "move_ids": [Command.create({
                "name": cls.syringe.name, "product_id": cls.syringe.id, "product_uom": cls.syringe.uom_id.id,
                "product_uom_qty": qty, "location_id": supplier_loc.id,
                "location_dest_id": cls.warehouse.lot_stock_id.id})],
        })
        picking.action_confirm()
        return picking

    def _stock(self, name, qty, state="released"):
        """A lot of the demo syringe put straight into the demo stock (set-up only)."""
        today = fields.Date.today()
        lot = self.env["stock.lot"].with_context(md_workflow=True).create({
            "product_id": self.syringe.id, "name": name, "company_id": self.env.company.id,
            "md_production_date": today - timedelta(days=30), "md_quality_state": state,
            "expiration_date": fields.Datetime.now() + timedelta(days=1000)})
        self.env["stock.quant"]._update_available_quantity(self.syringe, self.warehouse.lot_stock_id, qty, lot_id=lot)
        return lot

    def _delivery(self, qty, origin):
        hospital = self.env.ref("medical_device_base.partner_hospital_first")
        customer = self.env.ref("stock.stock_location_customers")
        stock = self.warehouse.lot_stock_id
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id, "partner_id": hospital.id, "origin": origin,
            "location_id": stock.id, "location_dest_id": customer.id,
            "move_ids": [Command.create({
                "name": self.syringe.name, "product_id": self.syringe.id, "product_uom": self.syringe.uom_id.id,
                "product_uom_qty": qty, "location_id": stock.id, "location_dest_id": customer.id})],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking

    def test_pick_refusal_on_a_phone(self):
        self._stock("DOC-PICK-1", 10)
        self._stock("DOC-HOLD-1", 10, state="hold")
        delivery = self._delivery(3, "DOCS-OUT-1")
        self.assertEqual(delivery.move_line_ids.lot_id.mapped("name"), ["DOC-PICK-1"])
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_docs_pick",
                     user=self.admin, screenshot="scanner_pick_refused")
        self.assertEqual(delivery.move_line_ids.md_scanned_by, self.admin)

    def test_review_on_a_phone(self):
        self._stock("DOC-REV-1", 10)
        delivery = self._delivery(2, "DOCS-OUT-2")
        delivery.move_ids.picked = True
        delivery.action_md_outbound_review()
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_docs_review",
                     user=self.admin, screenshot="scanner_review")
        self.assertTrue(delivery.move_line_ids.md_scanned_by)

    def test_count_on_a_phone(self):
        self._stock("DOC-CNT-1", 10)
        plan = self.env.ref("medical_device_scanner.md_count_plan_high_risk")
        count = plan._md_create_count() or self.env["md.count"].create({
            "plan_id": plan.id, "warehouse_id": self.warehouse.id})
        count.with_user(self.admin).action_start()
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_docs_count",
                     user=self.admin, screenshot="scanner_count")
        line = count.line_ids.filtered(lambda l: l.lot_id.name == "DOC-CNT-1")
        self.assertEqual(line.counted, 2)

    def test_maintenance_and_return_lists(self):
        self.env.ref("medical_device_gsp.md_maintenance_plan_normal")._md_generate_check()
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_docs_maintenance",
                     user=self.admin, screenshot="scanner_maintenance")

    def _code(self, lot, days_to_expiry=1000):
        today = fields.Date.today()
        return (f"(01){SYRINGE}(11){today - timedelta(days=30):%y%m%d}"
                f"(17){today + timedelta(days=days_to_expiry):%y%m%d}(10){lot}")

    def test_home_in_chinese(self):
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_docs_home",
                     user=self.admin, screenshot="scanner_home")

    def test_receive_refusal_on_a_phone(self):
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_docs_receive",
                     user=self.admin, screenshot="scanner_receive_refused")
        scanned = self.receipt.move_line_ids.filtered("md_udi")
        self.assertEqual([(line.lot_name, line.quantity) for line in scanned], [("DOC-LOT-1", 1.0)])
        refused = self.env["md.scan.log"].search([("res_id", "=", self.receipt.id), ("outcome", "=", "refused")])
        self.assertEqual(len(refused), 1)

    def test_accept_on_a_phone(self):
        picking = self._incoming(20, "DOCS-IN-2")
        scanner = self.env["md.scanner"]
        code = self._code("DOC-ACC-1")
        for _unit in range(20):
            self.assertTrue(scanner.md_scan("receive", picking.id, code)["ok"])
        picking.with_context(skip_backorder=True).button_validate()
        acceptance = picking.md_acceptance_ids
        self.assertEqual(acceptance.state, "draft")
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_docs_accept",
                     user=self.admin, screenshot="scanner_accept")
        line = acceptance.line_ids
        self.assertEqual((line.qty_accepted, line.qty_rejected, line.reason), (3, 1, "单包装破损"))
