from odoo import api, fields, models
from odoo.exceptions import UserError

from .stock_lot import quality_state_selection


class MdExcursionLot(models.Model):
    """A lot exposed to an excursion, with QA's decision on it."""

    _name = "md.excursion.lot"
    _description = "Lot Exposed to an Excursion"
    _inherit = ["md.signable.mixin"]
    _order = "excursion_id, id"

    _md_signed_fields = ["lot_id", "quantity", "previous_state", "held", "decision", "note"]

    excursion_id = fields.Many2one("md.excursion", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="excursion_id.company_id", store=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, readonly=True, index=True)
    product_id = fields.Many2one(related="lot_id.product_id", string="Device")
    expiration_date = fields.Datetime(related="lot_id.expiration_date")
    quantity = fields.Float(string="Quantity Exposed", digits="Product Unit of Measure", readonly=True)
    previous_state = fields.Selection(quality_state_selection, string="Status Before", readonly=True)
    held = fields.Boolean(string="Put on Hold", readonly=True,
                          help="This excursion put the lot on hold; a release gives it back its status before.")
    current_state = fields.Selection(related="lot_id.md_quality_state", string="Current Status")
    decision = fields.Selection([("release", "Release"), ("reject", "Reject")])
    note = fields.Char()

    def _md_decision_label(self):
        return dict(self._fields["decision"]._description_selection(self.env)).get(self.decision, "-")

    def write(self, vals):
        if not (self.env.su and self.env.context.get("md_signing")):
            signed = self.excursion_id.filtered("md_signed")
            if signed:
                raise UserError(self.env._("%s is signed; its decisions can no longer be changed.",
                                           ", ".join(signed.mapped("name"))))
            if set(vals) - {"decision", "note"} and not self.env.su:
                raise UserError(self.env._("Only the decision and note of an exposed lot can be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Exposed lots are part of the excursion record and cannot be removed."))
