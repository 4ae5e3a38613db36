from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

from .maintenance_equipment import DEPARTMENT_HEAD_GROUP, ENGINEER_GROUP

# Meaning of each of the two signatures, and who gives it.
DEPARTMENT_MEANING = "accepted"
ENGINEER_MEANING = "verified"


class MdEquipmentInstallation(models.Model):
    """Installation acceptance (安装验收): the checklist the department and the device engineer sign before the
    equipment goes into service."""

    _name = "md.equipment.installation"
    _description = "Installation Acceptance"
    _inherit = ["mail.thread", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"

    _md_workflow_fields = ("name", "state", "done_on")
    _md_frozen_fields = "__all__"
    _md_open_states = ("draft",)
    _md_signed_fields = ["name", "equipment_id", "product_id", "serial_no", "date", "department_id", "location",
                         "line_ids", "note"]
    _md_signature_groups = {DEPARTMENT_MEANING: DEPARTMENT_HEAD_GROUP, ENGINEER_MEANING: ENGINEER_GROUP}
    _md_required_signatures = [([("state", "=", "done")], DEPARTMENT_MEANING),
                               ([("state", "=", "done")], ENGINEER_MEANING)]

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    equipment_id = fields.Many2one("maintenance.equipment", required=True, index=True,
                                   ondelete="restrict", domain=[("md_state", "=", "acceptance")])
    company_id = fields.Many2one(related="equipment_id.company_id", store=True, index=True)
    # Copied from the equipment when the first signature is given: the signatures cover them as they were.
    product_id = fields.Many2one("product.product", string="Device", readonly=True)
    serial_no = fields.Char(string="Serial Number", readonly=True)
    date = fields.Date(string="Installation Date", required=True, default=fields.Date.context_today)
    department_id = fields.Many2one("md.equipment.department",
                                    compute="_compute_from_equipment", store=True, readonly=False)
    location = fields.Char(compute="_compute_from_equipment", store=True, readonly=False)
    line_ids = fields.One2many("md.equipment.installation.line", "installation_id", string="Checklist")
    note = fields.Text(string="Notes")
    state = fields.Selection([("draft", "To Sign"), ("done", "Accepted")], default="draft", required=True,
                             readonly=True, tracking=True, copy=False)
    done_on = fields.Datetime(string="Accepted On (UTC)", readonly=True, copy=False)
    department_signed = fields.Boolean(compute="_compute_signed")
    engineer_signed = fields.Boolean(compute="_compute_signed")

    @api.depends("equipment_id")
    def _compute_from_equipment(self):
        for installation in self:
            installation.department_id = installation.equipment_id.md_department_id
            installation.location = installation.equipment_id.location

    def _compute_signed(self):
        signed = {(sig.res_id, sig.meaning) for sig in self.env["md.signature"].sudo().search_fetch(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id", "meaning"])}
        for installation in self:
            installation.department_signed = (installation.id, DEPARTMENT_MEANING) in signed
            installation.engineer_signed = (installation.id, ENGINEER_MEANING) in signed

    @api.model_create_multi
    def create(self, vals_list):
        installations = super().create(vals_list)
        Checklist = self.env["md.equipment.checklist"]
        for installation in installations:
            installation._md_workflow_env().write(
                {"name": self.env["ir.sequence"].next_by_code("md.equipment.installation") or "/"})
            if not installation.line_ids:
                checklist = Checklist._md_for_equipment(installation.equipment_id)
                installation.line_ids = [Command.create({"sequence": item.sequence, "name": item.name})
                                         for item in checklist.item_ids]
        return installations

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        done = self.filtered(lambda i: i.state != "draft")
        if done:
            raise UserError(self.env._("%s is accepted and kept as a record; it cannot be deleted.",
                                       ", ".join(done.mapped("name"))))

    # Signatures -----------------------------------------------------------------

    def action_sign_department(self):
        self.ensure_one()
        return self.action_sign(DEPARTMENT_MEANING)

    def action_sign_engineer(self):
        self.ensure_one()
        return self.action_sign(ENGINEER_MEANING)

    def _md_check_before_signing(self, meaning):
        labels = self.env["md.signature"]._md_meaning_labels()
        problems = []
        signatures = self.env["md.signature"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)])
        if self.state != "draft":
            problems.append(self.env._("%s is already accepted.", self.name))
        if meaning in signatures.mapped("meaning"):
            problems.append(self.env._("It is already signed as \"%s\".", labels.get(meaning, meaning)))
        if self.env.user in signatures.signer_id:
            problems.append(self.env._(
                "You have already signed it: the department and the device engineer sign as two people."))
        if self.equipment_id.md_state != "acceptance":
            problems.append(self.env._(
                "%(equipment)s is %(state)s, not in acceptance.", equipment=self.equipment_id.display_name,
                state=self.env["maintenance.equipment"]._md_equipment_state_labels().get(
                    self.equipment_id.md_state, "-")))
        if not self.department_id:
            problems.append(self.env._("Give the department that receives the equipment."))
        if not self.line_ids:
            problems.append(self.env._("The checklist is empty."))
        problems += [self.env._("Not checked: %s", line.name) for line in self.line_ids if not line.result]
        for line in self.line_ids.filtered(lambda l: l.result == "fail"):
            if line.note:
                problems.append(self.env._("Failed: %(item)s (%(note)s)", item=line.name, note=line.note))
            else:
                problems.append(self.env._("Failed: %s", line.name))
        if problems:
            raise problems_error(self.env._("%s cannot be signed:", self.name), problems)

    def _md_sign(self, meaning, comment=None):
        if not self.md_signed:
            # The checks run again in super(); this copy is only what the first signature covers.
            self._md_check_can_sign(meaning)
            self._md_check_before_signing(meaning)
            equipment = self.equipment_id
            self.sudo().write({"product_id": equipment.md_product_id.id, "serial_no": equipment.serial_no})
        signature = super()._md_sign(meaning, comment)
        meanings = set(self.env["md.signature"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]).mapped("meaning"))
        if {DEPARTMENT_MEANING, ENGINEER_MEANING} <= meanings:
            self._md_complete()
        return signature

    def _md_complete(self):
        """Both signatures given on a checklist that passed: the equipment goes into service."""
        self.ensure_one()
        self._md_workflow_env().write({"state": "done", "done_on": fields.Datetime.now()})
        # The signatures authorised this; a department head may not change equipment otherwise.
        equipment = self.equipment_id.sudo()
        equipment._md_change_state("in_service", process=True)
        equipment._md_workflow_env().write({"md_acceptance_date": self.date, "md_department_id": self.department_id.id,
                                            "location": self.location or equipment.location})
        equipment.message_post(body=self.env._("In service after the installation acceptance %s.", self.name),
                               author_id=self.env.user.partner_id.id)

    def _md_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Installation Acceptance"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
