from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestExpiryWatch(MdCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.md_qa_responsible_id = cls.qa_user
        cls.activity_type = cls.env.ref("medical_device_base.mail_activity_document_expiry")

    def _activities(self, record):
        return self.env["mail.activity"].search([
            ("res_model", "=", record._name), ("res_id", "=", record.id),
            ("activity_type_id", "=", self.activity_type.id)])

    def _run(self):
        self.env["md.compliance"]._cron_expiry_watch()

    def test_horizons_warn_once_each(self):
        self.cert_syringe.expiry_date = self.today + timedelta(days=80)
        self._run()
        activities = self._activities(self.cert_syringe)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.qa_user)
        self.assertIn("expires on", activities.summary)
        self.assertIn("in 80 days", activities.summary)
        self._run()
        self.assertEqual(len(self._activities(self.cert_syringe)), 1, "no duplicate on the next run")
        self.cert_syringe.expiry_date = self.today + timedelta(days=25)
        self._run()
        self.assertEqual(len(self._activities(self.cert_syringe)), 2, "second horizon warns again")
        self.assertEqual(self.cert_syringe.expiry_alert_stage, "short")
        self._run()
        self.assertEqual(len(self._activities(self.cert_syringe)), 2)

    def test_far_and_expired_documents(self):
        self._run()
        self.assertFalse(self._activities(self.cert_stent), "expiry far away: no activity")
        self.supplier_distribution.write({"issue_date": self.today - timedelta(days=2000),
                                          "expiry_date": self.today - timedelta(days=2)})
        self._run()
        activity = self._activities(self.supplier_distribution)
        self.assertEqual(len(activity), 1)
        self.assertIn("expired on", activity.summary)

    def test_licence_warned_and_revoked_ignored(self):
        self.hospital_licence.expiry_date = self.today + timedelta(days=10)
        self.cert_stent.expiry_date = self.today + timedelta(days=10)
        self.cert_stent._md_revoke("Withdrawn")
        self._run()
        self.assertEqual(len(self._activities(self.hospital_licence)), 1)
        self.assertFalse(self._activities(self.cert_stent))

    def test_configurable_horizons(self):
        self.cert_syringe.expiry_date = self.today + timedelta(days=80)
        with Form(self.env["res.config.settings"]) as settings:
            settings.md_expiry_horizon_long = 60
            settings.md_expiry_horizon_short = 20
        self.assertEqual((self.company.md_expiry_horizon_long, self.company.md_expiry_horizon_short), (60, 20))
        self._run()
        self.assertFalse(self._activities(self.cert_syringe), "80 days is outside a 60-day horizon")
        self.company.md_expiry_horizon_long = 120
        self._run()
        self.assertEqual(len(self._activities(self.cert_syringe)), 1)
        with self.assertRaisesRegex(ValidationError, "second horizon must be positive and shorter"):
            self.company.md_expiry_horizon_short = 200

    def test_default_recipients_are_qa_managers(self):
        self.company.md_qa_responsible_id = False
        self.cert_syringe.expiry_date = self.today + timedelta(days=5)
        self._run()
        users = self._activities(self.cert_syringe).user_id
        self.assertIn(self.qa_user, users)
        self.assertTrue(all(u.has_group("medical_device_base.group_md_qa_manager") for u in users))

    def test_cron_record_exists(self):
        cron = self.env.ref("medical_device_base.ir_cron_md_expiry_watch")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertTrue(cron.active)
