from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.medical_device_gsp.models.stock_lot import quality_state_selection

REASONS = [
    ("past_sell_by", "Below the customers' minimum shelf life"),
    ("unsold", "Will not be sold before its sell-by date"),
]


class MdOverstockLine(models.TransientModel):
    """A lot forecast demand will not consume before its sell-by date: stock at risk.

    A snapshot per user, refreshed each time the list is opened (``action_md_refresh``) from the
    same netting as replenishment, so that buyers stop ordering and keepers move the lot.
    """

    _name = "md.overstock.line"
    _description = "Overstock Watch"
    _order = "value desc, sell_by_date, id"

    warehouse_id = fields.Many2one("stock.warehouse", readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    product_id = fields.Many2one("product.product", readonly=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    quality_state = fields.Selection(quality_state_selection, string="Quality Status", readonly=True)
    expiration_date = fields.Datetime(readonly=True)
    sell_by_date = fields.Date(string="Sell-by Date", readonly=True,
                               help="Expiration date minus the customers' minimum remaining shelf life.")
    daily_demand = fields.Float(string="Forecast Demand per Day", digits="Product Unit of Measure", readonly=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)
    qty_at_risk = fields.Float(string="Quantity at Risk", digits="Product Unit of Measure", readonly=True)
    uom_id = fields.Many2one(related="product_id.uom_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    value = fields.Monetary(string="Value at Risk", readonly=True, aggregator="sum")
    reason = fields.Selection(REASONS, readonly=True)

    @api.model
    def action_md_refresh(self):
        """Recompute the list for the warehouses of the current companies and open it."""
        if not (self.env.user.has_group("stock.group_stock_user")
                or self.env.user.has_group("purchase.group_purchase_user")):
            raise AccessError(self.env._("Only inventory and purchase users may open the overstock watch."))
        self._md_refresh(self.env["stock.warehouse"].search([("company_id", "in", self.env.companies.ids)]))
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_procurement.md_overstock_line_action")
        action["domain"] = [("create_uid", "=", self.env.uid)]
        return action

    @api.model
    def _md_refresh(self, warehouses):
        """Replace the current user's lines with the lots at risk in ``warehouses``."""
        mine = self.sudo().search([("create_uid", "=", self.env.uid)])
        mine.unlink()
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        stock_roots = warehouses.lot_stock_id
        roots = stock_roots | warehouses.md_quarantine_location_id
        if not roots:
            return self.browse()
        stocked = self.env["stock.quant"].sudo()._read_group(
            [("location_id", "child_of", roots.ids), ("product_id.is_medical_device", "=", True),
             ("quantity", ">", 0)], ["product_id", "location_id"])
        keys = set()
        for product, location in stocked:
            for warehouse in warehouses:
                zones = warehouse.lot_stock_id | warehouse.md_quarantine_location_id
                if any(location.parent_path.startswith(zone.parent_path) for zone in zones):
                    keys.add((product, warehouse.lot_stock_id, warehouse, None))
        keys = sorted(keys, key=lambda key: (key[2].id, key[0].id))
        values = []
        for (product, _location, warehouse, _horizon), netting in zip(keys, Orderpoint._md_net_stock(keys)):
            price = product.with_company(warehouse.company_id).standard_price
            for line in netting["lines"]:
                if line["reason"] not in ("past_sell_by", "unsold") or not line["lot"]:
                    continue
                values.append({
                    "warehouse_id": warehouse.id, "company_id": warehouse.company_id.id,
                    "product_id": product.id, "lot_id": line["lot"].id, "quality_state": line["state"],
                    "expiration_date": line["expiration_date"], "sell_by_date": line["sell_by_date"],
                    "daily_demand": netting["rate"], "qty": line["qty"], "qty_at_risk": line["discounted_qty"],
                    "value": warehouse.company_id.currency_id.round(price * line["discounted_qty"]),
                    "reason": line["reason"],
                })
        return self.sudo().create(values).sudo(False)
