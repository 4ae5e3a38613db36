from odoo import api, fields, models
from odoo.exceptions import UserError

from .md_return_grade import DISPOSITIONS

CHECKS = [("pass", "Pass"), ("fail", "Fail")]
MIN_NOTE = 5


class MdReturnLine(models.Model):
    """A returned lot or serial, its re-inspection and QA's disposition."""

    _name = "md.return.line"
    _description = "Return Line"
    _inherit = ["md.signable.mixin", "md.workflow.mixin"]
    _order = "return_id, id"

    # The scrap record the signed disposition made, and the stored copies of the return's fields (a readonly
    # related field has no inverse: written directly it would only change the copy, which reports count on).
    _md_workflow_fields = ("scrap_id", "state", "grade_id", "return_type", "partner_id", "company_id", "date")

    _md_signed_fields = ["product_id", "lot_id", "quantity", "location_id", "packaging_check", "label_check",
                         "disposition", "disposition_note"]

    return_id = fields.Many2one("md.return", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="return_id.company_id", store=True)
    return_type = fields.Selection(related="return_id.return_type", store=True)
    grade_id = fields.Many2one(related="return_id.grade_id", store=True)
    partner_id = fields.Many2one(related="return_id.partner_id", store=True, string="Partner")
    state = fields.Selection(related="return_id.state", store=True)
    date = fields.Datetime(related="return_id.create_date", store=True, string="Date")
    product_id = fields.Many2one("product.product", string="Device", required=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, index=True,
                             domain="[('product_id', '=', product_id)]")
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0, required=True)
    uom_id = fields.Many2one(related="product_id.uom_id")
    location_id = fields.Many2one(
        "stock.location", compute="_compute_location_id", store=True, readonly=False,
        help="Where the goods are: the returns zone once a customer return is received; for a return to the "
             "supplier, the zone they leave from.")
    supplier_id = fields.Many2one("res.partner", compute="_compute_supplier_id", store=True,
                                  index=True, help="Who the lot was bought from.")
    packaging_check = fields.Selection(CHECKS, string="Packaging")
    label_check = fields.Selection(CHECKS, string="Label")
    disposition = fields.Selection(DISPOSITIONS, compute="_compute_disposition", store=True, readonly=False)
    disposition_note = fields.Char(string="Disposition Reason",
                                   help="Why and how: required to scrap, repack or return to the supplier.")
    scrap_id = fields.Many2one("stock.scrap", readonly=True, copy=False)

    @api.depends("return_id.grade_id", "return_id.return_type")
    def _compute_disposition(self):
        for line in self:
            if line.return_id.return_type != "customer":
                # Going back to the supplier is the whole point of a return to vendor.
                line.disposition = False
            else:
                line.disposition = line.disposition or line.return_id.grade_id.default_disposition

    @api.depends("return_id.return_picking_id.state", "lot_id", "return_id.warehouse_id")
    def _compute_location_id(self):
        for line in self:
            record = line.return_id
            if record.return_type == "customer" and record.return_picking_id.state == "done":
                line.location_id = record.return_picking_id.location_dest_id
            elif record.return_type == "vendor" and not line.location_id:
                line.location_id = record.warehouse_id.md_nonconforming_location_id
            else:
                line.location_id = line.location_id

    @api.depends("lot_id", "return_id.partner_id", "return_id.return_type")
    def _compute_supplier_id(self):
        # The first receipt of each lot from a supplier, for all lines in one search.
        lots = self.filtered(lambda l: l.return_id.return_type != "vendor").lot_id
        suppliers = {}
        for receipt in self.env["stock.move.line"].sudo().search([
                ("lot_id", "in", lots.ids), ("state", "=", "done"), ("location_id.usage", "=", "supplier")],
                order="date desc"):
            suppliers[receipt.lot_id.id] = (receipt.picking_partner_id or receipt.move_id.partner_id).commercial_partner_id
        for line in self:
            if line.return_id.return_type == "vendor":
                line.supplier_id = line.return_id.partner_id.commercial_partner_id
            else:
                line.supplier_id = suppliers.get(line.lot_id.id, self.env["res.partner"])

    @api.depends("product_id", "lot_id", "quantity")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.product_id.display_name} {line.lot_id.name or ''} × {line.quantity:g}"

    def _md_disposition_label(self):
        return dict(self._fields["disposition"]._description_selection(self.env)).get(self.disposition, "-")

    def _md_disposition_problems(self):
        name = self.display_name
        problems = []
        if not self.disposition:
            problems.append(self.env._("%s: choose the disposition.", name))
        if self.disposition in ("release", "repack"):
            if self.packaging_check != "pass" or self.label_check != "pass":
                problems.append(self.env._(
                    "%s: goods are re-released only when packaging and label pass the re-inspection.", name))
            if self.lot_id.expiration_date and self.lot_id.expiration_date <= fields.Datetime.now():
                problems.append(self.env._("%s: the lot has expired and cannot be re-released.", name))
        if self.disposition in ("repack", "scrap", "supplier") and len((self.disposition_note or "").strip()) < MIN_NOTE:
            problems.append(self.env._("%(line)s: give the reason for the disposition (%(disposition)s).",
                                       line=name, disposition=self._md_disposition_label()))
        if self.disposition == "supplier" and not self.supplier_id:
            problems.append(self.env._("%s: the supplier of the lot is not known; choose another disposition.",
                                       name))
        if self.location_id.md_zone != "returns":
            problems.append(self.env._("%s: the goods are not in the returns zone.", name))
        else:
            available = sum(self.env["stock.quant"].sudo().search([
                ("lot_id", "=", self.lot_id.id), ("product_id", "=", self.product_id.id),
                ("location_id", "child_of", self.location_id.id)]).mapped("quantity"))
            if self.quantity > available:
                problems.append(self.env._("%(line)s: only %(available)s in %(location)s.", line=name,
                                           available=available, location=self.location_id.display_name))
        return problems

    # Frozen with the return ---------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if lines.return_id.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("Lots cannot be added once the return is approved."))
        return lines

    def write(self, vals):
        if not (self.env.su and self.env.context.get("md_signing")) and not self._md_workflow_internal():
            if self.return_id.filtered("md_signed"):
                raise UserError(self.env._("The disposition is signed; its lines can no longer be changed."))
            moved = self.filtered(lambda l: l.return_id.state != "draft")
            if moved and set(vals) & {"product_id", "lot_id", "quantity"}:
                raise UserError(self.env._("Lots and quantities cannot change once the return is approved."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_draft_only(self):
        if self.filtered(lambda l: l.return_id.state != "draft"):
            raise UserError(self.env._("Lines of an approved return cannot be removed."))
