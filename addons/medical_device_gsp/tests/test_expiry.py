from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestExpiry(GspCommon):
    """The daily expiry control and the near-expiry list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref("medical_device_gsp.mail_activity_near_expiry")
        cls.gloves = cls.env["product.product"].create({
            "name": "Lab Gloves", "type": "consu", "is_storable": True, "tracking": "lot",
            "use_expiration_date": True})
        cls.company.write({"md_near_expiry_days": 90, "md_storage_keeper_id": cls.keeper.id})

    def _near_expiry_activities(self, product):
        return product.product_tmpl_id.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def _changes(self, lot):
        return self.env["md.quality.change.line"].search([("lot_id", "=", lot.id)])

    # Holding expired lots ----------------------------------------------------------

    def test_cron_holds_expired_device_lots(self):
        released = self._stock_lot(self.syringe, "EXP-REL", 5, days=-3)
        quarantined = self._stock_lot(self.syringe, "EXP-QUA", 4, days=-1, state="quarantine",
                                      location=self.quarantine)
        rejected = self._stock_lot(self.syringe, "EXP-REJ", 2, days=-10, state="rejected",
                                   location=self.nonconforming)
        fresh = self._stock_lot(self.syringe, "FRESH", 6, days=400)
        fresh_quarantined = self._stock_lot(self.stent, "SN-FRESH", 1, days=400, state="quarantine",
                                            location=self.quarantine)
        gloves = self._stock_lot(self.gloves, "GLV-EXP", 10, days=-5, state=False)
        self.assertFalse(gloves.md_quality_state)

        self.env["stock.lot"]._cron_md_expiry_control()

        self.assertEqual((released.md_quality_state, quarantined.md_quality_state), ("hold", "hold"))
        self.assertEqual(fresh.md_quality_state, "released")
        self.assertEqual(fresh_quarantined.md_quality_state, "quarantine")
        self.assertEqual(rejected.md_quality_state, "rejected")
        self.assertFalse(gloves.md_quality_state)
        for lot, old_state in ((released, "released"), (quarantined, "quarantine")):
            change = self._changes(lot)
            self.assertEqual(len(change), 1)
            self.assertEqual((change.old_state, change.new_state, change.change_state),
                             (old_state, "hold", "done"))
            self.assertIn("Expired", change.reason)
            self.assertIn("expiry control", change.reason)
            self.assertEqual(change.change_id.origin, "Expiry control")
        for lot in (fresh, fresh_quarantined, rejected, gloves):
            self.assertFalse(self._changes(lot), lot.name)
        # Expired stock leaves the shelf for the nonconforming zone; quarantine keeps its goods for acceptance.
        self.assertEqual(self._quants(released, self.stock), 0)
        self.assertEqual(self._quants(released, self.nonconforming), 5)
        self.assertEqual(self._quants(quarantined, self.quarantine), 4)
        self.assertEqual(self._quants(fresh, self.stock), 6)

        # The next day finds nothing new to hold.
        self.env["stock.lot"]._cron_md_expiry_control()
        self.assertEqual(len(self._changes(released)), 1)
        self.assertEqual(len(self._changes(quarantined)), 1)

    def test_cron_held_lot_is_no_longer_delivered(self):
        expiring = self._stock_lot(self.syringe, "EXP-SOON", 3, days=400)
        delivery = self._delivery(self.syringe, 2)
        self.assertEqual(delivery.move_line_ids.lot_id, expiring)
        expiring.expiration_date = fields.Datetime.now() - timedelta(hours=1)
        self.env["stock.lot"]._cron_md_expiry_control()
        self.assertEqual(expiring.md_quality_state, "hold")
        review = self._review(delivery)
        self.assertEqual(sorted(review.problem_ids.mapped("code")), ["expired", "lot_state"])
        self.assertIn("Test Syringe 5 ml EXP-SOON is On Hold, not Released.", review.problem_ids.mapped("message"))

    # Near-expiry activities --------------------------------------------------------

    def test_near_expiry_activity_once_per_product(self):
        self._stock_lot(self.syringe, "NEAR-30", 5, days=30)
        self._stock_lot(self.syringe, "NEAR-60", 3, days=60)
        self._stock_lot(self.syringe, "FAR-400", 7, days=400)
        self._stock_lot(self.stent, "SN-FAR", 1, days=120)
        self._stock_lot(self.syringe, "GONE-10", 4, days=10, location=self.customer_loc)
        self.assertFalse(self._near_expiry_activities(self.syringe))

        self.env["stock.lot"]._cron_md_expiry_control()

        activity = self._near_expiry_activities(self.syringe)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.keeper)
        self.assertEqual(activity.summary, "2 lot(s) expire within 90 days")
        self.assertEqual(activity.date_deadline, fields.Date.context_today(activity) + timedelta(days=7))
        note = str(activity.note)
        self.assertIn("NEAR-30", note)
        self.assertIn("NEAR-60", note)
        self.assertNotIn("FAR-400", note)
        self.assertNotIn("GONE-10", note, "stock already at the customer is not ours to move")
        self.assertFalse(self._near_expiry_activities(self.stent), "the stent expires beyond the horizon")

        # The next run leaves the open activity alone.
        self.env["stock.lot"]._cron_md_expiry_control()
        self.assertEqual(self._near_expiry_activities(self.syringe), activity)
        self.assertFalse(self._near_expiry_activities(self.stent))

        # A longer horizon brings the stent in, once.
        self.company.md_near_expiry_days = 150
        self.env["stock.lot"]._cron_md_expiry_control()
        self.env["stock.lot"]._cron_md_expiry_control()
        stent_activity = self._near_expiry_activities(self.stent)
        self.assertEqual(len(stent_activity), 1)
        self.assertEqual(stent_activity.summary, "1 lot(s) expire within 150 days")
        self.assertEqual(self._near_expiry_activities(self.syringe), activity)

    def test_near_expiry_deadline_is_first_expiry(self):
        self._stock_lot(self.syringe, "NEAR-3", 2, days=3)
        self.env["stock.lot"]._cron_md_expiry_control()
        activity = self._near_expiry_activities(self.syringe)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, (self.now + timedelta(days=3)).date())

    # The near-expiry list ------------------------------------------------------------

    def test_near_expiry_report_internal_stock_only(self):
        lot = self._stock_lot(self.syringe, "NEAR-45", 6, days=45)
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(self.syringe, self.quarantine, 2, lot_id=lot)
        Quant._update_available_quantity(self.syringe, self.customer_loc, 3, lot_id=lot)
        Quant._update_available_quantity(self.syringe, self.supplier_loc, 1, lot_id=lot)
        self._stock_lot(self.gloves, "GLV-45", 9, days=45, state=False)

        Report = self.env["md.near.expiry.report"]
        rows = Report.search([("lot_id", "=", lot.id)])
        self.assertEqual(Report.with_user(self.keeper).search([("lot_id", "=", lot.id)]), rows)
        self.assertEqual(
            sorted((row.product_id, row.product_tmpl_id, row.location_id.id, row.quantity, row.days_to_expiry,
                    row.warehouse_id, row.quality_state) for row in rows),
            sorted([
                (self.syringe, self.syringe.product_tmpl_id, self.stock.id, 6, 45, self.warehouse, "released"),
                (self.syringe, self.syringe.product_tmpl_id, self.quarantine.id, 2, 45, self.warehouse,
                 "released"),
            ]))
        self.assertEqual(rows.mapped("expiration_date"), [lot.expiration_date] * 2)
        self.assertFalse(Report.search([("product_id", "=", self.gloves.id)]), "only medical devices are listed")

        # Stock that leaves is no longer listed.
        self.env["stock.lot"]._md_move_quantities([(lot, 6, self.stock, self.customer_loc)], "x")
        self.assertEqual(Report.search([("lot_id", "=", lot.id)]).location_id, self.quarantine)

    def test_near_expiry_filter_follows_the_company_horizon(self):
        near = self._stock_lot(self.syringe, "HZN-60", 4, days=60)
        far = self._stock_lot(self.syringe, "HZN-120", 4, days=120)
        expired = self._stock_lot(self.syringe, "HZN-OLD", 4, days=-2)
        Report = self.env["md.near.expiry.report"]
        ours = [("lot_id", "in", (near | far | expired).ids)]
        self.assertEqual(Report.search(ours + [("near_expiry", "=", True)]).lot_id, near)
        self.assertEqual(Report.search(ours + [("near_expiry", "=", False)]).lot_id, far | expired)
        self.assertEqual(Report.search(ours).filtered("near_expiry").lot_id, near)
        self.company.md_near_expiry_days = 150
        self.assertEqual(Report.search(ours + [("near_expiry", "=", True)]).lot_id, near | far)
        with self.assertRaisesRegex(UserError, "= True or = False only"):
            Report.search([("near_expiry", "in", [True])])
