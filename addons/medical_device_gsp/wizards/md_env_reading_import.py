import base64
import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..utils.env_readings import ReadingError, readings_from_table


class MdEnvReadingImport(models.TransientModel):
    """Import a data logger's export (CSV or XLSX) with the column mapping of its logger model."""

    _name = "md.env.reading.import"
    _description = "Import Logger Readings"

    file = fields.Binary(required=True)
    filename = fields.Char()
    sensor_id = fields.Many2one("md.env.sensor", domain="[('kind', '!=', 'gateway')]",
                                help="Sensor of every row, unless the file names the sensor in a column.")
    logger_model_id = fields.Many2one("md.env.logger.model", required=True,
                                      compute="_compute_logger_model_id", store=True, readonly=False)
    picking_id = fields.Many2one("stock.picking", string="Shipment",
                                 help="The readings are the in-transit record of this shipment.")

    @api.depends("sensor_id")
    def _compute_logger_model_id(self):
        for wizard in self:
            wizard.logger_model_id = wizard.sensor_id.logger_model_id or wizard.logger_model_id

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "stock.picking" and context.get("active_id"):
            picking = self.env["stock.picking"].browse(context["active_id"])
            values.setdefault("picking_id", picking.id)
            if picking.md_cc_sensor_id:
                values.setdefault("sensor_id", picking.md_cc_sensor_id.id)
        if context.get("active_model") == "md.env.sensor" and context.get("active_id"):
            values.setdefault("sensor_id", context["active_id"])
        return values

    def _md_rows(self):
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        try:
            if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
                import openpyxl  # noqa: PLC0415 - only needed for spreadsheets
                book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
                return list(book.worksheets[0].iter_rows(values_only=True))
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    text = content.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ReadingError(0, "bad_file", detail=self.env._("unknown text encoding"))
            return list(csv.reader(io.StringIO(text), delimiter=self.logger_model_id.delimiter or ","))
        except ReadingError:
            raise
        except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file for the user
            raise ReadingError(0, "bad_file", detail=str(exc)) from exc

    def action_import(self):
        self.ensure_one()
        Reading = self.env["md.env.reading"]
        if not self.env.user.has_group("stock.group_stock_manager") \
                and not self.env.user.has_group("medical_device_base.group_md_storage_keeper"):
            raise UserError(self.env._("Only storage keepers and inventory managers may import readings."))
        try:
            readings = readings_from_table(self._md_rows(), self.logger_model_id._md_mapping(),
                                           now=fields.Datetime.now())
            if not readings:
                raise ReadingError(0, "no_readings")
            if self.picking_id and self.sensor_id and not self.picking_id.md_cc_sensor_id:
                self.picking_id.md_cc_sensor_id = self.sensor_id
            result = Reading._md_ingest(readings, default_sensor=self.sensor_id.sudo(), source="import",
                                        picking=self.picking_id)
        except ReadingError as exc:
            raise UserError(Reading._md_error_message(exc)) from exc
        message = self.env._("%(stored)s readings imported, %(duplicates)s duplicates ignored.",
                             stored=result["stored"], duplicates=result["duplicates"])
        target = self.picking_id or self.sensor_id
        if target:
            # A log note: storage keepers may import without the right to edit the sensor.
            target._message_log(body=self.env._("%(file)s: %(message)s", file=self.filename or "-", message=message),
                                author_id=self.env.user.partner_id.id)
        return {"type": "ir.actions.client", "tag": "display_notification",
                "params": {"message": message, "type": "success", "sticky": False,
                           "next": {"type": "ir.actions.act_window_close"}}}
