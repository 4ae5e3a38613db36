from odoo import api, models


class MdLabelReport(models.AbstractModel):
    """What the label reports have in common: the labels of ``docids`` of one model, read as the user."""

    _name = "md.label.report"
    _description = "Label Report"
    _md_label_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._md_label_model].browse(docids)
        # The print menu and the report URL take any ids: the user's access rights and record rules decide
        # whose locations and lots may be printed.
        docs.check_access("read")
        return {"doc_ids": docs.ids, "doc_model": docs._name, "docs": docs,
                "labels": self.env["md.label"]._md_labels(docs)}
