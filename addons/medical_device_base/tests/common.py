import contextlib
import unittest
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class MdCommon(TransactionCase):
    """A small, self-contained device world (independent of demo data)."""

    # Assertions for the class-method helpers, which build fixtures in setUpClass as well as in tests.
    _fixture_checks = unittest.TestCase()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.today = fields.Date.context_today(cls.env.user)
        cls.company = cls.env.company
        cls.qa_user = cls._test_user("md_qa", groups="base.group_user,medical_device_base.group_md_qa_manager,purchase.group_purchase_user,sales_team.group_sale_salesman",
                                     name="Qiang QA")
        cls.buyer = cls._test_user("md_buyer", groups="base.group_user,purchase.group_purchase_user",
                                   name="Bo Buyer")
        cls.seller = cls._test_user("md_seller", groups="base.group_user,sales_team.group_sale_salesman",
                                    name="Sha Seller")
        cat = cls.env.ref
        cls.cat_13, cls.cat_14 = cat("medical_device_base.md_category_13"), cat("medical_device_base.md_category_14")
        Partner = cls.env["res.partner"]
        cls.maker = Partner.create({"name": "Test Maker Co.", "is_company": True})
        cls.supplier = Partner.create({"name": "Test Supplier Co.", "is_company": True,
                                       "md_supplier_approved": True})
        cls.hospital = Partner.create({"name": "Test Hospital", "is_company": True})
        cls.retailer = Partner.create({"name": "Test Retail Chain", "is_company": True})
        Licence = cls.env["md.licence"]
        cls.supplier_business = Licence.create({
            "partner_id": cls.supplier.id, "licence_type": "business", "name": "91310000TESTSUP01",
            "issue_date": cls.today - timedelta(days=2000)})
        cls.supplier_distribution = Licence.create({
            "partner_id": cls.supplier.id, "licence_type": "distribution_licence", "name": "沪食药监械经营许20200001号",
            "issue_date": cls.today - timedelta(days=700), "expiry_date": cls.today + timedelta(days=1000),
            "scope_class_2": True, "scope_category_ids": [Command.set((cls.cat_13 | cls.cat_14).ids)]})
        cls.hospital_licence = Licence.create({
            "partner_id": cls.hospital.id, "licence_type": "institution", "name": "PDY-TEST-0001",
            "issue_date": cls.today - timedelta(days=300), "expiry_date": cls.today + timedelta(days=1500)})
        cls.retailer_business = Licence.create({
            "partner_id": cls.retailer.id, "licence_type": "business", "name": "91330000TESTRET01",
            "issue_date": cls.today - timedelta(days=900)})
        cls.retailer_filing = Licence.create({
            "partner_id": cls.retailer.id, "licence_type": "distribution_filing", "name": "浙械经营备20200001号",
            "issue_date": cls.today - timedelta(days=900)})
        Cert = cls.env["md.certificate"]
        # Issued long enough ago to cover the production dates printed in the tests' UDIs.
        cls.cert_syringe = Cert.create({
            "name": "苏械注准20172141234", "device_name": "Syringe", "holder_id": cls.maker.id,
            "issue_date": cls.today - timedelta(days=1500), "expiry_date": cls.today + timedelta(days=1400)})
        cls.cert_stent = Cert.create({
            "name": "国械注准20193130123", "device_name": "Stent", "holder_id": cls.maker.id,
            "issue_date": cls.today - timedelta(days=1500), "expiry_date": cls.today + timedelta(days=1400)})
        # The supplier's file: the maker's authorisation letter for both certificates and the quality agreement.
        Document = cls.env["md.supplier.document"]
        cls.supplier_letter = Document.create({
            "partner_id": cls.supplier.id, "document_type": "authorisation", "name": "TEST-AUTH-001",
            "grantor_id": cls.maker.id, "issue_date": cls.today - timedelta(days=100),
            "expiry_date": cls.today + timedelta(days=900),
            "certificate_ids": [Command.set((cls.cert_syringe | cls.cert_stent).ids)]})
        cls.supplier_agreement = Document.create({
            "partner_id": cls.supplier.id, "document_type": "quality_agreement", "name": "TEST-QAA-001",
            "issue_date": cls.today - timedelta(days=100), "expiry_date": cls.today + timedelta(days=900)})
        # Lots are registered devices when produced while their certificate is in force.
        cls.production_date = cls.today - timedelta(days=30)
        cls.syringe = cls._device("Test Syringe 5 ml", "2", "14-01", cls.cert_syringe, "lot", "6909999000012")
        cls.stent = cls._device("Test Stent 3.0x18", "3", "13-06", cls.cert_stent, "serial", "06909999000029",
                                md_implantable=True)
        cls.plain = cls.env["product.product"].create({"name": "Office paper", "type": "consu"})

    @classmethod
    def _test_user(cls, login, **kwargs):
        """A test user, created without Odoo's sign-up invitation nor the chatter of its creation: no test reads
        them, and writing them for every user of every test class is slow."""
        return new_test_user(cls.env, login, context={
            "no_reset_password": True, "mail_create_nolog": True, "mail_create_nosubscribe": True,
            "mail_notrack": True}, **kwargs)

    @classmethod
    def _device(cls, name, md_class, code, cert, tracking, udi, **extra):
        return cls.env["product.product"].create(dict({
            "name": name, "type": "consu", "is_storable": True, "tracking": tracking,
            "use_expiration_date": True, "expiration_time": 730, "is_medical_device": True,
            "md_class": md_class, "md_classification_code": code, "md_certificate_id": cert.id,
            "md_udi_di": udi, "standard_price": 10,
        }, **extra))

    def assertRaisesRegex(self, exception, regex, *args, **kwargs):
        """Like Odoo's assertRaises (savepoint, clean cache), plus a message check."""
        if args or kwargs:
            return super().assertRaisesRegex(exception, regex, *args, **kwargs)
        return self._raises_matching(exception, regex)

    @contextlib.contextmanager
    def _raises_matching(self, exception, regex):
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    def _po(self, partner, *products, user=None):
        return self.env["purchase.order"].with_user(user or self.buyer).create({
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": p.id, "product_qty": 10, "price_unit": 5}) for p in products],
        })

    def _so(self, partner, *products, user=None):
        return self.env["sale.order"].with_user(user or self.seller).create({
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 2}) for p in products],
        })
