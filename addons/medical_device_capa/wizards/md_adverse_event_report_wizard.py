from odoo import api, fields, models

from ..models.md_adverse_event import FIRST_REPORT_CHANNELS
from ..models.md_adverse_event_followup import FOLLOWUP_CHANNELS


class MdAdverseEventReportWizard(models.TransientModel):
    """What the QA manager says of a report just made to the authorities: the first report of a group event,
    or a follow-up report. The time and the reporter are those of the moment and the user recording it."""

    _name = "md.adverse.event.report.wizard"
    _description = "Record a Report to the Authorities"

    event_id = fields.Many2one("md.adverse.event", string="Adverse Event", required=True, ondelete="cascade")
    kind = fields.Selection([("first", "First Report of a Group Event"), ("followup", "Follow-up Report")],
                            required=True, default="followup")
    first_channel = fields.Selection(FIRST_REPORT_CHANNELS, string="First Report Channel", default="phone")
    followup_channel = fields.Selection(FOLLOWUP_CHANNELS, string="Channel", default="system")
    recipient = fields.Char(string="Reported To",
                            help="The authorities, and the person, the report was made to.")
    content = fields.Text(string="What Was Reported")

    @api.model
    def _md_check_access(self):
        self.env["md.adverse.event"]._md_check_reporter()

    @api.model_create_multi
    def create(self, vals_list):
        self._md_check_access()
        return super().create(vals_list)

    def action_confirm(self):
        self.ensure_one()
        event = self.event_id
        if self.kind == "first":
            event._md_record_first_report(self.first_channel, self.recipient)
        else:
            event._md_add_followup(self.followup_channel, self.recipient, self.content)
        return {"type": "ir.actions.act_window_close"}
