from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

KEEPER_GROUP = "medical_device_base.group_md_storage_keeper"


class MdOutboundReview(models.Model):
    """出库复核: the check of a delivery of medical devices before it leaves, signed by the reviewer."""

    _name = "md.outbound.review"
    _description = "Outbound Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"

    # Taken from the delivery by "Refresh", or set by the reviewer's signature:
    # a picker cannot drop themself from the pickers to review their own picking.
    _md_workflow_fields = ("state", "picking_id", "partner_id", "picker_ids", "reviewer_id", "reviewed_on")

    _md_signed_fields = ["name", "picking_id", "partner_id", "line_ids", "problem_ids", "note"]
    _md_signature_groups = {"reviewed": KEEPER_GROUP}
    _md_required_signatures = [([("state", "in", ("passed", "corrected"))], "reviewed")]

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.outbound.review"))
    picking_id = fields.Many2one("stock.picking", string="Delivery", required=True, readonly=True, index=True,
                                 ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    picker_ids = fields.Many2many("res.users", string="Picked By", readonly=True)
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False)
    reviewed_on = fields.Datetime(string="Reviewed On (UTC)", readonly=True, copy=False)
    line_ids = fields.One2many("md.outbound.review.line", "review_id", string="Lines", copy=True)
    problem_ids = fields.One2many("md.outbound.problem", "review_id", string="Problems", copy=True)
    open_problem_count = fields.Integer(compute="_compute_open_problem_count", string="Open Problems")
    note = fields.Text()
    scan_udi = fields.Char(string="Scan UDI", compute="_compute_scan_udi", inverse="_inverse_scan_udi",
                           help="Scan the label of each device: the scan confirms the lot picked, or puts the "
                                "scanned lot in place of a reserved one when it may be delivered.")
    scanned_count = fields.Integer(compute="_compute_scanned_count", string="Scanned Lines")
    state = fields.Selection([("draft", "To Review"), ("passed", "Passed"), ("corrected", "Corrected")],
                             compute="_compute_state", store=True, index=True)

    @api.depends("md_signed", "md_corrected")
    def _compute_state(self):
        for review in self:
            review.state = "corrected" if review.md_corrected else ("passed" if review.md_signed else "draft")

    @api.depends("problem_ids.resolved")
    def _compute_open_problem_count(self):
        for review in self:
            review.open_problem_count = len(review.problem_ids.filtered(lambda p: not p.resolved))

    def _compute_scan_udi(self):
        self.scan_udi = False

    def _inverse_scan_udi(self):
        for review in self.filtered("scan_udi"):
            review.action_scan_udi(review.scan_udi)

    @api.depends("line_ids.scanned")
    def _compute_scanned_count(self):
        for review in self:
            review.scanned_count = len(review.line_ids.filtered("scanned"))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An outbound review is a sales record and cannot be deleted."))

    def _md_correction_default(self):
        return {"name": self.name}

    # Content -------------------------------------------------------------------

    def action_refresh(self):
        """Rebuild the lines from the delivery and run every check again."""
        for review in self:
            if review.md_signed:
                raise UserError(self.env._("%s is signed and can no longer change.", review.name))
            # The rebuild copies the delivery, nothing the user types: whoever may read it may refresh it.
            review._md_workflow_env()._md_rebuild()
        return True

    def action_scan_udi(self, code):
        """Scan a device's UDI during the review: the delivery's scan, then the lines again."""
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is signed and can no longer change.", self.name))
        line = self.picking_id._md_scan_outbound(code)
        self.action_refresh()
        return line.id

    def _md_rebuild(self):
        self.ensure_one()
        picking = self.picking_id
        counted = {(l.product_id.id, l.lot_id.id): l.qty_checked for l in self.line_ids}
        self.line_ids._md_unlink_for_rebuild()
        Line = self.env["md.outbound.review.line"]
        line_vals = []
        scans = picking._md_outbound_scans()
        for (product, lot), quantity in picking._md_outbound_quantities().items():
            vals = Line._md_values(product, lot, quantity)
            vals.update(scans.get((product, lot), {}))
            vals["qty_checked"] = counted.get((product.id, lot.id), quantity)
            line_vals.append(Command.create(vals))
        kept = self.problem_ids.filtered("md_signed")
        self.problem_ids.filtered(lambda p: not p.md_signed)._md_unlink_for_rebuild()
        self.write({
            "partner_id": picking.partner_id.commercial_partner_id.id,
            "picker_ids": [Command.set(picking._md_pickers().ids)],
            "line_ids": line_vals,
        })
        known = {p._md_key() for p in kept}
        problems = [p for p in picking._md_outbound_problems(self) if self.env["md.outbound.problem"]._md_key_of(p) not in known]
        self.write({"problem_ids": [Command.create(p) for p in problems]})

    # Signing -------------------------------------------------------------------

    def action_sign_review(self):
        self.ensure_one()
        self.action_refresh()
        self._md_check_before_signing("reviewed")
        return self.action_sign("reviewed")

    def _md_check_before_signing(self, meaning):
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is already signed.", self.name))
        if self.picking_id.state in ("done", "cancel"):
            raise UserError(self.env._("%s is no longer open for review.", self.picking_id.name))
        problems = [p.message for p in self.problem_ids if not p.resolved]
        if self.company_id.md_review_segregation and self.env.user in self.picker_ids:
            problems.append(self.env._("%s picked this delivery and may not also review it (segregation of duties).",
                                       self.env.user.name))
        if problems:
            raise problems_error(self.env._("%s cannot pass review:", self.name), problems)

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        self._md_workflow_env().write({"reviewer_id": self.env.user.id, "reviewed_on": signature.signed_at})
        return signature

    # Used by the delivery's validation -----------------------------------------------

    def _md_exception_signed(self, problem):
        """True when QA released ``problem`` (values from the delivery's checks) on this review."""
        self.ensure_one()
        key = self.problem_ids._md_key_of(problem)
        return problem["overridable"] and any(p.resolved and p._md_key() == key for p in self.problem_ids)

    def _md_matches_picking(self):
        """True when the delivery still holds exactly what was reviewed."""
        self.ensure_one()
        current = {(p.id, l.id): q for (p, l), q in self.picking_id._md_outbound_quantities().items()}
        reviewed = defaultdict(float)
        for line in self.line_ids:
            reviewed[(line.product_id.id, line.lot_id.id)] += line.quantity
        return current == dict(reviewed)
