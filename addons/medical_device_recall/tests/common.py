from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.medical_device_gsp.tests.common import GspCommon


class RecallCommon(GspCommon):
    """GSP world plus a recall coordinator, hospitals and helpers to run a recall."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = new_test_user(
            cls.env, "md_recall_coord", name="Ren Recall", email="ren.recall@example.com",
            groups="base.group_user,stock.group_stock_user,medical_device_base.group_md_recall_coordinator")
        cls.hospital.email = "device.dept@hospital.example.com"
        Partner = cls.env["res.partner"]
        cls.hospital_2 = Partner.create({"name": "Second Test Hospital", "is_company": True,
                                         "email": "equipment@hospital2.example.com"})
        cls.env["md.licence"].create({
            "partner_id": cls.hospital_2.id, "licence_type": "institution", "name": "PDY-TEST-0002",
            "issue_date": cls.today.replace(year=cls.today.year - 1),
            "expiry_date": cls.today.replace(year=cls.today.year + 4)})

    def _recall(self, level="2", user=None, **values):
        """A draft recall as the coordinator; values are its scope fields."""
        return self.env["md.recall"].with_user(user or self.coordinator).create(dict({
            "title": "Test recall", "level": level, "source": "manufacturer",
            "reason": "Balloon may not deflate", "hazard_assessment": "Possible vessel injury",
        }, **values))

    def _started(self, level="2", **values):
        recall = self._recall(level=level, **values)
        recall.action_compute_scope()
        recall.action_start()
        return recall

    def _acknowledge(self, notice, quantities=(0, 0), name=None, note=None, user=None):
        """Record a confirmation given by phone through the button's wizard, as the coordinator.

        ``quantities``: (on hand, returned) for every lot, or {lot: (on hand, returned)}.
        """
        user = user or self.coordinator
        action = notice.with_user(user).action_record_acknowledgement()
        wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"]).create(
            {"name": name or notice.partner_id.name, "note": note})
        for line in wizard.line_ids:
            on_hand, returned = quantities.get(line.lot_id, (0, 0)) if isinstance(quantities, dict) else quantities
            line.write({"qty_on_hand": on_hand, "qty_returned": returned})
        return wizard.action_confirm()

    def _positions(self, recall, kind):
        return {(p.lot_id, p.partner_id or p.location_id, p.picking_id): p.quantity
                for p in recall.position_ids if p.kind == kind}

    # Transfers -----------------------------------------------------------------

    def _lot_lines(self, picking, lots, user=None):
        """Put exactly ``lots`` ({lot: quantity}) on the picking, whatever the reservation proposed."""
        picking.move_ids._do_unreserve()
        picking.move_line_ids.unlink()
        self.env["stock.move.line"].with_user(user or self.env.user).create([{
            "move_id": picking.move_ids.filtered(lambda m, p=lot.product_id: m.product_id == p)[:1].id,
            "picking_id": picking.id, "product_id": lot.product_id.id, "product_uom_id": lot.product_id.uom_id.id,
            "quantity": qty, "lot_id": lot.id, "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id, "picked": True,
        } for lot, qty in lots.items()])
        return picking

    def _picking(self, picking_type, lots, source, dest, user, partner=None):
        """A confirmed transfer of exactly ``lots`` (one product) from ``source`` to ``dest``, made by ``user``."""
        product = next(iter(lots)).product_id
        picking = self.env["stock.picking"].with_user(user).create({
            "picking_type_id": picking_type.id, "partner_id": partner and partner.id,
            "location_id": source.id, "location_dest_id": dest.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": sum(lots.values()), "location_id": source.id, "location_dest_id": dest.id})],
        })
        picking.action_confirm()
        return self._lot_lines(picking, lots, user)

    def _deliver_from(self, stock, lots, partner):
        """A done, reviewed delivery of ``lots`` from ``stock`` of any warehouse."""
        picking = self._picking(stock.warehouse_id.out_type_id, lots, stock, self.customer_loc, self.picker, partner)
        review = self._review(picking)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        review.with_user(self.keeper)._md_sign("reviewed")
        return self._validate(picking, user=self.picker)

    def _customer_return(self, delivery, lots, dest, user=None):
        """Odoo's own return of ``delivery`` with exactly ``lots``, into ``dest``, validated."""
        wizard = self.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_model="stock.picking").create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = sum(lots.values())
        picking = wizard._create_return()
        picking.write({"location_dest_id": dest.id})
        picking.move_ids.write({"location_dest_id": dest.id})
        return self._validate(self._lot_lines(picking, lots), user=user or self.picker)
