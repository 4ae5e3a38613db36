from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.medical_device_base.models.md_compliance import problems_error

COLD = ("cold_chain", "frozen")


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "md.workflow.mixin"]
    # Set by validation itself: acceptance names the receiver from it (segregation of duties).
    _md_workflow_fields = ("md_validated_by",)

    md_has_devices = fields.Boolean(compute="_compute_md_has_devices", string="Has Medical Devices")
    md_cold_chain = fields.Boolean(compute="_compute_md_has_devices", string="Cold Chain")
    md_validated_by = fields.Many2one("res.users", string="Validated By", readonly=True, copy=False)
    md_acceptance_ids = fields.One2many("md.acceptance", "picking_id", string="Acceptances")
    md_acceptance_state = fields.Selection(
        [("draft", "To Inspect"), ("accepted", "Signed")], compute="_compute_md_acceptance_state",
        string="Acceptance")
    md_review_ids = fields.One2many("md.outbound.review", "picking_id", string="Outbound Reviews")
    md_review_state = fields.Selection(
        [("draft", "To Review"), ("passed", "Passed")], compute="_compute_md_review_state", string="Outbound Review")
    # Cold-chain transport record (receipts: arrival check; deliveries: shipping record).
    md_cc_transport_mode = fields.Selection(
        [("vehicle", "Refrigerated Vehicle"), ("box", "Insulated Box"), ("courier", "Cold-Chain Courier")],
        string="Transport Mode", copy=False)
    md_cc_vehicle = fields.Char(string="Vehicle/Box No.", copy=False)
    md_cc_logger = fields.Char(string="Temperature Logger", copy=False)
    md_cc_departure_time = fields.Datetime(string="Departure Time", copy=False)
    md_cc_departure_temperature = fields.Float(string="Departure Temperature (°C)", copy=False)
    md_cc_arrival_time = fields.Datetime(string="Arrival Temperature Taken At", copy=False)
    md_cc_arrival_temperature = fields.Float(string="Arrival Temperature (°C)", copy=False)
    md_cc_record = fields.Binary(string="In-Transit Temperature Record", attachment=True, copy=False)
    md_cc_record_name = fields.Char(string="Record File Name", copy=False)
    md_cc_sensor_id = fields.Many2one(
        "md.env.sensor", string="Transport Logger", copy=False, domain="[('kind', '=', 'logger')]",
        index="btree_not_null",
        help="Its readings between departure and arrival make the in-transit temperature record.")
    md_env_reading_ids = fields.One2many("md.env.reading", "picking_id", string="In-Transit Readings")
    md_env_reading_count = fields.Integer(compute="_compute_md_transit", string="Readings")
    md_transit_temp_min = fields.Float(compute="_compute_md_transit", string="Lowest In Transit (°C)")
    md_transit_temp_max = fields.Float(compute="_compute_md_transit", string="Highest In Transit (°C)")
    md_excursion_ids = fields.One2many("md.excursion", "picking_id", string="In-Transit Excursions")

    @api.depends("move_ids.product_id")
    def _compute_md_has_devices(self):
        for picking in self:
            templates = picking.move_ids.product_id.product_tmpl_id.filtered("is_medical_device")
            picking.md_has_devices = bool(templates)
            picking.md_cold_chain = any(t.md_storage_condition in COLD for t in templates)

    def _compute_md_transit(self):
        groups = self.env["md.env.reading"]._read_group(
            [("picking_id", "in", self.ids)], ["picking_id"], ["__count", "temperature:min", "temperature:max"])
        stats = {picking.id: (count, low, high) for picking, count, low, high in groups}
        for picking in self:
            count, low, high = stats.get(picking.id, (0, 0.0, 0.0))
            picking.md_env_reading_count = count
            picking.md_transit_temp_min, picking.md_transit_temp_max = low or 0.0, high or 0.0

    @api.depends("md_acceptance_ids.state")
    def _compute_md_acceptance_state(self):
        for picking in self:
            current = picking.md_acceptance_ids.filtered(lambda a: a.state != "corrected")
            picking.md_acceptance_state = (current and ("draft" if "draft" in current.mapped("state")
                                                        else "accepted")) or False

    @api.depends("md_review_ids.state")
    def _compute_md_review_state(self):
        for picking in self:
            current = picking.md_review_ids.filtered(lambda r: r.state != "corrected").sorted(
                "id", reverse=True)[:1]
            picking.md_review_state = current.state or False

    def _md_is_device_receipt(self):
        self.ensure_one()
        return self.picking_type_code == "incoming" and self.location_id.usage == "supplier" and self.md_has_devices

    def _md_is_device_delivery(self):
        self.ensure_one()
        return self.md_has_devices and self.location_dest_id.usage == "customer"

    # Validation gates ----------------------------------------------------------

    def _sanity_check(self, separate_pickings=True):
        res = super()._sanity_check(separate_pickings=separate_pickings)
        problems = []
        for picking in self:
            if picking._md_is_device_receipt():
                found = picking._md_receiving_problems()
                if found:
                    problems += [self.env._("%s cannot be received:", picking.name)] + [f"• {p}" for p in found]
            elif picking._md_is_device_delivery():
                problems += picking._md_delivery_gate_problems()
        if problems:
            raise UserError("\n".join(problems))
        return res

    def _md_receiving_problems(self):
        self.ensure_one()
        lines = self.move_line_ids.filtered(lambda ml: ml.product_id.is_medical_device and ml.quantity)
        if not lines:
            return []
        problems = []
        warehouse = self.location_dest_id.warehouse_id
        if not warehouse.md_has_gsp_zones:
            problems.append(warehouse._md_missing_zones_message())
        if not self.partner_id:
            problems.append(self.env._("Name the supplier on the receipt."))
        else:
            # The supplier and its documents are judged today; each lot's certificate on the day the lot was
            # produced.
            problems += self.env["md.compliance"]._md_partner_problems(
                self.partner_id, lines.product_id, fields.Date.context_today(self), "supplier",
                destination=warehouse.partner_id or self.company_id.partner_id)
        for line in lines:
            problems += line._md_receipt_lot_problems()
        if any(p.md_storage_condition in COLD for p in lines.product_id.product_tmpl_id):
            if not self.md_cc_arrival_time:
                problems.append(self.env._("Cold-chain devices: record the arrival temperature and when it was taken."))
            if not self.md_cc_record and not self.md_env_reading_count:
                problems.append(self.env._("Cold-chain devices: attach the in-transit temperature record "
                                           "or import the transport logger's readings."))
        return list(dict.fromkeys(problems))

    def _md_delivery_gate_problems(self):
        """Validation of a delivery needs a passed review of exactly what is being delivered."""
        self.ensure_one()
        review = self.md_review_ids.filtered(lambda r: r.state == "passed").sorted("id", reverse=True)[:1]
        if not review:
            draft = self.md_review_ids.filtered(lambda r: r.state == "draft")[:1]
            found = [p["message"] for p in self._md_outbound_problems(draft or None)
                     if not (draft and draft._md_exception_signed(p))]
            return ([self.env._("%s needs a signed outbound review before it can be validated.", self.name)]
                    + ([self.env._("The review will stop on:")] + [f"• {p}" for p in found] if found else []))
        if not review._md_matches_picking():
            return [self.env._("%(picking)s changed after its outbound review %(review)s; review it again.",
                               picking=self.name, review=review.name)]
        # Statuses can change after the review (a hold, an expiry): check again.
        found = [p["message"] for p in self._md_outbound_problems(review)
                 if not review._md_exception_signed(p)]
        if found:
            return [self.env._("%s cannot be delivered:", self.name)] + [f"• {p}" for p in found]
        return []

    # Outbound review content ---------------------------------------------------

    def _md_outbound_quantities(self):
        """{(product, lot): quantity in product unit} of the devices on this delivery."""
        quantities = defaultdict(float)
        for line in self.move_line_ids.filtered(lambda ml: ml.product_id.is_medical_device and ml.quantity):
            quantities[(line.product_id, line.lot_id)] += line.quantity_product_uom
        return dict(quantities)

    def _md_pickers(self):
        lines = self.move_line_ids.filtered(lambda ml: ml.product_id.is_medical_device)
        users = lines.md_picked_by | self.user_id
        return users.filtered(lambda u: u.id != 1)

    def _md_outbound_problems(self, review=None):
        """Every problem that forbids this delivery, as md.outbound.problem values."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        partner = self.partner_id.commercial_partner_id
        problems = []

        def add(code, message, product=None, lot=None, overridable=False):
            problems.append({"code": code, "message": message, "product_id": product.id if product else False,
                             "lot_id": lot.id if lot else False, "overridable": overridable})

        quantities = self._md_outbound_quantities()
        for (product, lot), _quantity in quantities.items():
            for code, message, overridable in self._md_lot_problems(product, lot):
                add(code, message, product, lot, overridable)
            # Registered means produced while a certificate was in force: a hard stop, no exception.
            if lot and not lot.md_production_date:
                add("certificate", self.env._(
                    "%(product)s %(lot)s has no production date: enter it on the lot from the label, so that "
                    "the certificate that covered the lot can be checked.", product=product.display_name,
                    lot=lot.name), product, lot)
            elif lot:
                for message in product.product_tmpl_id.sudo()._md_certificate_problems(
                        lot.md_production_date, lot.name):
                    add("certificate", message, product, lot)
        products = self.env["product.product"].union(*[product for product, _lot in quantities])
        if partner:
            customer = partner.sudo()._md_identity_problems(today, "customer")
            for template in products.product_tmpl_id.sudo():
                customer += partner.sudo()._md_scope_problems(template, today, "customer")
            for message in dict.fromkeys(customer):
                add("customer", message, None, None, True)
        else:
            add("customer", self.env._("Name the customer on the delivery."))
        if any(p.md_storage_condition in COLD for p in products.product_tmpl_id) \
                and not (self.md_cc_transport_mode and self.md_cc_vehicle and self.md_cc_departure_time):
            add("cold_chain", self.env._(
                "Cold-chain devices: fill the shipping record (transport mode, vehicle or box, departure "
                "time and temperature)."))
        if review:
            for line in review.line_ids:
                if line.qty_checked != line.quantity:
                    add("quantity", self.env._(
                        "%(product)s %(lot)s: counted %(counted)s, the delivery says %(picked)s.",
                        product=line.product_id.display_name, lot=line.lot_id.name or "-",
                        counted=line.qty_checked, picked=line.quantity), line.product_id, line.lot_id)
        return problems

    def _md_lot_problems(self, product, lot):
        """[(code, message, overridable)] that keep ``lot`` of ``product`` off this delivery.

        The lot's own status and expiry (quarantined, on hold, rejected, recalled, expired: see
        ``stock.lot._md_delivery_problems``), then this customer's minimum shelf life, which QA may
        release as a signed exception on the review. The scan refuses them at the shelf; the review
        and the validation list them.
        """
        self.ensure_one()
        found = [(code, message, False) for code, message in self.env["stock.lot"]._md_delivery_problems(product, lot)]
        partner = self.partner_id.commercial_partner_id
        if lot.expiration_date and not any(code == "expired" for code, _message, _overridable in found) \
                and partner.md_min_shelf_life_days and lot.md_days_to_expiry < partner.md_min_shelf_life_days:
            found.append(("shelf_life", self.env._(
                "%(product)s %(lot)s has %(days)s days of shelf life left; %(customer)s requires %(min)s.",
                product=product.display_name, lot=lot.name, days=lot.md_days_to_expiry,
                customer=partner.display_name, min=partner.md_min_shelf_life_days), True))
        return found

    def _md_exception_released(self, code, product, lot):
        """True when QA released the problem ``code`` of ``lot`` on this delivery's review in progress."""
        self.ensure_one()
        review = self.md_review_ids.filtered(lambda r: r.state == "draft")[:1]
        return bool(review) and review._md_exception_signed(
            {"code": code, "product_id": product.id, "lot_id": lot.id, "overridable": True})

    # Outbound UDI scan ----------------------------------------------------------

    @api.returns("stock.move.line", lambda line: line.id)
    def md_scan_udi(self, code):
        """A scan on a delivery confirms the lot picked; receipts keep the receiving scan."""
        self.ensure_one()
        if self._md_scans_outbound():
            return self._md_scan_outbound(code)
        return super().md_scan_udi(code)

    def _md_scans_outbound(self):
        """True for a delivery being picked, whose scans confirm the lots picked."""
        self.ensure_one()
        return self.picking_type_code == "outgoing" and self.state not in ("draft", "done", "cancel")

    def _md_scan_outbound(self, code, line=None):
        """Confirm with a scanned UDI the lot actually picked for this delivery.

        The lot of a reserved line is confirmed; another lot that may itself be reserved
        (released, unexpired, free in the source location) takes the place of a reserved
        one that is not scanned yet. Anything else is refused with its reasons and
        nothing changes. Returns the move line that took the scan.
        """
        self.ensure_one()
        MoveLine = self.env["stock.move.line"]
        if self.state in ("draft", "done", "cancel"):
            raise UserError(self.env._("%s is not being picked; scan its goods once it is ready.",
                                       self.display_name))
        found = MoveLine._md_udi_found(code, product=line.product_id if line else None)
        parsed, product, lot = found["parsed"], found["product"], found["lot"]
        moves = self.move_ids.filtered(lambda m: m.product_id == product and m.state not in ("done", "cancel"))
        if not moves:
            raise UserError(self.env._(
                "%(product)s (device identifier %(di)s) is not on delivery %(picking)s.",
                product=product.display_name, di=parsed["di"] or "-", picking=self.display_name))
        if line and line.product_id != product:
            raise UserError(self.env._("This line is for %(line)s, but the code is %(product)s.",
                                       line=line.product_id.display_name, product=product.display_name))
        name = MoveLine._md_udi_lot_name(product, parsed)
        if name and not lot:
            raise UserError(self.env._(
                "%(product)s has no lot or serial number %(lot)s in stock: it cannot be on this delivery.",
                product=product.display_name, lot=name))
        if lot:
            MoveLine._md_udi_check_lot(lot, product, parsed)
        product_lines = self.move_line_ids.filtered(lambda ml: ml.product_id == product)
        same = (line or product_lines).filtered(lambda ml: ml.lot_id == lot)
        problems = [message for code, message, overridable in self._md_lot_problems(product, lot)
                    if not (overridable and self._md_exception_released(code, product, lot))] \
            if product.tracking != "none" else []
        if same:
            if problems:
                raise problems_error(self.env._("%s is refused at the scan:", lot.display_name), problems)
            target = same.filtered(lambda ml: not ml.md_scanned_by)[:1]
            if not target and product.tracking == "serial":
                raise UserError(self.env._("Serial number %(serial)s of %(product)s is already scanned on %(picking)s.",
                                           serial=lot.name, product=product.display_name, picking=self.display_name))
            target = target or same[:1]
        else:
            target = self._md_scan_swap(code, product, lot, moves, line or product_lines, problems)
        target._md_workflow_env().write({"md_scan_code": code, "md_scanned_by": self.env.uid,
                                         "md_scanned_on": fields.Datetime.now(), "picked": True})
        return target

    def _md_scan_swap(self, code, product, lot, moves, lines, problems):
        """Reserve the scanned ``lot`` in place of a reserved line not scanned yet; returns its line."""
        free = moves[:1]._get_available_quantity(moves[:1].location_id, lot_id=lot) if not problems else 0.0
        rounding = product.uom_id.rounding
        if not problems and float_compare(free, 0, precision_rounding=rounding) <= 0:
            problems.append(self.env._(
                "%(product)s %(lot)s is not on this delivery and none of it is free to reserve in %(location)s.",
                product=product.display_name, lot=lot.name or "-", location=moves[:1].location_id.display_name))
        candidates = lines.filtered(lambda ml: not ml.md_scanned_by and ml.move_id in moves)
        open_moves = moves.filtered(lambda m: float_compare(
            m.product_qty, sum(m.move_line_ids.mapped("quantity_product_uom")), precision_rounding=rounding) > 0)
        if not problems and not candidates and not open_moves:
            problems.append(self.env._(
                "Every %(product)s reserved on %(picking)s is scanned already: %(lot)s is not needed.",
                product=product.display_name, picking=self.display_name, lot=lot.name or "-"))
        if problems:
            raise problems_error(self.env._("%(code)s is refused on %(picking)s:", code=code,
                                            picking=self.display_name), problems)
        if candidates:
            replaced = candidates[0]
            move = replaced.move_id
            whole = self._md_quant_for(product, lot, move.location_id, replaced.quantity_product_uom)
            if whole:
                # The line itself takes the lot: Odoo's write moves its reservation to that quant.
                replaced.write({"lot_id": lot.id, "location_id": whole.location_id.id,
                                "package_id": whole.package_id.id})
                return replaced
            quantity = min(replaced.quantity_product_uom, free)
            if product.tracking == "serial":
                quantity = 1.0
            left = replaced.quantity_product_uom - quantity
            if float_is_zero(left, precision_rounding=rounding):
                replaced.unlink()
            else:
                replaced.quantity = product.uom_id._compute_quantity(left, replaced.product_uom_id)
        else:
            move = open_moves[0]
            quantity = min(move.product_qty - sum(move.move_line_ids.mapped("quantity_product_uom")), free)
            if product.tracking == "serial":
                quantity = 1.0
        # Odoo's own reservation takes the lot from the quants where it lies.
        move._update_reserved_quantity(quantity, move.location_id, lot_id=lot, strict=False)
        move._recompute_state()
        taken = move.move_line_ids.filtered(lambda ml: ml.lot_id == lot and not ml.md_scanned_by)
        return taken[:1]

    def _md_quant_for(self, product, lot, location, quantity):
        """A reservable quant of ``lot`` under ``location`` with ``quantity`` free, if there is one."""
        rounding = product.uom_id.rounding
        for quant in self.env["stock.quant"]._gather(product, location, lot_id=lot):
            if float_compare(quant.quantity - quant.reserved_quantity, quantity, precision_rounding=rounding) >= 0:
                return quant
        return self.env["stock.quant"]

    def _md_outbound_scans(self):
        """{(product, lot): scan record} of the devices on this delivery, for its review."""
        scans = {}
        lines = self.move_line_ids.filtered(lambda ml: ml.product_id.is_medical_device and ml.quantity)
        for line in lines.sorted(lambda ml: (ml.md_scanned_on or fields.Datetime.from_string("1970-01-01"), ml.id)):
            scan = scans.setdefault((line.product_id, line.lot_id), {
                "scanned_code": [], "scanned_by_id": False, "scanned_on": False, "scanned": True})
            if line.md_scanned_by:
                if line.md_scan_code not in scan["scanned_code"]:
                    scan["scanned_code"].append(line.md_scan_code)
                scan.update(scanned_by_id=line.md_scanned_by.id, scanned_on=line.md_scanned_on)
            else:
                scan["scanned"] = False
        for scan in scans.values():
            scan["scanned_code"] = "\n".join(scan["scanned_code"]) or False
        return scans

    def action_md_outbound_review(self):
        self.ensure_one()
        if not self._md_is_device_delivery():
            raise UserError(self.env._("Only deliveries of medical devices to customers are reviewed."))
        review = self.md_review_ids.filtered(lambda r: r.state == "draft")[:1]
        if not review:
            review = self.env["md.outbound.review"]._md_workflow_env().create({
                "picking_id": self.id, "company_id": self.company_id.id}).sudo(False)
        review.action_refresh()
        return {
            "type": "ir.actions.act_window",
            "res_model": "md.outbound.review",
            "res_id": review.id,
            "view_mode": "form",
            "target": "current",
        }

    # Delivery note (随货同行单) ---------------------------------------------------

    def _md_delivery_note_problems(self):
        """Why these pickings cannot print a delivery note: it travels with reviewed devices only."""
        problems = []
        for picking in self:
            if not picking._md_is_device_delivery():
                problems.append(self.env._("%s is not a delivery of medical devices to a customer.", picking.name))
            elif picking.state != "done" and picking.md_review_state != "passed":
                problems.append(self.env._(
                    "%s: the delivery note is printed once the outbound review is signed.", picking.name))
        return problems

    def _md_delivery_note_review(self):
        """The signed outbound review the goods leave under: its signature is the shipper's."""
        self.ensure_one()
        return self.md_review_ids.filtered(lambda r: r.state == "passed").sorted("id", reverse=True)[:1]

    def _md_delivery_note_date(self):
        self.ensure_one()
        when = self.date_done or fields.Datetime.now()
        return fields.Datetime.context_timestamp(self, when).date()

    def _md_delivery_note_lines(self):
        """One row per device and lot or serial, with what the delivery note must show."""
        self.ensure_one()
        Acceptance = self.env["md.acceptance.line"]
        licences = {}
        storage = dict(self.env["product.template"]._fields["md_storage_condition"]._description_selection(self.env))
        rows = []
        for (product, lot), quantity in self._md_outbound_quantities().items():
            template = product.product_tmpl_id.sudo()
            cert = template.md_certificate_id
            holder = cert.holder_id
            maker = cert.manufacturer_id or holder
            expiry = fields.Datetime.context_timestamp(self, lot.expiration_date).date() if lot.expiration_date \
                else False
            rows.append({
                "product": product,
                "model_spec": product._md_model_spec(),
                "certificate_number": cert.name or "",
                "registrant": holder.name or "",
                "registrant_licence": Acceptance._md_production_licence(holder, licences) or "",
                "manufacturer": maker.name or "",
                "manufacturer_licence": Acceptance._md_production_licence(maker, licences) or "",
                "lot": lot.name or "",
                "production_date": lot.md_production_date,
                "expiry_date": expiry,
                "udi": self._md_udi_text(template, lot, expiry),
                "quantity": quantity,
                "uom": product.uom_id.name,
                "storage": f"{storage.get(template.md_storage_condition, '')} "
                           f"({template.md_temp_min:g}~{template.md_temp_max:g} °C)",
            })
        return rows

    @api.model
    def _md_address_text(self, partner):
        return ", ".join(filter(None, [partner.street, partner.street2, partner.city, partner.state_id.name,
                                       partner.country_id.name]))

    def _md_distributor_licences(self):
        """The company's own distribution licence or filing numbers, as the delivery note names them."""
        self.ensure_one()
        current = self.company_id.partner_id.sudo()._md_current_licences()
        return ", ".join(current[kind].name for kind in ("distribution_licence", "distribution_filing")
                         if kind in current)

    @api.model
    def _md_udi_text(self, template, lot, expiry):
        """The UDI as printed under the barcode: GS1 in human-readable form, else the device identifier."""
        di = template.md_udi_di or ""
        if not di or template.md_udi_agency != "gs1":
            return di
        production = lot.md_production_date
        return "".join([
            f"(01){di}",
            f"(11){production:%y%m%d}" if production else "",
            f"(17){expiry:%y%m%d}" if expiry else "",
            (f"(21){lot.name}" if template.tracking == "serial" else f"(10){lot.name}") if lot else "",
        ])

    def action_md_view_transit_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_gsp.md_env_reading_action")
        action["domain"] = [("picking_id", "=", self.id)]
        return action

    def action_md_open_acceptance(self):
        self.ensure_one()
        acceptance = self.md_acceptance_ids.filtered(lambda a: a.state != "corrected")[:1]
        return {
            "type": "ir.actions.act_window",
            "res_model": "md.acceptance",
            "res_id": acceptance.id,
            "view_mode": "form",
            "target": "current",
        }

    # Done ----------------------------------------------------------------------

    def _action_done(self):
        receipts = self.filtered(lambda p: p.state != "done" and p._md_is_device_receipt())
        self.filtered(lambda p: p.state != "done")._md_workflow_write({"md_validated_by": self.env.user.id})
        result = super()._action_done()
        done = receipts.filtered(lambda p: p.state == "done")
        # Lots exist only now: an excursion found in transit holds them before acceptance.
        for excursion in done.md_excursion_ids.sudo():
            excursion._md_collect_lots()
        if done:
            self.env["md.acceptance"]._md_create_for_pickings(done)
        return result
