from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    md_recall_id = fields.Many2one("md.recall", string="Recall", readonly=True, copy=False, index="btree_not_null",
                                   help="The recall this transfer retrieves goods for.")

    # Set by the recall's retrieval (as superuser), never typed: it names the transfers a recall brought back.
    def _md_check_recall_link(self, vals_list):
        if not self.env.su and any(vals.get("md_recall_id") for vals in vals_list):
            raise UserError(self.env._("A transfer is linked to a recall only by the recall's retrieval."))

    @api.model_create_multi
    def create(self, vals_list):
        self._md_check_recall_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "md_recall_id" in vals and not self.env.su:
            raise UserError(self.env._("A transfer is linked to a recall only by the recall's retrieval."))
        return super().write(vals)

    def _action_done(self):
        result = super()._action_done()
        # Goods coming back from customers may be recalled goods: update the progress of the recalls concerned.
        back = self.filtered(lambda p: p.location_id.usage == "customer")
        lots = back.move_line_ids.lot_id
        if lots:
            recalls = self.env["md.recall.lot"].sudo().search(
                [("lot_id", "in", lots.ids), ("recall_id.state", "=", "ongoing")]).recall_id
            recalls._md_refresh_retrieval()
        return result
