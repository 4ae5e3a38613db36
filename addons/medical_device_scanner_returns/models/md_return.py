from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.medical_device_base.models.md_compliance import problems_error
from odoo.addons.medical_device_gsp.models.md_acceptance import float_repr_short

RECEIVER_GROUP = "medical_device_base.group_md_receiver"


class MdReturn(models.Model):
    _inherit = "md.return"

    # Counting on arrival ---------------------------------------------------------

    @api.returns("md.return.line", lambda line: line.id)
    def md_scan_udi(self, code):
        """Count one scanned unit or box of the goods this customer return brings back.

        The lot must be one the customer declared on the return, delivered to that customer, and not counted
        beyond the quantity declared; anything else is refused with its reason and nothing is counted.
        Returns the return line that took the count (its id to an RPC client).
        """
        self.ensure_one()
        self._md_check_counting()
        MoveLine = self.env["stock.move.line"]
        found = MoveLine._md_udi_read(code)
        parsed, product, lot_name, lot = found["parsed"], found["product"], found["lot_name"], found["lot"]
        quantity = found["units"]
        label = f"{product.display_name} {lot_name or ''}".strip()
        if not lot or not self._md_delivered_to_customer(lot):
            raise UserError(self.env._(
                "%(device)s was never delivered to %(partner)s: it is not ours to take back.",
                device=label, partner=self.partner_id.display_name))
        lines = self.line_ids.filtered(lambda line: line.lot_id == lot)
        if not lines:
            raise UserError(self.env._(
                "%(device)s is not on %(return)s: %(partner)s did not declare it. Keep it apart; it needs a "
                "return of its own.", device=label, partner=self.partner_id.display_name, **{"return": self.name}))
        MoveLine._md_udi_check_lot(lot, product, parsed)
        declared = sum(lines.mapped("quantity"))
        counted = sum(lines.mapped("qty_counted")) + quantity
        if float_compare(counted, declared, precision_rounding=product.uom_id.rounding) > 0:
            if product.tracking == "serial":
                raise UserError(self.env._("Serial number %(serial)s of %(product)s is already counted on "
                                           "%(return)s.", serial=lot.name, product=product.display_name,
                                           **{"return": self.name}))
            raise UserError(self.env._(
                "%(device)s: %(counted)s counted, but %(return)s declares %(declared)s.", device=label,
                counted=float_repr_short(counted), declared=float_repr_short(declared), **{"return": self.name}))
        # The first line of the lot with room left takes the count.
        line = lines.filtered(lambda l: float_compare(
            l.qty_counted + quantity, l.quantity, precision_rounding=product.uom_id.rounding) <= 0)[:1] or lines[:1]
        line._md_workflow_write({"qty_counted": line.qty_counted + quantity})
        return line

    def _md_check_counting(self):
        self.ensure_one()
        if not self.env.user.has_group(RECEIVER_GROUP):
            raise AccessError(self.env._("Returned goods are counted by the receivers."))
        picking = self.return_picking_id
        if self.return_type != "customer" or self.state != "approved" or not picking \
                or picking.state in ("done", "cancel"):
            raise UserError(self.env._("%s is not a customer return waiting for its goods.", self.name))

    def _md_delivered_to_customer(self, lot):
        """Whether this company ever delivered ``lot`` to the return's customer (any delivery, not only the
        one named: telling "never ours" from "not declared" helps the receiver put the goods in the right
        place)."""
        return bool(self.env["stock.move.line"].sudo().search_count([
            ("lot_id", "=", lot.id), ("state", "=", "done"), ("company_id", "=", self.company_id.id),
            ("location_id.usage", "=", "internal"), ("location_dest_id.usage", "=", "customer"),
            ("picking_id.partner_id", "child_of", self.partner_id.commercial_partner_id.id),
        ], limit=1))

    def _md_count_problems(self):
        """What the count says against the lots declared: [message], empty when they agree."""
        self.ensure_one()
        declared, counted = defaultdict(float), defaultdict(float)
        for line in self.line_ids:
            declared[(line.product_id, line.lot_id)] += line.quantity
            counted[(line.product_id, line.lot_id)] += line.qty_counted
        problems = []
        for (product, lot), quantity in declared.items():
            if float_compare(counted[(product, lot)], quantity, precision_rounding=product.uom_id.rounding):
                problems.append(self.env._(
                    "%(product)s %(lot)s: %(counted)s counted of %(declared)s declared.",
                    product=product.display_name, lot=lot.name, counted=float_repr_short(counted[(product, lot)]),
                    declared=float_repr_short(quantity)))
        return problems

    def action_md_receive_counted(self):
        """Receive the goods once the count agrees with the return: the return transfer is validated as
        the warehouse validates it from its form, which moves the return on to QA's re-inspection."""
        self.ensure_one()
        self._md_check_counting()
        problems = self._md_count_problems()
        if problems:
            problems.append(self.env._("Scan what is missing, or cancel the return and declare what arrived."))
            raise problems_error(self.env._("%s cannot be received yet:", self.name), problems)
        return self.return_picking_id.button_validate()
