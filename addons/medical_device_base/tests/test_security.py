from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestSecurity(MdCommon):

    def test_role_hierarchy(self):
        qa = self.qa_user
        for xmlid in ("group_md_inspector", "group_md_receiver", "group_md_storage_keeper",
                      "group_md_recall_coordinator", "group_md_auditor"):
            self.assertTrue(qa.has_group(f"medical_device_base.{xmlid}"), xmlid)
        inspector = new_test_user(self.env, "md_insp", groups="base.group_user,medical_device_base.group_md_inspector")
        self.assertTrue(inspector.has_group("medical_device_base.group_md_receiver"))
        self.assertTrue(inspector.has_group("stock.group_stock_user"))
        self.assertFalse(inspector.has_group("medical_device_base.group_md_qa_manager"))

    def test_only_qa_edits_master_data(self):
        auditor = new_test_user(self.env, "md_aud", groups="base.group_user,medical_device_base.group_md_auditor")
        self.assertEqual(self.cert_syringe.with_user(auditor).name, "苏械注准20172141234")
        with self.assertRaises(AccessError):
            self.cert_syringe.with_user(auditor).write({"device_name": "changed"})
        with self.assertRaises(AccessError):
            self.env["md.certificate"].with_user(self.buyer).create({
                "name": "国械注准20193130140", "device_name": "x", "holder_id": self.maker.id,
                "issue_date": self.today, "expiry_date": self.today + timedelta(days=10)})
        with self.assertRaises(AccessError):
            self.supplier_distribution.with_user(self.buyer).unlink()
        self.supplier_distribution.with_user(self.qa_user).write({"scope_note": "Ⅲ类：13、14"})
        self.assertEqual(self.supplier_distribution.scope_note, "Ⅲ类：13、14")

    def test_multi_company_isolation(self):
        other = self.env["res.company"].create({"name": "Other Distributor Ltd"})
        foreign = self.env["md.certificate"].create({
            "name": "国械注准20193130141", "device_name": "Foreign", "holder_id": self.maker.id,
            "issue_date": self.today, "expiry_date": self.today + timedelta(days=100), "company_id": other.id})
        licence = self.env["md.licence"].create({
            "partner_id": self.maker.id, "licence_type": "business", "name": "B-OTHER", "company_id": other.id})
        Cert = self.env["md.certificate"].with_user(self.qa_user)
        self.assertFalse(Cert.search([("id", "=", foreign.id)]))
        self.assertTrue(Cert.search([("id", "=", self.cert_syringe.id)]), "shared certificates stay visible")
        self.assertFalse(self.env["md.licence"].with_user(self.qa_user).search([("id", "=", licence.id)]))
        self.qa_user.write({"company_ids": [(4, other.id)]})
        self.assertTrue(Cert.with_context(allowed_company_ids=[self.company.id, other.id]).search(
            [("id", "=", foreign.id)]))
