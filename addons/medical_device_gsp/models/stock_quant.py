from odoo import api, fields, models
from odoo.osv import expression

from .stock_location import SEGREGATED_ZONES


class StockQuant(models.Model):
    _inherit = "stock.quant"

    md_quality_state = fields.Selection(related="lot_id.md_quality_state", string="Quality Status")
    md_zone = fields.Selection(related="location_id.md_zone", string="GSP Zone")

    def _get_gather_domain(self, product_id, location_id, lot_id=None, package_id=None, owner_id=None,
                           strict=False):
        domain = super()._get_gather_domain(product_id, location_id, lot_id=lot_id, package_id=package_id,
                                            owner_id=owner_id, strict=strict)
        # Non-strict gathering is what reservation and availability use; strict
        # gathering finds the quant to update and must see every lot.
        if not strict and product_id.sudo().is_medical_device \
                and location_id.sudo().md_zone not in SEGREGATED_ZONES:
            domain = expression.AND([domain, [
                ("lot_id.md_quality_state", "=", "released"),
                ("lot_id.expiration_date", ">", fields.Datetime.now()),
            ]])
        return domain

    @api.model
    def _get_removal_strategy(self, product_id, location_id):
        strategy = super()._get_removal_strategy(product_id, location_id)
        if strategy != "fifo" or not product_id.sudo().is_medical_device \
                or product_id.sudo().categ_id.removal_strategy_id:
            return strategy
        location = location_id.sudo()
        while location:
            if location.removal_strategy_id:
                return strategy
            location = location.location_id
        # Devices leave first-expired-first-out unless someone chose otherwise.
        return "fefo"
