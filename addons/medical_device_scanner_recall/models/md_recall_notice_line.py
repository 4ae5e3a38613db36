from odoo import fields, models

from odoo.addons.medical_device_recall.models.md_recall_notice_line import MdRecallNoticeLine as NoticeLine


class MdRecallNoticeLine(models.Model):
    _inherit = "md.recall.notice.line"

    # What the receiver had in hand: only the notice's counting writes it.
    _md_workflow_fields = (*NoticeLine._md_workflow_fields, "qty_counted")

    qty_counted = fields.Float(string="Counted", digits="Product Unit of Measure", readonly=True, copy=False,
                               help="Units of this lot scanned on arrival for the open retrieval transfers.")
