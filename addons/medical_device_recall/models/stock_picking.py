from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    md_recall_id = fields.Many2one("md.recall", string="Recall", readonly=True, copy=False, index="btree_not_null",
                                   help="The recall this transfer retrieves goods for.")

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
