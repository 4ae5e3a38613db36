from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.medical_device_base.models.md_compliance import problems_error
from odoo.addons.medical_device_gsp.models.md_acceptance import float_repr_short

RECEIVER_GROUP = "medical_device_base.group_md_receiver"
OPEN_PICKING_STATES = ("draft", "waiting", "confirmed", "assigned")


class MdRecallNotice(models.Model):
    _inherit = "md.recall.notice"

    # Counting on arrival -----------------------------------------------------------

    @api.returns("md.recall.notice.line", lambda line: line.id)
    def md_scan_udi(self, code):
        """Count one scanned unit or box of the goods this consignee sends back under the recall.

        The lot must be in the recall's scope ("not recalled" otherwise), named on this notice and on its
        open retrieval transfers, and not counted beyond what they bring back; anything else is refused with
        its reason and nothing is counted. Returns the notice line that took the count.
        """
        self.ensure_one()
        self._md_check_counting()
        MoveLine = self.env["stock.move.line"]
        found = MoveLine._md_udi_read(code)
        parsed, product, lot_name, lot = found["parsed"], found["product"], found["lot_name"], found["lot"]
        quantity = found["units"]
        label = f"{product.display_name} {lot_name or ''}".strip()
        recall = self.recall_id
        if not lot or lot not in recall.scope_lot_ids.lot_id:
            raise UserError(self.env._("%(device)s is not recalled under %(recall)s: it does not come back with "
                                       "this notice.", device=label, recall=recall.name))
        line = self.line_ids.filtered(lambda l: l.lot_id == lot)[:1]
        if not line:
            raise UserError(self.env._("%(device)s is recalled, but %(partner)s did not receive it: it is not on "
                                       "this notice.", device=label, partner=self.partner_id.display_name))
        MoveLine._md_udi_check_lot(lot, product, parsed)
        pickings = self._md_open_retrievals()
        expected = self._md_expected_back().get(lot, 0.0)
        counted = line.qty_counted + quantity
        rounding = product.uom_id.rounding
        if float_compare(counted, expected, precision_rounding=rounding) > 0:
            names = ", ".join(pickings.mapped("name"))
            if float_compare(expected, 0.0, precision_rounding=rounding) <= 0:
                raise UserError(self.env._("%(device)s is not on the open retrieval transfers %(pickings)s.",
                                           device=label, pickings=names))
            if product.tracking == "serial":
                raise UserError(self.env._("Serial number %(serial)s of %(product)s is already counted on "
                                           "%(notice)s.", serial=lot.name, product=product.display_name,
                                           notice=self.display_name))
            raise UserError(self.env._("%(device)s: %(counted)s counted, but %(pickings)s bring back %(expected)s.",
                                       device=label, counted=float_repr_short(counted), pickings=names,
                                       expected=float_repr_short(expected)))
        # Receivers read notices but do not edit them: the count is written here, after the checks above.
        line._md_workflow_env().write({"qty_counted": counted})
        return line

    def _md_check_counting(self):
        self.ensure_one()
        if not self.env.user.has_group(RECEIVER_GROUP):
            raise AccessError(self.env._("Retrieved goods are counted by the receivers."))
        if self.recall_id.state != "ongoing" or not self._md_open_retrievals():
            raise UserError(self.env._("No retrieval transfer of %s is waiting for goods.", self.display_name))

    def _md_open_retrievals(self):
        return self.picking_ids.filtered(lambda picking: picking.state in OPEN_PICKING_STATES)

    def _md_expected_back(self):
        """{lot: quantity} the open retrieval transfers bring back."""
        expected = defaultdict(float)
        for move_line in self._md_open_retrievals().move_line_ids:
            expected[move_line.lot_id] += move_line.quantity_product_uom
        return expected

    def _md_count_problems(self):
        """What the count says against the open retrieval transfers: [message], empty when they agree."""
        self.ensure_one()
        expected = self._md_expected_back()
        problems = []
        for line in self.line_ids:
            wanted = expected.get(line.lot_id, 0.0)
            if float_compare(line.qty_counted, wanted, precision_rounding=line.product_id.uom_id.rounding):
                problems.append(self.env._("%(product)s %(lot)s: %(counted)s counted of %(expected)s expected.",
                                           product=line.product_id.display_name, lot=line.lot_id.name,
                                           counted=float_repr_short(line.qty_counted),
                                           expected=float_repr_short(wanted)))
        return problems

    def action_md_receive_counted(self):
        """Receive the retrieved goods once the count agrees: the open retrieval transfers are validated as
        the warehouse validates them from their form, which updates the recall's retrieved quantities."""
        self.ensure_one()
        self._md_check_counting()
        problems = self._md_count_problems()
        if problems:
            problems.append(self.env._("Scan what is missing, or correct the retrieval transfer with the "
                                       "recall coordinator."))
            raise problems_error(self.env._("%s cannot be received yet:", self.display_name), problems)
        result = self._md_open_retrievals().button_validate()
        if not self._md_open_retrievals():
            # The done transfers now carry what came back; a later retrieval is counted from zero.
            self.line_ids.filtered("qty_counted")._md_workflow_env().write({"qty_counted": 0.0})
        return result
