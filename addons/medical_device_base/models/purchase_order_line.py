from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _name = "purchase.order.line"
    _inherit = ["purchase.order.line", "md.workflow.mixin"]
    # Evidence of what the line was bought under: stamped at confirmation, never written by a client.
    _md_workflow_fields = ("md_certificate_id", "md_authorisation_id")

    md_certificate_id = fields.Many2one("md.certificate", string="Certificate at Confirmation",
                                        readonly=True, copy=False, index="btree_not_null",
                                        ondelete="restrict")
    md_authorisation_id = fields.Many2one(
        "md.supplier.document", string="Authorisation Letter at Confirmation", readonly=True, copy=False,
        index="btree_not_null", ondelete="restrict",
        help="The supplier's authorisation letter for this device when the order was confirmed.")
