import base64
import csv
import io
from datetime import timedelta

from odoo import Command, fields

from .common import GspCommon

MINUTE = timedelta(minutes=1)


class EnvCommon(GspCommon):
    """A cold-chain device, a monitored cold room in the test warehouse and its logger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Readings must lie in the past: everything happens a day ago, on whole minutes.
        cls.t0 = (cls.now - timedelta(days=1)).replace(second=0, microsecond=0)
        cls.reagent = cls._device("Test HIV Reagent", "2", "14-01", cls.cert_syringe, "lot", "06909999000074",
                                  md_storage_condition="cold_chain")
        cls.reagent.md_receipt_min_shelf_life_days = 180
        cls.cold_room = cls._room("Cold Room", 2, 8, humidity=75, cold=True)
        cls.logger_model = cls.env["md.env.logger.model"].create({
            "name": "Test RC-5 export", "header_row": 1, "timestamp_column": "时间",
            "temperature_column": "温度(℃)", "humidity_column": "湿度(%RH)", "timezone": "Asia/Shanghai",
        })
        cls.sensor = cls._sensor("Cold Room Probe", "T-CR-1", location=cls.cold_room)
        cls.inventory_loc = cls.reagent.property_stock_inventory

    @classmethod
    def _room(cls, name, low, high, humidity=0, cold=False, parent=None, **extra):
        """A location under the test stock declaring its own storage conditions."""
        return cls.env["stock.location"].create(dict({
            "name": name, "usage": "internal", "location_id": (parent or cls.stock).id,
            "md_own_conditions": True, "md_storage_controlled": True, "md_temp_min": low, "md_temp_max": high,
            "md_humidity_max": humidity, "md_cold_chain_capable": cold,
        }, **extra))

    @classmethod
    def _sensor(cls, name, code, location=None, kind="logger", interval=1, grace=15, **extra):
        return cls.env["md.env.sensor"].create(dict({
            "name": name, "code": code, "kind": kind, "location_id": location.id if location else False,
            "logger_model_id": cls.logger_model.id, "interval_minutes": interval, "grace_minutes": grace,
        }, **extra))

    # Readings ------------------------------------------------------------------

    def _feed(self, sensor, start, temperatures, humidity=50.0, step=MINUTE, source="import"):
        """Store one batch of readings of ``sensor``, one per ``step`` from ``start``, as a logger does."""
        humidities = humidity if isinstance(humidity, (list, tuple)) else [humidity] * len(temperatures)
        readings = [{"row": number, "timestamp": start + index * step, "temperature": temperature,
                     "humidity": humidities[index], "sensor": None}
                    for index, (number, temperature) in enumerate(enumerate(temperatures, start=1))]
        return self.env["md.env.reading"]._md_ingest(readings, default_sensor=sensor, source=source)

    def _readings(self, sensor):
        return self.env["md.env.reading"].search([("sensor_id", "=", sensor.id)], order="timestamp")

    def _excursions(self, sensor, kind=None):
        domain = [("sensor_id", "=", sensor.id)] + ([("kind", "=", kind)] if kind else [])
        return self.env["md.excursion"].search(domain, order="start, id")

    @staticmethod
    def _csv(rows, delimiter=","):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows(rows)
        return buffer.getvalue().encode()

    def _import(self, content, filename="logger.csv", sensor=None, model=None, picking=None, user=None):
        """Import a logger file through the wizard, as the storage keeper."""
        vals = {"file": base64.b64encode(content), "filename": filename,
                "logger_model_id": (model or self.logger_model).id}
        if sensor:
            vals["sensor_id"] = sensor.id
        if picking:
            vals["picking_id"] = picking.id
        wizard = self.env["md.env.reading.import"].with_user(user or self.keeper).create(vals)
        return wizard.action_import()

    # Stock with controlled dates ----------------------------------------------

    def _lot(self, product, name, state="released"):
        return self.env["stock.lot"].with_context(md_workflow=True).create({
            "product_id": product.id, "name": name, "company_id": self.company.id,
            "expiration_date": self.now + timedelta(days=400), "md_quality_state": state,
            "md_production_date": self.production_date})

    def _move(self, lot, qty, source, dest, date=None, user=None):
        """A done movement of ``qty`` of ``lot``; ``date`` back-dates it (when it happened)."""
        product = lot.product_id
        move = self.env["stock.move"].with_user(user or self.keeper).create({
            "name": f"Move {lot.name}", "product_id": product.id, "product_uom": product.uom_id.id,
            "product_uom_qty": qty, "location_id": source.id, "location_dest_id": dest.id, "state": "confirmed",
            "picked": True,
            "move_line_ids": [Command.create({
                "product_id": product.id, "product_uom_id": product.uom_id.id, "quantity": qty, "lot_id": lot.id,
                "location_id": source.id, "location_dest_id": dest.id, "picked": True})],
        })
        move._action_done()
        self.assertEqual(move.state, "done")
        if date:
            self.env.flush_all()
            self.env.cr.execute("UPDATE stock_move SET date = %s WHERE id = %s", [date, move.id])
            self.env.cr.execute("UPDATE stock_move_line SET date = %s WHERE move_id = %s", [date, move.id])
            self.env.invalidate_all()
        return move

    def _put(self, lot, qty, dest, date=None):
        """Stock found at an inventory count, put into ``dest`` at ``date``."""
        return self._move(lot, qty, self.inventory_loc, dest, date=date)

    @staticmethod
    def at(moment):
        return fields.Datetime.to_string(moment)
