from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from odoo.addons.medical_device_base.models.md_compliance import problems_error

COORDINATOR_GROUP = "medical_device_base.group_md_recall_coordinator"
QA_GROUP = "medical_device_base.group_md_qa_manager"

LEVELS = [("1", "Level I"), ("2", "Level II"), ("3", "Level III")]
# 召回管理办法 art. 16: consignees are notified within 1, 3 or 7 days of the decision.
NOTIFY_DAYS = {"1": 1, "2": 3, "3": 7}
# ... and the investigation report and recall plan go to the authority within 5 working days.
REPORT_WORKING_DAYS = 5


class MdRecall(models.Model):
    """召回: a recall campaign, from decision and scope to freeze, notices, retrieval and signed closure."""

    _name = "md.recall"
    _description = "Recall"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"

    # Status, who and when, the deadlines fixed at the start and the retrieval transfers: the buttons write them.
    _md_workflow_fields = ("state", "started_on", "started_by", "closed_on", "report_submitted_on",
                           "scope_computed_on", "notify_deadline", "report_deadline", "picking_ids")
    # The decision and scope of a started recall are on record: to widen it, start a new recall naming it.
    _md_frozen_fields = (
        "level", "source", "source_reference", "decision_date", "reason", "hazard_assessment", "product_ids",
        "product_tmpl_ids", "udi_di_list", "lot_ids", "production_date_from", "production_date_to",
        "expiry_date_from", "expiry_date_to", "company_id",
    )
    _md_signed_fields = ["name", "level", "source", "decision_date", "reason", "hazard_assessment", "summary",
                         "scope_lot_ids", "consignee_count", "notified_count", "acknowledged_count",
                         "qty_to_recall", "qty_retrieved", "check_ids"]
    _md_signature_groups = {"closed": QA_GROUP}
    _md_required_signatures = [([("state", "=", "closed")], "closed")]

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.recall"))
    title = fields.Char(required=True, tracking=True)
    state = fields.Selection([("draft", "Draft"), ("ongoing", "Ongoing"), ("closed", "Closed"),
                              ("cancel", "Cancelled")], default="draft", required=True, readonly=True,
                             tracking=True, index=True, copy=False)
    level = fields.Selection(LEVELS, required=True, default="2", tracking=True, index=True,
                             help="Level I: use may cause or has caused serious harm to health; level II: temporary "
                                  "or reversible harm; level III: harm unlikely but a recall is still needed.")
    source = fields.Selection([("manufacturer", "Manufacturer Notice"), ("own", "Own Decision"),
                               ("regulator", "Regulator Order")], required=True, default="manufacturer",
                              tracking=True)
    source_reference = fields.Char(help="Number of the manufacturer's recall notice or of the authority's order.")
    manufacturer_id = fields.Many2one("res.partner", string="Registrant/Manufacturer", tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    user_id = fields.Many2one("res.users", string="Coordinator", default=lambda self: self.env.user, tracking=True)
    decision_date = fields.Datetime(string="Decision Date (UTC)", tracking=True,
                                    help="The deadlines run from here; set when the recall starts if empty.")
    notify_deadline = fields.Datetime(string="Notify Consignees By", compute="_compute_deadlines", store=True)
    report_deadline = fields.Datetime(string="Investigation Report Due", compute="_compute_deadlines", store=True,
                                      help="Investigation report and recall plan: 5 working days after the decision "
                                           "(company working calendar and its public holidays).")
    report_submitted_on = fields.Date(tracking=True, copy=False)
    deadline_status = fields.Selection([("none", "-"), ("on_time", "On Time"), ("due_soon", "Due Within a Day"),
                                        ("overdue", "Overdue"), ("met", "Met")], compute="_compute_deadline_status")
    reason = fields.Text(required=True, tracking=True)
    hazard_assessment = fields.Text(tracking=True)
    action_plan = fields.Text(string="Recall Plan")
    # Scope ----------------------------------------------------------------------
    product_ids = fields.Many2many("product.product", string="Devices", domain=[("is_medical_device", "=", True)])
    product_tmpl_ids = fields.Many2many("product.template", string="Models",
                                        domain=[("is_medical_device", "=", True)])
    udi_di_list = fields.Text(string="UDI-DIs", help="One device identifier per line (or separated by commas).")
    lot_ids = fields.Many2many("stock.lot", string="Lots/Serials")
    production_date_from = fields.Date()
    production_date_to = fields.Date()
    expiry_date_from = fields.Date()
    expiry_date_to = fields.Date()
    scope_computed_on = fields.Datetime(readonly=True, copy=False)
    scope_lot_ids = fields.One2many("md.recall.lot", "recall_id", string="Lots in Scope", readonly=True)
    position_ids = fields.One2many("md.recall.position", "recall_id", string="Trace", readonly=True)
    notice_ids = fields.One2many("md.recall.notice", "recall_id", string="Notices", readonly=True)
    check_ids = fields.One2many("md.recall.check", "recall_id", string="Effectiveness Checks")
    report_ids = fields.One2many("md.recall.report", "recall_id", string="Implementation Reports", readonly=True)
    picking_ids = fields.One2many("stock.picking", "md_recall_id", string="Retrieval Transfers", readonly=True)
    # Figures --------------------------------------------------------------------
    lot_count = fields.Integer(compute="_compute_scope_figures", store=True)
    qty_in_stock = fields.Float(string="In Our Stock", compute="_compute_scope_figures", store=True,
                                digits="Product Unit of Measure")
    qty_in_transit = fields.Float(string="In Transit", compute="_compute_scope_figures", store=True,
                                  digits="Product Unit of Measure")
    qty_at_customers = fields.Float(string="At Customers", compute="_compute_scope_figures", store=True,
                                    digits="Product Unit of Measure")
    consignee_count = fields.Integer(string="Consignees", compute="_compute_progress", store=True)
    notified_count = fields.Integer(string="Notified", compute="_compute_progress", store=True)
    acknowledged_count = fields.Integer(string="Acknowledged", compute="_compute_progress", store=True)
    overdue_count = fields.Integer(string="Overdue Notices", compute="_compute_progress", store=True)
    qty_to_recall = fields.Float(string="Quantity to Recall", compute="_compute_progress", store=True,
                                 digits="Product Unit of Measure")
    qty_retrieved = fields.Float(string="Quantity Retrieved", compute="_compute_progress", store=True,
                                 digits="Product Unit of Measure")
    notified_rate = fields.Float(string="Notified (%)", compute="_compute_progress", store=True, aggregator="avg")
    acknowledged_rate = fields.Float(string="Acknowledged (%)", compute="_compute_progress", store=True,
                                     aggregator="avg")
    retrieved_rate = fields.Float(string="Retrieved (%)", compute="_compute_progress", store=True, aggregator="avg")
    started_on = fields.Datetime(string="Started On (UTC)", readonly=True, copy=False)
    started_by = fields.Many2one("res.users", readonly=True, copy=False)
    # Closure --------------------------------------------------------------------
    summary = fields.Text(string="Summary and Effectiveness Evaluation",
                          help="What was done, what was retrieved and how, what could not be and why.")
    closed_on = fields.Datetime(string="Closed On (UTC)", readonly=True, copy=False)

    @api.constrains("production_date_from", "production_date_to", "expiry_date_from", "expiry_date_to")
    def _check_date_ranges(self):
        for recall in self:
            if recall.production_date_from and recall.production_date_to \
                    and recall.production_date_from > recall.production_date_to:
                raise ValidationError(self.env._("The production date range ends before it starts."))
            if recall.expiry_date_from and recall.expiry_date_to and recall.expiry_date_from > recall.expiry_date_to:
                raise ValidationError(self.env._("The expiry date range ends before it starts."))

    # Deadlines ----------------------------------------------------------------

    def _md_level_label(self):
        return dict(self._fields["level"]._description_selection(self.env)).get(self.level, "")

    # Not on the company calendar: a later change of calendar must not move the deadlines of a started
    # recall, which its activities and the authority go by; action_start fixes them with today's calendar.
    @api.depends("level", "decision_date")
    def _compute_deadlines(self):
        for recall in self:
            if not recall.decision_date or not recall.level:
                recall.notify_deadline = recall.report_deadline = False
                continue
            recall.update(recall._md_deadlines(recall.decision_date))

    def _md_deadlines(self, decision):
        self.ensure_one()
        return {"notify_deadline": decision + timedelta(days=NOTIFY_DAYS[self.level]),
                "report_deadline": self._md_working_days_after(decision, REPORT_WORKING_DAYS)}

    def _md_working_days_after(self, start, days):
        """End of the ``days``-th working day after the day of ``start`` (UTC, naive)."""
        calendar = self.company_id.resource_calendar_id
        tz = pytz.timezone(calendar.tz or self.env.user.tz or "UTC")
        local_day = pytz.utc.localize(start).astimezone(tz).date() + timedelta(days=1)
        next_day = tz.localize(datetime.combine(local_day, time.min))
        if calendar:
            end = calendar.plan_days(days, next_day, compute_leaves=True)
            if end:
                # plan_days stops at the first interval of the last day; the deadline is that day's close.
                day = end.astimezone(tz).date()
                intervals = calendar._work_intervals_batch(
                    tz.localize(datetime.combine(day, time.min)), tz.localize(datetime.combine(day, time.max)))[False]
                close = max((stop for _start, stop, _meta in intervals), default=end)
                return close.astimezone(pytz.utc).replace(tzinfo=None)
        # Without a calendar: Monday to Friday, end of day.
        day, left = local_day, days
        while True:
            if day.weekday() < 5:
                left -= 1
                if not left:
                    break
            day += timedelta(days=1)
        return tz.localize(datetime.combine(day, time(23, 59, 59))).astimezone(pytz.utc).replace(tzinfo=None)

    @api.depends("state", "notify_deadline", "notice_ids.state")
    def _compute_deadline_status(self):
        now = fields.Datetime.now()
        for recall in self:
            if recall.state != "ongoing" or not recall.notify_deadline:
                recall.deadline_status = "none"
            elif all(n.state != "draft" for n in recall.notice_ids):
                # Nobody left to notify, including a recall whose goods never left our stock.
                recall.deadline_status = "met"
            elif now > recall.notify_deadline:
                recall.deadline_status = "overdue"
            elif recall.notify_deadline - now <= timedelta(days=1):
                recall.deadline_status = "due_soon"
            else:
                recall.deadline_status = "on_time"

    # Figures --------------------------------------------------------------------

    @api.depends("scope_lot_ids.qty_in_stock", "scope_lot_ids.qty_in_transit", "scope_lot_ids.qty_at_customers")
    def _compute_scope_figures(self):
        for recall in self:
            lots = recall.scope_lot_ids
            recall.lot_count = len(lots)
            recall.qty_in_stock = sum(lots.mapped("qty_in_stock"))
            recall.qty_in_transit = sum(lots.mapped("qty_in_transit"))
            recall.qty_at_customers = sum(lots.mapped("qty_at_customers"))

    @api.depends("notice_ids.state", "notice_ids.overdue", "notice_ids.line_ids.qty_to_recall",
                 "notice_ids.line_ids.qty_retrieved")
    def _compute_progress(self):
        for recall in self:
            notices = recall.notice_ids.filtered(lambda n: n.state != "cancel")
            recall.consignee_count = len(notices)
            recall.notified_count = len(notices.filtered(lambda n: n.state in ("sent", "acknowledged")))
            recall.acknowledged_count = len(notices.filtered(lambda n: n.state == "acknowledged"))
            recall.overdue_count = len(notices.filtered("overdue"))
            recall.qty_to_recall = sum(notices.line_ids.mapped("qty_to_recall"))
            recall.qty_retrieved = sum(notices.line_ids.mapped("qty_retrieved"))
            count = recall.consignee_count
            recall.notified_rate = 100.0 * recall.notified_count / count if count else 0.0
            recall.acknowledged_rate = 100.0 * recall.acknowledged_count / count if count else 0.0
            recall.retrieved_rate = (100.0 * recall.qty_retrieved / recall.qty_to_recall
                                     if recall.qty_to_recall else 0.0)

    # Locks ----------------------------------------------------------------------

    def _md_frozen_error(self, records, field_names):
        return UserError(self.env._(
            "%s has started: its decision and scope are on record and can no longer be changed. "
            "Start a new recall that names this one to widen it.", ", ".join(records.mapped("name"))))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("Only draft recalls can be deleted; a started recall stays on record."))

    def _md_check_coordinator(self):
        if not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(self.env._("Only recall coordinators run recalls."))

    # Scope ----------------------------------------------------------------------

    def _md_udi_dis(self):
        return [di.strip() for di in (self.udi_di_list or "").replace(",", "\n").splitlines() if di.strip()]

    def _md_scope_lots(self):
        """Device lots named by the scope criteria: the lots listed, plus the lots of the devices,
        models and UDI-DIs listed within the production and expiry date ranges."""
        self.ensure_one()
        product_domains = []
        if self.product_ids:
            product_domains.append([("product_id", "in", self.product_ids.ids)])
        if self.product_tmpl_ids:
            product_domains.append([("product_id.product_tmpl_id", "in", self.product_tmpl_ids.ids)])
        dis = self._md_udi_dis()
        if dis:
            product_domains.append([("product_id.md_udi_di", "in", dis)])
        dated = []
        if self.production_date_from:
            dated.append(("md_production_date", ">=", self.production_date_from))
        if self.production_date_to:
            dated.append(("md_production_date", "<=", self.production_date_to))
        if self.expiry_date_from:
            dated.append(("expiration_date", ">=", datetime.combine(self.expiry_date_from, time.min)))
        if self.expiry_date_to:
            dated.append(("expiration_date", "<=", datetime.combine(self.expiry_date_to, time.max)))
        Lot = self.env["stock.lot"].with_context(active_test=False)
        lots = self.lot_ids
        if product_domains:
            lots |= Lot.search(expression.AND([
                expression.OR(product_domains), dated, [("company_id", "in", (False, self.company_id.id))]]))
        elif dated:
            raise UserError(self.env._("A date range narrows the lots of devices, models or UDI-DIs: name them."))
        return lots

    def _md_scope_problems(self):
        self.ensure_one()
        problems = []
        if not (self.lot_ids or self.product_ids or self.product_tmpl_ids or self._md_udi_dis()):
            problems.append(self.env._("Name the devices, models, UDI-DIs or lots/serials the recall covers."))
        dis = self._md_udi_dis()
        if dis:
            known = set(self.env["product.template"].search([("md_udi_di", "in", dis)]).mapped("md_udi_di"))
            unknown = [di for di in dis if di not in known]
            if unknown:
                problems.append(self.env._("No device has the UDI-DI %s.", ", ".join(unknown)))
        others = (self.lot_ids.product_id | self.product_ids | self.product_tmpl_ids.product_variant_ids) \
            .filtered(lambda p: not p.is_medical_device)
        if others:
            problems.append(self.env._("%s: not medical devices.", ", ".join(others.mapped("display_name"))))
        return problems

    def action_compute_scope(self):
        """Trace the lots in scope to our stock, transit and customers, replacing the previous trace."""
        for recall in self:
            recall._md_check_coordinator()
            if recall.state != "draft":
                raise UserError(self.env._("The scope of %s is frozen since it started.", recall.name))
            problems = recall._md_scope_problems()
            if problems:
                raise UserError("\n".join(problems))
            lots = recall._md_scope_lots()
            if not lots:
                raise UserError(self.env._("No lot or serial number matches the scope of %s.", recall.name))
            recall._md_store_trace(lots)
        return True

    def _md_store_trace(self, lots):
        self.ensure_one()
        trace = self.env["md.recall.trace"]._md_trace(lots.ids, self.company_id)
        traced = self.env["stock.lot"].sudo().browse(trace["lot_ids"])
        now = fields.Datetime.now()
        self.sudo().scope_lot_ids.unlink()
        positions = [("stock", lot, location, None, None, None, qty) for lot, location, qty in trace["stock"]]
        positions += [("transit", lot, location, None, None, None, qty) for lot, location, qty in trace["transit"]]
        positions += [("customer", lot, None, partner, picking, date, qty)
                      for lot, partner, picking, date, qty in trace["customers"]]
        self._md_replace_positions(positions)
        totals = defaultdict(lambda: defaultdict(float))
        for kind, lot, _location, _partner, _picking, _date, qty in positions:
            totals[lot][kind] += qty
        self.env["md.recall.lot"].sudo().create([{
            "recall_id": self.id, "lot_id": lot.id, "derived": lot not in lots,
            "qty_in_stock": totals[lot.id]["stock"], "qty_in_transit": totals[lot.id]["transit"],
            "qty_at_customers": totals[lot.id]["customer"],
        } for lot in traced])
        self._md_workflow_write({"scope_computed_on": now})
        self._md_log(self.env._(
            "Scope computed: %(lots)s lot(s); %(stock)s in our stock, %(transit)s in transit, "
            "%(customers)s at %(consignees)s consignee(s).",
            lots=len(traced), stock=self.qty_in_stock, transit=self.qty_in_transit,
            customers=self.qty_at_customers,
            consignees=len({p[3] for p in positions if p[0] == "customer" and p[3]})))

    def _md_replace_positions(self, positions):
        """Store the trace lines [(kind, lot, location, partner, picking, date, qty)] in one insert.

        A recall of a widely sold lot has thousands of lines: created one by one
        through the ORM they would take longer than the trace itself.
        """
        self.ensure_one()
        Position = self.env["md.recall.position"]
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("DELETE FROM md_recall_position WHERE recall_id = %s", [self.id])
        if positions:
            cr.execute("""
                INSERT INTO md_recall_position (recall_id, company_id, kind, lot_id, product_id, location_id,
                                                partner_id, picking_id, date, quantity,
                                                create_uid, create_date, write_uid, write_date)
                SELECT %(recall)s, %(company)s, row.kind, row.lot_id, lot.product_id, row.location_id,
                       row.partner_id, row.picking_id, row.date, row.quantity,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(kinds)s::varchar[], %(lots)s::int[], %(locations)s::int[], %(partners)s::int[],
                              %(pickings)s::int[], %(dates)s::timestamp[], %(quantities)s::numeric[])
                       AS row(kind, lot_id, location_id, partner_id, picking_id, date, quantity)
                  JOIN stock_lot lot ON lot.id = row.lot_id
            """, {
                "recall": self.id, "company": self.company_id.id, "uid": self.env.uid,
                "now": fields.Datetime.now(),
                **{key: [p[i] for p in positions] for i, key in enumerate(
                    ("kinds", "lots", "locations", "partners", "pickings", "dates", "quantities"))},
            })
        Position.invalidate_model()
        self.invalidate_recordset(["position_ids"])

    # Start: freeze and notices ------------------------------------------------

    def _md_start_problems(self):
        self.ensure_one()
        problems = []
        if self.state != "draft":
            problems.append(self.env._("%s has already started.", self.name))
        if not self.scope_computed_on:
            problems.append(self.env._("Compute the scope first."))
        if not (self.hazard_assessment or "").strip():
            problems.append(self.env._("Record the hazard assessment that justifies the level."))
        if self.decision_date and self.decision_date > fields.Datetime.now():
            problems.append(self.env._("The decision date lies in the future."))
        return problems

    def action_start(self):
        """Start the recall: freeze every lot in scope, one notice per consignee, deadline activities."""
        for recall in self:
            recall._md_check_coordinator()
            problems = recall._md_start_problems()
            if problems:
                raise problems_error(self.env._("%s cannot start:", recall.name), problems)
            now = fields.Datetime.now()
            decision = recall.decision_date or now
            # The deadlines go on record with the calendar and public holidays known at the start.
            recall._md_workflow_write({
                "state": "ongoing", "started_on": now, "started_by": self.env.user.id,
                "decision_date": decision, **recall._md_deadlines(decision)})
            recall._md_freeze()
            recall._md_generate_notices()
            recall._md_schedule_deadline_activities()
            recall._md_log(self.env._(
                "Recall started by %(user)s (%(level)s): consignees to be notified by %(notify)s UTC, "
                "investigation report and plan due %(report)s UTC.",
                user=self.env.user.name, level=recall._md_level_label(), notify=recall.notify_deadline,
                report=recall.report_deadline))
        return True

    def _md_freeze(self):
        """Every device lot in scope takes the status Recalled: no reservation, no delivery."""
        self.ensure_one()
        lots = self.scope_lot_ids.lot_id.filtered(lambda lot: lot.md_is_device and lot.md_quality_state != "recalled")
        for line in self.scope_lot_ids.filtered(lambda l: l.lot_id in lots):
            line.sudo().previous_state = line.lot_id.md_quality_state
        if lots:
            lots.with_company(self.company_id)._md_change_quality_state(
                "recalled", self.env._("Recall %(recall)s (%(level)s): %(reason)s", recall=self.name,
                                       level=self._md_level_label(), reason=self.reason),
                origin=self.name, relocate=False)

    def _md_generate_notices(self):
        """One notice per consignee with what the trace says it still has, lot by lot."""
        self.ensure_one()
        per_consignee = defaultdict(lambda: defaultdict(float))
        delivered = defaultdict(float)
        deliveries = defaultdict(lambda: defaultdict(set))
        for position in self.position_ids.filtered(lambda p: p.kind == "customer" and p.partner_id):
            per_consignee[position.partner_id][position.lot_id] += position.quantity
            if position.quantity > 0:
                delivered[(position.partner_id, position.lot_id)] += position.quantity
                deliveries[position.partner_id][position.lot_id].add(position.picking_id.name or "")
        vals_list = []
        for partner, lots in per_consignee.items():
            # To recall: net of what the consignee had already sent back when the scope was traced.
            lines = [Command.create({
                "lot_id": lot.id, "qty_delivered": delivered[(partner, lot)], "qty_to_recall": quantity,
                "delivery_refs": ", ".join(sorted(filter(None, deliveries[partner][lot]))),
            }) for lot, quantity in lots.items() if quantity > 0]
            if lines:
                vals_list.append({"recall_id": self.id, "partner_id": partner.id, "line_ids": lines})
        return self.env["md.recall.notice"]._md_workflow_env().create(vals_list)

    def _md_schedule_deadline_activities(self):
        self.ensure_one()
        user = self.user_id or self.env.user
        # Activity dates are days on the coordinator's calendar, not in UTC.
        tz = pytz.timezone(user.tz or self.company_id.resource_calendar_id.tz or "UTC")

        def local_date(value):
            return pytz.utc.localize(value).astimezone(tz).date()

        if self.notice_ids.filtered(lambda n: n.state == "draft"):
            self.activity_schedule(
                "medical_device_recall.mail_activity_recall_notify", date_deadline=local_date(self.notify_deadline),
                summary=self.env._("Notify all consignees (%s)", self._md_level_label()), user_id=user.id)
        self.activity_schedule(
            "medical_device_recall.mail_activity_recall_report", date_deadline=local_date(self.report_deadline),
            summary=self.env._("Submit the investigation report and recall plan"), user_id=user.id)

    def action_report_submitted(self):
        for recall in self:
            recall._md_check_coordinator()
            if recall.state != "ongoing":
                raise UserError(self.env._("%s is not ongoing.", recall.name))
            if recall.report_submitted_on:
                raise UserError(self.env._("The investigation report of %(recall)s is on record as submitted on "
                                           "%(date)s.", recall=recall.name, date=recall.report_submitted_on))
            recall._md_workflow_write({"report_submitted_on": fields.Date.context_today(self)})
            recall.activity_feedback(["medical_device_recall.mail_activity_recall_report"],
                                     feedback=self.env._("Investigation report and recall plan submitted."))
        return True

    def _md_notices_changed(self):
        """Close the notification activity once every consignee has been notified."""
        for recall in self.filtered(lambda r: r.state == "ongoing"):
            notices = recall.notice_ids.filtered(lambda n: n.state != "cancel")
            if notices and all(n.state in ("sent", "acknowledged") for n in notices):
                recall.activity_feedback(["medical_device_recall.mail_activity_recall_notify"],
                                         feedback=self.env._("All consignees notified."))

    def action_cancel(self):
        for recall in self:
            recall._md_check_coordinator()
            if recall.state != "draft":
                raise UserError(self.env._("%s has started and is closed, not cancelled.", recall.name))
            recall._md_workflow_write({"state": "cancel"})
        return True

    # Retrieval ------------------------------------------------------------------

    def _md_refresh_retrieval(self):
        """Quantities each consignee has sent back since the trace, from the done transfers.

        What came back before the trace is already netted out of the quantities to recall: the
        transfers the trace saw are left out, whatever their date (a date has only seconds).
        A closed recall keeps the figures its closure signature covers.
        """
        lines = self.filtered(lambda r: r.state == "ongoing").notice_ids.line_ids
        if not lines:
            return
        for model in ("stock.move.line", "stock.move", "stock.picking", "stock.location", "res.partner",
                      "md.recall", "md.recall.lot", "md.recall.position"):
            self.env[model].flush_model()
        self.env.cr.execute("""
            SELECT recall.id, ml.lot_id, COALESCE(partner.commercial_partner_id, partner.id),
                   SUM(ml.quantity_product_uom)
              FROM md_recall recall
              JOIN md_recall_lot scope ON scope.recall_id = recall.id
              JOIN stock_move_line ml ON ml.lot_id = scope.lot_id AND ml.state = 'done'
                                     AND ml.date >= COALESCE(recall.scope_computed_on, recall.started_on)
              JOIN stock_location source ON source.id = ml.location_id AND source.usage = 'customer'
              JOIN stock_location destination ON destination.id = ml.location_dest_id
                                             AND destination.usage <> 'customer'
              JOIN stock_move move ON move.id = ml.move_id
              LEFT JOIN stock_picking picking ON picking.id = ml.picking_id
              JOIN res_partner partner ON partner.id = COALESCE(picking.partner_id, move.partner_id)
             WHERE recall.id = ANY(%s)
               AND NOT EXISTS (SELECT 1 FROM md_recall_position traced
                                WHERE traced.recall_id = recall.id AND traced.picking_id = ml.picking_id)
             GROUP BY 1, 2, 3
        """, [self.ids])
        back = {(recall, lot, partner): qty for recall, lot, partner, qty in self.env.cr.fetchall()}
        for line in lines:
            qty = back.get((line.recall_id.id, line.lot_id.id, line.partner_id.id), 0.0)
            if line.qty_retrieved != qty:
                # Refreshed by whoever validates a transfer back from a customer, warehouse users included.
                line._md_workflow_env().qty_retrieved = qty

    def action_refresh_retrieval(self):
        self._md_refresh_retrieval()
        return True

    # Closure --------------------------------------------------------------------

    def action_sign_close(self):
        self.ensure_one()
        return self.action_sign("closed")

    def _md_check_before_signing(self, meaning):
        problems = []
        if self.state != "ongoing":
            problems.append(self.env._("%s is not ongoing.", self.name))
        if not (self.summary or "").strip():
            problems.append(self.env._("Write the summary and effectiveness evaluation."))
        unsent = self.notice_ids.filtered(lambda n: n.state == "draft")
        if unsent:
            problems.append(self.env._("%(count)s consignee(s) not notified: %(names)s.", count=len(unsent),
                                       names=", ".join(unsent.partner_id.mapped("display_name"))))
        if not self.check_ids:
            problems.append(self.env._("Record at least one effectiveness check."))
        if not self.report_submitted_on:
            problems.append(self.env._("Record the submission of the investigation report and recall plan."))
        if problems:
            raise problems_error(self.env._("%s cannot be closed:", self.name), problems)

    def _md_sign(self, meaning, comment=None):
        if meaning == "closed":
            # The signature covers the retrieved quantities: bring them up to date, but only once every
            # check has passed, so that a refused closure writes nothing.
            self._md_check_can_sign(meaning)
            self._md_check_before_signing(meaning)
            self._md_refresh_retrieval()
        signature = super()._md_sign(meaning, comment)
        if meaning == "closed":
            # QA signs without being a coordinator: _md_check_can_sign checked the signer above.
            self._md_workflow_env().write({"state": "closed", "closed_on": fields.Datetime.now()})
            self.activity_unlink(["medical_device_recall.mail_activity_recall_notify",
                                  "medical_device_recall.mail_activity_recall_report"])
        return signature

    # Deadlines cron ---------------------------------------------------------------

    @api.model
    def _cron_md_recall_deadlines(self):
        """Flag overdue notices; tell QA once when a recall misses its notification deadline."""
        ongoing = self.search([("state", "=", "ongoing")])
        ongoing.notice_ids._md_update_overdue()
        activity_type = self.env.ref("medical_device_recall.mail_activity_recall_overdue")
        qa_users = self.env.ref(QA_GROUP).users.filtered(lambda u: not u.share and u.id != 1)
        now = fields.Datetime.now()
        late = ongoing.filtered(lambda r: r.notify_deadline and now > r.notify_deadline
                                and r.notice_ids.filtered(lambda n: n.state == "draft"))
        # Once per recall: an overdue activity still open, or one QA has already marked done.
        told = set(late.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).mapped("res_id"))
        told.update(self.env["mail.message"].search([
            ("model", "=", self._name), ("res_id", "in", late.ids),
            ("mail_activity_type_id", "=", activity_type.id)]).mapped("res_id"))
        for recall in late.filtered(lambda r: r.id not in told):
            for user in qa_users.filtered(lambda u: recall.company_id in u.company_ids)[:1] or recall.user_id:
                recall.activity_schedule(
                    "medical_device_recall.mail_activity_recall_overdue",
                    summary=self.env._("Notification deadline missed"),
                    note=self.env._("%(recall)s: %(count)s consignee(s) not notified by %(deadline)s UTC.",
                                    recall=recall.name, count=len(recall.notice_ids.filtered(
                                        lambda n: n.state == "draft")), deadline=recall.notify_deadline),
                    user_id=user.id)

    # Reports -----------------------------------------------------------------------

    def action_new_implementation_report(self):
        self.ensure_one()
        self._md_check_coordinator()
        if self.state == "draft":
            raise UserError(self.env._("Implementation reports start once the recall has started."))
        report = self.env["md.recall.report"].create({"recall_id": self.id})
        return {"type": "ir.actions.act_window", "res_model": "md.recall.report", "res_id": report.id,
                "view_mode": "form", "target": "current"}

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env["md.compliance"]._md_xlsx_action(self._md_event_sheets(), f"{self.name}.xlsx")

    def _md_event_sheets(self):
        """Rows of the recall event report: [(sheet title, [rows])], the first row a header."""
        self.ensure_one()
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        products = self.scope_lot_ids.lot_id.product_id
        general = [
            [_("Field"), _("Value")],
            [_("Reference"), self.name], [_("Title"), self.title], [_("Level"), self._md_level_label()],
            [_("Source"), dict(self._fields["source"]._description_selection(self.env)).get(self.source)],
            [_("Decision Date (UTC)"), str(self.decision_date or "")],
            [_("Notify Consignees By"), str(self.notify_deadline or "")],
            [_("Investigation Report Due"), str(self.report_deadline or "")],
            [_("Devices"), ", ".join(products.mapped("display_name"))],
            [_("Registration/Filing Numbers"), ", ".join(filter(None, products.mapped("md_certificate_id.name")))],
            [_("Registrant/Manufacturer"), self.manufacturer_id.display_name
             or ", ".join(filter(None, products.mapped("md_registrant_id.display_name")))],
            [_("Reason"), self.reason], [_("Hazard Assessment"), self.hazard_assessment or ""],
            [_("In Our Stock"), self.qty_in_stock], [_("In Transit"), self.qty_in_transit],
            [_("At Customers"), self.qty_at_customers],
        ]
        lots = [[_("Device"), _("Lot/Serial"), _("UDI-DI"), _("Expiry"), _("In Our Stock"), _("In Transit"),
                 _("At Customers")]]
        for line in self.scope_lot_ids:
            lots.append([line.product_id.display_name, line.lot_id.name, line.product_id.md_udi_di or "",
                         str(line.lot_id.expiration_date or ""), line.qty_in_stock, line.qty_in_transit,
                         line.qty_at_customers])
        consignees = [[_("Consignee"), _("Device"), _("Lot/Serial"), _("Deliveries"), _("Quantity to Recall"),
                       _("Notice"), _("Retrieved")]]
        for line in self.notice_ids.line_ids:
            consignees.append([line.partner_id.display_name, line.product_id.display_name, line.lot_id.name,
                               line.delivery_refs or "", line.qty_to_recall, line.notice_id._md_state_label(),
                               line.qty_retrieved])
        return [(_("Recall Event"), general), (_("Lots"), lots), (_("Consignees"), consignees)]
