from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

from .stock_location import COLD_CONDITIONS

INSPECTOR_GROUP = "medical_device_base.group_md_inspector"
QA_GROUP = "medical_device_base.group_md_qa_manager"


def float_repr_short(value):
    """A quantity as people write it: 4, 2.5 (not 4.0), 1200000 (not 1.2e+06)."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


class MdAcceptance(models.Model):
    """验收记录: the signed acceptance of one receipt of medical devices (GSP, Distribution Measures art. 32)."""

    _name = "md.acceptance"
    _description = "Receiving Acceptance"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"

    # Taken from the receipt when the acceptance is made, or set by the
    # inspector's signature: an inspector who validated the receipt cannot
    # rename the receiver to get past the segregation of duties.
    _md_workflow_fields = ("state", "picking_id", "receiver_id", "receipt_date", "inspector_id", "accepted_on",
                           "cold_chain", "departure_time", "transit_minutes", "transit_temp_min",
                           "transit_temp_max", "transit_reading_count")
    _md_signed_fields = ["name", "picking_id", "partner_id", "purchase_id", "purchase_date", "receipt_date",
                         "receiver_id", "transport_mode", "transport_vehicle", "arrival_temperature",
                         "arrival_time", "transit_record_name", "departure_time", "transit_minutes",
                         "transit_temp_min", "transit_temp_max", "transit_reading_count", "note", "line_ids"]
    _md_signature_groups = {"accepted": INSPECTOR_GROUP}
    _md_required_signatures = [([("state", "in", ("accepted", "corrected"))], "accepted")]

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.acceptance"))
    picking_id = fields.Many2one("stock.picking", string="Receipt", required=True, readonly=True, index=True,
                                 ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, readonly=True,
                                 default=lambda self: self.env.company)
    partner_id = fields.Many2one("res.partner", string="Supplier", readonly=True)
    purchase_id = fields.Many2one("purchase.order", string="Purchase Order", readonly=True)
    purchase_date = fields.Date(readonly=True)
    receipt_date = fields.Datetime(string="Received On", readonly=True)
    receiver_id = fields.Many2one("res.users", string="Received By", readonly=True)
    inspector_id = fields.Many2one("res.users", readonly=True, copy=False)
    accepted_on = fields.Datetime(string="Accepted On (UTC)", readonly=True, copy=False)
    cold_chain = fields.Boolean(readonly=True)
    transport_mode = fields.Char(readonly=True)
    transport_vehicle = fields.Char(string="Vehicle/Box", readonly=True)
    arrival_temperature = fields.Float(string="Arrival Temperature (°C)", readonly=True, aggregator="avg")
    arrival_time = fields.Datetime(readonly=True)
    transit_record_name = fields.Char(string="In-Transit Record", readonly=True)
    # The in-transit record as it stood when the inspector signed (logger
    # readings may be imported after the receipt was validated).
    departure_time = fields.Datetime(readonly=True, copy=False)
    transit_minutes = fields.Integer(string="Transit Time (min)", readonly=True, copy=False, aggregator="avg")
    transit_temp_min = fields.Float(string="Lowest In Transit (°C)", readonly=True, copy=False, aggregator="min")
    transit_temp_max = fields.Float(string="Highest In Transit (°C)", readonly=True, copy=False, aggregator="max")
    transit_reading_count = fields.Integer(string="In-Transit Readings", readonly=True, copy=False)
    transit_excursion_ids = fields.One2many(related="picking_id.md_excursion_ids", string="In-Transit Excursions")
    note = fields.Text()
    line_ids = fields.One2many("md.acceptance.line", "acceptance_id", string="Lines", copy=True)
    state = fields.Selection([("draft", "To Inspect"), ("accepted", "Signed"), ("corrected", "Corrected")],
                             compute="_compute_state", store=True, index=True)
    scan_udi = fields.Char(string="Scan UDI", compute="_compute_scan_udi", inverse="_inverse_scan_udi",
                           help="Scan the label of each unit or box inspected: it counts as accepted.")
    qty_received = fields.Float(compute="_compute_totals", string="Received")
    qty_accepted = fields.Float(compute="_compute_totals", string="Accepted")
    qty_rejected = fields.Float(compute="_compute_totals", string="Rejected")

    @api.depends("md_signed", "md_corrected")
    def _compute_state(self):
        for acceptance in self:
            acceptance.state = "corrected" if acceptance.md_corrected else (
                "accepted" if acceptance.md_signed else "draft")

    @api.depends("line_ids.qty_received", "line_ids.qty_accepted", "line_ids.qty_rejected")
    def _compute_totals(self):
        for acceptance in self:
            lines = acceptance.line_ids
            acceptance.qty_received = sum(lines.mapped("qty_received"))
            acceptance.qty_accepted = sum(lines.mapped("qty_accepted"))
            acceptance.qty_rejected = sum(lines.mapped("qty_rejected"))

    def _compute_scan_udi(self):
        self.scan_udi = False

    def _inverse_scan_udi(self):
        for acceptance in self.filtered("scan_udi"):
            acceptance.action_scan_udi(acceptance.scan_udi)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An acceptance record is kept for as long as the law asks and cannot be deleted."))

    def _md_correction_default(self):
        return {"name": self.name}

    def _md_create_correction(self, reason):
        # Nobody has the right to create acceptances (they come from receipts),
        # so the copy is made with system rights once the corrector is known
        # to be QA, the only group the Correct button is shown to.
        self.ensure_one()
        if not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only a QA manager may correct %s.", self.name))
        return super(MdAcceptance, self._md_workflow_env())._md_create_correction(reason).sudo(False)

    # Creation from a receipt ---------------------------------------------------

    @api.model
    def _md_create_for_pickings(self, pickings):
        """One acceptance per done receipt of devices, one line per product and lot."""
        Line = self.env["md.acceptance.line"]
        licences = {}
        vals_list = []
        for picking in pickings:
            move_lines = picking.move_line_ids.filtered(
                lambda ml: ml.product_id.is_medical_device and ml.quantity and ml.state == "done")
            if not move_lines:
                continue
            grouped = defaultdict(lambda: self.env["stock.move.line"])
            for ml in move_lines:
                grouped[(ml.product_id, ml.lot_id, ml.location_dest_id)] |= ml
            purchase = picking.purchase_id if "purchase_id" in picking._fields else self.env["purchase.order"]
            vals_list.append({
                "picking_id": picking.id,
                "company_id": picking.company_id.id,
                "partner_id": picking.partner_id.commercial_partner_id.id,
                "purchase_id": purchase.id,
                "purchase_date": purchase.date_approve.date() if purchase.date_approve else False,
                "receipt_date": picking.date_done,
                "receiver_id": picking.md_validated_by.id,
                "cold_chain": picking.md_cold_chain,
                "transport_mode": picking.md_cc_transport_mode and dict(
                    picking._fields["md_cc_transport_mode"]._description_selection(self.env)
                )[picking.md_cc_transport_mode],
                "transport_vehicle": picking.md_cc_vehicle,
                "arrival_temperature": picking.md_cc_arrival_temperature,
                "arrival_time": picking.md_cc_arrival_time,
                "transit_record_name": picking.md_cc_record_name,
                "line_ids": [fields.Command.create(Line._md_values_from_move_lines(mls, picking, licences))
                             for mls in grouped.values()],
            })
        acceptances = self._md_workflow_env().create(vals_list).sudo(False)
        for acceptance in acceptances:
            acceptance._md_log(self.env._("Received into quarantine by %(user)s from %(picking)s; awaiting acceptance.",
                                          user=acceptance.receiver_id.name or "-",
                                          picking=acceptance.picking_id.name))
        return acceptances

    # Inspector's helpers -------------------------------------------------------

    def action_accept_all(self):
        """Fill the lines not yet inspected as fully accepted with passed checks."""
        for line in self.line_ids.filtered(lambda l: not l.qty_accepted and not l.qty_rejected):
            line.write({"qty_accepted": line.qty_received, "packaging_check": "pass", "label_check": "pass",
                        "delivery_note_check": "pass"})
        return True

    def action_scan_udi(self, code, outcome="accept", reason=None):
        """Count one scanned unit, or the box the code stands for, of a lot of this acceptance.

        ``outcome`` is ``accept`` or ``reject``: the quantity goes to the accepted or rejected units of
        the line of that product and lot; ``reason`` (optional) is kept as the line's reason. Refused:
        a signed acceptance, a lot that is not on it, a serial counted already, more units than were
        received. Returns the acceptance line counted.
        """
        self.ensure_one()
        if outcome not in ("accept", "reject"):
            raise UserError(self.env._("A scan counts units as accepted or rejected, not %s.", outcome))
        if self.md_signed:
            raise UserError(self.env._("%s is signed; its counts can no longer change.", self.name))
        MoveLine = self.env["stock.move.line"]
        found = MoveLine._md_udi_read(code)
        parsed, product, name = found["parsed"], found["product"], found["lot_name"]
        lines = self.line_ids.filtered(lambda l: l.product_id == product and (not name or l.lot_id.name == name))
        if not lines:
            raise UserError(self.env._("%(product)s %(lot)s is not on acceptance %(acceptance)s.",
                                       product=product.display_name, lot=name or "", acceptance=self.name))
        MoveLine._md_udi_check_lot(lines[0].lot_id, product, parsed)
        quantity = found["units"]
        counted = {line: line.qty_accepted + line.qty_rejected for line in lines}
        if product.tracking == "serial" and any(counted.values()):
            raise UserError(self.env._("Serial number %(serial)s of %(product)s is already counted on %(acceptance)s.",
                                       serial=name, product=product.display_name, acceptance=self.name))
        line = next((line for line in lines if line.qty_received - counted[line] >= quantity), None)
        if not line:
            raise UserError(self.env._(
                "%(product)s %(lot)s: %(counted)s of the %(received)s received are counted already; "
                "%(quantity)s more is too many.", product=product.display_name, lot=name or "",
                counted=float_repr_short(sum(counted.values())),
                received=float_repr_short(sum(lines.mapped("qty_received"))), quantity=float_repr_short(quantity)))
        field = "qty_accepted" if outcome == "accept" else "qty_rejected"
        vals = {field: line[field] + quantity}
        if reason and reason.strip():
            vals["reason"] = reason.strip()
        line.write(vals)
        return line

    def action_record_checks(self, packaging=None, label=None, delivery_note=None, reason=None):
        """Record the packaging, label and delivery note checks on every line (None: leave as it is).

        A failed check, or a delivery note that is missing or does not match, needs ``reason``.
        """
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is signed; its checks can no longer change.", self.name))
        Line = self.env["md.acceptance.line"]
        vals = {}
        for field, value in (("packaging_check", packaging), ("label_check", label),
                             ("delivery_note_check", delivery_note)):
            if value is None:
                continue
            if value not in dict(Line._fields[field].selection):
                raise UserError(self.env._("%(value)s is not a result of the check %(check)s.", value=value,
                                           check=Line._fields[field]._description_string(self.env)))
            vals[field] = value
        if not vals:
            raise UserError(self.env._("Say which check to record."))
        failed = [field for field, value in vals.items() if value != "pass"]
        if failed and len((reason or "").strip()) < 5:
            raise UserError(self.env._("Give the reason for the failed check (%s).", ", ".join(
                Line._fields[field]._description_string(self.env) for field in failed)))
        if reason and reason.strip():
            vals["reason"] = reason.strip()
        self.line_ids.write(vals)
        return True

    def action_sign_acceptance(self):
        self.ensure_one()
        self._md_check_before_signing("accepted")
        return self.action_sign("accepted")

    # Signing -------------------------------------------------------------------

    def _md_check_before_signing(self, meaning):
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is already signed.", self.name))
        problems = []
        if not self.line_ids:
            problems.append(self.env._("The acceptance has no lines."))
        for line in self.line_ids:
            problems += line._md_completeness_problems()
        if self.company_id.md_acceptance_segregation and self.receiver_id == self.env.user:
            problems.append(self.env._(
                "%(user)s validated receipt %(picking)s and may not also sign its acceptance "
                "(segregation of duties).", user=self.env.user.name, picking=self.picking_id.name))
        if not self.md_correction_of:
            problems += self._md_cold_chain_problems()
        original = self.md_correction_of
        if original:
            before = {(l.product_id.id, l.lot_id.id): (l.qty_accepted, l.qty_rejected) for l in original.line_ids}
            after = {(l.product_id.id, l.lot_id.id): (l.qty_accepted, l.qty_rejected) for l in self.line_ids}
            if before != after:
                problems.append(self.env._(
                    "A correction cannot change accepted or rejected quantities; change the status of the "
                    "lots instead (hold, reject)."))
        if problems:
            raise problems_error(self.env._("%s cannot be signed yet:", self.name), problems)

    def _md_cold_chain_problems(self):
        """Lots that cannot be accepted because of the transport conditions or an excursion."""
        problems = []
        excursions = self.picking_id.md_excursion_ids.filtered(lambda e: e.state != "done")
        if excursions:
            problems.append(self.env._(
                "In-transit excursion %s must be evaluated by QA before the acceptance is signed.",
                ", ".join(excursions.mapped("name"))))
        labels = self.env["stock.lot"]._md_quality_labels()
        for line in self.line_ids.filtered(lambda l: l.qty_accepted > 0):
            lot, template = line.lot_id, line.product_id.product_tmpl_id
            if lot.md_quality_state in ("hold", "rejected"):
                problems.append(self.env._(
                    "%(lot)s is %(state)s and cannot be accepted; reject it or have QA decide on it first.",
                    lot=lot.display_name, state=labels[lot.md_quality_state]))
            temperature = line.arrival_temperature or self.arrival_temperature
            if self.cold_chain and template.md_storage_condition in COLD_CONDITIONS \
                    and not template.md_temp_min <= temperature <= template.md_temp_max:
                problems.append(self.env._(
                    "%(lot)s arrived at %(temperature)s °C, outside %(low)s to %(high)s °C: it can only be rejected.",
                    lot=lot.display_name, temperature=temperature, low=template.md_temp_min,
                    high=template.md_temp_max))
        return problems

    def _md_snapshot_transit(self):
        picking = self.picking_id
        departure, arrival = picking.md_cc_departure_time, picking.md_cc_arrival_time
        self._md_workflow_env().write({
            "departure_time": departure,
            "transit_minutes": int((arrival - departure).total_seconds() // 60) if departure and arrival else 0,
            "transit_temp_min": picking.md_transit_temp_min,
            "transit_temp_max": picking.md_transit_temp_max,
            "transit_reading_count": picking.md_env_reading_count,
        })

    def _md_sign(self, meaning, comment=None):
        if self.cold_chain and not self.md_correction_of:
            self._md_snapshot_transit()
        signature = super()._md_sign(meaning, comment)
        self._md_workflow_env().write({"inspector_id": self.env.user.id, "accepted_on": signature.signed_at})
        if not self.md_correction_of:
            self.sudo()._md_apply_acceptance(signature)
        return signature

    def _md_apply_acceptance(self, signature):
        """Release accepted quantities to stock and segregate rejected ones, in this transaction."""
        self.ensure_one()
        warehouse = self.picking_id.picking_type_id.warehouse_id
        stock, nonconforming = warehouse.lot_stock_id, warehouse.md_nonconforming_location_id
        if not nonconforming:
            warehouse._md_raise_missing_zones()
        lines = self.line_ids
        # A lot rejected before acceptance (by an excursion evaluation, say) is already segregated.
        segregated = lines.lot_id.filtered(lambda lot: lot.md_quality_state == "rejected")
        released = lines.filtered(lambda l: l.qty_accepted > 0).lot_id
        rejected = lines.filtered(lambda l: l.qty_accepted <= 0).lot_id - released
        to_release = released.filtered(lambda lot: lot.md_quality_state != "released")
        to_reject = rejected.filtered(lambda lot: lot.md_quality_state != "rejected")
        if to_release:
            to_release._md_change_quality_state(
                "released", self.env._("Accepted by %s", self.name), origin=self.name, signature=signature,
                relocate=False)
        if to_reject:
            reasons = "; ".join(sorted(set(lines.filtered(lambda l: l.lot_id in to_reject).mapped("reason"))))
            to_reject._md_change_quality_state(
                "rejected", self.env._("Rejected by %(acceptance)s: %(reason)s", acceptance=self.name, reason=reasons),
                origin=self.name, signature=signature, relocate=False)
        Lot = self.env["stock.lot"]
        # Putaway rules send cold-chain devices to the cold store of each zone.
        accept_plan = [(l.lot_id, l.qty_accepted, l.location_id,
                        stock._get_putaway_strategy(l.product_id, quantity=l.qty_accepted))
                       for l in lines if l.qty_accepted > 0]
        reject_plan = [(l.lot_id, l.qty_rejected, l.location_id,
                        nonconforming._get_putaway_strategy(l.product_id, quantity=l.qty_rejected))
                       for l in lines if l.qty_rejected > 0 and l.lot_id not in segregated]
        Lot._md_move_quantities(accept_plan, self.env._("%s accepted", self.name))
        Lot.sudo().with_context(md_rejected_units=True)._md_move_quantities(reject_plan, self.env._("%s rejected", self.name))
        lines.lot_id._md_check_zone_agreement()
        self._md_log(self.env._("%(accepted)s accepted to %(stock)s, %(rejected)s rejected to %(nonconforming)s.",
                                accepted=self.qty_accepted, stock=stock.display_name,
                                rejected=self.qty_rejected, nonconforming=nonconforming.display_name))
