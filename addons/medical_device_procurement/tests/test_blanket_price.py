from datetime import timedelta

from odoo import Command
from odoo.tests import Form, tagged

from .common import TenderCommon


@tagged("post_install", "-at_install")
class TestBlanketPrice(TenderCommon):
    """A price above the supplier's valid blanket order warns the buyer; it does not block the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.env["purchase.requisition"].create({
            "requisition_type": "blanket_order", "vendor_id": cls.supplier.id,
            "date_start": cls.today - timedelta(days=10), "date_end": cls.today + timedelta(days=30),
            "line_ids": [Command.create({"product_id": cls.syringe.id, "product_qty": 500, "price_unit": 4.8})]})
        cls.agreement.action_confirm()
        cls.currency = cls.env.company.currency_id.name

    def _order(self, price, partner=None):
        return self._bid(partner or self.supplier, [(self.syringe, 10, price, 7, 700), (self.stent, 1, 100.0, 7, 700)])

    def test_price_above_agreement_flagged(self):
        order = self._order(5.0)
        syringe_line = order.order_line.filtered(lambda l: l.product_id == self.syringe)
        self.assertEqual((syringe_line.md_agreement_id, syringe_line.md_agreed_price, syringe_line.md_above_agreed_price),
                         (self.agreement, 4.8, True))
        stent_line = order.order_line - syringe_line
        self.assertEqual((stent_line.md_agreement_id.id, stent_line.md_above_agreed_price), (False, False))
        self.assertTrue(order.md_above_agreed_price)
        syringe_line.price_unit = 4.8
        self.assertFalse(syringe_line.md_above_agreed_price)
        self.assertFalse(order.md_above_agreed_price)

    def test_warning_while_editing(self):
        # (The purchase form reads lots for its forecast: a buyer alone cannot open it in a test.)
        form = Form(self.env["purchase.order"])
        form.partner_id = self.supplier
        with form.order_line.new() as line:
            line.product_id = self.syringe
            line.price_unit = 5.25
            self.assertTrue(line.md_above_agreed_price)
        warning = self.env["purchase.order.line"].new({
            "order_id": form.save().id, "product_id": self.syringe.id, "price_unit": 5.25,
            "product_qty": 1})._md_onchange_agreed_price()["warning"]
        self.assertEqual(warning["message"],
                         f"Test Syringe 5 ml costs 5.25 {self.currency} here, above the 4.80 {self.currency} "
                         f"agreed with Test Supplier Co. in {self.agreement.name}")

    def test_confirmation_noted_not_blocked(self):
        order = self._order(5.1).with_user(self.buyer)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        notes = order.message_ids.filtered(lambda m: "above the agreed price" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn(f"Test Syringe 5 ml: 5.10 {self.currency} instead of 4.80 {self.currency} agreed in "
                      f"{self.agreement.name}", notes.body)
        self.assertNotIn("Stent", notes.body)
        at_price = self._order(4.8).with_user(self.buyer)
        at_price.button_confirm()
        self.assertFalse(at_price.message_ids.filtered(lambda m: "above the agreed price" in (m.body or "")))

    def test_agreement_out_of_validity_or_other_supplier(self):
        self.assertFalse(self._order(6.0, partner=self.supplier2).order_line.md_agreement_id)
        self.agreement.date_end = self.today - timedelta(days=1)
        self.assertFalse(any(self._order(6.0).order_line.mapped("md_above_agreed_price")))
        self.agreement.write({"date_end": self.today + timedelta(days=30), "date_start": self.today + timedelta(days=1)})
        self.assertFalse(any(self._order(6.0).order_line.mapped("md_above_agreed_price")))
        self.agreement.write({"date_start": self.today})
        self.assertTrue(self._order(6.0).order_line.filtered("md_above_agreed_price"))
