from odoo import fields, models


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "md.workflow.mixin"]
    # Evidence of what the line was sold under: stamped at confirmation, never written by a client.
    _md_workflow_fields = ("md_certificate_id",)

    md_certificate_id = fields.Many2one("md.certificate", string="Certificate at Confirmation",
                                        readonly=True, copy=False, index="btree_not_null",
                                        ondelete="restrict")
