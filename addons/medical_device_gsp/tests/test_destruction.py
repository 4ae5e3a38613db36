
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import GspCommon
from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin


class DestructionCommon(GspCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scrap_loc = cls.env["stock.location"].search(
            [("scrap_location", "=", True), ("company_id", "in", (cls.company.id, False))], limit=1)
        cls.rejected = cls._stock_lot(cls.syringe, "DES-R1", 10, state="rejected", location=cls.nonconforming)
        cls.expired = cls._stock_lot(cls.stent, "DES-SN1", 1, days=-5, state="hold", location=cls.nonconforming)
        cls.released = cls._stock_lot(cls.syringe, "DES-OK", 5)

    @classmethod
    def _destruction_vals(cls, lines, witnesses=None, **extra):
        return dict({
            "warehouse_id": cls.warehouse.id,
            "method": "incineration",
            "place": "危废焚烧站 3 号炉",
            "reason": "过期及验收不合格",
            "witness_ids": [Command.set((witnesses if witnesses is not None else cls.keeper | cls.qa_user).ids)],
            "line_ids": [Command.create({"product_id": lot.product_id.id, "lot_id": lot.id,
                                         "location_id": (location or cls.nonconforming).id, "quantity": qty})
                         for lot, qty, location in lines],
        }, **extra)

    @classmethod
    def _prepare(cls, lines, witnesses=None, user=None, **extra):
        return cls.env["md.destruction"].with_user(user or cls.keeper).create(
            cls._destruction_vals(lines, witnesses, **extra))

    def _scrapped(self, lot):
        return self._quants(lot, self.scrap_loc)


@tagged("post_install", "-at_install")
class TestDestruction(DestructionCommon):
    """销毁: the keeper lists nonconforming goods, QA's signature scraps exactly those quantities."""

    def test_signed_destruction_scraps_exactly_the_lines(self):
        destruction = self._prepare([(self.rejected, 6, None), (self.expired, 1, None)])
        self.assertRecordValues(destruction, [{"state": "draft", "prepared_by": self.keeper.id,
                                               "location_id": self.nonconforming.id, "qty_total": 7}])
        self.assertFalse(destruction.scrap_ids)

        signature = destruction.with_user(self.qa_user)._md_sign("approved")

        self.assertRecordValues(destruction, [{"state": "done", "md_signed": True, "approved_by": self.qa_user.id,
                                               "approved_on": signature.signed_at}])
        self.assertEqual((signature.res_model, signature.res_id, signature.meaning, signature.signer_id),
                         ("md.destruction", destruction.id, "approved", self.qa_user))
        scraps = destruction.scrap_ids
        self.assertEqual(sorted((s.lot_id.name, s.scrap_qty, s.state) for s in scraps),
                         [("DES-R1", 6, "done"), ("DES-SN1", 1, "done")])
        self.assertEqual(set(scraps.mapped("origin")), {destruction.name})
        self.assertEqual((self._quants(self.rejected, self.nonconforming), self._scrapped(self.rejected)), (4, 6))
        self.assertEqual((self._quants(self.expired, self.nonconforming), self._scrapped(self.expired)), (0, 1))
        self.assertEqual(self._quants(self.released, self.stock), 5)
        self.assertIn("Destroyed", destruction.message_ids[0].body)

        # Signed means frozen: header, lines, deletion; and no second signature.
        for vals in ({"place": "elsewhere"}, {"witness_ids": [Command.set(self.keeper.ids)]},
                     {"line_ids": [Command.create({"product_id": self.syringe.id, "lot_id": self.rejected.id,
                                                   "location_id": self.nonconforming.id, "quantity": 1})]}):
            with self.assertRaises(UserError):
                destruction.with_user(self.keeper).write(vals)
        with self.assertRaises(UserError):
            destruction.line_ids[0].with_user(self.keeper).quantity = 1
        with self.assertRaises(UserError):
            destruction.line_ids[0].sudo().unlink()
        with self.assertRaises(UserError):
            destruction.sudo().unlink()
        with self.assertRaisesRegex(UserError, "already signed"):
            destruction.with_user(self.qa_user)._md_sign("approved")
        self.assertEqual(self._scrapped(self.rejected), 6)

    def test_refusals_at_signing_listed_once(self):
        destruction = self._prepare([(self.rejected, 3, None)], witnesses=self.keeper, place=" ",
                                    method="other")
        with self.assertRaises(UserError) as caught:
            destruction.with_user(self.qa_user)._md_sign("approved")
        message = str(caught.exception)
        for expected in ("Give the place of destruction.", "Describe the destruction method.",
                         "Two different witnesses must watch the destruction.",
                         "One of the witnesses must be a QA manager."):
            self.assertEqual(message.count(expected), 1, message)
        # Two witnesses, neither of them QA.
        destruction.with_user(self.keeper).write({
            "witness_ids": [Command.set((self.keeper | self.inspector).ids)], "place": "焚烧站",
            "method": "crushing"})
        with self.assertRaisesRegex(UserError, "One of the witnesses must be a QA manager") as caught:
            destruction.with_user(self.qa_user)._md_sign("approved")
        self.assertNotIn("Two different", str(caught.exception))
        # Stock that went elsewhere meanwhile (returned to the supplier) is no longer there to destroy.
        self.env["stock.lot"]._md_move_quantities([(self.rejected, 8, self.nonconforming, self.supplier_loc)], "RTV")
        destruction.with_user(self.keeper).witness_ids = [Command.set((self.keeper | self.qa_user).ids)]
        with self.assertRaisesRegex(UserError, "DES-R1: 3.0 to destroy but only 2.0 in"):
            destruction.with_user(self.qa_user)._md_sign("approved")
        self.assertFalse(destruction.md_signed)
        self.assertFalse(destruction.scrap_ids)
        self.assertFalse(self.env["md.signature"].search([("res_model", "=", "md.destruction"),
                                                          ("res_id", "=", destruction.id)]))
        self.assertEqual(self._quants(self.rejected, self.nonconforming), 2)

    def test_lines_refused_when_saved(self):
        before = self.env["md.destruction"].search_count([])
        with self.assertRaisesRegex(ValidationError, "is not in the nonconforming zone"):
            self._prepare([(self.released, 1, self.stock)])
        with self.assertRaisesRegex(ValidationError, "DES-R1: 11.0 to destroy but only 10.0 in"):
            self._prepare([(self.rejected, 6, None), (self.rejected, 5, None)])
        with self.assertRaisesRegex(ValidationError, "the quantity to destroy must be positive"):
            self._prepare([(self.rejected, 0, None)])
        with self.assertRaisesRegex(ValidationError, "DES-SN1 is not a lot of Test Syringe"):
            self._prepare([(self.expired, 1, None)], line_ids=[Command.create({
                "product_id": self.syringe.id, "lot_id": self.expired.id, "location_id": self.nonconforming.id,
                "quantity": 1})])
        self.assertEqual(self.env["md.destruction"].search_count([]), before, "nothing half-written")

    def test_only_qa_signs(self):
        destruction = self._prepare([(self.rejected, 2, None)])
        for user in (self.keeper, self.inspector):
            with self.assertRaises(AccessError):
                destruction.with_user(user)._md_sign("approved")
            with self.assertRaises(AccessError):
                destruction.with_user(user).action_sign_destruction()
        self.assertEqual(destruction.with_user(self.qa_user).action_sign_destruction()["res_model"],
                         "md.signature.wizard")
        self.assertFalse(destruction.md_signed)
        self.assertEqual(self._scrapped(self.rejected), 0)

    def test_line_takes_device_from_lot_and_location_from_record(self):
        destruction = self.env["md.destruction"].with_user(self.keeper).create(dict(
            self._destruction_vals([]), line_ids=[Command.create({"lot_id": self.rejected.id, "quantity": 2})]))
        self.assertRecordValues(destruction.line_ids, [{"product_id": self.syringe.id, "lot_id": self.rejected.id,
                                                        "location_id": self.nonconforming.id, "quantity": 2}])

    def test_fill_from_zone(self):
        destruction = self._prepare([])
        destruction.with_user(self.keeper).action_fill_from_zone()
        self.assertEqual(sorted((l.lot_id.name, l.quantity) for l in destruction.line_ids),
                         [("DES-R1", 10), ("DES-SN1", 1)])

    def test_scrap_from_nonconforming_zone_needs_a_destruction_record(self):
        for env_user in (self.keeper, self.qa_user):
            scrap = self.env["stock.scrap"].with_user(env_user).create({
                "product_id": self.syringe.id, "lot_id": self.rejected.id, "scrap_qty": 2,
                "location_id": self.nonconforming.id})
            with self.assertRaisesRegex(UserError, "cannot be scrapped from the nonconforming zone without a "
                                                   "destruction record"):
                scrap.with_context(md_destruction=True).action_validate()
        # Not even the superuser, without the signature's own path.
        with self.assertRaisesRegex(UserError, "without a destruction record"):
            scrap.sudo().action_validate()
        self.assertEqual(self._quants(self.rejected, self.nonconforming), 10)
        # Nor can a scrap order be tied to a destruction record by hand.
        destruction = self._prepare([(self.rejected, 2, None)])
        with self.assertRaisesRegex(UserError, "only by its signature"):
            scrap.with_user(self.keeper).write({"md_destruction_id": destruction.id})
        # Returning nonconforming goods to the supplier stays possible, and scrapping released stock too.
        self.env["stock.lot"]._md_move_quantities([(self.rejected, 3, self.nonconforming, self.supplier_loc)], "RTV")
        self.assertEqual(self._quants(self.rejected, self.nonconforming), 7)
        fine = self.env["stock.scrap"].with_user(self.keeper).create({
            "product_id": self.syringe.id, "lot_id": self.released.id, "scrap_qty": 1, "location_id": self.stock.id})
        fine.action_validate()
        self.assertEqual(fine.state, "done")


@tagged("post_install", "-at_install")
class TestDestructionRpc(RpcCallMixin, DestructionCommon, HttpCase):
    """What the storage keeper can and cannot do to a destruction record through the web client's channel."""


    def _refused(self, error, message, *args, **kwargs):
        ok, name, text = self._call(*args, **kwargs)
        self.assertFalse(ok, f"{args[:2]} was not refused")
        self.assertEqual(name, f"odoo.exceptions.{error}", text)
        self.assertIn(message, text)
        return text

    @mute_logger("odoo.http")
    def test_keeper_through_rpc(self):
        forged = {"md_destruction": True, "md_workflow": True, "md_signing": True}
        self.authenticate("md_keeper", "md_keeper")
        vals = self._destruction_vals
        # Lines outside the nonconforming zone, or more than is there, are refused when saved.
        self._refused("ValidationError", "is not in the nonconforming zone",
                      "md.destruction", "create", [vals([(self.released, 1, self.stock)])], context=forged)
        self._refused("ValidationError", "DES-R1: 12.0 to destroy but only 10.0 in",
                      "md.destruction", "create", [vals([(self.rejected, 12, None)])], context=forged)
        # One witness only is kept as a draft, and its approval is refused.
        ok, destruction_id, _text = self._call("md.destruction", "create",
                                               [vals([(self.rejected, 4, None)], witnesses=self.keeper)])
        self.assertTrue(ok, destruction_id)
        destruction = self.env["md.destruction"].browse(destruction_id)
        # The keeper is not QA: no signature, no approval, no state or "approved by" of his own.
        self._refused("AccessError", "may sign", "md.destruction", "action_sign_destruction", [[destruction_id]],
                      context=forged)
        ok, wizard_id, _text = self._call("md.signature.wizard", "create", [{
            "res_model": "md.destruction", "res_id": destruction_id, "meaning": "approved",
            "password": "md_keeper"}], context=forged)
        if ok:
            self._refused("AccessError", "may sign", "md.signature.wizard", "action_sign", [[wizard_id]],
                          context=forged)
        for field, value in (("approved_by", self.keeper.id), ("approved_on", "2026-01-01 00:00:00"),
                             ("prepared_by", self.qa_user.id), ("md_signed", True)):
            ok, _name, _text = self._call("md.destruction", "write", [[destruction_id], {field: value}],
                                          context=forged)
            self.assertFalse(ok, field)
        self._refused("AccessError", "", "md.destruction", "_md_destroy", [[destruction_id]], context=forged)
        # Nor a scrap of the same goods by hand.
        ok, scrap_id, _text = self._call("stock.scrap", "create", [{
            "product_id": self.syringe.id, "lot_id": self.rejected.id, "scrap_qty": 4,
            "location_id": self.nonconforming.id}], context=forged)
        self.assertTrue(ok, scrap_id)
        self._refused("UserError", "without a destruction record", "stock.scrap", "action_validate", [[scrap_id]],
                      context=forged)
        self._refused("UserError", "only by its signature", "stock.scrap", "write",
                      [[scrap_id], {"md_destruction_id": destruction_id}], context=forged)

        # The QA manager's approval is refused while one witness only, none of them QA, watched.
        self.authenticate("md_qa", "md_qa")
        text = self._refused("UserError", "Two different witnesses must watch the destruction.",
                             "md.destruction", "action_sign_destruction", [[destruction_id]])
        self.assertIn("One of the witnesses must be a QA manager.", text)

        self.env.invalidate_all()
        self.assertRecordValues(destruction, [{"state": "draft", "md_signed": False, "approved_by": False,
                                               "prepared_by": self.keeper.id}])
        self.assertFalse(destruction.scrap_ids)
        self.assertEqual(self._quants(self.rejected, self.nonconforming), 10)
