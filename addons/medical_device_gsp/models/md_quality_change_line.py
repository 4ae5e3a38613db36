from odoo import fields, models

from .stock_lot import quality_state_selection


class MdQualityChangeLine(models.Model):
    _name = "md.quality.change.line"
    _description = "Lot Quality Status Change Line"
    _inherit = ["md.signable.mixin"]
    _order = "id"

    _md_signed_fields = ["lot_id", "old_state"]

    change_id = fields.Many2one("md.quality.change", required=True, ondelete="cascade", index=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, index=True, ondelete="restrict")
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    old_state = fields.Selection(quality_state_selection, string="Old Status")
    new_state = fields.Selection(related="change_id.new_state", store=True)
    reason = fields.Text(related="change_id.reason")
    user_id = fields.Many2one(related="change_id.user_id", store=True)
    date = fields.Datetime(related="change_id.date", store=True)
    change_state = fields.Selection(related="change_id.state")
