from odoo import fields, models

from odoo.addons.medical_device_returns.models.md_return_line import MdReturnLine as ReturnLine


class MdReturnLine(models.Model):
    _inherit = "md.return.line"

    # A count is what the receiver had in hand: only the return's counting writes it, never a form or an import.
    _md_workflow_fields = (*ReturnLine._md_workflow_fields, "qty_counted")

    qty_counted = fields.Float(string="Counted", digits="Product Unit of Measure", readonly=True, copy=False,
                               help="Units of this lot scanned on arrival, against the quantity the customer "
                                    "declared.")
