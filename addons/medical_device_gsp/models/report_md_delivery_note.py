from odoo import api, models

from odoo.addons.medical_device_base.models.md_compliance import problems_error


class ReportMdDeliveryNote(models.AbstractModel):
    """随货同行单: printed only for deliveries of devices whose outbound review is signed."""

    _name = "report.medical_device_gsp.report_md_delivery_note"
    _description = "Delivery Note Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        pickings = self.env["stock.picking"].browse(docids)
        problems = pickings._md_delivery_note_problems()
        if problems:
            raise problems_error(self.env._("The delivery note cannot be printed:"), problems)
        return {"doc_ids": pickings.ids, "doc_model": "stock.picking", "docs": pickings}
