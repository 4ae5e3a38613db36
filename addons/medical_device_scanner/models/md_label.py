import base64
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

from ..utils.labels import LabelError, code128_png, gs1_datamatrix_png, qr_png

# China IDcode (MA) values: letters, digits and '-' (the base add-on's parser reads nothing else).
MA_VALUE = re.compile(r"[A-Za-z0-9\-]+", re.ASCII)


class MdLabel(models.AbstractModel):
    """What a label shows: a location's Code 128, or a lot's or serial's UDI as GS1 DataMatrix (QR for MA).

    A label is a dict: ``title``, ``lines`` (texts under the title), ``symbology`` (``code128``,
    ``gs1_datamatrix``, ``qr``), ``data`` (what the symbol encodes; GS1 data in human-readable form, which
    the encoder turns into FNC1 and GS), ``hri`` (the text printed under the symbol) and ``image`` (PNG as
    a data URI). Every UDI is parsed back with ``md.udi.parse`` before it is encoded, so a label the
    scanners would refuse is never printed.
    """

    _name = "md.label"
    _description = "Labels"

    @api.model
    def _md_labels(self, records):
        """Labels of locations, lots or scanned move lines, in order; refuses once, listing every problem."""
        builders = {"stock.location": self._md_location_label, "stock.lot": self._md_lot_label,
                    "stock.move.line": self._md_move_line_label}
        builder = builders.get(records._name)
        if builder is None:
            raise UserError(self.env._("There are no labels of %s.", records._description))
        labels, problems = [], []
        for record in records:
            try:
                labels.append(builder(record))
            except (UserError, ValidationError) as error:
                problems.append(error.args[0])
        if problems:
            raise problems_error(self.env._("These labels cannot be printed:"), problems)
        return labels

    # Builders: one record each, raising UserError to say what keeps its label from printing.

    @api.model
    def _md_location_label(self, location):
        code = (location.barcode or "").strip()
        if not code:
            raise UserError(self.env._("Location %s has no barcode; give it one first.", location.complete_name))
        try:
            png = code128_png(code)
        except LabelError:
            raise UserError(self.env._(
                "The barcode %(code)s of location %(location)s has characters Code 128 cannot carry.",
                code=code, location=location.complete_name)) from None
        return {"title": location.complete_name, "lines": [], "symbology": "code128", "data": code,
                "hri": code, "hri_parts": [code], "image": self._md_data_uri(png)}

    @api.model
    def _md_lot_label(self, lot):
        expiry = fields.Datetime.context_timestamp(lot, lot.expiration_date).date() if lot.expiration_date \
            else False
        return self._md_udi_label(lot.product_id, lot.name, lot.md_production_date, expiry)

    @api.model
    def _md_move_line_label(self, line):
        """A scanned receipt line: its lot, or before validation the lot it will create."""
        if line.lot_id:
            return self._md_lot_label(line.lot_id)
        if not line.lot_name:
            raise UserError(self.env._("A line of %s has no lot or serial number to label.",
                                       line.product_id.display_name))
        expiry = fields.Datetime.context_timestamp(line, line.expiration_date).date() if line.expiration_date \
            else False
        return self._md_udi_label(line.product_id, line.lot_name, line.md_production_date, expiry)

    @api.model
    def _md_udi_label(self, product, name, production, expiry):
        template = product.product_tmpl_id
        di, agency = template.md_udi_di, template.md_udi_agency
        serial = template.tracking == "serial"
        if not di or agency not in ("gs1", "ma"):
            raise UserError(self.env._(
                "%s has no GS1 or MA device identifier: its UDI label cannot be printed.", product.display_name))
        if agency == "gs1":
            # The human-readable form of the delivery note (stock.picking._md_udi_text).
            data = "".join([
                f"(01){di}",
                f"(11){production:%y%m%d}" if production else "",
                f"(17){expiry:%y%m%d}" if expiry else "",
                f"(21){name}" if serial else f"(10){name}",
            ])
        else:
            if not MA_VALUE.fullmatch(name):
                raise UserError(self.env._(
                    "%(lot)s of %(product)s cannot go into an MA code, which takes only letters, digits and '-'.",
                    lot=name, product=product.display_name))
            data = ".".join(filter(None, [
                di,
                f"M{production:%Y%m%d}" if production else "",
                f"V{expiry:%Y%m%d}" if expiry else "",
                f"S{name}" if serial else f"L{name}",
            ]))
        self._md_check_udi(product, name, data, serial, production, expiry)
        try:
            png = gs1_datamatrix_png(data) if agency == "gs1" else qr_png(data)
        except LabelError as error:
            raise UserError(self.env._("The UDI %(udi)s of %(product)s cannot be encoded: %(reason)s",
                                       udi=data, product=product.display_name, reason=str(error))) from None
        return {
            "title": product.display_name,
            "lines": [(self.env._("SN: %s", name) if serial else self.env._("LOT: %s", name)),
                      *([self.env._("MFG: %s", production)] if production else []),
                      *([self.env._("EXP: %s", expiry)] if expiry else [])],
            "symbology": "gs1_datamatrix" if agency == "gs1" else "qr",
            "data": data, "hri": data, "image": self._md_data_uri(png),
            # Where the printed text may wrap: before an AI, after an MA separator, never inside a value.
            "hri_parts": re.findall(r"\(\d+\)[^(]*", data) if agency == "gs1" else re.findall(r"[^.]+\.?", data),
        }

    @api.model
    def _md_check_udi(self, product, name, data, serial, production, expiry):
        """The code must read back as what the label says, through the same parser as every scan."""
        try:
            parsed = self.env["md.udi"].parse(data)
        except ValidationError as error:
            raise UserError(self.env._("The UDI label of %(product)s %(lot)s would not scan: %(reason)s",
                                       product=product.display_name, lot=name, reason=error.args[0])) from None
        expected = (name, production or None, expiry or None)
        found = (parsed["serial"] if serial else parsed["lot"], parsed["production_date"], parsed["expiry"])
        if found != expected:
            raise UserError(self.env._("The UDI label of %(product)s %(lot)s would not scan as printed: %(udi)s",
                                       product=product.display_name, lot=name, udi=data))

    @api.model
    def _md_data_uri(self, png):
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
