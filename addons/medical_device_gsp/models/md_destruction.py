from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.medical_device_base.models.md_compliance import problems_error

QA_GROUP = "medical_device_base.group_md_qa_manager"
METHODS = [
    ("incineration", "Incineration"),
    ("crushing", "Crushing/Deforming"),
    ("chemical", "Chemical Treatment"),
    ("waste_contractor", "Licensed Medical Waste Contractor"),
    ("other", "Other"),
]


class MdDestruction(models.Model):
    """销毁记录: nonconforming goods destroyed before witnesses, approved by QA's signature.

    The storage keeper lists lots and quantities of the nonconforming zone, the
    method, the place and the witnesses; the QA manager's signature scraps
    exactly those quantities, in the same transaction. Nothing leaves the
    nonconforming zone for scrap any other way.
    """

    _name = "md.destruction"
    _description = "Destruction Record"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"

    # Who prepared it is who created it; who approved it and when come from the signature.
    _md_workflow_fields = ("prepared_by", "approved_by", "approved_on")
    _md_signed_fields = ["name", "company_id", "warehouse_id", "location_id", "destruction_date", "method",
                         "method_detail", "place", "reason", "witness_ids", "prepared_by", "note", "line_ids"]
    _md_signature_groups = {"approved": QA_GROUP}
    _md_required_signatures = [([("state", "=", "done")], "approved")]

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.destruction"))
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True,
                                   default=lambda self: self._default_warehouse())
    location_id = fields.Many2one(
        "stock.location", string="Nonconforming Zone", required=True, check_company=True,
        compute="_compute_location_id", store=True, readonly=False, precompute=True,
        domain="[('md_zone', '=', 'nonconforming'), ('usage', '=', 'internal')]",
        help="Where the goods to destroy are kept; the lines default to it.")
    destruction_date = fields.Datetime(required=True, default=fields.Datetime.now,
                                       help="When the goods are destroyed before the witnesses.")
    method = fields.Selection(METHODS, string="Destruction Method", required=True)
    method_detail = fields.Text(string="Method Details",
                                help="How the goods were made unusable; the contractor and its licence for a "
                                     "medical waste contractor.")
    place = fields.Char(string="Destruction Place")
    reason = fields.Text(string="Reason for Destruction", help="Expired, damaged, rejected at acceptance…")
    witness_ids = fields.Many2many(
        "res.users", "md_destruction_witness_rel", "destruction_id", "user_id", string="Witnesses",
        domain="[('share', '=', False)]",
        help="At least two different people watched the destruction, one of them a QA manager.")
    note = fields.Text()
    line_ids = fields.One2many("md.destruction.line", "destruction_id", string="Lines", copy=True)
    prepared_by = fields.Many2one("res.users", readonly=True, copy=False, default=lambda self: self.env.user)
    approved_by = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(string="Approved On (UTC)", readonly=True, copy=False)
    scrap_ids = fields.One2many("stock.scrap", "md_destruction_id", string="Scrap Orders", readonly=True)
    state = fields.Selection([("draft", "To Approve"), ("done", "Destroyed")], compute="_compute_state",
                             store=True, index=True)
    qty_total = fields.Float(string="Total Quantity", compute="_compute_qty_total",
                             digits="Product Unit of Measure")

    @api.model
    def _default_warehouse(self):
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id), ("md_nonconforming_location_id", "!=", False)], limit=1)

    @api.depends("warehouse_id")
    def _compute_location_id(self):
        for destruction in self:
            if destruction.warehouse_id.md_nonconforming_location_id:
                destruction.location_id = destruction.warehouse_id.md_nonconforming_location_id
            elif not destruction.location_id:
                destruction.location_id = False

    @api.depends("md_signed")
    def _compute_state(self):
        for destruction in self:
            destruction.state = "done" if destruction.md_signed else "draft"

    @api.depends("line_ids.quantity")
    def _compute_qty_total(self):
        for destruction in self:
            destruction.qty_total = sum(destruction.line_ids.mapped("quantity"))

    # Checks ----------------------------------------------------------------------

    def _md_stock_problems(self):
        """Lines whose lot is not in the nonconforming zone, or asks for more than is there (free)."""
        self.ensure_one()
        Quant = self.env["stock.quant"].sudo()
        problems = []
        wanted = defaultdict(float)
        for line in self.line_ids:
            label = f"{line.product_id.display_name} {line.lot_id.name or ''}".strip()
            if line.location_id.md_zone != "nonconforming" or line.location_id.usage != "internal":
                problems.append(self.env._(
                    "%(lot)s: %(location)s is not in the nonconforming zone; only nonconforming goods are "
                    "destroyed.", lot=label, location=line.location_id.display_name or "-"))
                continue
            if float_compare(line.quantity, 0, precision_rounding=line.product_id.uom_id.rounding or 0.001) <= 0:
                problems.append(self.env._("%s: the quantity to destroy must be positive.", label))
                continue
            wanted[(line.product_id, line.lot_id, line.location_id)] += line.quantity
        for (product, lot, location), quantity in wanted.items():
            there = Quant._get_available_quantity(product, location, lot_id=lot, strict=True)
            if float_compare(quantity, there, precision_rounding=product.uom_id.rounding or 0.001) > 0:
                label = f"{product.display_name} {lot.name or ''}".strip()
                problems.append(self.env._(
                    "%(lot)s: %(wanted)s to destroy but only %(there)s in %(location)s.",
                    lot=label, wanted=quantity, there=there, location=location.display_name))
        return problems

    def _md_witness_problems(self):
        self.ensure_one()
        problems = []
        if len(self.witness_ids) < 2:
            problems.append(self.env._("Two different witnesses must watch the destruction."))
        if not any(user.has_group(QA_GROUP) for user in self.witness_ids):
            problems.append(self.env._("One of the witnesses must be a QA manager."))
        return problems

    def _md_check_before_signing(self, meaning):
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is already signed.", self.name))
        problems = []
        if not self.line_ids:
            problems.append(self.env._("List the lots and quantities to destroy."))
        if not (self.place or "").strip():
            problems.append(self.env._("Give the place of destruction."))
        if self.method == "other" and not (self.method_detail or "").strip():
            problems.append(self.env._("Describe the destruction method."))
        problems += self._md_witness_problems()
        problems += self._md_stock_problems()
        if problems:
            raise problems_error(self.env._("%s cannot be approved:", self.name), problems)

    # Actions ---------------------------------------------------------------------

    def action_sign_destruction(self):
        self.ensure_one()
        self._md_check_can_sign("approved")
        self._md_check_before_signing("approved")
        return self.action_sign("approved")

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        self._md_workflow_env().write({"approved_by": self.env.user.id, "approved_on": signature.signed_at})
        self.sudo()._md_destroy()
        return signature

    def _md_destroy(self):
        """Scrap exactly the listed quantities (the only way out of the nonconforming zone to scrap)."""
        self.ensure_one()
        if not self.env.su:
            raise UserError(self.env._("Goods are destroyed only by the signature of the destruction record."))
        Scrap = self.env["stock.scrap"].with_context(md_destruction=True)
        scraps = Scrap.create([{
            "product_id": line.product_id.id,
            "product_uom_id": line.product_id.uom_id.id,
            "lot_id": line.lot_id.id,
            "scrap_qty": line.quantity,
            "location_id": line.location_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "md_destruction_id": self.id,
        } for line in self.line_ids])
        missing = scraps.filtered(lambda scrap: not scrap.scrap_location_id)
        if missing:
            raise UserError(self.env._("%s has no scrap location.", self.company_id.name))
        scraps.do_scrap()
        self._md_log(self.env._("Destroyed: %(scraps)s (%(quantity)s units).",
                                scraps=", ".join(scraps.mapped("name")), quantity=self.qty_total))
        return scraps

    def action_view_scraps(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Scrap Orders"),
            "res_model": "stock.scrap",
            "view_mode": "list,form",
            "domain": [("md_destruction_id", "=", self.id)],
        }

    @api.model
    def _md_lines_from_quants(self, quants):
        """Line values for ``quants`` (all their free quantity): the keeper's starting point."""
        return [Command.create({"product_id": quant.product_id.id, "lot_id": quant.lot_id.id,
                                "location_id": quant.location_id.id,
                                "quantity": quant.quantity - quant.reserved_quantity})
                for quant in quants if quant.quantity - quant.reserved_quantity > 0]

    def action_fill_from_zone(self):
        """Propose every lot in the nonconforming zone with its free quantity."""
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is already signed.", self.name))
        quants = self.env["stock.quant"].search([
            ("location_id", "child_of", self.location_id.id), ("quantity", ">", 0),
            ("product_id.is_medical_device", "=", True)])
        self.write({"line_ids": [Command.clear()] + self._md_lines_from_quants(quants)})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        # A signed record is refused by md.signable.mixin; scraps keep their link to it.
        if self.filtered("scrap_ids"):
            raise UserError(self.env._("A destruction record that scrapped goods cannot be deleted."))
