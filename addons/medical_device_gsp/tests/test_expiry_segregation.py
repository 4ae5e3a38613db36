from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestExpirySegregation(GspCommon):
    """Expired stock leaves the saleable zones for the nonconforming zone, one transfer per warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse2 = cls.env["stock.warehouse"].create({"name": "GSP Second Warehouse", "code": "GS2"})
        cls.warehouse2.action_md_create_gsp_zones()
        cls.stock2 = cls.warehouse2.lot_stock_id
        cls.nonconforming2 = cls.warehouse2.md_nonconforming_location_id
        cls.shelf = cls.env["stock.location"].create({"name": "Shelf A", "location_id": cls.stock.id,
                                                      "usage": "internal"})

    def _transfers(self, change):
        return self.env["stock.picking"].search([("origin", "=", change.name)])

    def test_daily_job_moves_expired_stock_per_warehouse(self):
        expired = self._stock_lot(self.syringe, "SEG-EXP", 5, days=-2)
        self.env["stock.quant"]._update_available_quantity(self.syringe, self.shelf, 3, lot_id=expired)
        expired2 = self._stock_lot(self.syringe, "SEG-EXP2", 7, days=-1, location=self.stock2)
        serial = self._stock_lot(self.stent, "SEG-SN1", 1, days=-4, location=self.stock2)
        # Held last week after a failed check, expired since: it leaves the shelf too, without a new status.
        held = self._stock_lot(self.syringe, "SEG-HELD", 2, days=-1, state="hold")
        fresh = self._stock_lot(self.syringe, "SEG-FRESH", 4, days=300)
        waiting = self._stock_lot(self.syringe, "SEG-QUA", 6, days=-1, state="quarantine",
                                  location=self.quarantine)

        self.env["stock.lot"]._cron_md_expiry_control()

        change = self.env["md.quality.change.line"].search([("lot_id", "=", expired.id)]).change_id
        self.assertEqual(len(change), 1)
        self.assertRecordValues(change, [{"new_state": "hold", "state": "done", "origin": "Expiry control"}])
        self.assertEqual(change.line_ids.lot_id, expired | expired2 | serial | waiting)
        self.assertFalse(self.env["md.quality.change.line"].search([("lot_id", "in", (held | fresh).ids)]))
        # One done internal transfer per warehouse, listed on the status change.
        transfers = change.picking_ids
        self.assertEqual(transfers, self._transfers(change))
        self.assertEqual(len(transfers), 2)
        self.assertEqual(set(transfers.mapped("state")), {"done"})
        self.assertEqual(transfers.picking_type_id, self.warehouse.int_type_id | self.warehouse2.int_type_id)
        first = transfers.filtered(lambda p: p.picking_type_id == self.warehouse.int_type_id)
        second = transfers - first
        self.assertEqual(first.location_dest_id, self.nonconforming)
        self.assertEqual(second.location_dest_id, self.nonconforming2)
        self.assertEqual(sorted((ml.lot_id.name, ml.location_id.name, ml.quantity) for ml in first.move_line_ids),
                         [("SEG-EXP", "Shelf A", 3), ("SEG-EXP", "Stock", 5), ("SEG-HELD", "Stock", 2)])
        self.assertEqual(sorted((ml.lot_id.name, ml.quantity) for ml in second.move_line_ids),
                         [("SEG-EXP2", 7), ("SEG-SN1", 1)])
        # The stock is where the transfers say.
        self.assertEqual((self._quants(expired, self.stock), self._quants(expired, self.shelf),
                          self._quants(expired, self.nonconforming)), (0, 0, 8))
        self.assertEqual((self._quants(held, self.stock), self._quants(held, self.nonconforming)), (0, 2))
        self.assertEqual((self._quants(expired2, self.stock2), self._quants(expired2, self.nonconforming2)), (0, 7))
        self.assertEqual(self._quants(serial, self.nonconforming2), 1)
        self.assertEqual(self._quants(fresh, self.stock), 4)
        self.assertEqual(self._quants(waiting, self.quarantine), 6, "acceptance decides on quarantined goods")
        self.assertIn(first.name, expired.message_ids[0].body)

        # The next day has nothing left to move.
        pickings = self.env["stock.picking"].search_count([])
        self.env["stock.lot"]._cron_md_expiry_control()
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings)

    def test_manual_hold_of_expired_lot_moves_it(self):
        expired = self._stock_lot(self.syringe, "SEG-MAN", 4, days=-1)
        fresh = self._stock_lot(self.syringe, "SEG-MAN-OK", 4, days=300)
        change = (expired | fresh).with_user(self.keeper)._md_change_quality_state(
            "hold", "Expired, found on the shelf during the check", origin="Check")
        self.assertEqual((self._quants(expired, self.stock), self._quants(expired, self.nonconforming)), (0, 4))
        self.assertEqual(self._quants(fresh, self.stock), 4, "a hold of an unexpired lot keeps it where it is")
        self.assertEqual(len(change.picking_ids), 1)
        self.assertEqual(change.picking_ids.move_line_ids.lot_id, expired)

    def test_warehouse_without_zones_keeps_its_stock(self):
        plain = self.env["stock.warehouse"].create({"name": "No Zones", "code": "NZW"})
        lot = self._stock_lot(self.syringe, "SEG-NOZONE", 3, days=-1, location=plain.lot_stock_id)
        self.env["stock.lot"]._cron_md_expiry_control()
        self.assertEqual(lot.md_quality_state, "hold")
        self.assertEqual(self._quants(lot, plain.lot_stock_id), 3)


@tagged("post_install", "-at_install")
class TestNearExpiryRule(GspCommon):
    """One near-expiry horizon: the product's alert time, else the company's; one reminder per lot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"md_near_expiry_days": 90, "md_storage_keeper_id": cls.keeper.id})
        cls.gsp_type = cls.env.ref("medical_device_gsp.mail_activity_near_expiry")
        cls.expiry_type = cls.env.ref("product_expiry.mail_activity_type_alert_date_reached")
        cls.gloves = cls.env["product.product"].create({
            "name": "Lab Gloves", "type": "consu", "is_storable": True, "tracking": "lot",
            "use_expiration_date": True, "alert_time": 30})

    def _activities(self, *records):
        return self.env["mail.activity"].search([
            ("activity_type_id", "in", (self.gsp_type | self.expiry_type).ids),
            "|", "&", ("res_model", "=", "stock.lot"), ("res_id", "in", [r.id for r in records if r._name == "stock.lot"]),
            "&", ("res_model", "=", "product.template"),
            ("res_id", "in", [r.id for r in records if r._name == "product.template"])])

    def _run_both_jobs(self):
        self.env["stock.lot"]._cron_md_expiry_control()
        self.env["stock.lot"]._alert_date_exceeded()

    def test_alert_date_follows_one_rule(self):
        company_rule = self._stock_lot(self.syringe, "HZN-CO", 1, days=200)
        self.assertEqual(company_rule.alert_date, company_rule.expiration_date - timedelta(days=90))
        self.stent.alert_time = 20
        own_rule = self._stock_lot(self.stent, "HZN-SN", 1, days=200)
        self.assertEqual(own_rule.alert_date, own_rule.expiration_date - timedelta(days=20))
        # The company's horizon moves the lots without their own alert time, the product's its own lots.
        self.company.md_near_expiry_days = 120
        self.assertEqual(company_rule.alert_date, company_rule.expiration_date - timedelta(days=120))
        self.assertEqual(own_rule.alert_date, own_rule.expiration_date - timedelta(days=20))
        self.stent.alert_time = 0
        self.assertEqual(own_rule.alert_date, own_rule.expiration_date - timedelta(days=120))
        # A new expiry date carries the alert date with it.
        company_rule.expiration_date += timedelta(days=10)
        self.assertEqual(company_rule.alert_date, company_rule.expiration_date - timedelta(days=120))

    def test_one_lot_near_expiry_gives_one_activity(self):
        # Both jobs, both orders, twice: the syringe lot (company horizon) and the stent (own alert time).
        self.stent.alert_time = 40
        lot = self._stock_lot(self.syringe, "ONE-60", 5, days=60)
        serial = self._stock_lot(self.stent, "ONE-SN", 1, days=35)
        far_serial = self._stock_lot(self.stent, "ONE-SN-FAR", 1, days=60)
        self.env["stock.lot"]._alert_date_exceeded()
        self._run_both_jobs()
        self._run_both_jobs()
        records = [lot, serial, far_serial, self.syringe.product_tmpl_id, self.stent.product_tmpl_id]
        activities = self._activities(*records)
        self.assertEqual(len(activities.filtered(lambda a: a.res_id == self.syringe.product_tmpl_id.id
                                                 and a.res_model == "product.template")), 1)
        self.assertEqual(len(activities), 2, activities.mapped("summary"))
        self.assertEqual(activities.activity_type_id, self.gsp_type)
        stent_activity = activities.filtered(lambda a: a.res_id == self.stent.product_tmpl_id.id)
        self.assertIn("ONE-SN", str(stent_activity.note))
        self.assertNotIn("ONE-SN-FAR", str(stent_activity.note), "60 days left is outside the stent's 40 days")
        self.assertEqual(stent_activity.summary, "1 lot(s) expire within 40 days")
        self.assertEqual(self.env["md.near.expiry.report"].search(
            [("lot_id", "in", (lot | serial | far_serial).ids), ("near_expiry", "=", True)]).lot_id, lot | serial)

    def test_other_products_keep_product_expiry_alert(self):
        gloves = self._stock_lot(self.gloves, "GLV-20", 10, days=20, state=False)
        self._run_both_jobs()
        activities = self._activities(gloves, self.gloves.product_tmpl_id)
        self.assertEqual(activities.activity_type_id, self.expiry_type)
        self.assertEqual(len(activities), 1)

    def test_maintenance_near_expiry_scope_uses_the_alert_date(self):
        self.stent.alert_time = 40
        near = self._stock_lot(self.stent, "MNT-SN-35", 1, days=35)
        self._stock_lot(self.stent, "MNT-SN-60", 1, days=60)
        syringe = self._stock_lot(self.syringe, "MNT-SYR-60", 3, days=60)
        plan = self.env["md.maintenance.plan"].create({
            "name": "Near expiry", "location_id": self.stock.id, "near_expiry_only": True,
            "next_date": fields.Date.context_today(self.env.user)})
        self.assertEqual({lot for lot, _location, _qty in plan._md_stock_in_scope()}, {near, syringe})
