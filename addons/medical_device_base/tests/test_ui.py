import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

# Waits for each selector in turn (and, if a third item is given, until the
# element shows that text), then clicks it (true), types into it (a string) or
# only checks it is there (false), and finally reports success.
STEPS_JS = """
const steps = %s;
let index = 0;
const next = () => {
    if (index === steps.length) { console.log("test successful"); return; }
    const [selector, action, expected] = steps[index];
    const shown = (e) => (e.value !== undefined ? e.value : e.textContent);
    const all = [...document.querySelectorAll(selector)];
    const el = expected ? all.find((e) => shown(e).includes(expected)) : all[0];
    if (!el) { setTimeout(next, 100); return; }
    if (action === true) { el.click(); }
    if (typeof action === "string") {
        el.value = action;
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
    }
    index++;
    setTimeout(next, 50);
};
next();
"""


@tagged("post_install", "-at_install")
class TestScreens(HttpCase):
    """The screens a QA manager uses render in the web client without errors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "md_ui_qa", groups="base.group_user,base.group_system,"
                                 "medical_device_base.group_md_qa_manager,purchase.group_purchase_user",
                                 name="Ui Qa")
        today = fields.Date.today()
        cls.maker = cls.env["res.partner"].create({"name": "UI Maker", "is_company": True})
        cls.env["md.licence"].create({"partner_id": cls.maker.id, "licence_type": "business", "name": "UI-B-1"})
        cls.cert = cls.env["md.certificate"].create({
            "name": "国械注准20193130199", "device_name": "UI Stent", "holder_id": cls.maker.id,
            "issue_date": today - timedelta(days=5), "expiry_date": today + timedelta(days=50)})
        cls.device = cls.env["product.template"].create({
            "name": "UI Stent", "is_storable": True, "tracking": "serial", "use_expiration_date": True,
            "is_medical_device": True, "md_class": "3", "md_classification_code": "13-06",
            "md_certificate_id": cls.cert.id, "md_implantable": True, "md_udi_di": "06909999000067"})

    def _check(self, url, steps):
        self.browser_js(url, STEPS_JS % json.dumps(steps), login=self.user.login, timeout=60)

    def test_certificate_screens(self):
        self._check("/odoo/action-medical_device_base.md_certificate_action",
                    [[".o_list_view .o_data_row", False]])
        self._check(f"/odoo/action-medical_device_base.md_certificate_action/{self.cert.id}",
                    [[".o_form_view .o_field_widget[name=device_name]", False],
                     [".o_statusbar_status button[data-value=expiring].o_arrow_button_current", False],
                     ["button[name=action_renew]", False]])

    def test_device_form(self):
        self._check(f"/odoo/action-medical_device_base.md_device_action/{self.device.id}",
                    [["a[name=medical_device]", True],
                     [".o_field_widget[name=md_certificate_id]", False],
                     [".o_field_widget[name=md_storage_condition]", False]])

    def test_partner_qualification_tab(self):
        self._check(f"/odoo/res.partner/{self.maker.id}",
                    [["a[name=md_qualification]", True],
                     [".o_field_widget[name=md_licence_ids] .o_data_row", False],
                     [".o_field_widget[name=md_supplier_approved] input", False]])

    def test_settings(self):
        self._check("/odoo/action-medical_device_base.md_config_settings_action",
                    [[".o_field_widget[name=md_expiry_horizon_long]", False]])

    def test_sign_certificate_with_password(self):
        self._check(f"/odoo/action-medical_device_base.md_certificate_action/{self.cert.id}",
                    [["button[name=action_sign]", True],
                     [".modal .o_field_widget[name=password] input", "md_ui_qa"],
                     [".modal footer button[name=action_sign]", True],
                     [".o_field_widget[name=md_signature_manifest] .o_md_signature", False],
                     ["button[name=action_md_correct]", False]])
        signature = self.env["md.signature"].search([("res_model", "=", "md.certificate"),
                                                     ("res_id", "=", self.cert.id)])
        self.assertEqual((signature.signer_name, signature.meaning), ("Ui Qa", "approved"))
        self.assertTrue(self.cert.md_signed)

    def test_signature_audit_screens(self):
        self._check("/odoo/action-medical_device_base.md_signature_action",
                    [[".o_list_view", False]])
        self._check("/odoo/action-medical_device_base.md_signature_verification_action",
                    [[".modal footer button[name=action_run]", True],
                     [".modal .o_field_widget[name=checked_count]", False],
                     [".modal .alert-success", False]])
