from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestLicence(MdCommon):

    def test_default_scope_by_type(self):
        Licence = self.env["md.licence"]
        filing = Licence.create({"partner_id": self.maker.id, "licence_type": "distribution_filing",
                                 "name": "F-1"})
        self.assertEqual(filing._md_classes(), {"2"})
        institution = Licence.create({"partner_id": self.maker.id, "licence_type": "institution", "name": "I-1",
                                      "expiry_date": self.today + timedelta(days=10)})
        self.assertEqual(institution._md_classes(), {"1", "2", "3"})

    def test_scope_rules(self):
        with self.assertRaisesRegex(ValidationError, "covers Class II devices only"):
            self.env["md.licence"].create({"partner_id": self.maker.id, "licence_type": "distribution_filing",
                                           "name": "F-2", "scope_class_3": True})
        with self.assertRaisesRegex(ValidationError, "must have an expiry date"):
            self.env["md.licence"].create({"partner_id": self.maker.id, "licence_type": "distribution_licence",
                                           "name": "L-2"})
        self.assertTrue(self.supplier_distribution._md_covers("3", "13"))
        self.assertTrue(self.supplier_distribution._md_covers("2", "14"))
        self.assertFalse(self.supplier_distribution._md_covers("3", "06"))
        self.assertFalse(self.supplier_distribution._md_covers("1", "14"))

    def test_qualification_state(self):
        self.assertEqual(self.supplier.md_qualification_state, "qualified")
        self.assertEqual(self.maker.md_qualification_state, "unqualified", "no licence on file")
        contact = self.env["res.partner"].create({"name": "Li Lei", "parent_id": self.supplier.id})
        self.assertEqual(contact.md_qualification_state, "qualified", "contacts follow their company")
        self.supplier_distribution.expiry_date = self.today + timedelta(days=20)
        self.assertEqual(self.supplier.md_qualification_state, "expiring")
        self.supplier_distribution.write({"issue_date": self.today - timedelta(days=2000),
                                          "expiry_date": self.today - timedelta(days=1)})
        self.assertEqual(self.supplier.md_qualification_state, "unqualified")
        renewal = self.supplier_distribution.copy({"issue_date": self.today,
                                                   "expiry_date": self.today + timedelta(days=1800)})
        self.assertTrue(renewal)
        self.assertEqual(self.supplier.md_qualification_state, "qualified", "a renewal supersedes a lapsed licence")
        Partner = self.env["res.partner"]
        everyone = self.supplier | self.maker | self.hospital
        self.assertEqual(Partner.search([("md_qualification_state", "=", "qualified"), ("id", "in", everyone.ids)]),
                         self.supplier | self.hospital)
        self.assertEqual(Partner.search([("md_qualification_state", "=", "unqualified"), ("id", "in", everyone.ids)]),
                         self.maker)
        self.assertEqual(Partner.search([("md_qualification_state", "!=", "unqualified"), ("id", "in", everyone.ids)]),
                         self.supplier | self.hospital)

    def test_revoked_identity_unqualifies(self):
        self.supplier_business._md_revoke("Business licence revoked by SAMR")
        self.assertEqual(self.supplier.md_qualification_state, "unqualified")

    def test_only_qa_approves_suppliers(self):
        with self.assertRaisesRegex(UserError, "Only a QA manager may approve"):
            self.maker.with_user(self.buyer).write({"md_supplier_approved": True})
        self.assertFalse(self.maker.md_supplier_approved)
        self.maker.with_user(self.qa_user).write({"md_supplier_approved": True})
        self.assertTrue(self.maker.md_supplier_approved)
        self.assertEqual(self.maker.md_supplier_approved_by, self.qa_user)
        self.assertEqual(self.maker.md_supplier_approval_date, self.today)
        self.maker.with_user(self.qa_user).write({"md_supplier_approved": False})
        self.assertFalse(self.maker.md_supplier_approved_by, "withdrawal clears the approval")
        with self.assertRaisesRegex(UserError, "Only a QA manager may approve"):
            self.env["res.partner"].with_user(self.buyer).create({"name": "Sneaky", "md_supplier_approved": True})
        created = self.env["res.partner"].with_user(self.qa_user).create(
            {"name": "Approved at creation", "is_company": True, "md_supplier_approved": True})
        self.assertEqual((created.md_supplier_approved_by, created.md_supplier_approval_date),
                         (self.qa_user, self.today))
        clerk = new_test_user(self.env, "md_clerk", groups="base.group_user,base.group_partner_manager")
        plain = self.env["res.partner"].with_user(clerk).create(
            {"name": "Plain", "md_supplier_approved": False})
        self.assertFalse(plain.md_supplier_approved)

    def test_business_licence_has_no_device_scope(self):
        with self.assertRaisesRegex(ValidationError, "a business licence does not authorise device classes"):
            self.env["md.licence"].create({"partner_id": self.maker.id, "licence_type": "business",
                                           "name": "B-X", "scope_class_2": True})

    def test_partner_with_licences_not_deleted(self):
        with self.assertRaisesRegex(UserError, "has licences on file and cannot be deleted"):
            self.supplier.unlink()
        self.assertTrue(self.supplier_distribution.exists())
        self.supplier.action_archive()
        self.assertTrue(self.supplier_distribution.exists(), "archiving keeps the evidence")
        loose = self.env["res.partner"].create({"name": "No documents"})
        loose.unlink()
        self.assertFalse(loose.exists())
