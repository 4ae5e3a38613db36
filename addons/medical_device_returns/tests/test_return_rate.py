from odoo.tests import tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestSupplierReturnRate(ReturnsCommon):
    """Quality returns per 100 units received from the supplier, and the requalification it triggers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.md_return_rate_threshold = 2.0
        cls.activity_type = cls.env.ref("medical_device_base.mail_activity_md_requalify_supplier")
        # 100 units received; 5 rejected at acceptance.
        picking, cls.acceptance = cls._received(cls.syringe, [("RATE-1", 100, 400)])
        cls.lot = picking.move_line_ids.lot_id
        cls._accept(cls.acceptance, {"RATE-1": (95, 5)})

    def _rate(self, partner=None):
        partner = partner or self.supplier
        partner.invalidate_recordset(["md_quality_return_rate"])
        return partner.md_quality_return_rate

    def _requalify(self, partner=None):
        return (partner or self.supplier).activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def _vendor_return(self):
        action = self.acceptance.with_user(self.inspector).action_md_return_to_vendor()
        return self.env["md.return"].browse(action["res_id"])

    def test_rate_and_requalification_activity_once(self):
        self.assertEqual(self._rate(), 0.0)
        record = self._vendor_return()
        self.assertEqual(self._rate(), 0.0, "a draft return does not count yet")
        picking = self._approve(record)
        self.assertEqual(self._rate(), 5.0)
        self.assertFalse(self._requalify())

        self._validate(picking, user=self.keeper)
        self.assertEqual(self._rate(), 5.0)
        activity = self._requalify()
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("medical_device_base.group_md_qa_manager"))
        self.assertIn("Quality returns at 5.00 % of units received over 12 months (threshold 2.00 %)",
                      str(activity.note))

        # A customer's quality return of the same lot, sent on to the supplier: counted, no second activity.
        delivery = self._deliver({self.lot: 3})
        customer_return = self._return(delivery, {self.lot: 1}, "quality_defect")
        self._receive(customer_return)
        self.assertEqual(self._rate(), 6.0)
        self._inspect(customer_return, disposition_note="Needle bent")
        self._sign(customer_return)
        self._validate(customer_return.result_picking_ids, user=self.keeper)
        self.assertEqual(len(self._requalify()), 1)
        self.supplier._md_check_return_rate()
        self.assertEqual(len(self._requalify()), 1)

        # Once QA has dealt with it, the next crossing asks again.
        activity.action_feedback(feedback="Supplier audited")
        self.supplier._md_check_return_rate()
        self.assertEqual(len(self._requalify()), 1)

    def test_commercial_and_recall_returns_do_not_count(self):
        delivery = self._deliver({self.lot: 10})
        commercial = self._return(delivery, {self.lot: 4}, "commercial")
        recall = self._return(delivery, {self.lot: 3}, "recall")
        self._receive(commercial)
        self._receive(recall)
        self.assertEqual(commercial.line_ids.supplier_id, self.supplier)
        self.assertEqual(self._rate(), 0.0)
        self._inspect(recall, disposition_note="Recalled by the maker")
        self._sign(recall)
        self._validate(recall.result_picking_ids, user=self.keeper)
        self.assertEqual(self._rate(), 0.0)
        self.assertFalse(self._requalify())

    def test_below_threshold_no_activity(self):
        self.company.md_return_rate_threshold = 5.0
        record = self._vendor_return()
        self._validate(self._approve(record), user=self.keeper)
        self.assertEqual(self._rate(), 5.0)
        self.assertFalse(self._requalify(), "5 % is not above a 5 % threshold")

    def test_cancelled_returns_and_other_suppliers(self):
        record = self._vendor_return()
        self._approve(record)
        record.with_user(self.qa_user).action_cancel()
        self.assertEqual(self._rate(), 0.0)
        other = self.env["res.partner"].create({"name": "Other Supplier", "is_company": True})
        self.assertEqual(self._rate(other), 0.0)
        record = self._vendor_return()
        self._approve(record)
        self.assertEqual(self._rate(), 5.0)
        self.assertEqual(record.line_ids.supplier_id, self.supplier)
