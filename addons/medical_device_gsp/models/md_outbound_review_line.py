from odoo import api, fields, models
from odoo.exceptions import UserError

from .stock_lot import quality_state_selection


class MdOutboundReviewLine(models.Model):
    _name = "md.outbound.review.line"
    _description = "Outbound Review Line"
    _inherit = ["md.signable.mixin"]
    _order = "review_id, id"

    _md_signed_fields = ["product_id", "model_spec", "lot_id", "expiry_date", "manufacturer",
                         "certificate_number", "quantity", "qty_checked", "quality_state"]

    review_id = fields.Many2one("md.outbound.review", required=True, ondelete="cascade", index=True)
    product_id = fields.Many2one("product.product", string="Device", required=True, readonly=True)
    model_spec = fields.Char(string="Model/Specification", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True, index=True)
    expiry_date = fields.Date(readonly=True)
    manufacturer = fields.Char(readonly=True)
    certificate_number = fields.Char(string="Registration/Filing No.", readonly=True)
    certificate_id = fields.Many2one("md.certificate", string="Covering Certificate", readonly=True,
                                     ondelete="restrict",
                                     help="The certificate in force when the lot was produced.")
    quantity = fields.Float(string="Picked", digits="Product Unit of Measure", readonly=True)
    qty_checked = fields.Float(string="Counted", digits="Product Unit of Measure",
                               help="What the reviewer counted; a difference from the picked quantity blocks the review.")
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    quality_state = fields.Selection(quality_state_selection, string="Quality Status", readonly=True)
    scanned = fields.Boolean(readonly=True, help="Every unit of this lot on the delivery was confirmed by a UDI scan.")
    scanned_code = fields.Text(readonly=True)
    scanned_by_id = fields.Many2one("res.users", readonly=True)
    scanned_on = fields.Datetime(string="Scanned On (UTC)", readonly=True)

    @api.model
    def _md_values(self, product, lot, quantity):
        cert = self.env["md.certificate"]._md_covering(product, lot.md_production_date) \
            or product.sudo().md_certificate_id
        maker = cert.manufacturer_id or cert.holder_id
        return {
            "product_id": product.id,
            "model_spec": product._md_model_spec(),
            "lot_id": lot.id,
            # The date printed on the label: the expiry is stored as local midnight in UTC.
            "expiry_date": fields.Datetime.context_timestamp(self, lot.expiration_date).date()
            if lot.expiration_date else False,
            "manufacturer": maker.name,
            "certificate_number": cert.name,
            "certificate_id": cert.id,
            "quantity": quantity,
            "uom_id": product.uom_id.id,
            "quality_state": lot.md_quality_state,
        }

    def write(self, vals):
        if not (self.env.su and self.env.context.get("md_signing")):
            signed = self.review_id.filtered("md_signed")
            if signed:
                raise UserError(self.env._("%s is signed; its lines can no longer be changed.",
                                           ", ".join(signed.mapped("name"))))
            if set(vals) - {"qty_checked"} and not self.env.su:
                raise UserError(self.env._("Only the counted quantity of a review line can be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_when_rebuilding(self):
        if not self.env.su or not self.env.context.get("md_review_rebuild") or self.review_id.filtered("md_signed"):
            raise UserError(self.env._("Review lines are rebuilt from the delivery; they cannot be deleted."))

    def _md_unlink_for_rebuild(self):
        """Delete these lines of an unsigned review, which "Refresh" rebuilds from the delivery."""
        return self.sudo().with_context(md_review_rebuild=True).unlink()
