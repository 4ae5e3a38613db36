import hashlib
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestSignature(MdCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auditor = new_test_user(cls.env, "md_auditor", groups="base.group_user,medical_device_base.group_md_auditor",
                                    name="Ai Auditor")
        cls.inspector = new_test_user(cls.env, "md_inspector",
                                      groups="base.group_user,medical_device_base.group_md_inspector",
                                      name="Ivy Inspector")
        cls.Signature = cls.env["md.signature"]
        # A refused signature is traced through a second cursor; in test mode
        # it shares the test transaction and so sees the test records.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def _sign(self, record, password, user=None, meaning="approved", comment=None):
        user = user or self.qa_user
        wizard = self.env["md.signature.wizard"].with_user(user).create({
            "res_model": record._name, "res_id": record.id, "meaning": meaning,
            "password": password, "comment": comment})
        return wizard.action_sign()

    def _signatures(self, record):
        return self.Signature.search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    # Signing ------------------------------------------------------------------

    def test_sign_with_password_stores_signature_and_chain(self):
        before = self.Signature.search([], order="id desc", limit=1)
        # Signing needs no e-mail address: many warehouse and QA staff have none.
        self.qa_user.partner_id.email = False
        self._sign(self.cert_syringe, "md_qaxxx", comment="Checked against the NMPA database")
        sig = self._signatures(self.cert_syringe)
        self.assertEqual(len(sig), 1)
        self.assertEqual(sig.signer_id, self.qa_user)
        self.assertEqual(sig.signer_name, "Qiang QA")
        self.assertEqual(sig.meaning, "approved")
        self.assertEqual(sig.comment, "Checked against the NMPA database")
        self.assertIn("苏械注准20172141234", sig.content)
        self.assertEqual(sig.content_digest, hashlib.sha256(sig.content.encode()).hexdigest())
        self.assertEqual(sig.previous_digest, before.digest if before else "0" * 64)
        self.assertEqual(len(sig.digest), 64)
        self.assertTrue(self.cert_syringe.md_signed)
        self.assertIn("Qiang QA", self.cert_syringe.md_signature_manifest)
        self.assertIn("Approved", self.cert_syringe.md_signature_manifest)
        note = self.cert_syringe.message_ids[0]
        self.assertIn("Electronically signed: Qiang QA", str(note.body))
        self.assertIn(sig.digest, str(note.body))
        # A second signature chains onto the first.
        self._sign(self.cert_stent, "md_qaxxx")
        second = self._signatures(self.cert_stent)
        self.assertEqual(second.previous_id, sig)
        self.assertEqual(second.previous_digest, sig.digest)
        self.assertFalse(self.Signature.verify())

    def test_wrong_password_refused_logged_nothing_signed(self):
        # No savepoint around the refusals: the trace is written by its own
        # cursor, which a test savepoint rollback would also undo.
        errors = []
        with self.assertLogs("odoo.addons.medical_device_base.wizards.md_signature_wizard", "WARNING") as logs:
            for password in ("not-my-password", ""):
                try:
                    self._sign(self.cert_syringe, password)
                except UserError as error:
                    errors.append(str(error))
        self.assertEqual(len(errors), 2)
        self.assertRegex(errors[0], "Wrong password: 苏械注准20172141234 was not signed")
        self.assertIn("wrong password", logs.output[0])
        self.assertFalse(self._signatures(self.cert_syringe))
        self.assertFalse(self.cert_syringe.md_signed)
        # The refusal is kept in the chatter even though the signing transaction rolls back.
        self.cert_syringe.invalidate_recordset(["message_ids"])
        refusals = self.cert_syringe.message_ids.filtered(lambda m: "Signature refused" in str(m.body))
        self.assertEqual(len(refusals), 2)
        self.assertIn("Qiang QA", str(refusals[0].body))

    def test_group_restriction(self):
        with self.assertRaisesRegex(AccessError, "Only members of .* may sign"):
            self._sign(self.cert_syringe, "md_inspector", user=self.inspector)
        with self.assertRaisesRegex(AccessError, "Only members of .* may sign"):
            self.cert_syringe.with_user(self.inspector).action_sign("reviewed")
        with self.assertRaisesRegex(UserError, "cannot be signed as \"Released\""):
            self._sign(self.cert_syringe, "md_qaxxx", meaning="released")
        self.assertFalse(self._signatures(self.cert_syringe))
        action = self.cert_syringe.with_user(self.qa_user).action_sign()
        self.assertEqual(action["res_model"], "md.signature.wizard")
        self.assertEqual(action["context"]["default_meaning"], "approved")

    def test_wizards_refuse_what_cannot_be_signed(self):
        partner = self.env["md.signature.wizard"].with_user(self.qa_user).create({
            "res_model": "res.partner", "res_id": self.maker.id, "meaning": "approved", "password": "md_qaxxx"})
        with self.assertRaisesRegex(UserError, "This record cannot be signed"):
            partner.action_sign()
        gone = self.env["md.signature.wizard"].with_user(self.qa_user).create({
            "res_model": "md.certificate", "res_id": 999999, "meaning": "approved", "password": "md_qaxxx"})
        with self.assertRaisesRegex(UserError, "The record to sign no longer exists"):
            gone.action_sign()
        correction = self.env["md.signature.correction"].with_user(self.qa_user).create({
            "res_model": "res.partner", "res_id": self.maker.id, "reason": "A long enough reason here"})
        with self.assertRaisesRegex(UserError, "This record cannot be corrected"):
            correction.action_correct()
        self.assertFalse(self.Signature.search([("signer_id", "=", self.qa_user.id)]))

    # Frozen after signing ----------------------------------------------------

    def test_signed_fields_frozen_for_everybody(self):
        self._sign(self.cert_syringe, "md_qaxxx")
        cert = self.cert_syringe
        for env_user in (self.qa_user, self.env.ref("base.user_admin")):
            with self.assertRaisesRegex(UserError, "is signed; Device Name"):
                cert.with_user(env_user).write({"device_name": "Changed"})
        # Even the superuser (no signing context) cannot rewrite signed content.
        with self.assertRaisesRegex(UserError, "Certificate Number"):
            cert.write({"name": "苏械注准20172141235"})
        with self.assertRaisesRegex(UserError, "only through an electronic signature"):
            self.cert_stent.write({"md_signed": True})
        self.assertEqual(cert.device_name, "Syringe")
        # Fields outside the signed content stay editable.
        cert.with_user(self.qa_user).write({"active": True})

    def test_signed_record_cannot_be_deleted(self):
        self._sign(self.cert_syringe, "md_qaxxx")
        self.syringe.md_certificate_id = False
        with self.assertRaisesRegex(UserError, "is signed and cannot be deleted"):
            self.cert_syringe.unlink()
        self.assertTrue(self.cert_syringe.exists())

    def test_signature_rows_immutable(self):
        self._sign(self.cert_syringe, "md_qaxxx")
        sig = self._signatures(self.cert_syringe)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            sig.write({"meaning": "rejected"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            sig.unlink()
        with self.assertRaisesRegex(UserError, "only by signing a record"):
            self.Signature.create({
                "res_model": "md.certificate", "res_id": self.cert_stent.id, "signer_id": self.qa_user.id,
                "signer_name": "Forged", "signed_at": "2026-01-01 00:00:00", "meaning": "approved",
                "content_digest": "0" * 64, "previous_digest": "0" * 64, "digest": "0" * 64})
        with self.assertRaisesRegex(UserError, "only by signing a record"):
            self.Signature.with_user(self.qa_user).sudo().create({"res_model": "md.certificate", "res_id": 1})
        self.assertEqual(self.Signature.search_count([("res_id", "=", self.cert_stent.id),
                                                      ("res_model", "=", "md.certificate")]), 0)

    # Corrections --------------------------------------------------------------

    def test_correction_is_new_linked_record(self):
        self._sign(self.cert_syringe, "md_qaxxx")
        original = self.cert_syringe
        wizard = self.env["md.signature.correction"].with_user(self.qa_user).create({
            "res_model": original._name, "res_id": original.id, "reason": "short"})
        with self.assertRaisesRegex(UserError, "at least 10 characters"):
            wizard.action_correct()
        wizard.reason = "Expiry date was typed wrong on the scan"
        action = wizard.action_correct()
        correction = self.env["md.certificate"].browse(action["res_id"])
        self.assertNotEqual(correction, original)
        self.assertEqual(correction.md_correction_of, original)
        self.assertEqual(correction.md_correction_reason, "Expiry date was typed wrong on the scan")
        self.assertFalse(correction.md_signed)
        self.assertEqual(correction.name, original.name)
        self.assertTrue(original.md_corrected)
        self.assertFalse(original.active)
        self.assertEqual(self.syringe.md_certificate_id, correction)
        self.assertEqual(original.device_name, "Syringe")
        correction.expiry_date = self.today + timedelta(days=1500)
        self.assertIn("Expiry date was typed wrong", str(original.message_ids[0].body))
        with self.assertRaisesRegex(UserError, "already been corrected"):
            original._md_create_correction("Second correction of the same record")
        with self.assertRaisesRegex(UserError, "is not signed"):
            self.cert_stent._md_create_correction("Nothing to correct on an unsigned record")
        self.assertFalse(self.Signature.verify())

    # Tamper evidence ----------------------------------------------------------

    def test_verify_detects_sql_tampering(self):
        self._sign(self.cert_syringe, "md_qaxxx")
        self._sign(self.cert_stent, "md_qaxxx")
        self.assertFalse(self.Signature.verify())
        # 1. The signed record changed behind the ORM's back.
        self.env.cr.execute("UPDATE md_certificate SET device_name = 'Tampered' WHERE id = %s",
                            [self.cert_syringe.id])
        problems = self.Signature.verify()
        self.assertEqual([(p["res_id"], p["problem"]) for p in problems], [(self.cert_syringe.id, "content")])
        self.env.cr.execute("UPDATE md_certificate SET device_name = 'Syringe' WHERE id = %s",
                            [self.cert_syringe.id])
        self.assertFalse(self.Signature.verify())
        # 2. The signature row itself was edited.
        stent_sig = self._signatures(self.cert_stent)
        self.env.cr.execute("UPDATE md_signature SET meaning = 'rejected' WHERE id = %s", [stent_sig.id])
        problems = self.Signature.verify()
        self.assertEqual([(p["signature"].id, p["problem"]) for p in problems], [(stent_sig.id, "signature")])
        self.env.cr.execute("UPDATE md_signature SET meaning = 'approved' WHERE id = %s", [stent_sig.id])
        # 3. A signature was removed from the chain.
        syringe_sig = self._signatures(self.cert_syringe)
        self.env.cr.execute("UPDATE md_signature SET previous_id = NULL WHERE previous_id = %s", [syringe_sig.id])
        self.env.cr.execute("DELETE FROM md_signature WHERE id = %s", [syringe_sig.id])
        problems = self.Signature.verify()
        self.assertIn((stent_sig.id, "chain"), [(p["signature"].id, p["problem"]) for p in problems])
        # The auditors' screen lists the same findings.
        verification = self.env["md.signature.verification"].with_user(self.auditor).create({})
        verification.action_run()
        self.assertEqual(verification.problem_count, len(problems))
        self.assertIn("chain", verification.line_ids.mapped("problem"))
        with self.assertRaisesRegex(AccessError, "Only auditors may verify"):
            self.Signature.with_user(self.inspector).verify()

    def test_verify_reports_deleted_record(self):
        self._sign(self.cert_syringe, "md_qaxxx")
        self.env.cr.execute("UPDATE product_template SET md_certificate_id = NULL WHERE md_certificate_id = %s",
                            [self.cert_syringe.id])
        self.env.cr.execute("DELETE FROM md_certificate WHERE id = %s", [self.cert_syringe.id])
        problems = self.Signature.verify()
        self.assertEqual([p["problem"] for p in problems], ["missing"])
