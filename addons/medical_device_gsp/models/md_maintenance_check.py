from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

KEEPER_GROUP = "medical_device_base.group_md_storage_keeper"


class MdMaintenanceCheck(models.Model):
    """养护检查: one inspection of the stock in a plan's scope, lot by lot, by the storage keeper."""

    _name = "md.maintenance.check"
    _description = "Maintenance Check"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.workflow.mixin"]
    _order = "date desc, id desc"

    # Written by "Done" only, after its checks.
    _md_workflow_fields = ("state", "done_by", "done_on")
    # A done check is a record: nothing of it changes any more, chatter and activities aside.
    _md_frozen_fields = "__all__"

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False)
    plan_id = fields.Many2one("md.maintenance.plan", readonly=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 default=lambda self: self.env.company)
    date = fields.Date(string="Planned Date", required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one("res.users", string="Responsible", tracking=True)
    state = fields.Selection([("draft", "To Do"), ("done", "Done")], default="draft", required=True,
                             readonly=True, copy=False, index=True, tracking=True)
    line_ids = fields.One2many("md.maintenance.check.line", "check_id", string="Lines")
    line_count = fields.Integer(compute="_compute_counts", string="Lines Count")
    fail_count = fields.Integer(compute="_compute_counts", string="Failed Lines")
    todo_count = fields.Integer(compute="_compute_counts", string="Lines to Check")
    done_by = fields.Many2one("res.users", readonly=True, copy=False)
    done_on = fields.Datetime(string="Done On (UTC)", readonly=True, copy=False)
    scan_udi = fields.Char(string="Scan UDI", compute="_compute_scan_udi", inverse="_inverse_scan_udi",
                           help="Scan the label of each lot in hand: the points of its line not checked yet pass; "
                                "the points the system found failed stay failed.")

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for check in self:
            check.line_count = len(check.line_ids)
            check.fail_count = len(check.line_ids.filtered(lambda line: line.result == "fail"))
            check.todo_count = len(check.line_ids.filtered(lambda line: not line.result))

    def _compute_scan_udi(self):
        self.scan_udi = False

    def _inverse_scan_udi(self):
        for check in self.filtered("scan_udi"):
            check.action_scan_udi(check.scan_udi)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name"):
                vals["name"] = self.env["ir.sequence"].next_by_code("md.maintenance.check")
        checks = super().create(vals_list)
        for check in checks:
            check.activity_schedule(
                "medical_device_gsp.mail_activity_md_maintenance_check",
                date_deadline=check.date,
                user_id=(check.user_id or self.env.user).id,
                note=self.env._("Check %(count)s lot(s): appearance, packaging, label, expiry and storage "
                                "conditions.", count=len(check.line_ids)))
        return checks

    def _md_frozen_error(self, records, field_names):
        return UserError(self.env._("%(checks)s is done: a completed maintenance record cannot be changed "
                                    "or deleted.", checks=", ".join(records.mapped("name"))))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self._md_check_not_done()

    def _md_check_not_done(self):
        done = self.filtered(lambda check: check.state == "done")
        if done:
            raise self._md_frozen_error(done, [])

    # Scanning the lots in hand ----------------------------------------------------

    def action_scan_udi(self, code, failed=None, finding=None):
        """The keeper has the lot of ``code`` in hand: record its line of this check.

        Without ``failed`` every point of the line not checked yet passes; ``failed`` names the point
        that fails (appearance, packaging, label), which needs ``finding``. Points the system already
        found failed (expiry, storage conditions) stay failed. Refused: a done check, a lot that is not
        on it, a lot whose lines are all checked, a code whose dates contradict the lot's. When the lot
        lies in several places, each scan takes the next of its lines. Returns the line.
        """
        self.ensure_one()
        self._md_check_not_done()
        Line = self.env["md.maintenance.check.line"]
        labels = Line._md_result_labels()
        if failed and failed not in labels:
            raise UserError(self.env._("%s is not a point of the maintenance check.", failed))
        if failed and len((finding or "").strip()) < 5:
            raise UserError(self.env._("%(point)s fails: describe the finding.", point=labels[failed]))
        MoveLine = self.env["stock.move.line"]
        found = MoveLine._md_udi_read(code)
        parsed, product, name = found["parsed"], found["product"], found["lot_name"]
        lines = self.line_ids.filtered(lambda l: l.product_id == product and (not name or l.lot_id.name == name))
        if not lines:
            raise UserError(self.env._("%(product)s %(lot)s is not on maintenance check %(check)s.",
                                       product=product.display_name, lot=name or "", check=self.name))
        MoveLine._md_udi_check_lot(lines[0].lot_id, product, parsed)
        line = lines.filtered(lambda l: not all(l[field] for field in labels))[:1]
        if not line:
            raise UserError(self.env._("%(product)s %(lot)s is checked already on %(check)s.",
                                       product=product.display_name, lot=name or "", check=self.name))
        vals = {field: "pass" for field in labels if not line[field]}
        if failed:
            vals[failed] = "fail"
            vals["finding"] = "\n".join(filter(None, [(line.finding or "").strip(), finding.strip()]))
        line.write(vals)
        return line

    # Completion ----------------------------------------------------------------

    def action_done(self):
        for check in self:
            check._md_check_before_done()
        for check in self:
            check._md_done()
        return True

    def _md_check_before_done(self):
        self.ensure_one()
        if self.state == "done":
            raise UserError(self.env._("%(check)s is already done.", check=self.name))
        problems = []
        if not self.env.user.has_group(KEEPER_GROUP):
            problems.append(self.env._("%(user)s is not a storage keeper; only a storage keeper may complete a "
                                       "maintenance check.", user=self.env.user.name))
        labels = self.env["md.maintenance.check.line"]._md_result_labels()
        for line in self.line_ids:
            missing = [label for field, label in labels.items() if not line[field]]
            if missing:
                problems.append(self.env._("%(line)s: no result for %(checks)s.",
                                           line=line._md_label(), checks=", ".join(missing)))
            if line.result == "fail" and len((line.finding or "").strip()) < 5:
                problems.append(self.env._("%(line)s: describe the finding of the failed check.",
                                           line=line._md_label()))
        if problems:
            raise problems_error(self.env._("%(check)s cannot be completed:", check=self.name), problems)

    def _md_done(self):
        """Hold the lots that failed, freeze the record and close the keeper's activity."""
        self.ensure_one()
        failed = self.line_ids.filtered(lambda line: line.result == "fail")
        findings = defaultdict(list)
        for line in failed:
            findings[line.lot_id].append(line.finding.strip())
        held = self.env["stock.lot"]
        holdable = held._md_quality_states_with("holdable")
        for lot, texts in findings.items():
            reason = self.env._("%(check)s: %(finding)s", check=self.name, finding="\n".join(texts))
            if lot.md_quality_state in holdable:
                lot._md_change_quality_state("hold", reason, origin=self.name)
                held |= lot
            else:
                lot._message_log(body=reason)
        self._md_workflow_write({"state": "done", "done_by": self.env.user.id, "done_on": fields.Datetime.now()})
        self.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref(
                "medical_device_gsp.mail_activity_md_maintenance_check")
        ).action_feedback(feedback=self.env._("Maintenance check done."))
        summary = [self.env._("Done by %(user)s: %(count)s line(s), %(failed)s failed.",
                              user=self.env.user.name, count=len(self.line_ids), failed=len(failed))]
        if held:
            summary.append(self.env._("Put on hold: %(lots)s", lots=", ".join(held.mapped("display_name"))))
        kept = self.env["stock.lot"].concat(*findings) - held
        if kept:
            summary.append(self.env._("Failed but left in their status: %(lots)s",
                                      lots=", ".join(kept.mapped("display_name"))))
        for line in failed:
            summary.append(f"{line._md_label()}: {line.finding.strip()}")
        self.message_post(body=Markup("<br/>").join(summary))
