from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestCertificate(MdCommon):

    def _create(self, number, **vals):
        return self.env["md.certificate"].create(dict({
            "name": number, "device_name": "Device", "holder_id": self.maker.id,
            "issue_date": self.today - timedelta(days=10), "expiry_date": self.today + timedelta(days=1000),
        }, **vals))

    def test_number_parsed(self):
        cases = {
            "国械注准20193130123": ("registration", "3", "domestic"),
            "国械注进20173462345": ("registration", "3", "imported"),
            "国械注许20182060111": ("registration", "2", "hmt"),
            "粤械注准20182140321": ("registration", "2", "domestic"),
            "粤穗械备20150012号": ("filing", "1", "domestic"),
            "京械备20190001号": ("filing", "1", "domestic"),
            "国械备20150001号": ("filing", "1", "imported"),
        }
        for number, (kind, cls, origin) in cases.items():
            cert = self._create(number, expiry_date=self.today + timedelta(days=1000))
            self.assertEqual((cert.kind, cert.device_class, cert.origin), (kind, cls, origin), number)

    def test_number_normalised(self):
        cert = self._create(" 国械注准 2019３１３0124 ")
        self.assertEqual(cert.name, "国械注准20193130124")

    def test_malformed_numbers_refused(self):
        cases = [
            ("ABC123", "neither a registration number"),
            ("国械注准2019313012", "ends with 11 digits"),
            ("国械注准201931301234", "ends with 11 digits"),
            ("国械注准20194130123", "class digit must be 2 or 3"),
            ("国械注准20193000123", "category 00 does not exist"),
            ("国械注准18993130123", "not a possible year"),
            ("X械注准20193130123", "must be 国 or the one-character name of a province"),
            ("国械注X20193130123", "must come 准"),
            ("粤械注准20193130123", "registers domestic Class II devices only"),
            ("粤械注进20172130123", "registers domestic Class II devices only"),
            ("国械注准20192140123", "registered by a province"),
            ("粤穗械备20150012", "ends with 号"),
            ("粤穗械备2015号", "year and a serial number"),
            ("美械备20150012号", "must be 国 or a province"),
        ]
        for number, message in cases:
            with self.subTest(number=number), self.assertRaisesRegex(ValidationError, message):
                self._create(number)
        self.assertFalse(self.env["md.certificate"].search([("device_name", "=", "Device")]))
        with self.assertRaisesRegex(ValidationError, "ends with 11 digits"):
            self.cert_syringe.name = "苏械注准2017214123"
        self.assertEqual(self.cert_syringe.name, "苏械注准20172141234")

    def test_duplicate_number_and_issue_date(self):
        with self.assertRaisesRegex(ValidationError, "issued on .* already exists"):
            self._create("苏械注准20172141234", issue_date=self.cert_syringe.issue_date)
        renewal = self._create("苏械注准20172141234", issue_date=self.today)
        self.assertEqual(renewal.name, self.cert_syringe.name, "same number with a new issue date is a renewal")

    def test_number_change_must_keep_product_class(self):
        with self.assertRaisesRegex(ValidationError, "is for Class 3 devices"):
            self.cert_syringe.name = "国械注准20173140001"
        self.assertEqual(self.cert_syringe.device_class, "2")

    def test_revoke_wizard_refuses_other_models(self):
        wizard = self.env["md.document.revoke"].with_user(self.qa_user).create(
            {"res_model": "res.partner", "res_id": self.maker.id, "reason": "no"})
        with self.assertRaisesRegex(UserError, "Only certificates, licences and supplier documents can be revoked here"):
            wizard.action_revoke()

    def test_registration_needs_expiry_filing_does_not(self):
        with self.assertRaisesRegex(ValidationError, "needs an expiry date"):
            self._create("国械注准20193130125", expiry_date=False)
        filing = self._create("粤穗械备20150013号", expiry_date=False)
        self.assertEqual(filing.state, "valid")

    def test_expiry_after_issue(self):
        with self.assertRaisesRegex(ValidationError, "must be after the issue date"):
            self._create("国械注准20193130126", expiry_date=self.today - timedelta(days=20))

    def test_state_from_dates(self):
        valid = self._create("国械注准20193130127")
        expiring = self._create("国械注准20193130128", expiry_date=self.today + timedelta(days=40))
        expired = self._create("国械注准20193130129", issue_date=self.today - timedelta(days=2000),
                               expiry_date=self.today - timedelta(days=1))
        revoked = self._create("国械注准20193130130")
        revoked._md_revoke("Cancelled by NMPA notice 2026-12")
        self.assertEqual([valid.state, expiring.state, expired.state, revoked.state],
                         ["valid", "expiring", "expired", "revoked"])
        Cert = self.env["md.certificate"]
        everything = valid | expiring | expired | revoked
        for state, record in (("valid", valid), ("expiring", expiring), ("expired", expired), ("revoked", revoked)):
            self.assertEqual(Cert.search([("state", "=", state), ("id", "in", everything.ids)]), record, state)
        self.assertEqual(Cert.search([("state", "!=", "valid"), ("id", "in", everything.ids)]), everything - valid)
        self.assertEqual(Cert.search([("state", "in", ["expired", "revoked"]), ("id", "in", everything.ids)]),
                         expired | revoked)
        # The horizon for "expiring" follows the company setting.
        self.company.write({"md_expiry_horizon_long": 30, "md_expiry_horizon_short": 10})
        expiring.invalidate_recordset(["state"])
        self.assertEqual(expiring.state, "valid")

    def test_revoke_needs_reason(self):
        with self.assertRaisesRegex(ValidationError, "Give the reason"):
            self.cert_syringe._md_revoke("  ")
        self.assertFalse(self.cert_syringe.revoked)
        action = self.cert_syringe.with_user(self.qa_user).action_revoke()
        wizard = self.env[action["res_model"]].with_user(self.qa_user).with_context(**action["context"]).create(
            {"reason": "Registrant withdrew the registration"})
        wizard.action_revoke()
        self.assertTrue(self.cert_syringe.revoked)
        self.assertEqual(self.cert_syringe.revoke_reason, "Registrant withdrew the registration")
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({"reason": "x"})
        with self.assertRaisesRegex(UserError, "Only a QA manager"):
            wizard.with_user(self.buyer).action_revoke()

    def test_renewal_is_new_certificate(self):
        old = self.cert_syringe
        action = old.action_renew()
        with Form(self.env["md.certificate"].with_context(**action["context"])) as form:
            form.issue_date = self.today
            form.expiry_date = self.today + timedelta(days=1825)
        new = form.record
        self.assertNotEqual(new, old)
        self.assertEqual(new.name, old.name, "a renewal keeps the registration number")
        self.assertEqual(new.renewed_from_id, old)
        self.assertEqual(self.syringe.md_certificate_id, new)
        self.assertTrue(old.exists() and old.active)
        self.assertIn("Renewed by certificate", old.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            old.unlink()

    def test_used_certificate_archived_not_deleted(self):
        po = self._po(self.supplier, self.syringe)
        po.button_confirm()
        self.assertEqual(po.order_line.md_certificate_id, self.cert_syringe)
        with self.assertRaisesRegex(UserError, f"is used by {po.name}"):
            self.cert_syringe.unlink()
        self.cert_syringe.action_archive()
        self.assertFalse(self.cert_syringe.active)
        unused = self._create("国械注准20193130131")
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_changes_tracked_with_author(self):
        cert = self._create("国械注准20193130150")
        self.env.flush_all()
        self.env.cr.precommit.run()  # end the creating transaction's tracking window
        cert.with_user(self.qa_user).write({"expiry_date": self.today + timedelta(days=500),
                                            "model_spec": "3.0×18mm"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        cert.invalidate_recordset(["message_ids"])
        values = cert.message_ids.tracking_value_ids
        self.assertEqual(set(values.field_id.mapped("name")), {"expiry_date", "model_spec"})
        self.assertEqual(values.mail_message_id.author_id, self.qa_user.partner_id)

    # Coverage of a lot: the certificate in force when it was produced ----------------

    def test_covering_certificate_follows_the_renewal_chain(self):
        Cert = self.env["md.certificate"]
        first = self.cert_syringe
        first.write({"issue_date": self.today - timedelta(days=2000), "expiry_date": self.today - timedelta(days=100)})
        # Renewed ten days after it lapsed: the number stays, the products move to the renewal.
        renewal = self._create("苏械注准20172141234", renewed_from_id=first.id,
                               issue_date=self.today - timedelta(days=90))
        self.assertEqual(self.syringe.md_certificate_id, renewal)
        self.assertEqual(renewal._md_chain(), renewal | first)
        for days_ago, expected in ((2001, Cert), (2000, first), (300, first), (100, first), (95, Cert),
                                   (90, renewal), (0, renewal)):
            self.assertEqual(Cert._md_covering(self.syringe, self.today - timedelta(days=days_ago)), expected,
                             f"produced {days_ago} days ago")
        self.assertEqual(Cert._md_covering(self.syringe.product_tmpl_id, self.today), renewal)
        self.assertEqual(Cert._md_covering(self.syringe, False), Cert, "no production date, no certificate")
        self.assertEqual(Cert._md_covering(self.plain, self.today), Cert)
        # Archived certificates still count: they are the evidence of what was registered then.
        first.action_archive()
        self.assertEqual(Cert._md_covering(self.syringe, self.today - timedelta(days=300)), first)

    def test_product_certificate_problems_for_lots_and_orders(self):
        first = self.cert_syringe
        first.write({"issue_date": self.today - timedelta(days=2000), "expiry_date": self.today - timedelta(days=100)})
        template = self.syringe.product_tmpl_id
        made_then = self.today - timedelta(days=300)
        self.assertEqual(template._md_certificate_problems(made_then, "L-OLD"), [], "made while it was in force")
        self.assertEqual(template._md_certificate_problems(self.today), [
            f"The certificate 苏械注准20172141234 of Test Syringe 5 ml is not valid on {self.today} "
            f"(valid {first.issue_date} to {first.expiry_date})."], "a new order needs a certificate in force today")
        made_after = self.today - timedelta(days=50)
        self.assertEqual(template._md_certificate_problems(made_after, "L-NEW"), [
            f"Test Syringe 5 ml lot L-NEW was produced on {made_after}, when no certificate of the device was in "
            f"force (苏械注准20172141234 (valid {first.issue_date} to {first.expiry_date})): it is not a registered "
            f"device."])
        first._md_revoke("Registration cancelled after inspection")
        self.assertEqual(template._md_certificate_problems(made_then, "L-OLD"), [
            "The certificate 苏械注准20172141234 that covered Test Syringe 5 ml lot L-OLD was revoked: "
            "Registration cancelled after inspection"])

    def test_corrected_certificate_stands_aside_for_its_correction(self):
        Cert = self.env["md.certificate"]
        first = self.cert_syringe
        first.write({"issue_date": self.today - timedelta(days=2000), "expiry_date": self.today - timedelta(days=100)})
        renewal = self._create("苏械注准20172141234", renewed_from_id=first.id,
                               issue_date=self.today - timedelta(days=90))
        # QA signed the first certificate with a wrong expiry date, then corrected it: it ran 20 days longer.
        first.with_user(self.qa_user)._md_sign("approved")
        corrected = first.with_user(self.qa_user)._md_create_correction("Expiry date mistyped from the scan")
        corrected.with_user(self.qa_user).expiry_date = self.today - timedelta(days=80)
        self.assertEqual(renewal._md_chain(), renewal | corrected)
        self.assertEqual(Cert._md_covering(self.syringe, self.today - timedelta(days=85)), renewal)
        self.assertEqual(Cert._md_covering(self.syringe, self.today - timedelta(days=95)), corrected)
        self.assertEqual(Cert._md_covering(self.syringe, self.today - timedelta(days=1000)), corrected)
