from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

from ..utils.env_readings import find_episodes

QA_GROUP = "medical_device_base.group_md_qa_manager"
# Hours of readings shown before and after an excursion, to see it start and end.
CHART_MARGIN_HOURS = 6


class MdExcursion(models.Model):
    """温度偏差: readings out of range beyond the grace time, or a sensor gone silent.

    Lots present in the location (or travelling in the shipment) during the
    window go on hold at once; QA evaluates and signs a release or rejection
    of each lot.
    """

    _name = "md.excursion"
    _description = "Temperature/Humidity Excursion"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin"]
    _order = "start desc, id desc"

    # Set by QA's signature of the evaluation (state follows it).
    _md_workflow_fields = ("state", "evaluated_by", "evaluated_on")

    _md_signed_fields = ["name", "kind", "sensor_id", "location_id", "picking_id", "start", "end",
                         "temp_min_limit", "temp_max_limit", "humidity_max_limit", "temp_min_seen",
                         "temp_max_seen", "humidity_max_seen", "stability_data", "evaluation", "lot_ids"]
    _md_signature_groups = {"approved": QA_GROUP}
    _md_required_signatures = [([("state", "=", "done")], "approved")]

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.excursion"))
    kind = fields.Selection([("range", "Out of Range"), ("silence", "Sensor Silent")], required=True,
                            readonly=True, index=True)
    sensor_id = fields.Many2one("md.env.sensor", required=True, readonly=True, index=True, ondelete="restrict")
    location_id = fields.Many2one("stock.location", readonly=True, index=True)
    picking_id = fields.Many2one("stock.picking", string="Shipment", readonly=True, index=True)
    in_transit = fields.Boolean(compute="_compute_in_transit", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    start = fields.Datetime(string="Start (UTC)", required=True, readonly=True)
    end = fields.Datetime(string="End (UTC)", readonly=True, help="Empty while the excursion lasts.")
    duration_minutes = fields.Integer(string="Duration (min)", compute="_compute_duration")
    temp_min_limit = fields.Float(string="Min. Allowed (°C)", readonly=True, aggregator=False)
    temp_max_limit = fields.Float(string="Max. Allowed (°C)", readonly=True, aggregator=False)
    humidity_max_limit = fields.Float(string="Max. Allowed Humidity (%)", readonly=True, aggregator=False)
    temp_min_seen = fields.Float(string="Lowest (°C)", readonly=True, aggregator="min")
    temp_max_seen = fields.Float(string="Highest (°C)", readonly=True, aggregator="max")
    humidity_max_seen = fields.Float(string="Highest Humidity (%)", readonly=True, aggregator="max")
    reading_count = fields.Integer(string="Readings in Window", readonly=True)
    lot_ids = fields.One2many("md.excursion.lot", "excursion_id", string="Lots")
    stability_data = fields.Text(help="Manufacturer's stability data or statement the evaluation relies on.")
    evaluation = fields.Text(help="Impact on the product and the reasoning of the decision.")
    evaluated_by = fields.Many2one("res.users", readonly=True, copy=False)
    evaluated_on = fields.Datetime(string="Evaluated On (UTC)", readonly=True, copy=False)
    state = fields.Selection([("open", "Ongoing"), ("to_evaluate", "To Evaluate"), ("done", "Evaluated")],
                             compute="_compute_state", store=True, index=True)

    @api.depends("picking_id")
    def _compute_in_transit(self):
        for excursion in self:
            excursion.in_transit = bool(excursion.picking_id)

    @api.depends("start", "end")
    def _compute_duration(self):
        now = fields.Datetime.now()
        for excursion in self:
            excursion.duration_minutes = int(((excursion.end or now) - excursion.start).total_seconds() // 60) \
                if excursion.start else 0

    @api.depends("end", "md_signed")
    def _compute_state(self):
        for excursion in self:
            excursion.state = "done" if excursion.md_signed else ("to_evaluate" if excursion.end else "open")

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An excursion is a quality record and cannot be deleted."))

    def write(self, vals):
        system = {"end", "temp_min_seen", "temp_max_seen", "humidity_max_seen", "reading_count", "lot_ids"}
        guarded = set(vals) & (system | {"kind", "sensor_id", "start", "location_id", "picking_id"})
        # QA's decisions come from the form as updates of the exposed lots, which guard their own fields.
        if guarded == {"lot_ids"} and all(command[0] == Command.UPDATE for command in vals["lot_ids"]):
            guarded = set()
        if guarded and not self.env.su:
            raise UserError(self.env._("The window, readings and lots of an excursion come from the sensor's "
                                       "readings and cannot be edited."))
        return super().write(vals)

    # Detection ------------------------------------------------------------------

    @api.model
    def _md_scan(self, sensor, since):
        """Find excursions in ``sensor``'s readings from ``since`` on, and open or update them."""
        cr = self.env.cr
        cr.execute("""SELECT timestamp, out_of_range FROM md_env_reading
                       WHERE sensor_id = %s AND timestamp < %s ORDER BY timestamp DESC LIMIT 1""",
                   [sensor.id, since])
        before = cr.fetchone()
        previous, streak_start = (before[0], None) if before else (None, None)
        if before and before[1]:
            # Still out of range when the new readings start: find where that run began.
            cr.execute("""SELECT MIN(timestamp) FROM md_env_reading
                           WHERE sensor_id = %s AND timestamp < %s AND timestamp > COALESCE(
                                 (SELECT MAX(timestamp) FROM md_env_reading
                                   WHERE sensor_id = %s AND timestamp < %s AND NOT out_of_range), '-infinity')""",
                       [sensor.id, since, sensor.id, since])
            streak_start = cr.fetchone()[0]
        cr.execute("""SELECT timestamp, temperature, humidity FROM md_env_reading
                       WHERE sensor_id = %s AND timestamp >= %s ORDER BY timestamp""", [sensor.id, since])
        episodes = find_episodes(cr.fetchall(), sensor._md_limits(), sensor._md_grace(),
                                 sensor._md_silence() if sensor.kind != "manual" else None,
                                 streak_start=streak_start, previous=previous)
        for episode in episodes:
            self._md_record_episode(sensor, episode)
        # Readings the logger kept while it could not send end a silence opened meanwhile.
        for silence in self.search([("sensor_id", "=", sensor.id), ("kind", "=", "silence"), ("end", "=", False)]):
            cr.execute("SELECT MIN(timestamp) FROM md_env_reading WHERE sensor_id = %s AND timestamp > %s",
                       [sensor.id, silence.start])
            first = cr.fetchone()[0]
            if first:
                silence.write({"end": first})
                silence._md_refresh()

    @api.model
    def _md_record_episode(self, sensor, episode):
        existing = self.search([("sensor_id", "=", sensor.id), ("kind", "=", episode["kind"]),
                                ("start", "=", episode["start"])], limit=1)
        if existing:
            if existing.end != episode["end"] and not existing.md_signed:
                existing.write({"end": episode["end"]})
                existing._md_refresh()
            return existing
        return self._md_open(sensor, episode["kind"], episode["start"], episode["end"])

    @api.model
    def _md_open(self, sensor, kind, start, end):
        picking = self._md_shipment_of(sensor, start)
        low, high, humidity = sensor._md_limits()
        excursion = self.create({
            "kind": kind,
            "sensor_id": sensor.id,
            "location_id": False if picking else sensor.location_id.id,
            "picking_id": picking.id,
            "company_id": sensor.company_id.id,
            "start": start,
            "end": end or False,
            "temp_min_limit": low,
            "temp_max_limit": high,
            "humidity_max_limit": humidity,
        })
        excursion._md_refresh()
        excursion._md_notify_qa()
        return excursion

    @api.model
    def _md_shipment_of(self, sensor, stamp):
        Reading = self.env["md.env.reading"]
        picking_id = Reading._md_shipment_at(Reading._md_shipment_windows(sensor).get(sensor.id), stamp)
        return self.env["stock.picking"].browse(picking_id)

    def _md_refresh(self):
        """Extremes from the readings of the window; lots present during it, put on hold."""
        for excursion in self:
            # The window ends at the first reading back in range, which is not part of it.
            self.env.cr.execute("""
                SELECT MIN(temperature), MAX(temperature), MAX(humidity), COUNT(*) FROM md_env_reading
                 WHERE sensor_id = %s AND timestamp >= %s AND (%s IS NULL OR timestamp < %s)""",
                                [excursion.sensor_id.id, excursion.start, excursion.end or None,
                                 excursion.end or None])
            low, high, humidity, count = self.env.cr.fetchone()
            excursion.write({"temp_min_seen": low or 0.0, "temp_max_seen": high or 0.0,
                             "humidity_max_seen": humidity or 0.0, "reading_count": count})
            excursion._md_collect_lots()

    def _md_exposed_lots(self):
        """{lot id: quantity} present in the location (sub-locations included) or shipment during the window."""
        self.ensure_one()
        if self.picking_id:
            quantities = {}
            for line in self.picking_id.move_line_ids.filtered(lambda ml: ml.lot_id and ml.product_id.is_medical_device):
                quantities[line.lot_id.id] = quantities.get(line.lot_id.id, 0.0) + line.quantity_product_uom
            return quantities
        if not self.location_id:
            return {}
        end = self.end or fields.Datetime.now()
        # Moves written earlier in this transaction must be visible to the query.
        self.env["stock.move.line"].flush_model(
            ["lot_id", "date", "state", "quantity_product_uom", "location_id", "location_dest_id"])
        # Stock at the start (every done move before it, in minus out) plus
        # whatever came in during the window, in one query over the move lines.
        self.env.cr.execute("""
            WITH zone AS (SELECT id FROM stock_location WHERE parent_path LIKE %(path)s),
            moves AS (
                SELECT ml.lot_id, ml.date, ml.quantity_product_uom AS qty,
                       ml.location_dest_id IN (SELECT id FROM zone) AS entering,
                       ml.location_id IN (SELECT id FROM zone) AS leaving
                  FROM stock_move_line ml
                 WHERE ml.state = 'done' AND ml.lot_id IS NOT NULL AND ml.date <= %(end)s
                   AND (ml.location_dest_id IN (SELECT id FROM zone) OR ml.location_id IN (SELECT id FROM zone)))
            SELECT lot_id,
                   SUM(CASE WHEN date < %(start)s AND entering AND NOT leaving THEN qty
                            WHEN date < %(start)s AND leaving AND NOT entering THEN -qty ELSE 0 END) AS at_start,
                   SUM(CASE WHEN date >= %(start)s AND entering AND NOT leaving THEN qty ELSE 0 END) AS arrived
              FROM moves GROUP BY lot_id""",
                            {"path": f"{self.location_id.parent_path}%", "start": self.start, "end": end})
        return {lot_id: at_start + arrived for lot_id, at_start, arrived in self.env.cr.fetchall()
                if at_start > 0 or arrived > 0}

    def _md_collect_lots(self):
        """Add the exposed lots not listed yet and hold those still in our stock."""
        self.ensure_one()
        if self.md_signed:
            return
        exposed = self._md_exposed_lots()
        known = {line.lot_id.id: line for line in self.lot_ids}
        new = {lot_id: qty for lot_id, qty in exposed.items() if lot_id not in known}
        for lot_id, qty in exposed.items():
            if lot_id in known and known[lot_id].quantity != qty:
                known[lot_id].quantity = qty
        if not new:
            return
        lots = self.env["stock.lot"].browse(list(new)).filtered("md_is_device")
        outgoing = self.picking_id.picking_type_code == "outgoing"
        to_hold = self.env["stock.lot"] if outgoing else lots.filtered(
            lambda lot: lot.md_quality_state in lots._md_quality_states_with("holdable"))
        # A lot another open excursion already holds is held by this one too: it is
        # released only when both are evaluated, to the status it had before the first.
        shared = {}
        if not outgoing:
            shared = {line.lot_id.id: line.previous_state for line in self.env["md.excursion.lot"].search([
                ("lot_id", "in", lots.ids), ("held", "=", True), ("excursion_id", "!=", self.id),
                ("excursion_id.md_signed", "=", False)])}
        self.write({"lot_ids": [Command.create({
            "lot_id": lot.id, "quantity": new[lot.id],
            "previous_state": shared.get(lot.id, lot.md_quality_state),
            "held": lot in to_hold or (lot.id in shared and lot.md_quality_state == "hold")}) for lot in lots]})
        if to_hold:
            to_hold._md_change_quality_state(
                "hold", self.env._("%(excursion)s: %(kind)s at %(where)s from %(start)s (UTC).",
                                   excursion=self.name, kind=self._md_kind_label(),
                                   where=self._md_where(), start=self.start),
                origin=self.name)
            self._md_log(self.env._("Put on hold: %s", ", ".join(to_hold.mapped("display_name"))))

    def _md_kind_label(self):
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    def _md_where(self):
        return self.picking_id.name if self.picking_id else (self.location_id.display_name or self.sensor_id.name)

    def _md_notify_qa(self):
        qa = self.env.ref(QA_GROUP).users.filtered(lambda u: self.company_id in u.company_ids)
        user = self.sensor_id.responsible_id if self.sensor_id.responsible_id in qa else qa[:1]
        self.activity_schedule("medical_device_gsp.mail_activity_md_excursion",
                               date_deadline=fields.Date.context_today(self),
                               user_id=(user or self.env.user).id,
                               note=self.env._("%(kind)s at %(where)s: evaluate and release or reject the lots.",
                                               kind=self._md_kind_label(), where=self._md_where()))

    # Evaluation -----------------------------------------------------------------

    def action_sign_evaluation(self):
        self.ensure_one()
        self._md_check_before_signing("approved")
        return self.action_sign("approved")

    def _md_check_before_signing(self, meaning):
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is already evaluated and signed.", self.name))
        problems = []
        if not self.end:
            problems.append(self.env._("The excursion is still going on; it can be evaluated once it has ended."))
        if not (self.evaluation or "").strip():
            problems.append(self.env._("Write the evaluation (impact on the product, reasoning)."))
        undecided = self.lot_ids.filtered(lambda line: not line.decision)
        if undecided:
            problems.append(self.env._("Decide release or rejection for %s.",
                                       ", ".join(undecided.lot_id.mapped("display_name"))))
        if problems:
            raise problems_error(self.env._("%s cannot be signed yet:", self.name), problems)

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        self._md_workflow_env().write({"evaluated_by": self.env.user.id, "evaluated_on": signature.signed_at})
        self.sudo()._md_apply_decisions(signature)
        return signature

    def _md_apply_decisions(self, signature):
        """Reject or give back each held lot its status before the excursion, under this signature."""
        self.ensure_one()
        reason = self.env._("%(excursion)s evaluated by %(user)s", excursion=self.name, user=self.env.user.name)
        rejected = self.lot_ids.filtered(lambda l: l.decision == "reject" and l.lot_id.md_quality_state != "rejected")
        if rejected:
            rejected.lot_id._md_change_quality_state("rejected", reason, origin=self.name, signature=signature)
        released = self.lot_ids.filtered(lambda l: l.decision == "release" and l.held
                                         and l.lot_id.md_quality_state == "hold")
        still_held = self.env["md.excursion.lot"].search([
            ("lot_id", "in", released.lot_id.ids), ("excursion_id", "!=", self.id), ("held", "=", True),
            ("excursion_id.md_signed", "=", False)]).lot_id
        for state in ("released", "quarantine"):
            lots = released.filtered(lambda l: l.previous_state == state).lot_id - still_held
            if lots:
                lots._md_change_quality_state(state, reason, origin=self.name, signature=signature)
        body = Markup("<br/>").join(
            Markup("%s: %s") % (line.lot_id.display_name, line._md_decision_label()) for line in self.lot_ids)
        if still_held & released.lot_id:
            body += Markup("<br/>") + self.env._("Still on hold for other excursions: %s",
                                                 ", ".join((still_held & released.lot_id).mapped("display_name")))
        self._md_log(body)
        self.activity_ids.action_feedback(feedback=self.env._("Evaluated and signed."))

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_gsp.md_env_reading_action")
        action["domain"] = [("sensor_id", "=", self.sensor_id.id), ("timestamp", ">=", self.start)] + (
            [("timestamp", "<=", self.end)] if self.end else [])
        return action

    def action_md_temperature_chart(self):
        """The sensor's readings from some hours before the excursion to some hours after it.

        The chart opens on the hourly extreme that was breached: an hourly average
        can hide a peak of a few minutes.
        """
        self.ensure_one()
        margin = timedelta(hours=CHART_MARGIN_HOURS)
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_gsp.md_env_reading_chart_action")
        action["domain"] = [("sensor_id", "=", self.sensor_id.id), ("timestamp", ">=", self.start - margin),
                            ("timestamp", "<=", (self.end or fields.Datetime.now()) + margin)]
        measure = "temperature"
        if self.kind == "range" and self.temp_max_seen > self.temp_max_limit:
            measure = "temperature_max"
        elif self.kind == "range" and self.temp_min_seen < self.temp_min_limit:
            measure = "temperature_min"
        elif self.kind == "range" and self.humidity_max_limit and self.humidity_max_seen > self.humidity_max_limit:
            measure = "humidity"
        action["context"] = {"graph_measure": measure}
        action["name"] = action["display_name"] = self.env._(
            "Temperature (allowed %(low)s to %(high)s °C): %(excursion)s",
            excursion=self.name, low="%g" % self.temp_min_limit, high="%g" % self.temp_max_limit)
        return action
