from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.medical_device_base.models.md_compliance import MIN_REASON_LENGTH, problems_error

QA_GROUP = "medical_device_base.group_md_qa_manager"
STOCK_GROUP = "stock.group_stock_user"
STATES = [
    ("draft", "Draft"),
    ("counting", "Counting"),
    ("recount", "Recount"),
    ("to_approve", "To Approve"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]


class MdCount(models.Model):
    """盘点: one cycle count of a few locations, from the scan of each unit to the inventory adjustment.

    GSP asks that stock records match the goods (账货相符), and a variance changes the stock of medical
    devices: it must be confirmed and explained before the books follow it. The counter scans each
    location and its lots; a variance above the plan's threshold is recounted by someone else, then
    explained and approved by QA's signature; only then is Odoo's inventory adjusted. Variances within
    the threshold are applied when the count (or the recount) finishes.
    """

    _name = "md.count"
    _description = "Cycle Count"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _md_workflow_fields = ("state", "counted_by", "started_on", "counted_on", "recounted_by", "recounted_on",
                           "approval_required", "approved_by", "approved_on", "done_on", "cancelled_by")
    # What the count covers is fixed once it has started.
    _md_frozen_fields = ("plan_id", "company_id", "warehouse_id", "location_ids", "threshold_qty",
                         "threshold_percent")
    _md_signed_fields = ["name", "company_id", "location_ids", "counted_by", "recounted_by", "approval_reason",
                         "line_ids"]
    _md_signature_groups = {"approved": QA_GROUP}
    _md_required_signatures = [([("state", "=", "done"), ("approval_required", "=", True)], "approved")]

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.count") or "/")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    plan_id = fields.Many2one("md.count.plan", check_company=True, index=True, ondelete="restrict")
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True,
                                   default=lambda self: self.env["md.count.plan"]._default_warehouse())
    location_ids = fields.Many2many(
        "stock.location", "md_count_location_rel", "count_id", "location_id", string="Locations",
        check_company=True, domain="[('usage', 'in', ('internal', 'view')), ('warehouse_id', '=', warehouse_id)]",
        help="The counter may scan these locations and their sub-locations; empty: the warehouse's stock.")
    threshold_qty = fields.Float(string="Variance Threshold (units)", digits="Product Unit of Measure",
                                 help="A variance of more units needs a recount and QA's approval. 0: not used.")
    threshold_percent = fields.Float(
        string="Variance Threshold (%)",
        help="A variance above this share of the expected quantity needs a recount and QA's approval. "
             "0: not used. With neither threshold, every variance needs them.")
    state = fields.Selection(STATES, default="draft", required=True, readonly=True, tracking=True, index=True,
                             copy=False)
    line_ids = fields.One2many("md.count.line", "count_id", string="Lines", readonly=True)
    counted_by = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    started_on = fields.Datetime(string="Started On (UTC)", readonly=True, copy=False)
    counted_on = fields.Datetime(string="Counted On (UTC)", readonly=True, copy=False)
    recounted_by = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    recounted_on = fields.Datetime(string="Recounted On (UTC)", readonly=True, copy=False)
    approval_required = fields.Boolean(readonly=True, copy=False,
                                       help="Variances above the threshold remained after the recount.")
    approval_reason = fields.Text(
        string="Explanation of the Variances", copy=False, tracking=True,
        help="Why the stock differs from the records (e.g. a picking error, a unit damaged and not recorded); "
             "QA signs the approval on it.")
    approved_by = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(string="Approved On (UTC)", readonly=True, copy=False)
    done_on = fields.Datetime(string="Applied On (UTC)", readonly=True, copy=False)
    cancelled_by = fields.Many2one("res.users", readonly=True, copy=False)
    line_count = fields.Integer(compute="_compute_line_stats")
    variance_count = fields.Integer(string="Lines With Variance", compute="_compute_line_stats")
    above_count = fields.Integer(string="Lines Above Threshold", compute="_compute_line_stats")

    @api.depends("line_ids.variance", "line_ids.above_threshold")
    def _compute_line_stats(self):
        for count in self:
            lines = count.line_ids
            count.line_count = len(lines)
            count.variance_count = len(lines.filtered("variance"))
            count.above_count = len(lines.filtered("above_threshold"))

    # Regulated record ---------------------------------------------------------------------

    def write(self, vals):
        # The explanation belongs to the approval: written while the count waits for it, frozen by the signature.
        if "approval_reason" in vals and not self._md_workflow_internal() \
                and self.filtered(lambda count: count.state != "to_approve"):
            raise UserError(self.env._("The explanation of the variances is written when the count waits for "
                                       "QA's approval."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_never_counted(self):
        started = self.filtered(lambda count: count.state != "draft" or count.counted_by)
        if started:
            raise UserError(self.env._("%s has been counted and cannot be deleted; cancel it instead.",
                                       ", ".join(started.mapped("name"))))

    # Creation -----------------------------------------------------------------------------

    @api.model
    def _md_create_from_plan(self, plan, stock):
        """A draft count of ``stock`` ([(product, lot, location, quantity)]) with the plan's scope and thresholds."""
        count = self.create({
            "plan_id": plan.id,
            "company_id": plan.company_id.id,
            "warehouse_id": plan.warehouse_id.id,
            "location_ids": [Command.set(plan._md_scope_locations().ids)],
            "threshold_qty": plan.threshold_qty,
            "threshold_percent": plan.threshold_percent,
        })
        count._md_add_lines([(product, lot, location) for product, lot, location, _qty in stock])
        if plan.user_id:
            count.activity_schedule("mail.mail_activity_data_todo", user_id=plan.user_id.id,
                                    summary=self.env._("Count the stock of %s", count.name))
        return count

    def _md_add_lines(self, keys, **values):
        """Lines for (product, lot, location) keys, written as the scans write them."""
        self.ensure_one()
        return self.env["md.count.line"]._md_workflow_env().create([dict({
            "count_id": self.id, "product_id": product.id, "lot_id": lot.id, "location_id": location.id,
        }, **values) for product, lot, location in keys]).with_env(self.env)

    # Scope ---------------------------------------------------------------------------------

    def _md_scope_locations(self):
        self.ensure_one()
        return self.location_ids or self.warehouse_id.lot_stock_id

    def _md_in_scope(self, location):
        self.ensure_one()
        return location.usage == "internal" and bool(location.sudo().filtered_domain(
            [("id", "child_of", self._md_scope_locations().ids)]))

    def _md_stock_quantity(self, product, lot, location):
        """What the records say is at ``location`` itself (not its sub-locations) of ``product``/``lot``."""
        return sum(self._md_quants(product, lot, location).mapped("quantity"))

    @api.model
    def _md_quants(self, product, lot, location):
        return self.env["stock.quant"].sudo().search([
            ("product_id", "=", product.id), ("location_id", "=", location.id), ("lot_id", "=", lot.id or False)])

    # Roles ---------------------------------------------------------------------------------

    def _md_check_group(self, group, action):
        if not self.env.user.has_group(group):
            raise AccessError(self.env._("You may not %(action)s %(count)s.", action=action,
                                         count=", ".join(self.mapped("name"))))

    def _md_check_state(self, states, action):
        wrong = self.filtered(lambda count: count.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._("%(count)s is %(state)s: it cannot %(action)s.", count=wrong[0].name,
                                       state=labels[wrong[0].state], action=action))

    # Counting ------------------------------------------------------------------------------

    def action_start(self):
        """Draft → counting: the user becomes the counter and the expected quantities are taken now."""
        self._md_check_group(STOCK_GROUP, self.env._("start"))
        self._md_check_state(("draft",), self.env._("start"))
        for count in self:
            if not count.line_ids:
                # A count made by hand covers all the device stock of its locations.
                count._md_add_lines(count._md_stock_in_scope())
            for line in count.line_ids:
                line._md_workflow_env().write({"expected": count._md_stock_quantity(
                    line.product_id, line.lot_id, line.location_id)})
            count._md_workflow_write({"state": "counting", "counted_by": self.env.uid,
                                      "started_on": fields.Datetime.now()})
        return True

    def _md_stock_in_scope(self):
        self.ensure_one()
        groups = self.env["stock.quant"].sudo()._read_group([
            ("company_id", "=", self.company_id.id),
            ("location_id", "child_of", self._md_scope_locations().ids), ("location_id.usage", "=", "internal"),
            ("product_id.is_medical_device", "=", True),
        ], ["product_id", "lot_id", "location_id"], ["quantity:sum"], having=[("quantity:sum", ">", 0)])
        return [(product, lot, location) for product, lot, location, _qty in groups]

    def md_count_unit(self, location, product, lot=False, quantity=1.0):
        """Add ``quantity`` units of ``product``/``lot`` found at ``location`` (records or ids).

        The first count adds to ``counted`` (only its counter counts), the recount to ``recounted`` (anyone
        but the first counter; the first to recount is the recounter). A lot not expected there gets a line
        whose expected quantity is the stock recorded there now (none, usually). Returns the line.
        """
        self.ensure_one()
        self._md_check_group(STOCK_GROUP, self.env._("count"))
        location = self.env["stock.location"].browse(int(location)) if not isinstance(location, models.Model) \
            else location
        product = self.env["product.product"].browse(int(product)) if not isinstance(product, models.Model) \
            else product
        lot = self.env["stock.lot"].browse(int(lot or 0)) if not isinstance(lot, models.Model) else lot
        self._md_check_state(("counting", "recount"), self.env._("be counted"))
        self.check_access("write")
        recount = self.state == "recount"
        problems = self._md_count_problems(location, product, lot, quantity, recount)
        if problems:
            raise problems_error(self.env._("This count is refused:"), problems)
        line = self.line_ids.filtered(
            lambda l: l.location_id == location and l.product_id == product and l.lot_id == lot)[:1]
        if not line:
            line = self._md_add_lines([(product, lot, location)],
                                      expected=self._md_stock_quantity(product, lot, location),
                                      recount_required=recount)
        field = "recounted" if recount else "counted"
        if product.tracking == "serial" and float_compare(line[field] + quantity, 1, precision_digits=3) > 0:
            raise UserError(self.env._("Serial number %(serial)s of %(product)s is already counted.",
                                       serial=lot.name, product=product.display_name))
        values = {field: line[field] + quantity}
        if recount:
            values["recount_required"] = True
            if not self.recounted_by:
                self._md_workflow_write({"recounted_by": self.env.uid})
        line._md_workflow_env().write(values)
        return line

    def _md_count_problems(self, location, product, lot, quantity, recount):
        problems = []
        user = self.env.user
        if recount:
            if user == self.counted_by:
                problems.append(self.env._("The recount must be made by someone other than the first counter "
                                           "(%s).", self.counted_by.name))
            elif self.recounted_by and user != self.recounted_by:
                problems.append(self.env._("%s is recounting; one person recounts.", self.recounted_by.name))
        elif user != self.counted_by:
            problems.append(self.env._("%s is counting; one person counts, another recounts.",
                                       self.counted_by.name))
        if not location.exists() or not self._md_in_scope(location):
            problems.append(self.env._("%(location)s is not in the scope of %(count)s.",
                                       location=location.display_name or "-", count=self.name))
        if not product.exists() or not product.is_storable:
            problems.append(self.env._("%s is not a stored product.", product.display_name or "-"))
        elif product.tracking != "none" and not lot:
            problems.append(self.env._("%s is tracked by lot or serial: scan the code with the lot.",
                                       product.display_name))
        elif lot and lot.product_id != product:
            problems.append(self.env._("Lot %(lot)s is not a lot of %(product)s.", lot=lot.name,
                                       product=product.display_name))
        if float_compare(quantity, 0, precision_digits=3) <= 0:
            problems.append(self.env._("The quantity counted must be positive."))
        return problems

    def action_finish_count(self):
        """Counting → recount when a variance is above the threshold, else the inventory is applied."""
        self._md_check_group(STOCK_GROUP, self.env._("finish"))
        self._md_check_state(("counting",), self.env._("finish counting"))
        for count in self:
            if self.env.user != count.counted_by:
                raise UserError(self.env._("Only %(user)s, who counts %(count)s, can finish the count.",
                                           user=count.counted_by.name, count=count.name))
            count._md_workflow_write({"counted_on": fields.Datetime.now()})
            above = count.line_ids.filtered("above_threshold")
            if above:
                above._md_workflow_env().write({"recount_required": True})
                count._md_workflow_write({"state": "recount"})
                count._md_log(self.env._("%s line(s) above the variance threshold: someone other than the "
                                         "counter recounts them.", len(above)))
            else:
                count.action_apply()
        return True

    def action_finish_recount(self):
        """Recount → to approve when a variance is still above the threshold, else the inventory is applied."""
        self._md_check_group(STOCK_GROUP, self.env._("finish"))
        self._md_check_state(("recount",), self.env._("finish the recount"))
        for count in self:
            if not count.recounted_by:
                raise UserError(self.env._("Nobody has recounted %s yet: someone other than the counter scans "
                                           "the lines to recount.", count.name))
            if self.env.user != count.recounted_by:
                raise UserError(self.env._("Only %(user)s, who recounts %(count)s, can finish the recount.",
                                           user=count.recounted_by.name, count=count.name))
            count._md_workflow_write({"recounted_on": fields.Datetime.now()})
            if count.line_ids.filtered("above_threshold"):
                count._md_workflow_write({"state": "to_approve", "approval_required": True})
                count._md_log(self.env._("The recount confirms variances above the threshold: QA explains and "
                                         "approves them by signature before the inventory is adjusted."))
            else:
                count.action_apply()
        return True

    # Approval ------------------------------------------------------------------------------

    def action_sign_approval(self):
        self.ensure_one()
        self._md_check_can_sign("approved")
        self._md_check_before_signing("approved")
        return self.action_sign("approved")

    def _md_check_before_signing(self, meaning):
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is already approved.", self.name))
        problems = []
        if self.state != "to_approve":
            problems.append(self.env._("Only a count whose recount confirmed variances above the threshold "
                                       "is approved."))
        if len((self.approval_reason or "").strip()) < MIN_REASON_LENGTH:
            problems.append(self.env._("Explain the variances in at least %s characters.", MIN_REASON_LENGTH))
        if self.env.user in (self.counted_by | self.recounted_by):
            problems.append(self.env._("The approver must be someone other than the counter and the recounter."))
        if problems:
            raise problems_error(self.env._("%s cannot be approved:", self.name), problems)

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        self._md_workflow_env().write({"approved_by": self.env.user.id, "approved_on": signature.signed_at})
        self.action_apply()
        return signature

    # Applying ------------------------------------------------------------------------------

    def _md_apply_problems(self):
        """Why the inventory of this count may not be adjusted now by this user ([] when it may)."""
        self.ensure_one()
        user = self.env.user
        if self.state == "counting":
            if user != self.counted_by:
                return [self.env._("Only the counter applies a count without variances above the threshold.")]
            if self.line_ids.filtered("above_threshold"):
                return [self.env._("Variances above the threshold need a recount by someone other than the "
                                   "counter and QA's signed approval.")]
        elif self.state == "recount":
            if user != self.recounted_by:
                return [self.env._("Only the recounter applies a recount without variances above the "
                                   "threshold.")]
            if self.line_ids.filtered("above_threshold"):
                return [self.env._("Variances above the threshold need QA's signed approval.")]
        elif self.state == "to_approve":
            if not self.md_signed:
                return [self.env._("Variances above the threshold need QA's signed approval.")]
        else:
            labels = dict(self._fields["state"]._description_selection(self.env))
            return [self.env._("The count is %s.", labels[self.state])]
        return []

    def action_apply(self):
        """Adjust Odoo's inventory to the count, when the count allows it (see :meth:`_md_apply_problems`)."""
        self._md_check_group(STOCK_GROUP, self.env._("apply"))
        for count in self:
            count.check_access("write")
            problems = count._md_apply_problems()
            if problems:
                raise problems_error(self.env._("The inventory of %s cannot be adjusted:", count.name), problems)
            # Only here, after the checks, does the inventory change with the rights of the stock managers.
            count.sudo()._md_apply_inventory()
        return True

    def _md_apply_inventory(self):
        """Write the variances into stock.quant and apply them (Odoo's inventory adjustment)."""
        self.ensure_one()
        if not self.env.su or self._md_apply_problems():
            raise UserError(self.env._("The inventory is adjusted only by an approved or finished count."))
        Quant = self.env["stock.quant"].with_context(inventory_mode=True, inventory_name=self.name)
        quants = Quant
        for line in self.line_ids.filtered(lambda l: not float_is_zero(
                l.variance, precision_rounding=l.product_id.uom_id.rounding)):
            quant = self._md_quants(line.product_id, line.lot_id, line.location_id).with_env(Quant.env).filtered(
                lambda q: not q.package_id and not q.owner_id)[:1]
            if not quant:
                quant = Quant.with_context(inventory_mode=False).create({
                    "product_id": line.product_id.id, "location_id": line.location_id.id,
                    "lot_id": line.lot_id.id})
            # The variance, not the counted quantity: stock that moved since the count keeps its moves.
            quant.inventory_quantity = max(quant.quantity + line.variance, 0)
            quants |= quant
        if quants:
            result = quants.with_context(set_inventory_quantity_auto_apply=True).action_apply_inventory()
            if isinstance(result, dict):
                raise UserError(self.env._("The inventory adjustment of %s did not go through.", self.name))
        self._md_workflow_write({"state": "done", "done_on": fields.Datetime.now()})
        self._md_log(self.env._("Inventory adjusted: %s line(s) with a variance.", len(quants)))
        return quants

    # Cancelling ----------------------------------------------------------------------------

    def action_cancel(self):
        if not (self.env.user.has_group("stock.group_stock_manager") or self.env.user.has_group(QA_GROUP)):
            raise AccessError(self.env._("Only inventory managers and QA may cancel a count."))
        self._md_check_state(("draft", "counting", "recount", "to_approve"), self.env._("be cancelled"))
        if self.filtered("md_signed"):
            raise UserError(self.env._("An approved count cannot be cancelled."))
        self._md_workflow_write({"state": "cancel", "cancelled_by": self.env.uid})
        return True
