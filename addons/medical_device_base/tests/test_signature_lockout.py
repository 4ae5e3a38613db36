from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestSignatureLockout(MdCommon):
    """Wrong passwords at signing are recorded and block the signer (21 CFR 11.300(d))."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auditor = new_test_user(cls.env, "md_lock_auditor", name="Ai Auditor",
                                    groups="base.group_user,medical_device_base.group_md_auditor")
        cls.qa_other = new_test_user(cls.env, "md_lock_qa2", name="Quan QA",
                                     groups="base.group_user,medical_device_base.group_md_qa_manager")
        cls.Attempt = cls.env["md.signature.attempt"]
        # The attempt is written through a second cursor; in test mode it shares the test transaction.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def _sign(self, password, record=None, user=None):
        record = record or self.cert_syringe
        wizard = self.env["md.signature.wizard"].with_user(user or self.qa_user).create({
            "res_model": record._name, "res_id": record.id, "meaning": "approved", "password": password})
        return wizard.action_sign()

    def _fail(self, times, record=None):
        """Wrong passwords without a savepoint: a test rollback would also undo the second cursor."""
        errors = []
        for _i in range(times):
            try:
                self._sign("not-my-password", record)
            except UserError as error:
                errors.append(str(error))
        self.assertEqual(len(errors), times)
        return errors

    def _attempts(self, user=None):
        return self.Attempt.search([("user_id", "=", (user or self.qa_user).id)])

    def test_failed_attempt_recorded_through_own_cursor(self):
        Attempt = type(self.Attempt)
        original = Attempt._md_record_failure
        cursors = []

        def spy(model, record, meaning):
            cursors.append(model.env.cr)
            return original(model, record, meaning)

        with patch.object(Attempt, "_md_record_failure", spy):
            self._fail(1)
        self.assertEqual(len(cursors), 1)
        self.assertIsNot(cursors[0], self.env.cr, "written outside the refused request's transaction")
        attempt = self._attempts()
        self.assertEqual(len(attempt), 1)
        self.assertEqual((attempt.res_model, attempt.res_id, attempt.meaning),
                         ("md.certificate", self.cert_syringe.id, "approved"))
        self.assertEqual(attempt.record_name, self.cert_syringe.display_name)
        self.assertEqual(attempt.company_id, self.env.company)
        self.assertFalse(attempt.locked_until)
        self.assertFalse(self.cert_syringe.md_signed)

    def test_locked_after_five_wrong_passwords_even_with_right_one(self):
        errors = self._fail(5)
        self.assertNotIn("cannot sign until", errors[3])
        self.assertRegex(errors[4], r"Wrong password: .* was not signed\.\nToo many wrong passwords: "
                                    r"you cannot sign until \d{4}-\d\d-\d\d \d\d:\d\d")
        attempts = self._attempts()
        self.assertEqual(len(attempts), 5)
        locking = attempts.filtered("locked_until")
        self.assertEqual(len(locking), 1)
        self.assertAlmostEqual((locking.locked_until - locking.attempted_at).total_seconds(), 15 * 60, delta=1)
        with self.assertRaisesRegex(UserError, "Qiang QA cannot sign until"):
            self._sign("md_qaxxx")
        # Nor by opening the prompt or by any other path to a signature.
        with self.assertRaisesRegex(UserError, "cannot sign until"):
            self.cert_syringe.with_user(self.qa_user).action_sign("approved")
        with self.assertRaisesRegex(UserError, "cannot sign until"):
            self.cert_syringe.with_user(self.qa_user)._md_sign("approved")
        self.assertFalse(self.cert_syringe.md_signed)
        # Every QA manager is told, on the attempt that locked the user.
        activities = locking.activity_ids
        self.assertIn(self.qa_other, activities.user_id)
        self.assertEqual(activities.activity_type_id,
                         self.env.ref("medical_device_base.mail_activity_signature_lockout"))
        self.assertIn("Qiang QA", activities[0].summary)
        # The QA manager can close it although attempts are read-only to him.
        activities.filtered(lambda a: a.user_id == self.qa_other).with_user(self.qa_other).action_done()
        # Other users still sign.
        self.env["md.signature.wizard"].with_user(self.qa_other).create({
            "res_model": "md.certificate", "res_id": self.cert_stent.id, "meaning": "approved",
            "password": "md_lock_qa2"}).action_sign()
        self.assertTrue(self.cert_stent.md_signed)
        # Once the lockout is over, the right password signs again.
        self.env.cr.execute("UPDATE md_signature_attempt SET locked_until = %s WHERE id = %s",
                            [fields.Datetime.now(), locking.id])
        self.env.invalidate_all()
        self._sign("md_qaxxx")
        self.assertTrue(self.cert_syringe.md_signed)

    def test_only_recent_attempts_count(self):
        self._fail(4)
        self.env.cr.execute("UPDATE md_signature_attempt SET attempted_at = attempted_at - interval '16 minutes' "
                            "WHERE user_id = %s", [self.qa_user.id])
        self.env.invalidate_all()
        errors = self._fail(1)
        self.assertNotIn("cannot sign until", errors[0])
        self.assertFalse(self._attempts().filtered("locked_until"))
        self._sign("md_qaxxx")
        self.assertTrue(self.cert_syringe.md_signed)

    def test_settings_set_the_policy(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual((settings.md_signature_lock_attempts, settings.md_signature_lock_window,
                          settings.md_signature_lock_minutes), (5, 15, 15))
        self.env["res.config.settings"].create({
            "md_signature_lock_attempts": 2, "md_signature_lock_window": 5, "md_signature_lock_minutes": 60,
        }).execute()
        self.assertEqual(self.Attempt._md_lock_settings(), (2, 5, 60))
        errors = self._fail(2)
        self.assertIn("cannot sign until", errors[1])
        locking = self._attempts().filtered("locked_until")
        self.assertAlmostEqual((locking.locked_until - locking.attempted_at).total_seconds(), 3600, delta=1)
        with self.assertRaisesRegex(ValidationError, "at least 1"):
            self.env["res.config.settings"].create({"md_signature_lock_attempts": 0})

    def test_attempts_readable_by_auditors_only_and_never_changed(self):
        self._fail(1)
        attempt = self._attempts()
        self.assertEqual(attempt.with_user(self.auditor).user_id, self.qa_user)
        for user in (self.buyer, self.seller):
            with self.assertRaises(AccessError):
                attempt.with_user(user).read(["user_id"])
        for user in (self.auditor, self.qa_user, self.env.ref("base.user_admin")):
            with self.assertRaises(UserError):  # AccessError is a UserError
                attempt.with_user(user).write({"remote_addr": "10.0.0.1"})
            with self.assertRaises(UserError):  # AccessError is a UserError
                attempt.with_user(user).unlink()
            with self.assertRaises(UserError):  # AccessError is a UserError
                self.Attempt.with_user(user).create({"user_id": self.buyer.id,
                                                     "attempted_at": fields.Datetime.now()})
        # Not even the superuser edits or removes one, nor forges one with a context key alone.
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            attempt.write({"locked_until": False})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            attempt.unlink()
        with self.assertRaisesRegex(UserError, "recorded only by the signing prompt"):
            self.Attempt.with_user(self.qa_user).with_context(md_evidence="md.signature.attempt").create(
                {"user_id": self.buyer.id, "attempted_at": fields.Datetime.now()})
        self.assertEqual(len(self._attempts()), 1)

    def test_attempts_of_other_companies_hidden(self):
        other = self.env["res.company"].create({"name": "Other Distribution Co."})
        self._fail(1)
        self.env.cr.execute("UPDATE md_signature_attempt SET company_id = %s WHERE user_id = %s",
                            [other.id, self.qa_user.id])
        self.env.invalidate_all()
        self.assertFalse(self.Attempt.with_user(self.auditor).search([("user_id", "=", self.qa_user.id)]))

    def test_verification_screen_lists_attempts(self):
        self._fail(2)
        verification = self.env["md.signature.verification"].with_user(self.auditor).create({})
        verification.action_run()
        self.assertEqual(verification.attempt_count, len(verification.attempt_ids))
        self.assertEqual(verification.attempt_ids.filtered(lambda a: a.user_id == self.qa_user), self._attempts())
