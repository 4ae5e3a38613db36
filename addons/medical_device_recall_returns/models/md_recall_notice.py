from odoo import Command, models


class MdRecallNotice(models.Model):
    _inherit = "md.recall.notice"

    def _md_retrieve(self, delivery, lots):
        """A return graded Recall, approved at once: its transfer brings the goods back into the returns zone,
        where the returns add-on's re-inspection and disposition take over."""
        grade = self.env.ref("medical_device_returns.grade_recall")
        record = self.env["md.return"].create({
            "return_type": "customer", "grade_id": grade.id, "partner_id": delivery.partner_id.id,
            "origin_picking_id": delivery.id,
            "reason": self.env._("Recall %(recall)s: %(reason)s", recall=self.recall_id.name,
                                 reason=self.recall_id.reason),
            "line_ids": [Command.create({"product_id": lot.product_id.id, "lot_id": lot.id, "quantity": qty})
                         for lot, qty in lots.items()],
        })
        record.action_approve()
        return record.return_picking_id
