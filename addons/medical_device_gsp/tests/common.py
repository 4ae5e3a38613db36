from datetime import timedelta

from odoo import Command, fields

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
        cls.receiver = cls._test_user("md_receiver", name="Rui Receiver",
                                      groups=f"{stock_groups},medical_device_base.group_md_receiver")
        cls.inspector = cls._test_user("md_inspector", name="Ivy Inspector",
                                       groups=f"{stock_groups},medical_device_base.group_md_inspector")
        cls.keeper = cls._test_user("md_keeper", name="Kai Keeper",
                                    groups=f"{stock_groups},medical_device_base.group_md_storage_keeper")
        cls.picker = cls._test_user("md_picker", name="Pei Picker", groups=stock_groups)
        cls.qa_user.groups_id += cls.env.ref("stock.group_stock_user")
        cls.syringe.md_receipt_min_shelf_life_days = 180
        cls.stent.md_receipt_min_shelf_life_days = 180

    # Receipts ------------------------------------------------------------------

    @classmethod
    def _confirmed_receipt(cls, quantities, partner=None, user=None):
        """A confirmed receipt from the supplier of [(product, quantity)], nothing picked yet."""
        picking = cls.env["stock.picking"].with_user(user or cls.receiver).create({
            "picking_type_id": cls.warehouse.in_type_id.id,
            "partner_id": (partner or cls.supplier).id,
            "location_id": cls.supplier_loc.id,
            "location_dest_id": cls.stock.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": qty, "location_id": cls.supplier_loc.id, "location_dest_id": cls.stock.id,
            }) for product, qty in quantities],
        })
        picking.action_confirm()
        return picking

    @classmethod
    def _receipt(cls, product, lots, partner=None, user=None):
        """A validated-ready receipt of ``product``: lots is [(name, quantity, days to expiry)]."""
        user = user or cls.receiver
        picking = cls._confirmed_receipt([(product, sum(qty for _name, qty, _days in lots))], partner, user)
        move = picking.move_ids
        move.move_line_ids.unlink()
        lines = cls.env["stock.move.line"].with_user(user).create([{
            "move_id": move.id, "picking_id": picking.id, "product_id": product.id,
            "product_uom_id": product.uom_id.id, "quantity": qty, "lot_name": name,
            "expiration_date": (cls.now + timedelta(days=days)) if days is not None else False,
            "md_production_date": cls._production_date(days),
            "location_id": move.location_id.id, "location_dest_id": move.location_dest_id.id,
            "picked": True,
        } for name, qty, days in lots])
        # Odoo fills a missing expiry from the product's expiration time; None means "no expiry".
        for line, (_name, _qty, days) in zip(lines, lots):
            if days is None:
                line.expiration_date = False
        return picking

    @classmethod
    def _production_date(cls, days_to_expiry=None):
        """The fixtures' production date, moved back for a lot that expired earlier still."""
        if days_to_expiry is None:
            return cls.production_date
        return min(cls.production_date, cls.today + timedelta(days=days_to_expiry - 1))

    @classmethod
    def _validate(cls, picking, user=None):
        result = picking.with_user(user or cls.receiver).with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        cls._fixture_checks.assertEqual(picking.state, "done", result)
        return picking

    @classmethod
    def _received(cls, product, lots, **kwargs):
        """A validated receipt and its acceptance."""
        picking = cls._validate(cls._receipt(product, lots, **kwargs))
        return picking, picking.md_acceptance_ids

    @classmethod
    def _accept(cls, acceptance, decisions=None, user=None, reason="Outer carton crushed, units damaged"):
        """Fill the acceptance ({lot name: (accepted, rejected)}, default all accepted) and sign it."""
        decisions = decisions or {}
        for line in acceptance.line_ids:
            accepted, rejected = decisions.get(line.lot_id.name, (line.qty_received, 0))
            line.with_user(user or cls.inspector).write({
                "qty_accepted": accepted, "qty_rejected": rejected,
                "packaging_check": "pass" if not rejected else "fail", "label_check": "pass",
                "delivery_note_check": "pass",
                "reason": reason if rejected else False,
            })
        return acceptance.with_user(user or cls.inspector)._md_sign("accepted")

    @classmethod
    def _stock_lot(cls, product, name, qty, days=400, state="released", location=None):
        """A lot with stock put straight into a location, bypassing the flows (test set-up only)."""
        lot = cls.env["stock.lot"].with_context(md_workflow=True).create({
            "product_id": product.id, "name": name, "company_id": cls.company.id,
            "expiration_date": cls.now + timedelta(days=days), "md_quality_state": state,
            "md_production_date": cls._production_date(days)})
        cls.env["stock.quant"]._update_available_quantity(product, location or cls.stock, qty, lot_id=lot)
        return lot.with_env(cls.env)

    # Deliveries ----------------------------------------------------------------

    @classmethod
    def _delivery(cls, product, qty, partner=None):
        picking = cls.env["stock.picking"].with_user(cls.picker).create({
            "picking_type_id": cls.warehouse.out_type_id.id,
            "partner_id": (partner or cls.hospital).id,
            "location_id": cls.stock.id,
            "location_dest_id": cls.customer_loc.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": qty, "location_id": cls.stock.id, "location_dest_id": cls.customer_loc.id,
            })],
        })
        picking.action_confirm()
        picking.with_user(cls.picker).action_assign()
        picking.move_ids.with_user(cls.picker).picked = True
        return picking

    @classmethod
    def _review(cls, picking, user=None):
        action = picking.with_user(user or cls.keeper).action_md_outbound_review()
        return cls.env["md.outbound.review"].browse(action["res_id"])

    @classmethod
    def _quants(cls, lot, location):
        return sum(cls.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", location.id)]).mapped("quantity"))

    # Stock ---------------------------------------------------------------------

    @classmethod
    def _supplied_lot(cls, name, qty, product=None, days=400, partner=None):
        """A lot received from the supplier, accepted and released into stock."""
        picking, acceptance = cls._received(product or cls.syringe, [(name, qty, days)], partner=partner)
        cls._accept(acceptance)
        lot = picking.move_line_ids.lot_id
        cls._fixture_checks.assertEqual((lot.md_quality_state, cls._quants(lot, cls.stock)), ("released", qty))
        return lot

    @classmethod
    def _deliver(cls, lots, partner=None):
        """A done delivery of exactly ``lots`` ({lot: quantity}, one product) to the customer."""
        product = next(iter(lots)).product_id
        at_customers = {lot: cls._quants(lot, cls.customer_loc) for lot in lots}
        delivery = cls._delivery(product, sum(lots.values()), partner)
        move = delivery.move_ids
        move.move_line_ids.with_user(cls.picker).unlink()
        cls.env["stock.move.line"].with_user(cls.picker).create([{
            "move_id": move.id, "picking_id": delivery.id, "product_id": product.id,
            "product_uom_id": product.uom_id.id, "quantity": qty, "lot_id": lot.id,
            "location_id": cls.stock.id, "location_dest_id": cls.customer_loc.id, "picked": True,
        } for lot, qty in lots.items()])
        cls.env(user=cls.picker.id).flush_all()
        review = cls._review(delivery)
        cls._fixture_checks.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        review.with_user(cls.keeper)._md_sign("reviewed")
        cls._validate(delivery, user=cls.picker)
        for lot, qty in lots.items():
            cls._fixture_checks.assertEqual(cls._quants(lot, cls.customer_loc), at_customers[lot] + qty)
        return delivery
