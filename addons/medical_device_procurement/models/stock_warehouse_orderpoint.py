from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL, float_compare, float_round

from odoo.addons.medical_device_base.models.md_compliance import problems_error

from ..utils.forecast import reorder_levels
from ..utils.netting import sell_through

# Moves Odoo counts in the forecast (stock.product._compute_quantities).
PENDING_STATES = ("waiting", "confirmed", "assigned", "partially_available")
# How far back a delivery makes its customer's minimum shelf life apply to the product.
SHELF_LIFE_HISTORY_DAYS = 365


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    md_use_forecast = fields.Boolean(
        string="Min/Max from Forecast",
        help="The minimum and maximum are set from the demand forecast: demand over the lead time plus "
             "safety stock, and the maximum adds the demand of the review period.")
    # What the last min/max from the forecast was made of, so that a buyer can check it.
    md_lead_days = fields.Integer(string="Lead Time (days)", readonly=True)
    md_lead_demand = fields.Float(string="Demand over Lead Time", digits="Product Unit of Measure", readonly=True)
    md_safety_stock = fields.Float(
        string="Safety Stock", digits="Product Unit of Measure", readonly=True,
        help="z(service level) x daily standard deviation x sqrt(lead time days): the minimum is the demand "
             "over the lead time plus this.")
    md_net_adjustment = fields.Float(
        string="Unsellable Stock Adjustment", compute="_compute_md_net_adjustment",
        digits="Product Unit of Measure",
        help="Added to Odoo's forecast: minus on-hand stock that is not released or will not be sold "
             "before its sell-by date, plus quarantined stock expected to be released within the lead time.")

    @api.depends("product_id", "location_id", "warehouse_id", "lead_days_date",
                 "product_id.stock_quant_ids.quantity", "product_id.stock_quant_ids.lot_id.md_quality_state",
                 "product_id.stock_move_ids.state")
    def _compute_md_net_adjustment(self):
        nettings = self._md_netting()
        for orderpoint in self:
            orderpoint.md_net_adjustment = nettings[orderpoint.id]["adjustment"] if orderpoint.id in nettings else 0.0

    def _quantity_in_progress(self):
        # Odoo adds this to virtual_available both for the forecast and for the quantity to
        # order: the one place where stock that cannot be sold is taken out (and quarantine in).
        res = super()._quantity_in_progress()
        for orderpoint in self:
            res[orderpoint.id] += orderpoint.md_net_adjustment
        return res

    def _md_netting(self):
        """{orderpoint id: netting (see ``_md_net_stock``)} of the orderpoints that can have one."""
        orderpoints = self.filtered(lambda op: op.product_id and op.location_id and op.warehouse_id)
        nettings = self._md_net_stock([(op.product_id, op.location_id, op.warehouse_id, op.lead_days_date)
                                       for op in orderpoints])
        return {op.id: netting for op, netting in zip(orderpoints, nettings)}

    @api.model
    def _md_net_stock(self, keys):
        """How much of the stock Odoo counts can really be sold, for several (product, location) at once.

        ``keys``: [(product, location, warehouse, horizon date or None)]. Returns, per key in order,
        a dict: ``adjustment`` (to add to Odoo's forecast at ``location``), ``lines`` (one per lot,
        see ``_md_net_lines``), ``rate`` (forecast demand per day), ``min_shelf_life`` (days the
        customers require), ``acceptance_days``.

        Medical devices only: on-hand lots that are not released or are expired are taken out;
        quarantined lots (and receipts Odoo does not count because they land in the quarantine
        zone) come in once accepted; what FEFO consumption at the forecast demand will not sell
        before each lot's sell-by date (expiry minus the customers' minimum shelf life) is taken out.
        """
        results = [{"adjustment": 0.0, "lines": [], "rate": 0.0, "min_shelf_life": 0, "acceptance_days": 0}
                   for _key in keys]
        device_keys = [(index, key) for index, key in enumerate(keys) if key[0].is_medical_device]
        if not device_keys:
            return results
        products = self.env["product.product"].union(*(key[0] for _i, key in device_keys))
        warehouses = self.env["stock.warehouse"].union(*(key[2] for _i, key in device_keys))
        locations = self.env["stock.location"].union(*(key[1] for _i, key in device_keys))
        roots = locations | warehouses.md_quarantine_location_id
        quants = self._md_quants(products, roots)
        receipts = self._md_quarantine_receipts(products, warehouses)
        rates = self.env["md.demand.forecast"]._md_rates(products, warehouses)
        shelf_lives = self._md_customer_shelf_lives(products, warehouses)
        today = fields.Date.context_today(self)
        for index, (product, location, warehouse, horizon) in device_keys:
            rate = rates.get((product.id, warehouse.id), (0.0, 0.0))[0] or 0.0
            min_shelf = shelf_lives.get((product.id, warehouse.id), 0)
            lines = self._md_net_lines(product, location, warehouse, horizon, quants.get(product.id, []),
                                       receipts.get((product.id, warehouse.id), []), rate, min_shelf, today)
            adjustment = sum(line["net_qty"] - line["odoo_qty"] for line in lines)
            results[index] = {
                "adjustment": float_round(adjustment, precision_rounding=product.uom_id.rounding),
                "lines": lines, "rate": rate, "min_shelf_life": min_shelf,
                "acceptance_days": product.md_acceptance_lead_days,
            }
        return results

    @api.model
    def _md_net_lines(self, product, location, warehouse, horizon, quants, receipts, rate, min_shelf, today):
        """One dict per lot (and per receipt into quarantine) with what Odoo counts and what is sellable.

        ``odoo_qty``: counted by Odoo at ``location``; ``net_qty``: counted here; ``discounted_qty``;
        ``reason``: expired, status, past_sell_by, unsold, after_horizon or False.
        """
        quarantine = warehouse.md_quarantine_location_id
        acceptance = max(product.md_acceptance_lead_days, 0)
        horizon_day = (horizon - today).days if horizon else None
        now = fields.Datetime.now()
        by_lot = {}
        for quant_location, lot, qty in quants:
            in_stock = quant_location.parent_path.startswith(location.parent_path)
            if not in_stock and not (quarantine and quant_location.parent_path.startswith(quarantine.parent_path)):
                continue
            line = by_lot.setdefault(lot.id, {
                "lot": lot, "location": quant_location, "origin": "stock" if in_stock else "quarantine",
                "state": lot.md_quality_state if lot else "released",
                "expiration_date": lot.expiration_date if lot else False,
                "qty": 0.0, "odoo_qty": 0.0, "net_qty": 0.0, "discounted_qty": 0.0, "reason": False,
                "sell_by_date": False, "available_date": today})
            line["qty"] += qty
            if in_stock:
                line["odoo_qty"] += qty
        lines = list(by_lot.values())
        for date, qty in receipts:
            lines.append({"lot": self.env["stock.lot"], "location": quarantine, "origin": "incoming",
                          "state": "quarantine", "expiration_date": False, "qty": qty, "odoo_qty": 0.0,
                          "net_qty": 0.0, "discounted_qty": 0.0, "reason": False, "sell_by_date": False,
                          "available_date": max(date, today)})
        to_sell = []
        for number, line in enumerate(lines):
            expiry = line["expiration_date"]
            if expiry:
                line["sell_by_date"] = expiry.date() - timedelta(days=min_shelf)
            if expiry and expiry <= now:
                line.update(discounted_qty=line["qty"], reason="expired")
            elif line["state"] == "quarantine":
                line["available_date"] = line["available_date"] + timedelta(days=acceptance)
                if horizon_day is not None and (line["available_date"] - today).days > horizon_day:
                    line.update(discounted_qty=line["qty"], reason="after_horizon")
                else:
                    to_sell.append(number)
            elif line["state"] == "released":
                to_sell.append(number)
            else:
                line.update(discounted_qty=line["qty"], reason="status")
        sold = sell_through(today, rate, [
            (number, lines[number]["qty"], lines[number]["sell_by_date"] or None,
             (lines[number]["available_date"] - today).days) for number in to_sell])
        for number, (sellable, discounted, reason) in sold.items():
            lines[number].update(net_qty=sellable, discounted_qty=discounted, reason=reason or False)
        return lines

    @api.model
    def _md_quants(self, products, roots):
        """{product id: [(location, lot, quantity)]} of the stock under ``roots``."""
        groups = self.env["stock.quant"].sudo()._read_group(
            [("product_id", "in", products.ids), ("location_id", "child_of", roots.ids)],
            ["product_id", "location_id", "lot_id"], ["quantity:sum"])
        quants = defaultdict(list)
        for product, location, lot, qty in groups:
            if qty:
                quants[product.id].append((location, lot, qty))
        return quants

    @api.model
    def _md_quarantine_receipts(self, products, warehouses):
        """{(product id, warehouse id): [(date, quantity)]} of pending receipts Odoo does not count.

        gsp sends device receipts to the quarantine zone. A purchase keeps the stock location as
        final destination, so Odoo already counts it as incoming; a receipt without one is
        counted nowhere by Odoo: it comes in here, once.
        """
        quarantines = warehouses.md_quarantine_location_id
        if not quarantines:
            return {}
        groups = self.env["stock.move"].sudo()._read_group(
            [("product_id", "in", products.ids), ("state", "in", PENDING_STATES),
             ("location_dest_id", "child_of", quarantines.ids), ("location_final_id", "=", False),
             ("location_id.usage", "not in", ("internal", "transit"))],
            ["product_id", "location_dest_id", "date:day"], ["product_qty:sum"])
        receipts = defaultdict(list)
        for product, location, day, qty in groups:
            warehouse = warehouses.filtered(
                lambda wh, loc=location: wh.md_quarantine_location_id
                and loc.parent_path.startswith(wh.md_quarantine_location_id.parent_path))[:1]
            if warehouse and qty:
                receipts[(product.id, warehouse.id)].append((fields.Date.to_date(day), qty))
        return receipts

    @api.model
    def _md_customer_shelf_lives(self, products, warehouses):
        """{(product id, warehouse id): strictest minimum shelf life (days) of its recent customers}."""
        self.env["stock.move"].flush_model(["product_id", "state", "location_id", "location_dest_id", "date",
                                            "picking_id"])
        self.env["stock.picking"].flush_model(["partner_id"])
        self.env["stock.location"].flush_model(["usage", "warehouse_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id", "md_min_shelf_life_days"])
        since = fields.Datetime.now() - timedelta(days=SHELF_LIFE_HISTORY_DAYS)
        rows = self.env.execute_query(SQL(
            """SELECT move.product_id, source.warehouse_id, MAX(customer.md_min_shelf_life_days)
                 FROM stock_move move
                 JOIN stock_location source ON source.id = move.location_id
                 JOIN stock_location dest ON dest.id = move.location_dest_id
                 JOIN stock_picking picking ON picking.id = move.picking_id
                 JOIN res_partner contact ON contact.id = picking.partner_id
                 JOIN res_partner customer ON customer.id = COALESCE(contact.commercial_partner_id, contact.id)
                WHERE move.state = 'done' AND dest.usage = 'customer' AND move.date >= %s
                  AND move.product_id IN %s AND source.warehouse_id IN %s
             GROUP BY move.product_id, source.warehouse_id""",
            since, tuple(products.ids), tuple(warehouses.ids)))
        return {(product_id, warehouse_id): days or 0 for product_id, warehouse_id, days in rows}

    # Replenishment report ------------------------------------------------------

    def _get_orderpoint_action(self):
        action = super()._get_orderpoint_action()
        self._md_add_net_orderpoints()
        return action

    @api.model
    def _md_add_net_orderpoints(self):
        """Give their orderpoint to the devices out of stock once unsellable stock is left out.

        Odoo only proposes products whose raw forecast is negative: 20 units all expired or on
        hold look like stock and the stock-out stays hidden. Same values as Odoo's.
        """
        locations = self._get_orderpoint_locations()
        warehouses = locations.warehouse_id
        if not locations:
            return self.browse()
        roots = locations | warehouses.md_quarantine_location_id
        stocked = self.env["stock.quant"]._read_group(
            [("location_id", "child_of", roots.ids), ("product_id.is_medical_device", "=", True),
             ("product_id.is_storable", "=", True), ("quantity", "!=", 0)],
            ["product_id", "location_id"])
        existing = {(op.product_id.id, op.location_id.id)
                    for op in self.with_context(active_test=False).search([("location_id", "in", locations.ids)])}
        candidates = set()
        for product, quant_location in stocked:
            for location in locations:
                quarantine = location.warehouse_id.md_quarantine_location_id
                inside = quant_location.parent_path.startswith(location.parent_path) or (
                    quarantine and quant_location.parent_path.startswith(quarantine.parent_path))
                if inside and (product.id, location.id) not in existing:
                    candidates.add((product, location))
        if not candidates:
            return self.browse()
        today = fields.Date.context_today(self)
        keys = []
        for product, location in candidates:
            rules = product._get_rules_from_location(location)
            lead_days = rules.with_context(bypass_delay_description=True)._get_lead_days(product)[0]["total_delay"]
            keys.append((product, location, location.warehouse_id, today + timedelta(days=lead_days)))
        nettings = self._md_net_stock(keys)
        in_progress = self.env["product.product"].union(*(key[0] for key in keys))._get_quantity_in_progress(
            location_ids=locations.ids)[0]
        # Odoo's forecast read in one batch per (location, date), as its own report does.
        batches = defaultdict(lambda: self.env["product.product"])
        for product, location, _warehouse, horizon in keys:
            batches[(location, horizon)] |= product
        forecasts = {}
        for (location, horizon), products in batches.items():
            to_date = datetime.combine(horizon, time.max)
            for row in products.with_context(location=location.id, to_date=to_date).read(["virtual_available"]):
                forecasts[(row["id"], location.id)] = row["virtual_available"]
        values = []
        for (product, location, warehouse, _horizon), netting in zip(keys, nettings):
            forecast = forecasts[(product.id, location.id)] + netting["adjustment"]
            forecast += in_progress.get((product.id, location.id), 0.0)
            if float_compare(forecast, 0.0, precision_rounding=product.uom_id.rounding) < 0:
                vals = self._get_orderpoint_values(product.id, location.id)
                vals.update({"name": self.env._("Replenishment Report"), "warehouse_id": warehouse.id,
                             "company_id": location.company_id.id})
                values.append(vals)
        orderpoints = self.with_user(SUPERUSER_ID).create(values)
        for orderpoint in orderpoints:
            orderpoint._set_default_route_id()
            orderpoint.qty_multiple = orderpoint._get_qty_multiple_to_order()
        return orderpoints

    # Why this quantity -----------------------------------------------------------

    def action_md_explain(self):
        """Open the explanation of this orderpoint's forecast and quantity to order."""
        self.ensure_one()
        explanation = self.env["md.replenishment.explanation"]._md_build(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Why this quantity"),
            "res_model": "md.replenishment.explanation",
            "res_id": explanation.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_md_apply_forecast(self):
        """Button: set the min/max of these reordering rules from their product's forecast."""
        self.env["md.demand.forecast"]._md_check_planner()
        self.check_access("read")
        rates = self.env["md.demand.forecast"]._md_rates(self.product_id, self.warehouse_id)
        problems = [self.env._("%(rule)s does not take its min/max from the forecast.", rule=op.display_name)
                    for op in self if not op.md_use_forecast]
        problems += [self.env._("%(product)s has no forecast in %(warehouse)s yet: compute the forecasts first.",
                                product=op.product_id.display_name, warehouse=op.warehouse_id.name)
                     for op in self if op.md_use_forecast and (op.product_id.id, op.warehouse_id.id) not in rates]
        if problems:
            raise problems_error(self.env._("The min/max were not set from the forecast:"), problems)
        self.sudo()._md_apply_forecast()
        return True

    def _md_apply_forecast(self):
        """Min/max of the forecast-fed rules among these, from the forecasts (no forecast: no demand)."""
        orderpoints = self.filtered("md_use_forecast")
        rates = self.env["md.demand.forecast"]._md_rates(orderpoints.product_id, orderpoints.warehouse_id)
        today = fields.Date.today()  # Odoo's lead days date counts from it
        for op in orderpoints:
            daily, sigma = rates.get((op.product_id.id, op.warehouse_id.id), (0.0, 0.0))
            lead_days = (op.lead_days_date - today).days if op.lead_days_date else 0
            category = op.product_id.categ_id
            safety, lead_demand, minimum, maximum = reorder_levels(
                daily, sigma, lead_days, category.md_review_days, category.md_service_level)
            rounding = op.product_uom.rounding
            # Rounded up: a rule never plans on less than the demand it expects.
            op.write({
                "md_lead_days": lead_days,
                "md_lead_demand": float_round(lead_demand, precision_rounding=rounding),
                "md_safety_stock": float_round(safety, precision_rounding=rounding),
                "product_min_qty": float_round(minimum, precision_rounding=rounding, rounding_method="UP"),
                "product_max_qty": float_round(maximum, precision_rounding=rounding, rounding_method="UP"),
            })
