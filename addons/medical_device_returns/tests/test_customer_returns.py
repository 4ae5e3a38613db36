import re
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestCustomerReturnGrades(ReturnsCommon):
    """Each grade end to end: approval by its group, receipt into the returns zone, signed disposition."""

    def _messages(self, record):
        return "\n".join(record.message_ids.mapped("body"))

    def test_quality_defect_returned_to_supplier(self):
        lot = self._supplied_lot("QD-1", 10)
        delivery = self._deliver({lot: 10})
        record = self._return(delivery, {lot: 4}, "quality_defect", reason="Plunger sticks")
        line = record.line_ids
        self.assertEqual((line.supplier_id, line.disposition), (self.supplier, "supplier"))
        self.assertEqual(record.warehouse_id, self.warehouse)

        picking = self._approve(record)
        self.assertEqual((record.approved_by, record.return_picking_id), (self.qa_user, picking))
        self.assertTrue(record.approved_on)
        # Odoo's own return of the delivery, into the returns zone, with exactly the returned lot.
        self.assertEqual(picking.return_id, delivery)
        self.assertEqual(picking.md_return_id, record)
        self.assertEqual(picking.location_id, self.customer_loc)
        self.assertEqual(picking.location_dest_id, self.returns_zone)
        self.assertEqual(picking.move_ids.origin_returned_move_id, delivery.move_ids)
        self.assertEqual(picking.move_ids.location_dest_id, self.returns_zone)
        self.assertEqual([(ml.lot_id, ml.quantity, ml.location_dest_id) for ml in picking.move_line_ids],
                         [(lot, 4, self.returns_zone)])
        self.assertIn(f"Approved by Qiang QA; return transfer {picking.name}.", self._messages(record))

        self._receive(record)
        self.assertEqual(self._quants(lot, self.returns_zone), 4)
        self.assertEqual(self._quants(lot, self.customer_loc), 6)
        self.assertEqual(line.location_id, self.returns_zone)
        self.assertEqual(lot.md_quality_state, "returned", "the whole stock of the lot is back in the returns zone")
        activity = record.activity_ids
        self.assertEqual(activity.activity_type_id,
                         self.env.ref("medical_device_returns.mail_activity_md_return_disposition"))
        self.assertTrue(activity.user_id.has_group("medical_device_base.group_md_qa_manager"))
        self.assertIn("awaiting QA disposition", self._messages(record))

        self._inspect(record, packaging_check="fail", disposition_note="Plunger sticks on 4 units")
        signature = self._sign(record)
        self.assertEqual((signature.meaning, signature.signer_id), ("approved", self.qa_user))
        self.assertTrue(record.md_signed)
        self.assertEqual((record.state, record.disposed_by), ("done", self.qa_user))
        self.assertEqual(record.disposed_on, signature.signed_at)
        self.assertFalse(record.activity_ids)
        self.assertEqual(lot.md_quality_state, "rejected")
        rtv = record.result_picking_ids
        self.assertEqual(len(rtv), 1)
        self.assertEqual((rtv.partner_id, rtv.location_id, rtv.location_dest_id.usage, rtv.state),
                         (self.supplier, self.returns_zone, "supplier", "assigned"))
        self.assertEqual([(ml.lot_id, ml.quantity) for ml in rtv.move_line_ids], [(lot, 4)])
        self.assertIn("Disposition applied: Test Syringe 5 ml QD-1 × 4: Return to Supplier", self._messages(record))

        # Validating the transfer to the supplier counts against it.
        self.assertFalse(self.supplier.activity_ids)
        self._validate(rtv, user=self.keeper)
        self.assertEqual(self._quants(lot, self.returns_zone), 0)
        self.assertEqual(sum(rtv.move_line_ids.mapped("quantity")), 4)
        self.supplier.invalidate_recordset(["md_quality_return_rate"])
        self.assertEqual(self.supplier.md_quality_return_rate, 40.0)
        self.assertEqual(self.supplier.activity_ids.activity_type_id,
                         self.env.ref("medical_device_base.mail_activity_md_requalify_supplier"))

    def test_expiry_scrapped_with_reason(self):
        lot = self._supplied_lot("EX-1", 5, days=200)
        record = self._return(self._deliver({lot: 5}), {lot: 5}, "expiry", reason="Too close to expiry for us")
        self.assertEqual(record.line_ids.disposition, "scrap")
        self._receive(record)  # the storage keeper approves
        self.assertEqual(record.approved_by, self.keeper)
        self.assertEqual(self._quants(lot, self.returns_zone), 5)

        self._inspect(record, disposition_note="Short dated, destroy")
        self._sign(record)
        scrap = record.scrap_ids
        self.assertEqual(len(scrap), 1)
        self.assertEqual((scrap.state, scrap.product_id, scrap.lot_id, scrap.scrap_qty, scrap.location_id),
                         ("done", self.syringe, lot, 5, self.returns_zone))
        self.assertIn("Short dated, destroy", scrap.origin)
        self.assertEqual(record.line_ids.scrap_id, scrap)
        self.assertEqual(self._quants(lot, self.returns_zone), 0)
        self.assertEqual(self._quants(lot, scrap.scrap_location_id), 5)
        self.assertEqual(lot.md_quality_state, "rejected")
        self.assertEqual(record.state, "done")
        self.assertFalse(record.result_picking_ids)

    def test_commercial_released_back_to_stock(self):
        lot = self._supplied_lot("CO-1", 10)
        record = self._return(self._deliver({lot: 10}), {lot: 3}, "commercial", reason="Overstock")
        self.assertEqual(record.line_ids.disposition, "release")
        self._receive(record)
        self.assertEqual(record.approved_by, self.sales_manager)
        self.assertEqual(lot.md_quality_state, "returned")

        self._inspect(record)
        signature = self._sign(record)
        self.assertEqual(self._quants(lot, self.stock), 3)
        self.assertEqual(self._quants(lot, self.returns_zone), 0)
        self.assertEqual(lot.md_quality_state, "released")
        change = self.env["md.quality.change"].search([("origin", "=", record.name), ("new_state", "=", "released")])
        self.assertEqual((change.state, change.signature_id), ("done", signature))
        self.assertFalse(record.result_picking_ids or record.scrap_ids)

        # Sellable again.
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual([(ml.lot_id, ml.quantity) for ml in delivery.move_line_ids], [(lot, 3)])

    def test_transport_damage_scrapped(self):
        lot = self._supplied_lot("TD-1", 6)
        record = self._return(self._deliver({lot: 6}), {lot: 2}, "transport_damage", reason="Box crushed")
        self._receive(record)
        self.assertEqual(record.approved_by, self.keeper)
        self._inspect(record, packaging_check="fail", disposition_note="Sterile barrier broken")
        self._sign(record)
        self.assertEqual(record.scrap_ids.mapped("scrap_qty"), [2])
        self.assertEqual(record.scrap_ids.state, "done")
        self.assertEqual(self._quants(lot, self.returns_zone), 0)
        self.assertEqual(self._quants(lot, self.customer_loc), 4)

    def test_wrong_item_repacked_and_released(self):
        lot = self._supplied_lot("WI-1", 4)
        record = self._return(self._deliver({lot: 4}), {lot: 4}, "wrong_item", reason="Ordered 10 ml")
        self._receive(record)
        self.assertEqual(record.approved_by, self.stock_manager)
        # Repacking needs its note.
        self._inspect(record, disposition="repack")
        with self.assertRaisesRegex(UserError, "give the reason for the disposition"):
            self._sign(record)
        self._inspect(record, disposition_note="Relabelled with the customer's order reference")
        self._sign(record)
        self.assertEqual(self._quants(lot, self.stock), 4)
        self.assertEqual(lot.md_quality_state, "released")
        self.assertIn("Repack/Relabel, then Re-release", self._messages(record))

    def test_recall_approved_by_recall_coordinator(self):
        lot = self._supplied_lot("RC-1", 5)
        record = self._return(self._deliver({lot: 5}), {lot: 5}, "recall", reason="Field safety notice FSN-1")
        self.assertEqual(record.line_ids.disposition, "supplier")
        self._receive(record)
        self.assertEqual(record.approved_by, self.recall_coordinator)
        self._inspect(record, disposition_note="Recalled by the maker")
        self._sign(record)
        rtv = record.result_picking_ids
        self.assertEqual((rtv.partner_id, rtv.location_id), (self.supplier, self.returns_zone))
        self._validate(rtv, user=self.keeper)
        self.assertEqual(self._quants(lot, self.returns_zone), 0)
        # A recall is not the supplier's quality record.
        self.assertFalse(self.supplier.activity_ids)

    def test_approval_outside_the_grade_group_refused(self):
        lot = self._supplied_lot("AP-1", 6)
        delivery = self._deliver({lot: 6})
        outsiders = {
            "quality_defect": self.keeper,
            "expiry": self.sales_manager,
            "commercial": self.keeper,
            "transport_damage": self.seller,
            "wrong_item": self.qa_user,
            "recall": self.stock_manager,
        }
        for code, user in outsiders.items():
            record = self._return(delivery, {lot: 1}, code)
            group = record.grade_id.approval_group_id
            self.assertNotIn(user, group.users, code)
            with self.assertRaisesRegex(AccessError, re.escape(
                    f"Returns graded {record.grade_id.name} are approved by {group.full_name}.")):
                record.with_user(user).action_approve()
            self.assertEqual(record.state, "draft", code)
            self.assertFalse(record.approved_by, code)
            self.assertFalse(self._returned_pickings(record), code)
        self.assertEqual(self._quants(lot, self.returns_zone), 0)


