from odoo import api, fields, models
from odoo.exceptions import UserError

# What the report took from the recall at its date; the rest is typed by the coordinator.
SNAPSHOT_FIELDS = ("date", "user_id", "consignee_count", "notified_count", "acknowledged_count", "qty_to_recall",
                   "qty_retrieved", "qty_held", "qty_to_supplier", "qty_scrapped", "check_count",
                   "notification_detail")


class MdRecallReport(models.Model):
    """召回计划实施情况报告: a dated snapshot of a recall's progress, as filed with the authority."""

    _name = "md.recall.report"
    _description = "Recall Implementation Report"
    _inherit = ["mail.thread", "md.workflow.mixin"]
    _order = "recall_id desc, date desc, id desc"

    _md_workflow_fields = SNAPSHOT_FIELDS

    name = fields.Char(compute="_compute_name", store=True)
    recall_id = fields.Many2one("md.recall", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    level = fields.Selection(related="recall_id.level", store=True)
    date = fields.Datetime(string="As Of (UTC)", required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one("res.users", string="Prepared By", readonly=True, default=lambda self: self.env.user)
    consignee_count = fields.Integer(string="Consignees to Notify", readonly=True)
    notified_count = fields.Integer(string="Consignees Notified", readonly=True)
    acknowledged_count = fields.Integer(string="Consignees Acknowledged", readonly=True)
    qty_to_recall = fields.Float(string="Quantity to Recall", readonly=True, digits="Product Unit of Measure")
    qty_retrieved = fields.Float(string="Quantity Recalled", readonly=True, digits="Product Unit of Measure")
    qty_held = fields.Float(string="Held in Our Stock", readonly=True, digits="Product Unit of Measure")
    qty_to_supplier = fields.Float(string="Returned to Supplier", readonly=True, digits="Product Unit of Measure")
    qty_scrapped = fields.Float(string="Destroyed/Scrapped", readonly=True, digits="Product Unit of Measure")
    check_count = fields.Integer(string="Effectiveness Checks", readonly=True)
    notification_detail = fields.Text(readonly=True, help="Each consignee: notified when and how.")
    expected_completion = fields.Date()
    note = fields.Text()

    @api.depends("recall_id.name", "date")
    def _compute_name(self):
        for report in self:
            report.name = f"{report.recall_id.name} · {fields.Date.to_string(report.date)}" if report.date else ""

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        for report in reports:
            report._md_workflow_env().write(report._md_snapshot())
        return reports

    def _md_snapshot(self):
        """The figures as of now: notices, retrieval and what became of the recalled goods."""
        self.ensure_one()
        recall = self.recall_id
        recall._md_refresh_retrieval()
        notices = recall.notice_ids.filtered(lambda n: n.state != "cancel")
        handled = self._md_handled(recall)
        methods = dict(notices._fields["method"]._description_selection(self.env))
        detail = "\n".join(
            f"{n.partner_id.display_name}: {n._md_state_label()}"
            + (f", {fields.Datetime.to_string(n.sent_on)} UTC, {methods.get(n.method, '')}" if n.sent_on else "")
            for n in notices)
        return {
            "consignee_count": len(notices),
            "notified_count": len(notices.filtered(lambda n: n.state in ("sent", "acknowledged"))),
            "acknowledged_count": len(notices.filtered(lambda n: n.state == "acknowledged")),
            "qty_to_recall": sum(notices.line_ids.mapped("qty_to_recall")),
            "qty_retrieved": sum(notices.line_ids.mapped("qty_retrieved")),
            "qty_held": handled["internal"],
            "qty_to_supplier": handled["supplier"],
            "qty_scrapped": handled["inventory"],
            "check_count": len(recall.check_ids),
            "notification_detail": detail,
        }

    @api.model
    def _md_handled(self, recall):
        """Recalled goods still with us, sent back to suppliers and scrapped since the recall started."""
        self.env["stock.move.line"].flush_model()
        self.env["stock.quant"].flush_model()
        lots = recall.scope_lot_ids.lot_id.ids
        result = {"internal": 0.0, "supplier": 0.0, "inventory": 0.0}
        if not lots:
            return result
        self.env.cr.execute("""
            SELECT COALESCE(SUM(quant.quantity), 0) FROM stock_quant quant
              JOIN stock_location location ON location.id = quant.location_id AND location.usage = 'internal'
             WHERE quant.lot_id = ANY(%s)""", [lots])
        result["internal"] = self.env.cr.fetchone()[0]
        self.env.cr.execute("""
            SELECT destination.usage, SUM(ml.quantity_product_uom) FROM stock_move_line ml
              JOIN stock_location destination ON destination.id = ml.location_dest_id
             WHERE ml.lot_id = ANY(%s) AND ml.state = 'done' AND ml.date >= %s
               AND destination.usage IN ('supplier', 'inventory')
             GROUP BY destination.usage""", [lots, recall.started_on or recall.create_date])
        result.update(dict(self.env.cr.fetchall()))
        return result

    def write(self, vals):
        frozen = set(vals) - {"expected_completion", "note", "message_main_attachment_id"}
        if frozen and not self._md_workflow_internal():
            raise UserError(self.env._("The figures of an implementation report are those of its date; "
                                       "make a new report instead."))
        return super().write(vals)

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env["md.compliance"]._md_xlsx_action(self._md_sheets(), f"{self.name}.xlsx")

    def _md_sheets(self):
        self.ensure_one()
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        figures = [[_("Field"), _("Value")]]
        for name in ("date", "consignee_count", "notified_count", "acknowledged_count", "qty_to_recall",
                     "qty_retrieved", "qty_held", "qty_to_supplier", "qty_scrapped", "check_count",
                     "expected_completion", "note"):
            value = self[name]
            figures.append([self._fields[name]._description_string(self.env),
                            value if isinstance(value, (int, float)) else str(value or "")])
        figures.insert(1, [_("Recall"), self.recall_id.name])
        figures.insert(2, [_("Level"), self.recall_id._md_level_label()])
        notices = [[_("Consignee"), _("Status"), _("Notified On (UTC)"), _("Notified By"), _("Acknowledged On (UTC)"),
                    _("Quantity to Recall"), _("Retrieved")]]
        methods = dict(self.env["md.recall.notice"]._fields["method"]._description_selection(self.env))
        for notice in self.recall_id.notice_ids:
            notices.append([notice.partner_id.display_name, notice._md_state_label(), str(notice.sent_on or ""),
                            methods.get(notice.method, "") if notice.sent_on else "",
                            str(notice.acknowledged_on or ""), notice.qty_to_recall, notice.qty_retrieved])
        return [(_("Implementation Report"), figures), (_("Consignees"), notices)]
