from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # Marking a CAPA action's activity done from the chatter completes the action, with the same checks
        # as its button; the feedback becomes the action's result.
        actions = self.env["md.capa.action"].sudo().search([("activity_id", "in", self.ids), ("state", "=", "open")])
        if actions:
            actions.with_env(self.env)._md_complete(feedback)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