@tagged("post_install", "-at_install")
class TestCustomerReturnRefusals(ReturnsCommon):
    """What a return may not do; each refusal leaves everything as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._supplied_lot("RF-1", 10)
        cls.delivery = cls._deliver({cls.lot: 3})

    def assertApprovalRefused(self, record, *fragments, user=None):
        with self.assertRaisesRegex(UserError, re.escape(f"{record.name} cannot be approved:")) as caught:
            record.with_user(user or self.approvers[record.grade_id.code]).action_approve()
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))
        self.assertEqual(record.state, "draft")
        self.assertFalse(record.return_picking_id or record.approved_by)
        self.assertFalse(self._returned_pickings(record))
        self.assertEqual(self._quants(self.lot, self.returns_zone), 0)
        return str(caught.exception)

    def assertNotDisposed(self, record, returns_qty):
        self.assertEqual(record.state, "received")
        self.assertFalse(record.md_signed or record.disposed_by)
        self.assertFalse(self._signatures(record))
        self.assertFalse(record.result_picking_ids or record.scrap_ids)
        self.assertFalse(self.env["stock.scrap"].search([("lot_id", "=", self.lot.id)]))
        self.assertEqual(self._quants(self.lot, self.returns_zone), returns_qty)
        self.assertEqual(record.activity_ids.activity_type_id.mapped("name"), ["Return Disposition"])

    # Approval ----------------------------------------------------------------

    def test_lot_never_delivered(self):
        other = self._supplied_lot("RF-2", 5)
        record = self._return(self.delivery, {other: 1})
        self.assertApprovalRefused(
            record, f"RF-2 of Test Syringe 5 ml was never delivered to Test Hospital with {self.delivery.name}.")

    def test_lot_delivered_to_another_customer(self):
        retail_delivery = self._deliver({self.lot: 2}, partner=self.retailer)
        # The hospital cannot return what the retailer received ...
        record = self._return(retail_delivery, {self.lot: 1}, partner=self.hospital)
        self.assertApprovalRefused(
            record, f"{retail_delivery.name} was delivered to Test Retail Chain, not to Test Hospital.")
        # ... nor pass the lot off as its own delivery's.
        stent_lot = self._supplied_lot("ST-9", 1, product=self.stent)
        record = self._return(self.delivery, {stent_lot: 1})
        self.assertApprovalRefused(record, "ST-9 of Test Stent 3.0x18 was never delivered to Test Hospital")

    def test_more_than_delivered(self):
        record = self._return(self.delivery, {self.lot: 5})
        self.assertApprovalRefused(
            record, f"RF-1 of Test Syringe 5 ml: 5.0 returned but {self.delivery.name} delivered 3.0 "
                    "(0.0 already returned).")

    def test_more_than_delivered_over_two_returns(self):
        first = self._return(self.delivery, {self.lot: 2})
        self._approve(first)
        second = self._return(self.delivery, {self.lot: 2})
        self.assertEqual(
            re.sub(r"\s+", " ", self.assertApprovalRefused(second)),
            f"{second.name} cannot be approved: • RF-1 of Test Syringe 5 ml: 2.0 returned but "
            f"{self.delivery.name} delivered 3.0 (2.0 already returned).")
        # A cancelled return gives its quantity back.
        first.with_user(self.sales_manager).action_cancel()
        self.assertEqual((first.state, first.return_picking_id.state), ("cancel", "cancel"))
        self._approve(second)

    def test_approval_refused_without_lines_or_delivery(self):
        record = self._return(self.delivery, {})
        self.assertApprovalRefused(record, "Add the returned lots or serial numbers.")
        record = self._return(self.delivery, {self.lot: 0})
        self.assertApprovalRefused(record, "the quantity must be positive.")
        record = self._return(self.delivery, {self.lot: 1})
        record.origin_picking_id = False
        self.assertApprovalRefused(record, "Name the delivery the customer received the goods with.")

    # Before the disposition ------------------------------------------------------

    def test_no_release_without_signature(self):
        record = self._return(self.delivery, {self.lot: 2})
        self._receive(record)
        self.assertEqual(self.lot.md_quality_state, "released", "7 units are still in stock")
        transfer = self.env["stock.picking"].with_user(self.keeper).create({
            "picking_type_id": self.warehouse.int_type_id.id,
            "location_id": self.returns_zone.id,
            "location_dest_id": self.stock.id,
            "move_ids": [Command.create({
                "name": "Back to stock", "product_id": self.syringe.id, "product_uom": self.syringe.uom_id.id,
                "product_uom_qty": 2, "location_id": self.returns_zone.id, "location_dest_id": self.stock.id})],
        })
        transfer.action_confirm()
        transfer.action_assign()
        transfer.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "it leaves the returns zone only by the QA disposition of its "
                                               "return"):
            self._validate(transfer, user=self.keeper)
        self.assertNotEqual(transfer.state, "done")
        self.assertEqual(self._quants(self.lot, self.returns_zone), 2)
        self.assertEqual(self._quants(self.lot, self.stock), 7)
        transfer.action_cancel()
        quants = self.env["stock.quant"].search([("lot_id", "=", self.lot.id),
                                                 ("location_id", "=", self.returns_zone.id)])
        self.assertEqual(quants.reserved_quantity, 0)
        # The disposition itself refuses to run without its signature.
        with self.assertRaisesRegex(UserError, "re-released only under a QA signature"):
            record.sudo()._md_apply_dispositions(self.env["md.signature"])
        self.assertNotDisposed(record, 2)

    def test_signing_refused_for_non_qa(self):
        record = self._return(self.delivery, {self.lot: 2})
        self._receive(record)
        self._inspect(record)
        with self.assertRaisesRegex(AccessError, "may sign"):
            self._sign(record, user=self.keeper)
        with self.assertRaisesRegex(AccessError, "may sign"):
            record.with_user(self.sales_manager).action_sign_disposition()
        self.assertNotDisposed(record, 2)

    def test_signing_refused_for_release_with_failed_packaging(self):
        record = self._return(self.delivery, {self.lot: 2})
        self._receive(record)
        self._inspect(record, packaging_check="fail")
        with self.assertRaisesRegex(UserError, re.escape(f"{record.name} cannot be signed yet:")) as caught:
            self._sign(record)
        self.assertIn("Test Syringe 5 ml RF-1 × 2: goods are re-released only when packaging and label pass the "
                      "re-inspection.", str(caught.exception))
        with self.assertRaisesRegex(UserError, "packaging and label pass"):
            record.with_user(self.qa_user).action_sign_disposition()
        self.assertNotDisposed(record, 2)
        self.assertEqual(self._quants(self.lot, self.stock), 7)

    def test_signing_refused_for_scrap_without_reason(self):
        record = self._return(self.delivery, {self.lot: 2}, "transport_damage")
        self._receive(record)
        self._inspect(record, disposition_note="  ")
        with self.assertRaisesRegex(UserError, re.escape(
                "Test Syringe 5 ml RF-1 × 2: give the reason for the disposition (Scrap).")):
            self._sign(record)
        self.assertNotDisposed(record, 2)

    def test_signing_refused_for_expired_lot_release(self):
        record = self._return(self.delivery, {self.lot: 2})
        self._receive(record)
        self._inspect(record)
        self.lot.expiration_date = self.now - timedelta(days=1)
        with self.assertRaisesRegex(UserError, re.escape(
                "Test Syringe 5 ml RF-1 × 2: the lot has expired and cannot be re-released.")):
            self._sign(record)
        self.assertNotDisposed(record, 2)
        self.assertEqual(self._quants(self.lot, self.stock), 7)
        # Scrapping it is fine.
        self._inspect(record, disposition="scrap", disposition_note="Expired while away")
        self._sign(record)
        self.assertEqual(record.scrap_ids.scrap_qty, 2)

    def test_signing_refused_for_supplier_unknown(self):
        lot = self._stock_lot(self.syringe, "NO-SUP", 3)
        record = self._return(self._deliver({lot: 3}), {lot: 3}, "quality_defect")
        self.assertFalse(record.line_ids.supplier_id)
        self._receive(record)
        self._inspect(record, disposition_note="Cracked barrel")
        with self.assertRaisesRegex(UserError, re.escape(
                "Test Syringe 5 ml NO-SUP × 3: the supplier of the lot is not known; choose another disposition.")):
            self._sign(record)
        self.assertFalse(record.md_signed or self._signatures(record))
        self.assertEqual((lot.md_quality_state, self._quants(lot, self.returns_zone)), ("returned", 3))

    def test_signing_refused_when_the_goods_are_gone(self):
        record = self._return(self.delivery, {self.lot: 3}, "transport_damage")
        self._receive(record)
        scrap = self.env["stock.scrap"].with_user(self.keeper).create({
            "product_id": self.syringe.id, "lot_id": self.lot.id, "scrap_qty": 1,
            "location_id": self.returns_zone.id})
        scrap.do_scrap()
        self._inspect(record, disposition_note="Crushed in transit")
        with self.assertRaisesRegex(UserError, re.escape(
                f"Test Syringe 5 ml RF-1 × 3: only 2.0 in {self.returns_zone.display_name}.")):
            self._sign(record)
        self.assertFalse(record.md_signed or record.scrap_ids)
        self.assertEqual(self._quants(self.lot, self.returns_zone), 2)

    def test_signing_refused_before_receipt(self):
        record = self._return(self.delivery, {self.lot: 2})
        self._approve(record)
        self._inspect(record)
        with self.assertRaisesRegex(UserError, "Only received customer returns are disposed of by QA.") as caught:
            self._sign(record)
        self.assertIn("the goods are not in the returns zone", str(caught.exception))
        self.assertFalse(record.md_signed)
        self.assertEqual(self._quants(self.lot, self.stock), 7)

    def test_returned_goods_not_reserved_before_disposition(self):
        record = self._return(self.delivery, {self.lot: 3})
        self._receive(record)
        # Seven units in stock, released; three back in the returns zone.
        delivery = self._delivery(self.syringe, 10)
        self.assertEqual([(ml.lot_id, ml.location_id, ml.quantity) for ml in delivery.move_line_ids],
                         [(self.lot, self.stock, 7)])
        quant = self.env["stock.quant"].search([("lot_id", "=", self.lot.id),
                                                ("location_id", "=", self.returns_zone.id)])
        self.assertEqual((quant.quantity, quant.reserved_quantity), (3, 0))
        # Picked by hand from the returns zone: the delivery is refused.
        delivery.move_line_ids.with_user(self.picker).write({"location_id": self.returns_zone.id, "quantity": 3})
        with self.assertRaisesRegex(UserError, "leaves the returns zone only by the QA disposition"):
            delivery.move_ids._action_done()
        self.assertEqual(self._quants(self.lot, self.returns_zone), 3)

    def test_whole_returned_lot_not_reserved_and_review_refuses(self):
        lot = self._supplied_lot("RF-W", 4)
        record = self._return(self._deliver({lot: 4}), {lot: 4})
        self._receive(record)
        self.assertEqual(lot.md_quality_state, "returned")
        delivery = self._delivery(self.syringe, 4)
        self.assertFalse(delivery.move_line_ids.filtered(lambda ml: ml.lot_id == lot))
        # Forced onto the delivery, the outbound review stops on it.
        delivery.move_line_ids.with_user(self.picker).unlink()
        self.env["stock.move.line"].with_user(self.picker).create({
            "move_id": delivery.move_ids.id, "picking_id": delivery.id, "product_id": self.syringe.id,
            "product_uom_id": self.syringe.uom_id.id, "quantity": 4, "lot_id": lot.id,
            "location_id": self.returns_zone.id, "location_dest_id": self.customer_loc.id, "picked": True})
        review = self._review(delivery)
        self.assertIn("Test Syringe 5 ml RF-W is Returned, not Released.", review.problem_ids.mapped("message"))
        with self.assertRaisesRegex(UserError, "RF-W is Returned, not Released"):
            review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(self._quants(lot, self.returns_zone), 4)

    def test_signed_lines_refuse_edits(self):
        record = self._return(self.delivery, {self.lot: 2})
        self._receive(record)
        self._inspect(record)
        self._sign(record)
        for values in ({"disposition_note": "Changed my mind"}, {"quantity": 1}, {"disposition": "scrap"}):
            with self.assertRaisesRegex(UserError, "The disposition is signed; its lines can no longer be changed."):
                record.line_ids.with_user(self.qa_user).write(values)
        with self.assertRaisesRegex(UserError, "Lines of an approved return cannot be removed."):
            record.line_ids.with_user(self.stock_manager).unlink()
        with self.assertRaisesRegex(UserError, "is signed"):
            record.with_user(self.stock_manager).reason = "Something else"
        self.assertEqual((record.line_ids.quantity, record.line_ids.disposition), (2, "release"))

    def test_approved_lines_keep_lots_and_quantities(self):
        record = self._return(self.delivery, {self.lot: 2})
        self._approve(record)
        with self.assertRaisesRegex(UserError, "Lots and quantities cannot change once the return is approved."):
            record.line_ids.with_user(self.keeper).quantity = 3
        picking = record.return_picking_id
        self.assertEqual(picking.move_line_ids.quantity, 2)
        # Cancelled with its transfer while nothing moved; not once the goods are in.
        record.with_user(self.keeper).action_cancel()
        self.assertEqual(picking.state, "cancel")
        received = self._return(self.delivery, {self.lot: 1})
        self._receive(received)
        for values in ({"quantity": 2}, {"lot_id": self._supplied_lot("RF-3", 1).id}):
            with self.assertRaisesRegex(UserError, "Lots and quantities cannot change once the return is approved."):
                received.line_ids.with_user(self.qa_user).write(values)
        with self.assertRaisesRegex(UserError, "Lots cannot be added once the return is approved."):
            received.with_user(self.qa_user).line_ids = [Command.create({
                "product_id": self.syringe.id, "lot_id": self.lot.id, "quantity": 1})]
        self.assertEqual((received.line_ids.lot_id, received.line_ids.quantity), (self.lot, 1))
        # Re-inspection and disposition remain open to QA.
        self._inspect(received, disposition="scrap", disposition_note="Opened by the customer")
        with self.assertRaisesRegex(UserError, "cannot be cancelled once goods have moved"):
            received.with_user(self.keeper).action_cancel()
        self.assertEqual(received.state, "received")


@tagged("post_install", "-at_install")
class TestReturnedLotStatus(ReturnsCommon):
    """Returned: when the whole stock of the lot came back; otherwise the lot stays released."""

    def test_whole_stock_back_marks_the_lot_returned(self):
        lot = self._supplied_lot("LS-1", 5)
        delivery = self._deliver({lot: 5})
        record = self._return(delivery, {lot: 2})
        self._receive(record)
        self.assertEqual(lot.md_quality_state, "returned")
        change = self.env["md.quality.change"].search([("origin", "=", record.name)])
        self.assertEqual((change.new_state, change.line_ids.old_state), ("returned", "released"))
        self.assertIn("Returned by Test Hospital", change.reason)
        # A second return of the same lot keeps it returned, without a new change.
        again = self._return(delivery, {lot: 1}, "quality_defect")
        self._receive(again)
        self.assertEqual(lot.md_quality_state, "returned")
        self.assertEqual(self._quants(lot, self.returns_zone), 3)
        self.assertFalse(self.env["md.quality.change"].search([("origin", "=", again.name)]))

    def test_a_held_lot_stays_held_through_its_return(self):
        lot = self._supplied_lot("LS-H", 5)
        delivery = self._deliver({lot: 5})
        lot._md_change_quality_state("hold", "Complaint under investigation", origin="TEST")
        record = self._return(delivery, {lot: 5})
        self._receive(record)
        self.assertEqual(lot.md_quality_state, "hold")
        # The disposition moves the units back but does not lift QA's hold.
        self._inspect(record)
        self._sign(record)
        self.assertEqual(lot.md_quality_state, "hold")
        self.assertEqual(self._quants(lot, self.stock), 5)

    def test_part_of_the_lot_in_stock_stays_released(self):
        lot = self._supplied_lot("LS-2", 10)
        record = self._return(self._deliver({lot: 4}), {lot: 4})
        self._receive(record)
        self.assertEqual(lot.md_quality_state, "released")
        self.assertFalse(self.env["md.quality.change"].search([("origin", "=", record.name)]))
        self.assertEqual(self._quants(lot, self.stock), 6)
        self.assertEqual(self._quants(lot, self.returns_zone), 4)
        # The six in stock remain sellable; the four returned stay segregated.
        sellable = self._deliver({lot: 6})
        self.assertEqual(sellable.state, "done")
        self.assertEqual(self._quants(lot, self.stock), 0)
        self.assertEqual(self._quants(lot, self.returns_zone), 4)
        # QA's release brings them back to stock; the lot was never anything but released.
        self._inspect(record)
        self._sign(record)
        self.assertEqual(self._quants(lot, self.stock), 4)
        self.assertEqual(lot.md_quality_state, "released")

    def test_serial_returned(self):
        serials = [self._supplied_lot(f"SN-{i}", 1, product=self.stent, days=800) for i in (1, 2)]
        delivery = self._deliver({serials[0]: 1})
        self._deliver({serials[1]: 1})
        record = self._return(delivery, {serials[0]: 1}, "transport_damage")
        self._receive(record)
        self.assertEqual(serials[0].md_quality_state, "returned")
        self.assertEqual(serials[1].md_quality_state, "released")
        self._inspect(record, disposition_note="Pouch torn")
        self._sign(record)
        self.assertEqual(serials[0].md_quality_state, "rejected")
        self.assertEqual(record.scrap_ids.lot_id, serials[0])


@tagged("post_install", "-at_install")
class TestReturnFinance(ReturnsCommon):
    """Ordered quantities and credit notes follow the grade."""

    def test_to_refund_follows_the_grade(self):
        lot = self._supplied_lot("TR-1", 6)
        delivery = self._deliver({lot: 6})
        refund = self._return(delivery, {lot: 1}, "commercial")
        self.assertTrue(refund.grade_id.refund)
        self.assertTrue(self._approve(refund).move_ids.to_refund)
        self.grades["wrong_item"].refund = False
        exchange = self._return(delivery, {lot: 1}, "wrong_item")
        self.assertFalse(self._approve(exchange).move_ids.to_refund)

    def test_credit_note_needs_a_sales_order(self):
        lot = self._supplied_lot("CN-0", 3)
        record = self._return(self._deliver({lot: 3}), {lot: 1})
        self._receive(record)
        self.assertFalse(record.sale_id)
        with self.assertRaisesRegex(UserError, "A credit note needs accounting and a sales order behind the "
                                               "delivery."):
            record.with_user(self.seller).action_create_credit_note()
        self.assertFalse(self.env["account.move"].search([("invoice_origin", "=", record.name)]))

    def test_credit_note_from_the_sales_order(self):
        if not self.env.company.chart_template:
            self.skipTest("No chart of accounts")
        self.syringe.invoice_policy = "delivery"
        lot = self._supplied_lot("CN-1", 5)
        order = self.env["sale.order"].with_user(self.seller).create({
            "partner_id": self.hospital.id, "warehouse_id": self.warehouse.id,
            "order_line": [Command.create({"product_id": self.syringe.id, "product_uom_qty": 5,
                                           "price_unit": 20})]})
        order.with_user(self.seller).action_confirm()
        delivery = order.picking_ids
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        delivery.move_ids.with_user(self.picker).picked = True
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        review.with_user(self.keeper)._md_sign("reviewed")
        self._validate(delivery, user=self.picker)
        invoice = order._create_invoices()
        invoice.action_post()

        record = self._return(delivery, {lot: 2}, "commercial")
        self.assertEqual(record.sale_id, order)
        self._approve(record)
        with self.assertRaisesRegex(UserError, "The goods must be received back before the credit note."):
            record.with_user(self.seller).action_create_credit_note()
        self._receive(record)
        self.assertEqual(order.order_line.qty_delivered, 3)
        action = record.with_user(self.seller).action_create_credit_note()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.invoice_line_ids.quantity, 2)
        self.assertEqual(credit_note.amount_untaxed, 40)
        self.assertIn(f"Credit note {credit_note.display_name} created.",
                      "\n".join(record.message_ids.mapped("body")))

        self.grades["commercial"].refund = False
        with self.assertRaisesRegex(UserError, "do not change the ordered quantities"):
            record.with_user(self.seller).action_create_credit_note()


@tagged("post_install", "-at_install")
class TestReturnReport(ReturnsCommon):

    def test_report_renders_lots_disposition_and_signature(self):
        lot = self._supplied_lot("RP-1", 4)
        record = self._return(self._deliver({lot: 4}), {lot: 2})
        html = self.env["ir.actions.report"]._render_qweb_html(
            "medical_device_returns.report_md_return", record.ids)[0].decode()
        self.assertIn("RP-1", html)
        self.assertIn("No QA disposition signed", html)
        self._receive(record)
        self._inspect(record)
        signature = self._sign(record)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "medical_device_returns.report_md_return", record.ids)[0].decode()
        self.assertIn(record.name, html)
        self.assertIn("RP-1", html)
        self.assertIn("Re-release to Stock", html)
        self.assertIn("Overstock/Commercial", html)
        self.assertIn(signature.manifestation, html)
        self.assertNotIn("No QA disposition signed", html)
