from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ReturnsCommon

BUTTONS_ONLY = "change only through its buttons"


@tagged("post_install", "-at_install")
class TestReturnIntegrity(ReturnsCommon):
    """A return's status, who and when, and its links to transfers move only through its buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._supplied_lot("INT-RT", 10)
        cls.delivery = cls._deliver({cls.lot: 5})
        cls.record = cls._return(cls.delivery, {cls.lot: 2})

    def test_salesman_cannot_write_the_status(self):
        record = self.record.with_user(self.seller)
        forged = [{"state": "approved"}, {"state": "received"}, {"state": "done"}, {"state": "cancel"},
                  {"approved_by": self.sales_manager.id}, {"approved_on": fields.Datetime.now()},
                  {"disposed_by": self.qa_user.id}, {"disposed_on": fields.Datetime.now()},
                  {"return_picking_id": self.delivery.id}, {"result_picking_ids": [Command.link(self.delivery.id)]}]
        for vals in forged:
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, BUTTONS_ONLY):
                record.write(vals)
        # Through a line, the stored related status writes the return's status: refused the same.
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            self.record.line_ids.with_user(self.seller).write({"state": "done"})
        self.assertRecordValues(self.record, [{"state": "draft", "approved_by": False, "disposed_by": False,
                                               "return_picking_id": False}])
        self.assertFalse(self.record.result_picking_ids)

    def test_return_not_created_approved(self):
        for vals in ({"state": "approved"}, {"approved_by": self.seller.id}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, BUTTONS_ONLY):
                self.env["md.return"].with_user(self.seller).create(dict(vals, **{
                    "grade_id": self.grades["commercial"].id, "partner_id": self.delivery.partner_id.id,
                    "origin_picking_id": self.delivery.id, "reason": "Forged"}))

    def test_buttons_check_the_role_and_still_work(self):
        # The seller made the return but may not approve a commercial return: the sales manager does.
        with self.assertRaises(AccessError):
            self.record.with_user(self.seller).action_approve()
        self.assertEqual(self.record.state, "draft")
        self._approve(self.record)
        self.assertRecordValues(self.record, [{"state": "approved", "approved_by": self.sales_manager.id}])
        # Once approved, only the approvers withdraw it.
        with self.assertRaisesRegex(AccessError, "are cancelled by"):
            self.record.with_user(self.seller).action_cancel()
        self.assertEqual(self.record.state, "approved")
        self.record.with_user(self.sales_manager).action_cancel()
        self.assertEqual((self.record.state, self.record.return_picking_id.state), ("cancel", "cancel"))
        # A draft is withdrawn by whoever may edit it.
        draft = self._return(self.delivery, {self.lot: 1})
        draft.with_user(self.seller).action_cancel()
        self.assertEqual(draft.state, "cancel")

    def test_links_to_transfers_and_scraps_set_by_the_return_only(self):
        self._receive(self.record)
        picking = self.record.return_picking_id
        with self.assertRaisesRegex(UserError, "only by the return's buttons"):
            self.delivery.with_user(self.keeper).write({"md_return_id": self.record.id})
        with self.assertRaisesRegex(UserError, "only by the return's signed disposition"):
            self.env["stock.scrap"].with_user(self.keeper).create({
                "product_id": self.syringe.id, "lot_id": self.lot.id, "scrap_qty": 1,
                "location_id": self.returns_zone.id, "md_return_id": self.record.id})
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            self.record.line_ids.with_user(self.keeper).write({"scrap_id": False})
        self.assertFalse(self.delivery.md_return_id)
        self.assertEqual(self._returned_pickings(self.record), picking)
        self.assertFalse(self.record.scrap_ids or self.record.line_ids.scrap_id)

    def test_acceptance_link_names_the_receipt_acceptance_only(self):
        _picking, acceptance = self._received(self.syringe, [("INT-ACC", 5, 400)])
        with self.assertRaisesRegex(ValidationError, "only a return to the supplier names an acceptance"):
            self.record.with_user(self.seller).write({"acceptance_id": acceptance.id})
        self.assertFalse(self.record.acceptance_id)

    def test_disposition_key_does_not_open_the_returns_zone(self):
        """The flag of the signed disposition, sent by a client, lets nothing out of the returns zone."""
        self._receive(self.record)
        transfer = self.env["stock.picking"].with_user(self.keeper).create({
            "picking_type_id": self.warehouse.int_type_id.id,
            "location_id": self.returns_zone.id, "location_dest_id": self.stock.id,
            "move_ids": [Command.create({
                "name": "Back to stock", "product_id": self.syringe.id, "product_uom": self.syringe.uom_id.id,
                "product_uom_qty": 2, "location_id": self.returns_zone.id, "location_dest_id": self.stock.id})],
        })
        transfer.action_confirm()
        transfer.action_assign()
        transfer.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "leaves the returns zone only by the QA disposition"):
            transfer.with_user(self.keeper).with_context(
                md_return_disposition=True, skip_backorder=True).button_validate()
        self.assertNotEqual(transfer.state, "done")
        self.assertEqual(self._quants(self.lot, self.returns_zone), 2)
        transfer.action_cancel()
        # The signed disposition itself moves the goods back to stock.
        self._inspect(self.record)
        self._sign(self.record)
        self.assertEqual(self.record.state, "done")
        self.assertEqual(self._quants(self.lot, self.returns_zone), 0)

    def test_signed_disposition_stamps_who_and_when(self):
        self._receive(self.record)
        self._inspect(self.record, disposition="scrap", disposition_note="Box crushed")
        signature = self._sign(self.record)
        self.assertRecordValues(self.record, [{"state": "done", "disposed_by": self.qa_user.id,
                                               "disposed_on": signature.signed_at}])
        self.assertEqual(self.record.line_ids.scrap_id, self.record.scrap_ids)
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            self.record.with_user(self.qa_user).write({"disposed_on": fields.Datetime.now()})
