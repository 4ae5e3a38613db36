from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestDeviceMasterData(MdCommon):

    def _vals(self, **overrides):
        vals = {
            "name": "New device", "type": "consu", "is_storable": True, "tracking": "lot",
            "use_expiration_date": True, "is_medical_device": True, "md_class": "2",
            "md_classification_code": "14-01", "md_certificate_id": self.cert_syringe.id,
        }
        vals.update(overrides)
        return vals

    def test_untracked_device_refused(self):
        with self.assertRaisesRegex(ValidationError, "must be traceable"):
            self.env["product.template"].create(self._vals(tracking="none"))
        with self.assertRaisesRegex(ValidationError, "must be traceable"):
            self.env["product.template"].create(self._vals(use_expiration_date=False))
        with self.assertRaisesRegex(ValidationError, "must be traceable"):
            self.syringe.product_tmpl_id.tracking = "none"
        self.assertEqual(self.syringe.tracking, "lot")

    def test_untracked_non_device_allowed(self):
        product = self.env["product.template"].create(self._vals(is_medical_device=False, tracking="none"))
        self.assertFalse(product.is_medical_device)

    def test_device_needs_class(self):
        with self.assertRaisesRegex(ValidationError, "Choose the device class"):
            self.env["product.template"].create(self._vals(md_class=False, md_certificate_id=False))

    def test_implantable_class_3_needs_serial(self):
        with self.assertRaisesRegex(ValidationError, "Unique Serial Number"):
            self.env["product.template"].create(self._vals(
                md_class="3", md_implantable=True, md_classification_code="13-06",
                md_certificate_id=self.cert_stent.id))
        product = self.env["product.template"].create(self._vals(
            md_class="3", md_implantable=True, tracking="serial", md_classification_code="13-06",
            md_certificate_id=self.cert_stent.id))
        self.assertEqual(product.tracking, "serial")
        # Implantable Class II may stay lot-tracked.
        self.env["product.template"].create(self._vals(md_implantable=True))

    def test_certificate_class_must_match(self):
        with self.assertRaisesRegex(ValidationError, "is for Class 3 devices, not Class 2"):
            self.env["product.template"].create(self._vals(md_certificate_id=self.cert_stent.id))

    def test_udi_di_gtin_validation(self):
        with self.assertRaisesRegex(ValidationError, "wrong GTIN check digit: expected 2"):
            self.env["product.template"].create(self._vals(md_udi_di="6909999000011"))
        with self.assertRaisesRegex(ValidationError, "has 11 digits"):
            self.env["product.template"].create(self._vals(md_udi_di="69012345678"))
        with self.assertRaisesRegex(ValidationError, "only digits"):
            self.env["product.template"].create(self._vals(md_udi_di="69099990A0012"))
        product = self.env["product.template"].create(self._vals(md_udi_di="6909999000036"))
        self.assertEqual(product.md_udi_di, "06909999000036", "GTIN-13 is stored as GTIN-14")
        product.md_udi_di = "６９０９９９９００００４３"  # full-width digits are normalised
        self.assertEqual(product.md_udi_di, "06909999000043")
        eight = self.env["product.template"].create(self._vals(md_udi_di="96385074"))
        self.assertEqual(eight.md_udi_di, "00000096385074")

    def test_udi_di_other_agencies(self):
        hibc = self.env["product.template"].create(self._vals(md_udi_agency="hibcc", md_udi_di="+a123bjc5d6e71"))
        self.assertEqual(hibc.md_udi_di, "+A123BJC5D6E71")
        with self.assertRaisesRegex(ValidationError, "HIBC device identifier"):
            self.env["product.template"].create(self._vals(md_udi_agency="hibcc", md_udi_di="+1ABC"))
        ma = self.env["product.template"].create(self._vals(md_udi_agency="ma", md_udi_di="MA.156.M0.100366.1012345"))
        self.assertEqual(ma.md_udi_di, "MA.156.M0.100366.1012345")
        with self.assertRaisesRegex(ValidationError, "MA code"):
            self.env["product.template"].create(self._vals(md_udi_agency="ma", md_udi_di="MB.156"))

    def test_udi_di_unique(self):
        with self.assertRaisesRegex(ValidationError, "already used by Test Syringe 5 ml"):
            self.env["product.template"].create(self._vals(md_udi_di="6909999000012"))

    def test_udi_di_unique_per_company(self):
        other = self.env["res.company"].create({"name": "Second Distributor"})
        mine = self.env["product.template"].create(self._vals(md_udi_di="6909999000043", company_id=self.company.id))
        theirs = self.env["product.template"].create(self._vals(md_udi_di="6909999000043", company_id=other.id))
        self.assertEqual(mine.md_udi_di, theirs.md_udi_di, "each company may list the same device")
        with self.assertRaisesRegex(ValidationError, "already used by"):
            self.env["product.template"].create(self._vals(md_udi_di="6909999000043"))

    def test_classification_code(self):
        product = self.env["product.template"].create(self._vals(md_classification_code="14-01"))
        self.assertEqual(product.md_category_id, self.cat_14)
        ivd = self.env["product.template"].create(self._vals(md_classification_code="6840"))
        self.assertEqual(ivd.md_category_id.code, "6840")
        with self.assertRaisesRegex(ValidationError, "must look like 14-01"):
            self.env["product.template"].create(self._vals(md_classification_code="14.01"))
        with self.assertRaisesRegex(ValidationError, "belongs to no known category"):
            self.env["product.template"].create(self._vals(md_classification_code="99-01"))

    def test_storage_condition_defaults_and_limits(self):
        product = self.env["product.template"].create(self._vals(md_storage_condition="cold_chain"))
        self.assertEqual((product.md_temp_min, product.md_temp_max), (2.0, 8.0))
        product.md_storage_condition = "frozen"
        self.assertLess(product.md_temp_max, 0)
        with self.assertRaisesRegex(ValidationError, "minimum storage temperature must be below"):
            product.write({"md_temp_min": 9.0, "md_temp_max": 8.0})
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            product.md_humidity_max = 120

    def test_form_prefills_traceability(self):
        with Form(self.env["product.template"]) as form:
            form.name = "Form device"
            form.is_medical_device = True
            self.assertTrue(form.is_storable)
            self.assertEqual(form.tracking, "lot")
            self.assertTrue(form.use_expiration_date)
            form.md_class = "2"
        self.assertTrue(form.record.is_medical_device)

    def test_regulated_changes_are_tracked(self):
        template = self.syringe.product_tmpl_id
        # Creation discards tracking until the creating transaction commits; emulate that commit.
        self.env.flush_all()
        self.env.cr.precommit.run()
        template.with_user(self.qa_user).write({"md_udi_di": "06909999000050", "md_sterile": True})
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        template.invalidate_recordset(["message_ids"])
        tracked = template.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name in ("md_udi_di", "md_sterile"))
        self.assertEqual(set(tracked.field_id.mapped("name")), {"md_udi_di", "md_sterile"})
        udi = tracked.filtered(lambda v: v.field_id.name == "md_udi_di")
        self.assertEqual((udi.old_value_char, udi.new_value_char), ("06909999000012", "06909999000050"))
        self.assertEqual(udi.mail_message_id.author_id, self.qa_user.partner_id)
