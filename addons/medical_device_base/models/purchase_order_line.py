from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    md_certificate_id = fields.Many2one("md.certificate", string="Certificate at Confirmation",
                                        readonly=True, copy=False, index="btree_not_null",
                                        ondelete="restrict")
