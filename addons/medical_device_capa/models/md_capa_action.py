from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import clean_context

QA_GROUP = "medical_device_base.group_md_qa_manager"
ACTION_ACTIVITY = "medical_device_capa.mail_activity_md_capa_action"
# What the owner's activity on the CAPA shows.
ACTIVITY_FIELDS = {"name", "user_id", "date_deadline"}


class MdCapaAction(models.Model):
    """One planned action of a CAPA, with its owner and due date, followed as an Odoo activity."""

    _name = "md.capa.action"
    _description = "CAPA Action"
    _inherit = ["md.signable.mixin", "md.workflow.mixin"]
    _order = "date_deadline, id"

    # What the closure signature of the CAPA covers of each action.
    _md_signed_fields = ["name", "kind", "user_id", "date_deadline", "state", "result", "done_on"]
    # Written only by the buttons (done, cancel) and the activity follow-up.
    _md_workflow_fields = ("state", "done_on", "activity_id")

    capa_id = fields.Many2one("md.capa", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="capa_id.company_id", store=True)
    name = fields.Char(string="Action", required=True)
    kind = fields.Selection([("correction", "Correction"), ("corrective", "Corrective"),
                             ("preventive", "Preventive"), ("verification", "Verification")],
                            required=True, default="corrective")
    user_id = fields.Many2one("res.users", string="Owner", required=True)
    date_deadline = fields.Date(string="Due Date", required=True)
    state = fields.Selection([("open", "Open"), ("done", "Done"), ("cancel", "Cancelled")], string="Status",
                             default="open", required=True, readonly=True, copy=False)
    result = fields.Text(help="What was done and the evidence.")
    done_on = fields.Datetime(string="Done On (UTC)", readonly=True, copy=False)
    activity_id = fields.Many2one("mail.activity", readonly=True, copy=False, ondelete="set null")

    # Locks -------------------------------------------------------------------------

    @api.model
    def _md_check_unlocked(self, capas):
        locked = capas.filtered(lambda c: c.md_signed or c.stage in ("closed", "cancel"))
        if locked:
            raise UserError(self.env._(
                "%s is closed or cancelled: its actions can no longer be added, changed or deleted.",
                ", ".join(locked.mapped("name"))))

    @api.model_create_multi
    def create(self, vals_list):
        self._md_check_unlocked(self.env["md.capa"].browse({vals.get("capa_id") for vals in vals_list}))
        actions = super().create(vals_list)
        actions._md_schedule_activity()
        return actions

    def write(self, vals):
        if not self._md_workflow_internal():
            self._md_check_write(vals)
        result = super().write(vals)
        if ACTIVITY_FIELDS & set(vals):
            self._md_schedule_activity()
        return result

    def _md_check_write(self, vals):
        if "capa_id" in vals and self.filtered(lambda a: a.capa_id.id != vals["capa_id"]):
            raise UserError(self.env._("An action stays on the CAPA it was planned for."))
        self._md_check_unlocked(self.capa_id)
        finished = self.filtered(lambda a: a.state != "open")
        if finished:
            raise UserError(self.env._("%s is done or cancelled and stays as it is; plan a new action instead.",
                                       ", ".join(finished.mapped("name"))))
        if not self.env.user.has_group(QA_GROUP) and (
                set(vals) - {"result"} or self.filtered(lambda a: a.user_id != self.env.user)):
            raise AccessError(self.env._(
                "Only QA managers plan CAPA actions; an owner records the result of their own actions."))

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_locked(self):
        self._md_check_unlocked(self.capa_id)
        done = self.filtered(lambda a: a.state == "done")
        if done:
            raise UserError(self.env._("%s is done: it is evidence of the CAPA and cannot be deleted.",
                                       ", ".join(done.mapped("name"))))

    def unlink(self):
        activities = self.activity_id
        result = super().unlink()
        activities.unlink()
        return result

    # Activity --------------------------------------------------------------------------

    def _md_schedule_activity(self):
        """The owner's activity on the CAPA follows the open action: owner, due date and name."""
        for action in self.filtered(lambda a: a.state == "open"):
            values = {"user_id": action.user_id.id, "date_deadline": action.date_deadline, "summary": action.name}
            if action.activity_id:
                action.activity_id.write(values)
            else:
                activity = action.capa_id.with_context(clean_context(self.env.context)).activity_schedule(
                    ACTION_ACTIVITY, **values)
                action._md_workflow_write({"activity_id": activity.id})

    # Buttons ------------------------------------------------------------------------------

    def _md_complete(self, feedback=None):
        """Mark the actions done; ``feedback`` (from the activity) becomes their result."""
        is_qa = self.env.user.has_group(QA_GROUP)
        if not is_qa and self.filtered(lambda a: a.user_id != self.env.user):
            raise AccessError(self.env._("Only the owner of an action or a QA manager can mark it done."))
        self._md_check_unlocked(self.capa_id)
        feedback = (feedback or "").strip()
        problems = []
        for action in self:
            if action.state != "open":
                problems.append(self.env._("%s is already done or cancelled.", action.name))
            elif not (feedback or (action.result or "").strip()):
                problems.append(self.env._("%s: write the result: what was done and the evidence.", action.name))
        if problems:
            raise UserError("\n".join(problems))
        values = {"state": "done", "done_on": fields.Datetime.now()}
        if feedback:
            values["result"] = feedback
        self._md_workflow_write(values)

    def action_done(self):
        self._md_complete()
        for action in self.filtered("activity_id"):
            action.activity_id.action_feedback(feedback=action.result)
        return True

    def action_cancel(self):
        if not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only QA managers cancel CAPA actions."))
        self._md_check_unlocked(self.capa_id)
        finished = self.filtered(lambda a: a.state != "open")
        if finished:
            raise UserError(self.env._("%s is already done or cancelled.", ", ".join(finished.mapped("name"))))
        self._md_cancel()
        for action in self:
            action.capa_id._md_log(self.env._("Action cancelled: %s", action.name))
        return True

    def _md_cancel(self):
        activities = self.activity_id
        self._md_workflow_write({"state": "cancel"})
        activities.unlink()
