from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.medical_device_base.models.md_compliance import problems_error


class MdDestructionLine(models.Model):
    """One lot of a destruction record: how much of it, from where in the nonconforming zone."""

    _name = "md.destruction.line"
    _description = "Destruction Record Line"
    _inherit = ["md.signable.mixin", "md.workflow.mixin"]
    _order = "destruction_id, id"

    _md_signed_fields = ["product_id", "lot_id", "location_id", "quantity"]
    # Nothing of a line changes once its record is signed.
    _md_frozen_fields = "__all__"
    _md_open_states = ("draft",)

    destruction_id = fields.Many2one("md.destruction", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="destruction_id.company_id", store=True)
    state = fields.Selection(related="destruction_id.state", string="Status")
    product_id = fields.Many2one("product.product", string="Device", required=True,
                                 domain="[('is_medical_device', '=', True)]")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, index=True, ondelete="restrict",
                             domain="[('product_id', '=', product_id)]")
    location_id = fields.Many2one(
        "stock.location", required=True,
        domain="[('md_zone', '=', 'nonconforming'), ('usage', '=', 'internal')]",
        default=lambda self: self.env.context.get("md_default_location_id"))
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    model_spec = fields.Char(string="Model/Specification", compute="_compute_particulars")
    certificate_number = fields.Char(string="Registration/Filing No.", compute="_compute_particulars")
    expiry_date = fields.Datetime(related="lot_id.expiration_date", string="Expiry Date")
    quality_state = fields.Selection(related="lot_id.md_quality_state", string="Lot Status")

    @api.depends("product_id")
    def _compute_particulars(self):
        for line in self:
            product = line.product_id.sudo()
            line.model_spec = product._md_model_spec() if product else False
            line.certificate_number = product.md_certificate_id.name if product else False

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id and self.product_id != self.lot_id.product_id:
            self.product_id = self.lot_id.product_id

    @api.constrains("product_id", "lot_id", "location_id", "quantity")
    def _check_stock(self):
        # Refused when saved, so the storage keeper hears of it at once; the signature checks again.
        problems = []
        for line in self:
            if line.lot_id.product_id != line.product_id:
                problems.append(self.env._("%(lot)s is not a lot of %(product)s.", lot=line.lot_id.name,
                                           product=line.product_id.display_name))
        for destruction in self.destruction_id.filtered(lambda d: not d.md_signed):
            problems += destruction._md_stock_problems()
        if problems:
            raise problems_error(self.env._("The destruction record is refused:"), problems, ValidationError)

    @api.model_create_multi
    def create(self, vals_list):
        destructions = self.env["md.destruction"].browse(
            {vals.get("destruction_id") for vals in vals_list if vals.get("destruction_id")})
        if destructions.filtered("md_signed"):
            raise UserError(self.env._("Lines cannot be added to a signed destruction record."))
        # A lot names its device, and the record its zone: callers may give the lot and the quantity only.
        for vals in vals_list:
            if vals.get("lot_id") and not vals.get("product_id"):
                vals["product_id"] = self.env["stock.lot"].browse(vals["lot_id"]).product_id.id
            if vals.get("destruction_id") and not vals.get("location_id"):
                vals["location_id"] = self.env["md.destruction"].browse(vals["destruction_id"]).location_id.id
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_destroyed(self):
        signed = self.destruction_id.filtered("md_signed")
        if signed:
            raise UserError(self.env._("%s is signed; its lines cannot be deleted.",
                                       ", ".join(signed.mapped("name"))))
