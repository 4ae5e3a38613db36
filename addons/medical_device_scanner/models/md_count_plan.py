from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Criteria a plan may combine; a lot is counted when it meets any of those chosen.
CRITERIA = ("crit_class_3", "crit_implantable", "crit_high_value", "crit_slow_moving", "crit_near_expiry",
            "crit_past_variance")


class MdCountPlan(models.Model):
    """盘点计划: which stock is counted, how often, chosen by risk.

    GSP asks that stock records match the goods (账货相符). Counting every shelf every week is not
    practical; a plan counts first what matters most: class III and implantable devices, high-value
    devices, slow movers (stock nobody looks at), lots near expiry and locations where earlier counts
    found variances. Each run creates one count of the lots chosen, for the counter to scan.
    """

    _name = "md.count.plan"
    _description = "Cycle Count Plan"
    _inherit = ["mail.thread"]
    _order = "next_date, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True, tracking=True,
                                   default=lambda self: self._default_warehouse())
    location_ids = fields.Many2many(
        "stock.location", "md_count_plan_location_rel", "plan_id", "location_id", string="Locations",
        check_company=True, domain="[('usage', 'in', ('internal', 'view')), ('warehouse_id', '=', warehouse_id)]",
        help="Stock in these locations and their sub-locations is counted; empty: the warehouse's stock.")
    crit_class_3 = fields.Boolean(string="Class III Devices", tracking=True)
    crit_implantable = fields.Boolean(string="Implantable Devices", tracking=True)
    crit_high_value = fields.Boolean(string="High-Value Devices", tracking=True)
    high_value_amount = fields.Float(string="Unit Cost Above", tracking=True,
                                     help="Devices whose unit cost (the product's cost) is above this amount.")
    crit_slow_moving = fields.Boolean(string="Slow Movers", tracking=True)
    slow_moving_days = fields.Integer(string="No Delivery For (days)", default=90, tracking=True,
                                      help="Devices not delivered to any customer for this many days.")
    crit_near_expiry = fields.Boolean(string="Lots Near Expiry", tracking=True)
    near_expiry_days = fields.Integer(string="Expiring Within (days)", default=180, tracking=True,
                                      help="Lots that expire within this many days, expired lots included.")
    crit_past_variance = fields.Boolean(string="Locations With Past Variances", tracking=True)
    past_variance_days = fields.Integer(string="Variances Of The Last (days)", default=365, tracking=True,
                                        help="Locations where a count applied a variance in this many days.")
    interval_days = fields.Integer(string="Every (days)", required=True, default=30, tracking=True)
    next_date = fields.Date(string="Next Count", required=True, tracking=True, default=fields.Date.context_today)
    threshold_qty = fields.Float(
        string="Variance Threshold (units)", digits="Product Unit of Measure", tracking=True,
        help="A variance of more units than this needs a recount by another person and QA's signed approval. "
             "0: not used.")
    threshold_percent = fields.Float(
        string="Variance Threshold (%)", tracking=True,
        help="A variance above this share of the expected quantity needs a recount and QA's approval. "
             "0: not used. With neither threshold, every variance needs them.")
    user_id = fields.Many2one("res.users", string="Counter", tracking=True, domain="[('share', '=', False)]",
                              help="Who is asked to count; anyone in the warehouse may.")
    count_ids = fields.One2many("md.count", "plan_id", string="Counts")
    count_count = fields.Integer(compute="_compute_count_count")
    note = fields.Text()

    @api.model
    def _default_warehouse(self):
        return self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)

    @api.depends("count_ids")
    def _compute_count_count(self):
        groups = self.env["md.count"]._read_group([("plan_id", "in", self.ids)], ["plan_id"], ["__count"])
        counts = {plan.id: count for plan, count in groups}
        for plan in self:
            plan.count_count = counts.get(plan.id, 0)

    @api.constrains("interval_days", "threshold_qty", "threshold_percent", "high_value_amount",
                    "slow_moving_days", "near_expiry_days", "past_variance_days")
    def _check_numbers(self):
        for plan in self:
            if plan.interval_days <= 0:
                raise ValidationError(self.env._("%s: the interval must be at least one day.", plan.display_name))
            if min(plan.threshold_qty, plan.threshold_percent, plan.high_value_amount) < 0 \
                    or min(plan.slow_moving_days, plan.near_expiry_days, plan.past_variance_days) < 0:
                raise ValidationError(self.env._("%s: thresholds, amounts and days cannot be negative.",
                                                 plan.display_name))

    @api.constrains("location_ids", "warehouse_id")
    def _check_locations(self):
        for plan in self:
            outside = plan.location_ids.filtered(
                lambda loc: loc.usage not in ("internal", "view") or loc.warehouse_id != plan.warehouse_id)
            if outside:
                raise ValidationError(self.env._(
                    "%(plan)s counts stock of %(warehouse)s; %(locations)s are not its internal locations.",
                    plan=plan.display_name, warehouse=plan.warehouse_id.display_name,
                    locations=", ".join(outside.mapped("display_name"))))

    # Scope -------------------------------------------------------------------

    def _md_scope_locations(self):
        self.ensure_one()
        return self.location_ids or self.warehouse_id.lot_stock_id

    def _md_criteria(self):
        self.ensure_one()
        return [name for name in CRITERIA if self[name]]

    def _md_select_stock(self):
        """[(product, lot, location, quantity)] of device stock in scope meeting any chosen criterion
        (every device lot in scope when none is chosen), in shelf order."""
        self.ensure_one()
        plan = self.with_company(self.company_id)
        Quant = self.env["stock.quant"].sudo()
        groups = Quant._read_group([
            ("company_id", "=", plan.company_id.id),
            ("location_id", "child_of", plan._md_scope_locations().ids),
            ("location_id.usage", "=", "internal"),
            ("product_id.is_medical_device", "=", True),
        ], ["product_id", "lot_id", "location_id"], ["quantity:sum"], having=[("quantity:sum", ">", 0)])
        criteria = plan._md_criteria()
        if criteria:
            tests = [getattr(plan, f"_md_{name}")(groups) for name in criteria]
            groups = [row for row in groups if any(test(*row[:3]) for test in tests)]
        rows = [(product.sudo(False), lot.sudo(False), location.sudo(False), quantity)
                for product, lot, location, quantity in groups]
        return sorted(rows, key=lambda row: (row[2].complete_name or "", row[0].display_name, row[1].name or ""))

    # One method per criterion: given the stock in scope, a test (product, lot, location) -> bool.

    def _md_crit_class_3(self, groups):
        return lambda product, lot, location: product.md_class == "3"

    def _md_crit_implantable(self, groups):
        return lambda product, lot, location: product.md_implantable

    def _md_crit_high_value(self, groups):
        amount = self.high_value_amount
        return lambda product, lot, location: product.with_company(self.company_id).standard_price > amount

    def _md_crit_slow_moving(self, groups):
        since = fields.Datetime.now() - timedelta(days=self.slow_moving_days)
        products = {product for product, _lot, _location, _qty in groups}
        moving = self.env["stock.move.line"].sudo()._read_group([
            ("state", "=", "done"), ("date", ">=", since), ("company_id", "=", self.company_id.id),
            ("product_id", "in", [product.id for product in products]),
            ("location_id.usage", "=", "internal"), ("location_dest_id.usage", "=", "customer"),
        ], ["product_id"])
        moving = {product for (product,) in moving}
        return lambda product, lot, location: product not in moving

    def _md_crit_near_expiry(self, groups):
        horizon = fields.Datetime.now() + timedelta(days=self.near_expiry_days)
        return lambda product, lot, location: bool(lot.expiration_date) and lot.expiration_date <= horizon

    def _md_crit_past_variance(self, groups):
        since = fields.Datetime.now() - timedelta(days=self.past_variance_days)
        rows = self.env["md.count.line"].sudo()._read_group([
            ("count_id.company_id", "=", self.company_id.id), ("count_id.state", "=", "done"),
            ("count_id.done_on", ">=", since), ("variance", "!=", 0),
        ], ["location_id"])
        locations = {location for (location,) in rows}
        return lambda product, lot, location: location in locations

    # Counts ------------------------------------------------------------------

    def action_create_count(self):
        """The button: a count of what the plan selects today, opened when there is one."""
        self.check_access("write")
        counts = self.env["md.count"]
        for plan in self:
            counts |= plan._md_create_count()
        if len(self) == 1 and counts:
            return {"type": "ir.actions.act_window", "res_model": "md.count", "res_id": counts.id,
                    "view_mode": "form"}
        if len(self) == 1:
            raise UserError(self.env._("%s selects no device stock today: no count was created.", self.name))
        return True

    def _md_create_count(self):
        """The count of today's selection (none when nothing is selected); the plan's next date moves on."""
        self.ensure_one()
        plan = self.with_company(self.company_id)
        today = fields.Date.context_today(plan)
        stock = plan._md_select_stock()
        count = self.env["md.count"]
        if stock:
            count = count._md_create_from_plan(plan, stock)
            plan.message_post(body=self.env._("%(count)s created with %(lines)s lot(s) to count.",
                                              count=count.name, lines=len(stock)))
        else:
            plan.message_post(body=self.env._("No device stock selected: no count created."))
        plan.sudo().next_date = today + timedelta(days=plan.interval_days)
        return count

    @api.model
    def _cron_md_create_counts(self):
        # Archived plans are skipped (search); each plan runs in its own company.
        today = fields.Date.context_today(self)
        for plan in self.search([("next_date", "<=", today)]):
            plan._md_create_count()

    def action_view_counts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_scanner.md_count_action")
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action
