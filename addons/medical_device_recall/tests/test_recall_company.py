from datetime import timedelta

from odoo import Command

from .common import RecallCommon


class TestRecallCompany(RecallCommon):
    """A recall traces its own company's goods only, even for a lot that several companies hold."""

    def test_trace_ignores_other_company_moves(self):
        other = self.env["res.company"].create({"name": "Other Device Distributor Ltd"})
        warehouse = self.env["stock.warehouse"].with_company(other).create(
            {"name": "Other Warehouse", "code": "OTW", "company_id": other.id})
        other_hospital = self.env["res.partner"].create({"name": "Other Company's Hospital", "is_company": True,
                                                         "company_id": other.id})
        # A lot of a shared device without a company: both companies can hold and move it.
        lot = self.env["stock.lot"].with_context(md_workflow=True).create({
            "product_id": self.syringe.id, "name": "MC-SHARED-1", "company_id": False,
            "expiration_date": self.now + timedelta(days=400), "md_quality_state": "released",
            "md_production_date": self.production_date})
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(self.syringe, self.stock, 10, lot_id=lot)
        Quant.with_company(other)._update_available_quantity(self.syringe, warehouse.lot_stock_id, 7, lot_id=lot)
        ours = self._deliver({lot: 4}, partner=self.hospital)
        # The other company delivers 3 of the same lot to its own customer.
        move = self.env["stock.move"].with_company(other).create({
            "name": "other delivery", "product_id": self.syringe.id, "product_uom": self.syringe.uom_id.id,
            "product_uom_qty": 3, "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": self.customer_loc.id, "company_id": other.id, "partner_id": other_hospital.id,
            "move_line_ids": [Command.create({
                "product_id": self.syringe.id, "product_uom_id": self.syringe.uom_id.id, "quantity": 3,
                "lot_id": lot.id, "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.customer_loc.id, "company_id": other.id, "picked": True})],
        })
        move._action_confirm()
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")

        trace = self.env["md.recall.trace"]._md_trace([lot.id], self.company)
        self.assertEqual([(row[1], row[2], row[4]) for row in trace["customers"]],
                         [(self.hospital.id, ours.id, 4.0)])
        self.assertEqual([(row[1], row[2]) for row in trace["stock"]], [(self.stock.id, 6.0)])
        # Seen from the other company, the same lot is its own business.
        theirs = self.env["md.recall.trace"]._md_trace([lot.id], other)
        self.assertEqual([(row[1], row[4]) for row in theirs["customers"]], [(other_hospital.id, 3.0)])
        self.assertEqual([(row[1], row[2]) for row in theirs["stock"]], [(warehouse.lot_stock_id.id, 4.0)])

        recall = self._recall(lot_ids=[Command.set(lot.ids)])
        recall.with_user(self.coordinator).action_compute_scope()
        self.assertEqual(recall.position_ids.filtered(lambda p: p.kind == "customer").partner_id, self.hospital)
        self.assertNotIn(warehouse.lot_stock_id, recall.position_ids.location_id)
        self.assertEqual(sum(recall.position_ids.mapped("quantity")), 10.0)
