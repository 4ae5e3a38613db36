from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

PICKING_FIELDS = {"picked", "quantity", "lot_id", "lot_name"}


class StockMoveLine(models.Model):
    _name = "stock.move.line"
    _inherit = ["stock.move.line", "md.workflow.mixin"]
    # The picker is whoever created or filled the line: never typed in, or the outbound review's
    # segregation of duties could be talked round.
    # The outbound scan record is stamped by the scan itself, never typed in.
    _md_workflow_fields = ("md_picked_by", "md_scan_code", "md_scanned_by", "md_scanned_on")

    md_quality_state = fields.Selection(related="lot_id.md_quality_state", string="Quality Status")
    # Who put the goods on the line, for the segregation of duties at outbound
    # review; write_uid would name whoever last stored any computed value.
    md_picked_by = fields.Many2one("res.users", string="Picked By", readonly=True, copy=False,
                                   default=lambda self: self.env.uid)
    # The UDI scanned to confirm the lot actually picked for a delivery (md_udi records receipts' codes).
    md_scan_code = fields.Char(string="Scanned Code", readonly=True, copy=False)
    md_scanned_by = fields.Many2one("res.users", string="Scanned By", readonly=True, copy=False)
    md_scanned_on = fields.Datetime(string="Scanned On (UTC)", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("md_udi"):
                continue
            picking = self.env["stock.picking"].browse(vals.get("picking_id")) \
                or self.env["stock.move"].browse(vals.get("move_id")).picking_id
            if picking and picking._md_scans_outbound():
                raise UserError(self.env._(
                    "On delivery %s a scan confirms a reserved line: scan on that line, or with Scan UDI "
                    "in the outbound review.", picking.display_name))
        return super().create(vals_list)

    @api.onchange("md_udi")
    def _onchange_md_udi(self):
        # On a delivery the code is a scan of the line, run when the line is saved: it moves reservations,
        # which a form's pending changes cannot hold.
        picking = self.picking_id or self.move_id.picking_id
        if picking and picking._md_scans_outbound():
            return
        return super()._onchange_md_udi()

    def write(self, vals):
        if vals.get("md_udi") and not self._md_workflow_internal():
            outbound = self.filtered(lambda line: line.picking_id and line.picking_id._md_scans_outbound())
            if outbound:
                # A code typed on a delivery line is a scan of that line: confirm or swap its lot.
                rest = {key: value for key, value in vals.items() if key != "md_udi"}
                for line in outbound:
                    line.picking_id._md_scan_outbound(vals["md_udi"], line=line)
                others = self - outbound
                if others:
                    super(StockMoveLine, others).write(vals)
                outbound = outbound.exists()
                if rest and outbound:
                    outbound.write(rest)
                return True
        result = super().write(vals)
        # Internal paths (a scan confirming a line) keep the picker the line already has.
        if PICKING_FIELDS & set(vals) and not self._md_workflow_internal():
            self.filtered(lambda line: line.md_picked_by.id != self.env.uid)._md_workflow_env().write(
                {"md_picked_by": self.env.uid})
        return result

    def _md_production_problems(self):
        """Problems with the production date of this received lot, by which its certificate is judged."""
        self.ensure_one()
        product = self.product_id
        lot = self.lot_id.name or self.lot_name or "-"
        produced = self.lot_id.md_production_date or self.md_production_date
        if not produced:
            return [self.env._(
                "%(product)s lot %(lot)s has no production date: enter it from the label in the Production "
                "Date column of the receipt's detailed operations, or scan the lot's UDI.",
                product=product.display_name, lot=lot)]
        if produced > fields.Date.context_today(self):
            return [self.env._("%(product)s lot %(lot)s cannot have been produced on %(date)s, after today.",
                               product=product.display_name, lot=lot, date=produced)]
        return product.product_tmpl_id.sudo()._md_certificate_problems(produced, lot)

    def _md_receipt_lot_problems(self):
        """What refuses this received lot: production date and certificate, expiry, minimum shelf life.

        The receiving gate runs it on every line; a scan runs it on the line it filled.
        """
        self.ensure_one()
        if not self.lot_id and not self.lot_name:
            return []  # Odoo itself asks for the lot
        product = self.product_id
        lot_label = self.lot_id.name or self.lot_name
        expiry = self.lot_id.expiration_date or self.expiration_date
        problems = self._md_production_problems()
        if not expiry:
            return problems + [self.env._("%(product)s lot %(lot)s has no expiry date.",
                                          product=product.display_name, lot=lot_label)]
        # Shelf life counts in calendar days, like the lot's own "days to expiry".
        days_left = (expiry.date() - fields.Date.context_today(self)).days
        if expiry <= fields.Datetime.now():
            problems.append(self.env._("%(product)s lot %(lot)s expired on %(date)s.",
                                       product=product.display_name, lot=lot_label, date=expiry.date()))
        elif days_left < product.md_receipt_min_shelf_life_days:
            problems.append(self.env._(
                "%(product)s lot %(lot)s has %(days)s days of shelf life left; at least %(min)s are required.",
                product=product.display_name, lot=lot_label, days=days_left,
                min=product.md_receipt_min_shelf_life_days))
        return problems

    def _action_done(self):
        # Every movement of stock ends here: pickings, relocations, inventory, scrap.
        self._md_check_before_done()
        return super()._action_done()

    def _md_check_before_done(self):
        lines = self.filtered(lambda ml: ml.product_id.is_medical_device)
        if not lines:
            return
        Move = self.env["stock.move"]
        for line in lines:
            quarantine = Move._md_quarantine_for(line.product_id, line.location_id, line.location_dest_id)
            if quarantine:
                line.location_dest_id = quarantine._get_putaway_strategy(line.product_id, quantity=line.quantity)
                if line.move_id.location_dest_id != quarantine:
                    line.move_id.location_dest_id = quarantine
        named = lines.filtered(lambda ml: not ml.lot_id and ml.lot_name)
        existing = {}
        if named:
            for lot in self.env["stock.lot"].search([("product_id", "in", named.product_id.ids),
                                                     ("name", "in", named.mapped("lot_name"))]):
                existing[(lot.product_id.id, lot.name)] = lot
        problems = self._md_movement_problems(lines, existing)
        if problems:
            raise problems_error(self.env._("This movement is refused:"), problems)

    def _md_movement_problems(self, lines, existing_lots):
        Lot = self.env["stock.lot"]
        accepted = Lot._md_zone_states()
        states = Lot._md_quality_labels()
        zones = dict(self.env["stock.location"]._fields["md_zone"]._description_selection(self.env))
        # Units an acceptance rejects go to the nonconforming zone whatever their
        # lot's status; only that internal, superuser path may say so.
        rejected_units = self.env.su and self.env.context.get("md_rejected_units")
        # Only the signature of a destruction record scraps nonconforming goods (销毁记录).
        destruction = self.env.su and self.env.context.get("md_destruction")
        problems = []
        for line in lines:
            lot = line.lot_id or existing_lots.get((line.product_id.id, line.lot_name))
            state = lot.md_quality_state if lot else ("quarantine" if line.lot_name else False)
            label = lot.display_name if lot else (line.lot_name or line.product_id.display_name)
            source, dest = line.location_id, line.location_dest_id
            if dest.usage == "customer":
                problems += [message for _code, message in Lot._md_delivery_problems(line.product_id, lot)]
            if source.md_zone == "nonconforming" and dest.usage == "internal" \
                    and dest.md_zone != "nonconforming":
                problems.append(self.env._(
                    "%(lot)s cannot leave the nonconforming zone for %(location)s: nonconforming goods go "
                    "back to the supplier or to scrap.",
                    lot=label, location=dest.display_name))
            if source.md_zone == "nonconforming" and dest.scrap_location and not destruction:
                problems.append(self.env._(
                    "%(lot)s cannot be scrapped from the nonconforming zone without a destruction record: "
                    "prepare one (GSP Warehousing → Destruction Records) and have QA approve it.", lot=label))
            if dest.usage == "internal" and dest.md_zone and state \
                    and state not in accepted.get(dest.md_zone, ()) \
                    and not (rejected_units and dest.md_zone == "nonconforming"):
                problems.append(self.env._(
                    "%(lot)s is %(state)s and cannot be put into %(location)s (%(zone)s zone).",
                    lot=label, state=states.get(state, state), location=dest.display_name,
                    zone=zones.get(dest.md_zone, dest.md_zone)))
            condition = dest._md_condition_problem(line.product_id)
            if condition:
                problems.append(condition)
        return problems
