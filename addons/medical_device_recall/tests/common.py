from odoo import Command

from odoo.addons.medical_device_gsp.tests.common import GspCommon


class RecallCommon(GspCommon):
    """GSP world plus a recall coordinator, hospitals and helpers to run a recall."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = cls._test_user(
            "md_recall_coord", name="Ren Recall", email="ren.recall@example.com",
            groups="base.group_user,stock.group_stock_user,medical_device_base.group_md_recall_coordinator")
        cls.hospital.email = "device.dept@hospital.example.com"
        Partner = cls.env["res.partner"]
        cls.hospital_2 = Partner.create({"name": "Second Test Hospital", "is_company": True,
                                         "email": "equipment@hospital2.example.com"})
        cls.env["md.licence"].create({
            "partner_id": cls.hospital_2.id, "licence_type": "institution", "name": "PDY-TEST-0002",
            "issue_date": cls.today.replace(year=cls.today.year - 1),
            "expiry_date": cls.today.replace(year=cls.today.year + 4)})

    @classmethod
    def _recall(cls, level="2", user=None, **values):
        """A draft recall as the coordinator; values are its scope fields."""
        return cls.env["md.recall"].with_user(user or cls.coordinator).create(dict({
            "title": "Test recall", "level": level, "source": "manufacturer",
            "reason": "Balloon may not deflate", "hazard_assessment": "Possible vessel injury",
        }, **values))

    @classmethod
    def _started(cls, level="2", **values):
        recall = cls._recall(level=level, **values)
        recall.action_compute_scope()
        recall.action_start()
        return recall

    @classmethod
    def _acknowledge(cls, notice, quantities=(0, 0), name=None, note=None, user=None):
        """Record a confirmation given by phone through the button's wizard, as the coordinator.

        ``quantities``: (on hand, returned) for every lot, or {lot: (on hand, returned)}.
        """
        user = user or cls.coordinator
        action = notice.with_user(user).action_record_acknowledgement()
        wizard = cls.env[action["res_model"]].with_user(user).with_context(**action["context"]).create(
            {"name": name or notice.partner_id.name, "note": note})
        for line in wizard.line_ids:
            on_hand, returned = quantities.get(line.lot_id, (0, 0)) if isinstance(quantities, dict) else quantities
            line.write({"qty_on_hand": on_hand, "qty_returned": returned})
        return wizard.action_confirm()

    @classmethod
    def _positions(cls, recall, kind):
        return {(p.lot_id, p.partner_id or p.location_id, p.picking_id): p.quantity
                for p in recall.position_ids if p.kind == kind}

    # Transfers -----------------------------------------------------------------

    @classmethod
    def _lot_lines(cls, picking, lots, user=None):
        """Put exactly ``lots`` ({lot: quantity}) on the picking, whatever the reservation proposed."""
        picking.move_ids._do_unreserve()
        picking.move_line_ids.unlink()
        cls.env["stock.move.line"].with_user(user or cls.env.user).create([{
            "move_id": picking.move_ids.filtered(lambda m, p=lot.product_id: m.product_id == p)[:1].id,
            "picking_id": picking.id, "product_id": lot.product_id.id, "product_uom_id": lot.product_id.uom_id.id,
            "quantity": qty, "lot_id": lot.id, "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id, "picked": True,
        } for lot, qty in lots.items()])
        return picking

    @classmethod
    def _picking(cls, picking_type, lots, source, dest, user, partner=None):
        """A confirmed transfer of exactly ``lots`` (one product) from ``source`` to ``dest``, made by ``user``."""
        product = next(iter(lots)).product_id
        picking = cls.env["stock.picking"].with_user(user).create({
            "picking_type_id": picking_type.id, "partner_id": partner and partner.id,
            "location_id": source.id, "location_dest_id": dest.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": sum(lots.values()), "location_id": source.id, "location_dest_id": dest.id})],
        })
        picking.action_confirm()
        return cls._lot_lines(picking, lots, user)

    @classmethod
    def _deliver_from(cls, stock, lots, partner):
        """A done, reviewed delivery of ``lots`` from ``stock`` of any warehouse."""
        picking = cls._picking(stock.warehouse_id.out_type_id, lots, stock, cls.customer_loc, cls.picker, partner)
        review = cls._review(picking)
        cls._fixture_checks.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        review.with_user(cls.keeper)._md_sign("reviewed")
        return cls._validate(picking, user=cls.picker)

    @classmethod
    def _back_zone(cls):
        """Where goods a customer sends back on its own land in these tests. The recall's tests run with and
        without the returns add-on: with it, the returns zone (the return marks the lot Returned there);
        without it, quarantine, where a released lot may have stock."""
        if cls.env["ir.module.module"]._get("medical_device_returns").state == "installed":
            return cls.warehouse.md_returns_location_id
        return cls.warehouse.md_quarantine_location_id

    @classmethod
    def _customer_return(cls, delivery, lots, dest, user=None):
        """Odoo's own return of ``delivery`` with exactly ``lots``, into ``dest``, validated."""
        wizard = cls.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_model="stock.picking").create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = sum(lots.values())
        picking = wizard._create_return()
        picking.write({"location_dest_id": dest.id})
        picking.move_ids.write({"location_dest_id": dest.id})
        return cls._validate(cls._lot_lines(picking, lots), user=user or cls.picker)
