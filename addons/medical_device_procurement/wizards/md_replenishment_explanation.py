from odoo import Command, api, fields, models


class MdReplenishmentExplanation(models.TransientModel):
    """Why a reordering rule suggests its quantity: every number of its netting, read-only.

    Built in one step from the orderpoint (``_md_build``) with the very netting Odoo's forecast
    uses, so the figures here and on the rule are the same.
    """

    _name = "md.replenishment.explanation"
    _description = "Why this Replenishment Quantity"

    orderpoint_id = fields.Many2one("stock.warehouse.orderpoint", string="Reordering Rule", readonly=True,
                                    ondelete="cascade")
    product_id = fields.Many2one("product.product", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    uom_id = fields.Many2one(related="product_id.uom_id")
    lead_days = fields.Integer(string="Lead Time (days)", readonly=True)
    lead_days_date = fields.Date(string="Forecast Date", readonly=True,
                                 help="The forecast is the stock expected on this date, at the end of the lead time.")
    daily_demand = fields.Float(string="Forecast Demand per Day", digits="Product Unit of Measure", readonly=True)
    lead_demand = fields.Float(string="Demand over the Lead Time", digits="Product Unit of Measure", readonly=True)
    min_shelf_life_days = fields.Integer(
        string="Customers' Minimum Shelf Life (days)", readonly=True,
        help="The strictest requirement among the customers who received this product from this warehouse "
             "in the last 365 days: a lot is sold only until its expiry date minus these days.")
    acceptance_lead_days = fields.Integer(string="Acceptance Lead Time (days)", readonly=True)
    qty_on_hand = fields.Float(string="On Hand (Odoo)", digits="Product Unit of Measure", readonly=True)
    incoming_qty = fields.Float(string="Incoming (Odoo)", digits="Product Unit of Measure", readonly=True)
    outgoing_qty = fields.Float(string="Outgoing (Odoo)", digits="Product Unit of Measure", readonly=True)
    odoo_forecast = fields.Float(string="Forecast by Odoo", digits="Product Unit of Measure", readonly=True,
                                 help="On hand plus incoming minus outgoing until the forecast date.")
    in_progress_qty = fields.Float(string="Requests for Quotation in Progress", digits="Product Unit of Measure",
                                   readonly=True)
    unusable_qty = fields.Float(string="Not Usable (status, expired)", digits="Product Unit of Measure",
                                readonly=True)
    expiry_discount_qty = fields.Float(string="Will Not Be Sold before Sell-by", digits="Product Unit of Measure",
                                       readonly=True)
    quarantine_qty = fields.Float(string="Quarantine Counted as Incoming", digits="Product Unit of Measure",
                                  readonly=True)
    net_adjustment = fields.Float(string="Adjustment", digits="Product Unit of Measure", readonly=True)
    qty_forecast = fields.Float(string="Usable Forecast", digits="Product Unit of Measure", readonly=True)
    product_min_qty = fields.Float(string="Min Quantity", digits="Product Unit of Measure", readonly=True)
    product_max_qty = fields.Float(string="Max Quantity", digits="Product Unit of Measure", readonly=True)
    qty_to_order = fields.Float(string="To Order", digits="Product Unit of Measure", readonly=True)
    line_ids = fields.One2many("md.replenishment.explanation.line", "explanation_id", string="Lots", readonly=True)

    @api.model
    def _md_build(self, orderpoint):
        """The explanation of ``orderpoint``, written as superuser: users only read it."""
        orderpoint.check_access("read")
        orderpoint = orderpoint.with_company(orderpoint.company_id)
        netting = orderpoint._md_netting().get(orderpoint.id) or {
            "adjustment": 0.0, "lines": [], "rate": 0.0, "min_shelf_life": 0,
            "acceptance_days": orderpoint.product_id.md_acceptance_lead_days}
        product = orderpoint.product_id.with_context(**orderpoint._get_product_context())
        today = fields.Date.context_today(self)
        lead_days = (orderpoint.lead_days_date - today).days if orderpoint.lead_days_date else 0
        lines = netting["lines"]
        odoo_forecast = product.virtual_available
        values = {
            "orderpoint_id": orderpoint.id,
            "product_id": orderpoint.product_id.id,
            "warehouse_id": orderpoint.warehouse_id.id,
            "location_id": orderpoint.location_id.id,
            "company_id": orderpoint.company_id.id,
            "lead_days": lead_days,
            "lead_days_date": orderpoint.lead_days_date,
            "daily_demand": netting["rate"],
            "lead_demand": netting["rate"] * lead_days,
            "min_shelf_life_days": netting["min_shelf_life"],
            "acceptance_lead_days": netting["acceptance_days"],
            "qty_on_hand": orderpoint.qty_on_hand,
            "incoming_qty": product.incoming_qty,
            "outgoing_qty": product.outgoing_qty,
            "odoo_forecast": odoo_forecast,
            "in_progress_qty": orderpoint.qty_forecast - odoo_forecast - netting["adjustment"],
            "unusable_qty": sum(line["odoo_qty"] for line in lines if line["reason"] in ("status", "expired")),
            "expiry_discount_qty": sum(line["discounted_qty"] for line in lines
                                       if line["reason"] in ("past_sell_by", "unsold")),
            "quarantine_qty": sum(line["net_qty"] for line in lines if line["origin"] != "stock"),
            "net_adjustment": netting["adjustment"],
            "qty_forecast": orderpoint.qty_forecast,
            "product_min_qty": orderpoint.product_min_qty,
            "product_max_qty": orderpoint.product_max_qty,
            "qty_to_order": orderpoint.qty_to_order,
            "line_ids": [Command.create({
                "lot_id": line["lot"].id,
                "location_id": line["location"].id,
                "origin": line["origin"],
                "quality_state": line["state"],
                "expiration_date": line["expiration_date"],
                "sell_by_date": line["sell_by_date"],
                "available_date": line["available_date"],
                "qty": line["qty"],
                "odoo_qty": line["odoo_qty"],
                "net_qty": line["net_qty"],
                "discounted_qty": line["discounted_qty"],
                "reason": line["reason"],
            }) for line in sorted(lines, key=lambda line: (line["sell_by_date"] or fields.Date.to_date("9999-12-31"),
                                                        line["lot"].name or ""))],
        }
        return self.sudo().create(values).sudo(False)
