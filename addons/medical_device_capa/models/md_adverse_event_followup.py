from odoo import fields, models

FOLLOWUP_CHANNELS = [("system", "National Monitoring System"), ("phone", "Phone"), ("fax", "Fax"),
                     ("written", "Written Report"), ("email", "E-mail")]


class MdAdverseEventFollowup(models.Model):
    """A report made to the authorities after the first one: what was told, when, how and by whom.

    Made only through the event's own path (QA manager, now, as the current user) and never changed or deleted
    afterwards: a correction is one more follow-up report.
    """

    _name = "md.adverse.event.followup"
    _description = "Adverse Event Follow-up Report"
    _inherit = ["md.evidence.mixin"]
    _order = "reported_on, id"

    event_id = fields.Many2one("md.adverse.event", string="Adverse Event", required=True, index=True,
                               ondelete="restrict")
    company_id = fields.Many2one(related="event_id.company_id", store=True, index=True)
    reported_on = fields.Datetime(string="Reported On (UTC)", required=True)
    reported_by = fields.Many2one("res.users", required=True)
    channel = fields.Selection(FOLLOWUP_CHANNELS)
    recipient = fields.Char(string="Reported To")
    content = fields.Text(string="What Was Reported", required=True)
