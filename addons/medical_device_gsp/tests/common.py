from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.medical_device_base.tests.common import MdCommon


class GspCommon(MdCommon):
    """A warehouse with GSP zones, the GSP roles and helpers for receipts and deliveries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.warehouse = cls.env["stock.warehouse"].create({"name": "GSP Test Warehouse", "code": "GTW"})
        cls.warehouse.action_md_create_gsp_zones()
        cls.stock = cls.warehouse.lot_stock_id
        cls.quarantine = cls.warehouse.md_quarantine_location_id
        cls.nonconforming = cls.warehouse.md_nonconforming_location_id
        cls.supplier_loc = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_loc = cls.env.ref("stock.stock_location_customers")
        stock_groups = "base.group_user,stock.group_stock_user"
        cls.receiver = new_test_user(cls.env, "md_receiver", name="Rui Receiver",
                                     groups=f"{stock_groups},medical_device_base.group_md_receiver")
        cls.inspector = new_test_user(cls.env, "md_inspector", name="Ivy Inspector",
                                      groups=f"{stock_groups},medical_device_base.group_md_inspector")
        cls.keeper = new_test_user(cls.env, "md_keeper", name="Kai Keeper",
                                   groups=f"{stock_groups},medical_device_base.group_md_storage_keeper")
        cls.picker = new_test_user(cls.env, "md_picker", name="Pei Picker", groups=stock_groups)
        cls.qa_user.groups_id += cls.env.ref("stock.group_stock_user")
        cls.syringe.md_receipt_min_shelf_life_days = 180
        cls.stent.md_receipt_min_shelf_life_days = 180

    # Receipts ------------------------------------------------------------------

    def _confirmed_receipt(self, quantities, partner=None, user=None):
        """A confirmed receipt from the supplier of [(product, quantity)], nothing picked yet."""
        picking = self.env["stock.picking"].with_user(user or self.receiver).create({
            "picking_type_id": self.warehouse.in_type_id.id,
            "partner_id": (partner or self.supplier).id,
            "location_id": self.supplier_loc.id,
            "location_dest_id": self.stock.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": qty, "location_id": self.supplier_loc.id, "location_dest_id": self.stock.id,
            }) for product, qty in quantities],
        })
        picking.action_confirm()
        return picking

    def _receipt(self, product, lots, partner=None, user=None):
        """A validated-ready receipt of ``product``: lots is [(name, quantity, days to expiry)]."""
        user = user or self.receiver
        picking = self._confirmed_receipt([(product, sum(qty for _name, qty, _days in lots))], partner, user)
        move = picking.move_ids
        move.move_line_ids.unlink()
        lines = self.env["stock.move.line"].with_user(user).create([{
            "move_id": move.id, "picking_id": picking.id, "product_id": product.id,
            "product_uom_id": product.uom_id.id, "quantity": qty, "lot_name": name,
            "expiration_date": (self.now + timedelta(days=days)) if days is not None else False,
            "location_id": move.location_id.id, "location_dest_id": move.location_dest_id.id,
            "picked": True,
        } for name, qty, days in lots])
        # Odoo fills a missing expiry from the product's expiration time; None means "no expiry".
        for line, (_name, _qty, days) in zip(lines, lots):
            if days is None:
                line.expiration_date = False
        return picking

    def _validate(self, picking, user=None):
        result = picking.with_user(user or self.receiver).with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        self.assertEqual(picking.state, "done", result)
        return picking

    def _received(self, product, lots, **kwargs):
        """A validated receipt and its acceptance."""
        picking = self._validate(self._receipt(product, lots, **kwargs))
        return picking, picking.md_acceptance_ids

    def _accept(self, acceptance, decisions=None, user=None, reason="Outer carton crushed, units damaged"):
        """Fill the acceptance ({lot name: (accepted, rejected)}, default all accepted) and sign it."""
        decisions = decisions or {}
        for line in acceptance.line_ids:
            accepted, rejected = decisions.get(line.lot_id.name, (line.qty_received, 0))
            line.with_user(user or self.inspector).write({
                "qty_accepted": accepted, "qty_rejected": rejected,
                "packaging_check": "pass" if not rejected else "fail", "label_check": "pass",
                "reason": reason if rejected else False,
            })
        return acceptance.with_user(user or self.inspector)._md_sign("accepted")

    def _stock_lot(self, product, name, qty, days=400, state="released", location=None):
        """A lot with stock put straight into a location, bypassing the flows (test set-up only)."""
        lot = self.env["stock.lot"].with_context(md_workflow=True).create({
            "product_id": product.id, "name": name, "company_id": self.company.id,
            "expiration_date": self.now + timedelta(days=days), "md_quality_state": state})
        self.env["stock.quant"]._update_available_quantity(product, location or self.stock, qty, lot_id=lot)
        return lot.with_env(self.env)

    # Deliveries ----------------------------------------------------------------

    def _delivery(self, product, qty, partner=None):
        picking = self.env["stock.picking"].with_user(self.picker).create({
            "picking_type_id": self.warehouse.out_type_id.id,
            "partner_id": (partner or self.hospital).id,
            "location_id": self.stock.id,
            "location_dest_id": self.customer_loc.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": qty, "location_id": self.stock.id, "location_dest_id": self.customer_loc.id,
            })],
        })
        picking.action_confirm()
        picking.with_user(self.picker).action_assign()
        picking.move_ids.with_user(self.picker).picked = True
        return picking

    def _review(self, picking, user=None):
        action = picking.with_user(user or self.keeper).action_md_outbound_review()
        return self.env["md.outbound.review"].browse(action["res_id"])

    def _quants(self, lot, location):
        return sum(self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", location.id)]).mapped("quantity"))

    # Stock ---------------------------------------------------------------------

    def _supplied_lot(self, name, qty, product=None, days=400, partner=None):
        """A lot received from the supplier, accepted and released into stock."""
        picking, acceptance = self._received(product or self.syringe, [(name, qty, days)], partner=partner)
        self._accept(acceptance)
        lot = picking.move_line_ids.lot_id
        self.assertEqual((lot.md_quality_state, self._quants(lot, self.stock)), ("released", qty))
        return lot

    def _deliver(self, lots, partner=None):
        """A done delivery of exactly ``lots`` ({lot: quantity}, one product) to the customer."""
        product = next(iter(lots)).product_id
        at_customers = {lot: self._quants(lot, self.customer_loc) for lot in lots}
        delivery = self._delivery(product, sum(lots.values()), partner)
        move = delivery.move_ids
        move.move_line_ids.with_user(self.picker).unlink()
        self.env["stock.move.line"].with_user(self.picker).create([{
            "move_id": move.id, "picking_id": delivery.id, "product_id": product.id,
            "product_uom_id": product.uom_id.id, "quantity": qty, "lot_id": lot.id,
            "location_id": self.stock.id, "location_dest_id": self.customer_loc.id, "picked": True,
        } for lot, qty in lots.items()])
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        review.with_user(self.keeper)._md_sign("reviewed")
        self._validate(delivery, user=self.picker)
        for lot, qty in lots.items():
            self.assertEqual(self._quants(lot, self.customer_loc), at_customers[lot] + qty)
        return delivery
