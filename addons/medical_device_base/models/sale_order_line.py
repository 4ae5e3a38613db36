from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    md_certificate_id = fields.Many2one("md.certificate", string="Certificate at Confirmation",
                                        readonly=True, copy=False, index="btree_not_null",
                                        ondelete="restrict")
