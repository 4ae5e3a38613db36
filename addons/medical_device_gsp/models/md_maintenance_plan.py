from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class MdMaintenancePlan(models.Model):
    """养护计划: which stock is looked at, how often, and by whom.

    Each run turns the lots in scope into one maintenance check with a line
    per lot and location, for the storage keeper to inspect.
    """

    _name = "md.maintenance.plan"
    _description = "Maintenance Plan"
    _inherit = ["mail.thread"]
    _order = "next_date, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    location_id = fields.Many2one(
        "stock.location", required=True, tracking=True, check_company=True,
        domain="[('usage', '=', 'internal')]", default=lambda self: self._default_location(),
        help="Stock in this location and its sub-locations is checked.")
    zone = fields.Selection("_selection_zone", string="GSP Zone", tracking=True,
                            help="Only stock in locations of this zone.")
    product_category_id = fields.Many2one("product.category", tracking=True,
                                          help="Only products of this category and its sub-categories.")
    storage_condition = fields.Selection("_selection_storage_condition",
                                         tracking=True, help="Only devices labelled with this storage condition.")
    near_expiry_only = fields.Boolean(
        string="Near-Expiry Lots Only", tracking=True,
        help="Only lots past their alert date: the product's alert time before expiry, else the company's "
             "near-expiry horizon (expired lots included).")
    interval_days = fields.Integer(string="Every (days)", required=True, default=30, tracking=True)
    next_date = fields.Date(string="Next Check", required=True, tracking=True,
                            default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Responsible", tracking=True,
                              default=lambda self: self.env.company.md_storage_keeper_id,
                              help="Storage keeper who performs the checks; defaults to the company's.")
    check_ids = fields.One2many("md.maintenance.check", "plan_id", string="Checks")
    check_count = fields.Integer(compute="_compute_check_count")
    note = fields.Text()

    @api.model
    def _default_location(self):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        return warehouse.lot_stock_id

    @api.model
    def _selection_zone(self):
        return self.env["stock.location"]._fields["md_zone"]._description_selection(self.env)

    @api.model
    def _selection_storage_condition(self):
        return self.env["product.template"]._fields["md_storage_condition"]._description_selection(self.env)

    @api.depends("check_ids")
    def _compute_check_count(self):
        groups = self.env["md.maintenance.check"]._read_group([("plan_id", "in", self.ids)], ["plan_id"], ["__count"])
        counts = {plan.id: count for plan, count in groups}
        for plan in self:
            plan.check_count = counts.get(plan.id, 0)

    @api.constrains("interval_days")
    def _check_interval_days(self):
        for plan in self:
            if plan.interval_days <= 0:
                raise ValidationError(self.env._("%(plan)s: the interval must be at least one day.",
                                                 plan=plan.display_name))

    @api.constrains("location_id")
    def _check_location_internal(self):
        for plan in self:
            if plan.location_id.usage not in ("internal", "view"):
                raise ValidationError(self.env._("%(plan)s: maintenance covers stock in our warehouses; "
                                                 "%(location)s is not an internal location.",
                                                 plan=plan.display_name, location=plan.location_id.display_name))

    # Scope -------------------------------------------------------------------

    def _md_quant_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("location_id", "child_of", self.location_id.id),
            ("location_id.usage", "=", "internal"),
            ("product_id.is_medical_device", "=", True),
            ("lot_id", "!=", False),
        ]
        if self.zone:
            domain.append(("location_id.md_zone", "=", self.zone))
        if self.product_category_id:
            domain.append(("product_id.categ_id", "child_of", self.product_category_id.id))
        if self.storage_condition:
            domain.append(("product_id.md_storage_condition", "=", self.storage_condition))
        if self.near_expiry_only:
            # Near expiry by the one rule: the lot's alert date (product alert time, else company horizon).
            domain.append(("lot_id.alert_date", "<=", fields.Datetime.now()))
        return domain

    def _md_stock_in_scope(self):
        """[(lot, location, quantity)] of device lots with stock in the plan's scope, in shelf order."""
        self.ensure_one()
        groups = self.env["stock.quant"].sudo()._read_group(
            self._md_quant_domain(), ["location_id", "lot_id"], ["quantity:sum"],
            having=[("quantity:sum", ">", 0)])
        rows = [(lot.sudo(False), location.sudo(False), quantity) for location, lot, quantity in groups]
        return sorted(rows, key=lambda row: (row[1].complete_name or "", row[0].product_id.display_name,
                                             row[0].name))

    # Generation --------------------------------------------------------------

    def action_generate_check(self):
        self.check_access("write")
        checks = self.env["md.maintenance.check"]
        for plan in self:
            checks |= plan._md_generate_check()
        if len(self) != 1:
            return True
        if checks:
            return {
                "type": "ir.actions.act_window",
                "res_model": "md.maintenance.check",
                "res_id": checks.id,
                "view_mode": "form",
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "message": self.env._("No device stock in the scope of %(plan)s: no check was generated.",
                                      plan=self.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _md_generate_check(self):
        """The check of today's stock in scope (none when there is nothing), and the next date."""
        self.ensure_one()
        plan = self.with_company(self.company_id)
        today = fields.Date.context_today(plan)
        stock = plan._md_stock_in_scope()
        check = self.env["md.maintenance.check"]
        if stock:
            Line = self.env["md.maintenance.check.line"]
            check = check.sudo().create({
                "plan_id": plan.id,
                "company_id": plan.company_id.id,
                "date": today,
                "user_id": (plan.user_id or plan.company_id.md_storage_keeper_id or self.env.user).id,
                "line_ids": [Command.create(Line._md_prefill(lot, location, quantity))
                             for lot, location, quantity in stock],
            }).sudo(False)
            plan.message_post(body=self.env._("%(check)s generated with %(count)s line(s).",
                                              check=check.name, count=len(stock)))
        else:
            plan.message_post(body=self.env._("No device stock in scope: no check generated."))
        plan.sudo().next_date = today + timedelta(days=plan.interval_days)
        return check

    @api.model
    def _cron_md_generate_checks(self):
        today = fields.Date.context_today(self)
        for plan in self.search([("next_date", "<=", today)]):
            plan._md_generate_check()

    def action_view_checks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_gsp.md_maintenance_check_action")
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action
