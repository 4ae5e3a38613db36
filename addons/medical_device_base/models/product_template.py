from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils.identifiers import IdentifierError, classification_category, udi_di
from .md_compliance import problems_error

# Label ranges used when a storage condition is picked; the user may narrow them.
STORAGE_DEFAULTS = {
    "normal": (10.0, 30.0, 75.0),
    "cool": (2.0, 20.0, 75.0),
    "cold_chain": (2.0, 8.0, 75.0),
    "frozen": (-25.0, -15.0, 0.0),
}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_medical_device = fields.Boolean(string="Medical Device", tracking=True)
    md_class = fields.Selection([("1", "Class I"), ("2", "Class II"), ("3", "Class III")],
                                string="Device Class", tracking=True)
    md_classification_code = fields.Char(string="Classification Code", tracking=True,
                                         help="Code in the NMPA classification catalogue, e.g. 14-01; 6840 for IVD reagents.")
    md_category_id = fields.Many2one("md.device.category", string="Category",
                                     compute="_compute_md_category_id", store=True, index=True)
    md_certificate_id = fields.Many2one(
        "md.certificate", string="Registration/Filing Certificate", tracking=True, index=True,
        ondelete="restrict", domain="[('device_class', '=?', md_class)]")
    md_certificate_state = fields.Selection(related="md_certificate_id.state", string="Certificate Status")
    md_registrant_id = fields.Many2one(related="md_certificate_id.holder_id", string="Registrant/Filer")
    md_udi_agency = fields.Selection(
        [("gs1", "GS1"), ("ma", "MA Code (China)"), ("ahm", "AHM (Alibaba Health)"), ("hibcc", "HIBCC")],
        string="UDI Issuing Agency", default="gs1", tracking=True)
    md_udi_di = fields.Char(string="UDI-DI", tracking=True, copy=False, index=True,
                            help="Device identifier of the base unit; a GS1 DI is stored as GTIN-14.")
    md_storage_condition = fields.Selection(
        [("normal", "Normal Temperature"), ("cool", "Cool"), ("cold_chain", "Cold Chain 2-8 °C"),
         ("frozen", "Frozen")], string="Storage Condition", default="normal", tracking=True)
    md_temp_min = fields.Float(string="Min. Temperature (°C)", compute="_compute_md_storage_limits",
                               store=True, readonly=False, tracking=True)
    md_temp_max = fields.Float(string="Max. Temperature (°C)", compute="_compute_md_storage_limits",
                               store=True, readonly=False, tracking=True)
    md_humidity_max = fields.Float(string="Max. Humidity (%)", compute="_compute_md_storage_limits",
                                   store=True, readonly=False, tracking=True,
                                   help="0 means humidity is not controlled.")
    md_sterile = fields.Boolean(string="Sterile", tracking=True)
    md_implantable = fields.Boolean(string="Implantable", tracking=True)
    md_single_use = fields.Boolean(string="Single Use", tracking=True)


    @api.depends("md_classification_code")
    def _compute_md_category_id(self):
        categories = {c.code: c for c in self.env["md.device.category"].with_context(active_test=False).search([])}
        for product in self:
            code = product.md_classification_code
            try:
                product.md_category_id = categories.get(classification_category(code)) if code else False
            except IdentifierError:
                product.md_category_id = False

    @api.depends("md_storage_condition")
    def _compute_md_storage_limits(self):
        for product in self:
            low, high, humidity = STORAGE_DEFAULTS.get(product.md_storage_condition or "normal")
            product.md_temp_min, product.md_temp_max, product.md_humidity_max = low, high, humidity

    @api.onchange("is_medical_device")
    def _onchange_is_medical_device(self):
        # Pre-fill what the save-time rule demands, so the user only picks lot or serial.
        if self.is_medical_device:
            self.update({
                "is_storable": True,
                "tracking": "lot" if self.tracking == "none" else self.tracking,
                "use_expiration_date": True,
            })

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._md_normalize_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        if "md_udi_di" in vals or "md_udi_agency" in vals:
            for product in self:
                product_vals = dict(vals)
                product_vals.setdefault("md_udi_agency", product.md_udi_agency)
                self._md_normalize_vals(product_vals)
                super(ProductTemplate, product).write(product_vals)
            return True
        return super().write(vals)

    @api.model
    def _md_normalize_vals(self, vals):
        if vals.get("md_udi_di"):
            try:
                vals["md_udi_di"] = udi_di(vals["md_udi_di"], vals.get("md_udi_agency") or "gs1")
            except IdentifierError as error:
                raise ValidationError(self.env["md.compliance"]._md_identifier_message(error)) from None
        if vals.get("md_classification_code"):
            code = vals["md_classification_code"].strip()
            try:
                classification_category(code)
            except IdentifierError as error:
                raise ValidationError(self.env["md.compliance"]._md_identifier_message(error)) from None
            vals["md_classification_code"] = code

    @api.constrains("is_medical_device", "md_class", "tracking", "use_expiration_date", "is_storable",
                    "md_implantable", "md_classification_code", "md_certificate_id",
                    "md_temp_min", "md_temp_max", "md_humidity_max")
    def _check_medical_device(self):
        for product in self.filtered("is_medical_device"):
            problems = product._md_master_data_problems()
            if problems:
                raise problems_error(self.env._("Medical device %s cannot be saved:", product.display_name), problems,
                                     ValidationError)

    @api.constrains("md_udi_di", "company_id")
    def _check_md_udi_di_unique(self):
        # Python, not SQL: a product without company is shared and clashes with every company.
        products = self.filtered("md_udi_di")
        if not products:
            return
        holders = {}
        for other in self.sudo().with_context(active_test=False).search(
                [("md_udi_di", "in", products.mapped("md_udi_di"))]):
            holders.setdefault(other.md_udi_di, []).append(other)
        for product in products:
            clash = next((other for other in holders[product.md_udi_di] if other.id != product.id and (
                not other.company_id or not product.company_id or other.company_id == product.company_id)), None)
            if clash:
                raise ValidationError(self.env._("UDI-DI %(di)s is already used by %(product)s.",
                                                 di=product.md_udi_di, product=clash.display_name))

    def _md_master_data_problems(self):
        self.ensure_one()
        problems = []
        if not self.md_class:
            problems.append(self.env._("Choose the device class (I, II or III) on the Medical Device tab."))
        if not self.is_storable or self.tracking not in ("lot", "serial") or not self.use_expiration_date:
            problems.append(self.env._(
                "Medical devices must be traceable: on the Inventory tab tick Track Inventory, track "
                "\"By Lots\" or \"By Unique Serial Number\", and tick Expiration Date."))
        if self.md_implantable and self.md_class == "3" and self.tracking != "serial":
            problems.append(self.env._("Implantable Class III devices must be tracked \"By Unique Serial Number\"."))
        if self.md_classification_code and not self.md_category_id:
            problems.append(self.env._("Classification code %s belongs to no known category.", self.md_classification_code))
        cert = self.md_certificate_id
        if cert and self.md_class and cert.device_class != self.md_class:
            problems.append(self.env._("Certificate %(number)s is for Class %(cert_class)s devices, not Class %(cls)s.",
                              number=cert.name, cert_class=cert.device_class, cls=self.md_class))
        if self.md_temp_min >= self.md_temp_max:
            problems.append(self.env._("The minimum storage temperature must be below the maximum."))
        if not 0 <= self.md_humidity_max <= 100:
            problems.append(self.env._("The maximum humidity is a percentage between 0 and 100."))
        return problems

    def _md_certificate_problems(self, date, lot=None):
        """Problems with the certificate that covers this device on ``date``.

        Without ``lot`` (an order): the certificate in force on the order date. With ``lot`` (the lot's
        name): ``date`` is its production date, judged against the certificate in force then, even if that
        one has since expired or been renewed.
        """
        self.ensure_one()
        cert = self.md_certificate_id
        if not cert:
            return [self.env._("%s has no registration or filing certificate.", self.display_name)]
        covering = self.env["md.certificate"]._md_covering(self, date)
        if lot is None:
            if cert.revoked:
                return [self.env._("The certificate %(number)s of %(product)s was revoked: %(reason)s",
                                   number=cert.name, product=self.display_name, reason=cert.revoke_reason or "-")]
            if not covering or covering.revoked:
                return [self.env._(
                    "The certificate %(number)s of %(product)s is not valid on %(date)s (valid %(start)s to %(end)s).",
                    number=cert.name, product=self.display_name, date=date,
                    start=cert.issue_date or "-", end=cert.expiry_date or "-")]
            return []
        if not covering:
            return [self.env._(
                "%(product)s lot %(lot)s was produced on %(date)s, when no certificate of the device was in "
                "force (%(certificates)s): it is not a registered device.",
                product=self.display_name, lot=lot, date=date,
                certificates="; ".join(c._md_validity_label() for c in cert._md_chain()))]
        if covering.revoked:
            return [self.env._(
                "The certificate %(number)s that covered %(product)s lot %(lot)s was revoked: %(reason)s",
                number=covering.name, product=self.display_name, lot=lot, reason=covering.revoke_reason or "-")]
        return []
