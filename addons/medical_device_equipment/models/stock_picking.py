from collections import Counter

from odoo import api, fields, models

from odoo.addons.medical_device_base.models.md_compliance import problems_error


class StockPicking(models.Model):
    _inherit = "stock.picking"

    md_equipment_ids = fields.One2many("maintenance.equipment", "md_picking_id", string="Registered Equipment")
    md_equipment_count = fields.Integer(compute="_compute_md_equipment_count")
    md_can_register_equipment = fields.Boolean(compute="_compute_md_equipment_count")

    @api.depends("md_equipment_ids", "state", "picking_type_code")
    def _compute_md_equipment_count(self):
        counts = dict(self.env["maintenance.equipment"].sudo()._read_group(
            [("md_picking_id", "in", self.ids)], ["md_picking_id"], ["__count"]))
        for picking in self:
            picking.md_equipment_count = counts.get(picking, 0)
            picking.md_can_register_equipment = picking.state == "done" and picking.picking_type_code == "incoming"

    def _md_serial_move_lines(self):
        """Done move lines of these receipts carrying a serial number of a serial-tracked device."""
        return self.env["stock.move.line"].sudo().search([
            ("picking_id", "in", self.ids), ("state", "=", "done"), ("lot_id", "!=", False),
            ("product_id.tracking", "=", "serial"), ("product_id.is_medical_device", "=", True),
        ], order="picking_id, id")

    def _md_equipment_vals(self, move_line):
        """The register entry of one received serial number, in the company currency."""
        move, lot = move_line.move_id, move_line.lot_id
        purchase_line = move.purchase_line_id
        if purchase_line:
            value = purchase_line._get_stock_move_price_unit()
            order = purchase_line.order_id
            purchase_date = (order.date_approve or order.date_order).date()
        else:
            value = move.price_unit
            purchase_date = False
        picking = move_line.picking_id
        return {
            "name": move_line.product_id.name,
            "md_product_id": move_line.product_id.id,
            "md_lot_id": lot.id,
            "serial_no": lot.name,
            "company_id": picking.company_id.id,
            "partner_id": picking.partner_id.commercial_partner_id.id,
            "md_picking_id": picking.id,
            "md_purchase_line_id": purchase_line.id,
            "md_purchase_date": purchase_date or (picking.date_done and picking.date_done.date()),
            "cost": value,
            "effective_date": picking.date_done.date() if picking.date_done else fields.Date.context_today(self),
        }

    def action_md_register_equipment(self):
        """One equipment record, in acceptance, for each serial number these done receipts brought in."""
        self.env["maintenance.equipment"]._md_check_engineer()
        self.check_access("read")
        problems = [self.env._("%s is not a done receipt.", picking.display_name)
                    for picking in self if picking.picking_type_code != "incoming" or picking.state != "done"]
        lines = self._md_serial_move_lines()
        if not problems and not lines:
            problems.append(self.env._("%s brought in no serial-numbered medical device.",
                                       ", ".join(self.mapped("display_name"))))
        Equipment = self.env["maintenance.equipment"]
        by_company = {}
        for line in lines:
            by_company.setdefault(line.picking_id.company_id, []).append((line.product_id, line.lot_id.name))
        for company, pairs in by_company.items():
            problems += Equipment._md_duplicate_problems(pairs, company)
        # Odoo keeps an equipment serial number unique: two devices received with the same one cannot both be.
        serials = Counter(lines.mapped(lambda line: line.lot_id.name))
        problems += [self.env._("Serial number %s was received more than once.", serial)
                     for serial, count in serials.items() if count > 1]
        if problems:
            raise problems_error(self.env._("The equipment cannot be registered:"), problems)
        # The receipt and order line are stamped by this method only: a client cannot name another origin.
        Equipment.check_access("create")
        equipment = Equipment._md_workflow_env().create(
            [self._md_equipment_vals(line) for line in lines]).with_env(self.env)
        for picking in self:
            picking.message_post(body=self.env._(
                "%(count)s equipment registered from this receipt, in acceptance.",
                count=len(equipment.filtered(lambda e, p=picking: e.md_picking_id == p))))
        return equipment._md_list_action()

    def action_md_view_equipment(self):
        self.ensure_one()
        return self.md_equipment_ids._md_list_action()
