from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields

from odoo.addons.medical_device_gsp.tests.common import GspCommon

LEAD_DAYS = 5


class NettingCommon(GspCommon):
    """A device bought with a 5-day lead time, sold at 2 a day, with a manual rule min 10 / max 30."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["stock.warehouse.orderpoint"])
        cls.buy_route = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.syringe.write({"seller_ids": [Command.create({"partner_id": cls.supplier.id, "delay": LEAD_DAYS,
                                                          "price": 5})],
                           "route_ids": [Command.set(cls.buy_route.ids)]})
        cls.forecast = cls.env["md.demand.forecast"].sudo().create({
            "product_id": cls.syringe.id, "warehouse_id": cls.warehouse.id, "daily_demand": 2, "daily_sigma": 1})
        cls.orderpoint = cls.env["stock.warehouse.orderpoint"].create({
            "product_id": cls.syringe.id, "warehouse_id": cls.warehouse.id, "location_id": cls.stock.id,
            "product_min_qty": 10, "product_max_qty": 30, "trigger": "manual", "route_id": cls.buy_route.id})

    def _numbers(self, orderpoint=None):
        """(forecast, quantity to order) of the rule, read afresh."""
        orderpoint = orderpoint or self.orderpoint
        self.env.invalidate_all()
        return orderpoint.qty_forecast, orderpoint.qty_to_order

    def _lines(self, orderpoint=None):
        """{lot name: (counted, discounted, reason)} of the rule's netting."""
        orderpoint = orderpoint or self.orderpoint
        self.env.invalidate_all()
        lines = orderpoint._md_netting()[orderpoint.id]["lines"]
        return {line["lot"].name or line["origin"]: (line["net_qty"], line["discounted_qty"], line["reason"])
                for line in lines}

    def _customer_delivery(self, partner, days_ago, product=None, warehouse=None):
        """A done delivery in the history (only what the shelf-life rule reads: no stock moves)."""
        warehouse = warehouse or self.warehouse
        product = product or self.syringe
        picking = self.env["stock.picking"].create({
            "picking_type_id": warehouse.out_type_id.id, "partner_id": partner.id,
            "location_id": warehouse.lot_stock_id.id, "location_dest_id": self.customer_loc.id})
        self.env["stock.move"].create({
            "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
            "product_uom_qty": 1, "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": self.customer_loc.id, "picking_id": picking.id, "state": "done",
            "date": fields.Datetime.now() - timedelta(days=days_ago)})
        return picking

    @staticmethod
    def _with_status(code):
        """The registry with one more non-released status, as the recall add-on adds "recalled".

        Procurement does not depend on recall: the rule reads the registry, so any status that is
        not "released" must be left out; this one stands for recalled.
        """
        def _md_quality_states(self):
            states = original(self)
            states[code] = dict(states["hold"], label=code.title(), group=False)
            return states
        from odoo.addons.medical_device_gsp.models.stock_lot import StockLot
        original = StockLot._md_quality_states
        return patch.object(StockLot, "_md_quality_states", _md_quality_states)
