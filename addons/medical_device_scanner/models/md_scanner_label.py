from odoo import api, models
from odoo.exceptions import UserError

LABEL_REPORTS = {
    "stock.location": "medical_device_scanner.action_report_md_location_label",
    "stock.lot": "medical_device_scanner.action_report_md_lot_label",
    "stock.move.line": "medical_device_scanner.action_report_md_move_line_label",
}


class MdScanner(models.AbstractModel):
    """Printing labels from the scanner's screens."""

    _inherit = "md.scanner"

    @api.model
    def _md_label_action(self, records):
        """The report action printing the labels of ``records`` (locations, lots or scanned move lines).

        The screens return it from their ``_md_task_<key>_action`` and the client runs it. The user's
        read access is checked here and again when the PDF is made; a label that cannot be printed is
        refused here, where the screen shows why.
        """
        if not records:
            raise UserError(self.env._("There is nothing to print labels of."))
        report = LABEL_REPORTS.get(records._name)
        if not report:
            raise UserError(self.env._("There are no labels of %s.", records._description))
        records.check_access("read")
        self.env["md.label"]._md_labels(records)
        return self.env.ref(report).report_action(records, config=False)
