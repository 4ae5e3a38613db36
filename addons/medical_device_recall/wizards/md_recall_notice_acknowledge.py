from odoo import Command, api, fields, models


class MdRecallNoticeAcknowledge(models.TransientModel):
    """The consignee's confirmation given by phone or in writing, recorded by the coordinator.

    Who confirmed and the quantities are typed here, not on the notice: the
    notice takes them only through its acknowledgement, which checks them.
    """

    _name = "md.recall.notice.acknowledge"
    _description = "Record Recall Acknowledgement"

    notice_id = fields.Many2one("md.recall.notice", required=True, readonly=True, ondelete="cascade")
    partner_id = fields.Many2one(related="notice_id.partner_id", string="Consignee")
    name = fields.Char(string="Confirmed By", required=True,
                       help="Name and function of the consignee's person who confirmed.")
    note = fields.Text()
    line_ids = fields.One2many("md.recall.notice.acknowledge.line", "wizard_id", string="Lots")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        notice = self.env["md.recall.notice"].browse(values.get("notice_id"))
        if notice:
            values.setdefault("name", notice.partner_id.name)
            values["line_ids"] = [Command.create({"notice_line_id": line.id}) for line in notice.line_ids]
        return values

    def action_confirm(self):
        self.ensure_one()
        notice = self.notice_id
        notice._md_check_open()
        # Lots the wizard does not show (none, unless the notice changed meanwhile) are refused as missing.
        quantities = {line.notice_line_id.id: (line.qty_on_hand, line.qty_returned) for line in self.line_ids}
        notice._md_acknowledge(quantities, self.name, note=self.note, via="recorded")
        return {"type": "ir.actions.act_window_close"}
