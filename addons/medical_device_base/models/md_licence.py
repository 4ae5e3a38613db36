from odoo import api, fields, models
from odoo.exceptions import ValidationError

LICENCE_TYPES = [
    ("business", "Business Licence"),
    ("distribution_licence", "Device Distribution Licence (Class III)"),
    ("distribution_filing", "Device Distribution Filing (Class II)"),
    ("production_licence", "Device Production Licence"),
    ("production_filing", "Device Production Filing (Class I)"),
    ("institution", "Medical Institution Practice Licence"),
]
# Classes a licence type covers by default; the user narrows them to the printed scope.
DEFAULT_CLASSES = {
    "business": (),
    "distribution_licence": ("3",),
    "distribution_filing": ("2",),
    "production_licence": ("2", "3"),
    "production_filing": ("1",),
    "institution": ("1", "2", "3"),
}
# Which licence types authorise trading a device, per role of the partner.
AUTHORISING_TYPES = {
    "supplier": ("distribution_licence", "distribution_filing", "production_licence", "production_filing"),
    "customer": ("distribution_licence", "distribution_filing", "institution"),
}
IDENTITY_TYPES = ("business", "institution")


class MdLicence(models.Model):
    """A partner's licence or filing: who they are and which devices they may trade."""

    _name = "md.licence"
    _description = "Partner Licence"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.document.mixin"]
    _order = "partner_id, licence_type, expiry_date desc"

    name = fields.Char(string="Number", required=True, tracking=True, index=True)
    licence_type = fields.Selection(LICENCE_TYPES, string="Type", required=True, tracking=True)
    partner_id = fields.Many2one("res.partner", required=True, index=True, tracking=True,
                                 ondelete="restrict", domain=[("is_company", "=", True)])
    issuing_authority = fields.Char(tracking=True)
    scope_class_1 = fields.Boolean(string="Class I", compute="_compute_scope_class_1",
                                   store=True, readonly=False, tracking=True)
    scope_class_2 = fields.Boolean(string="Class II", compute="_compute_scope_class_2",
                                   store=True, readonly=False, tracking=True)
    scope_class_3 = fields.Boolean(string="Class III", compute="_compute_scope_class_3",
                                   store=True, readonly=False, tracking=True)
    scope_category_ids = fields.Many2many(
        "md.device.category", string="Scope Categories", tracking=True,
        help="Classification categories in the licence scope; empty means every category of the classes ticked.")
    scope_note = fields.Text(string="Scope as Printed")
    company_id = fields.Many2one("res.company", index=True,
                                 help="Leave empty to share the licence between companies.")
    active = fields.Boolean(default=True, tracking=True)

    # One compute per class: a shared compute would reset the classes given explicitly.
    @api.depends("licence_type")
    def _compute_scope_class_1(self):
        for licence in self:
            licence.scope_class_1 = "1" in DEFAULT_CLASSES.get(licence.licence_type, ())

    @api.depends("licence_type")
    def _compute_scope_class_2(self):
        for licence in self:
            licence.scope_class_2 = "2" in DEFAULT_CLASSES.get(licence.licence_type, ())

    @api.depends("licence_type")
    def _compute_scope_class_3(self):
        for licence in self:
            licence.scope_class_3 = "3" in DEFAULT_CLASSES.get(licence.licence_type, ())

    def _compute_display_name(self):
        labels = dict(self._fields["licence_type"]._description_selection(self.env))
        for licence in self:
            licence.display_name = f"{labels.get(licence.licence_type, '')} {licence.name or ''}".strip()

    @api.constrains("licence_type", "expiry_date")
    def _check_expiry_required(self):
        for licence in self:
            if licence.licence_type in ("distribution_licence", "production_licence", "institution") \
                    and not licence.expiry_date:
                raise ValidationError(self.env._("%s must have an expiry date.", licence.display_name))

    @api.constrains("licence_type", "scope_class_1", "scope_class_2", "scope_class_3")
    def _check_scope_classes(self):
        for licence in self:
            if licence.licence_type == "distribution_filing" and licence.scope_class_3:
                raise ValidationError(self.env._(
                    "%s: a distribution filing covers Class II devices only; Class III needs a distribution licence.",
                    licence.display_name))
            if licence.licence_type == "business" and licence._md_classes():
                raise ValidationError(self.env._(
                    "%s: a business licence does not authorise device classes; record the device licence or filing separately.",
                    licence.display_name))

    def _md_classes(self):
        self.ensure_one()
        return {cls for cls in "123" if self[f"scope_class_{cls}"]}

    def _md_covers(self, device_class, category_code):
        """True when the printed scope covers a device of this class and category."""
        self.ensure_one()
        if device_class not in self._md_classes():
            return False
        return not self.scope_category_ids or category_code in self.scope_category_ids.mapped("code")

    def action_revoke(self):
        return self.env["md.compliance"]._md_revoke_action(self)
