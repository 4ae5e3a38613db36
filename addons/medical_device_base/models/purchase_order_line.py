from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    md_certificate_id = fields.Many2one("md.certificate", string="Certificate at Confirmation",
                                        readonly=True, copy=False, index="btree_not_null",
                                        ondelete="restrict")
    md_authorisation_id = fields.Many2one(
        "md.supplier.document", string="Authorisation Letter at Confirmation", readonly=True, copy=False,
        index="btree_not_null", ondelete="restrict",
        help="The supplier's authorisation letter for this device when the order was confirmed.")
