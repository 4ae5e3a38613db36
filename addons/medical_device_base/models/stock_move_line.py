import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    md_udi = fields.Char(string="UDI", copy=False,
                         help="Scan or paste the UDI of the label: product, lot or serial number "
                              "and dates are filled from it. The code is kept as received.")
    md_production_date = fields.Date(string="Production Date")

    @api.model
    def _md_udi_found(self, code, product=None):
        """``md.udi.match`` of a scanned code, refused when it names no known product."""
        found = self.env["md.udi"].match(code, product=product)
        parsed = found["parsed"]
        if not found["product"]:
            if parsed["di"]:
                raise UserError(self.env._(
                    "No product has the device identifier %s; add it to the device master data first.",
                    parsed["di"]))
            raise UserError(self.env._("This code has no device identifier; scan the label's product code first."))
        return found

    @api.model
    def _md_udi_lot_name(self, product, parsed):
        """The lot or serial number the code gives ``product``, refused when its tracking needs one."""
        if product.tracking == "serial":
            if not parsed["serial"]:
                raise UserError(self.env._("%s is tracked by serial number but the code carries none.",
                                           product.display_name))
            return parsed["serial"]
        if product.tracking == "lot":
            name = parsed["lot"] or parsed["serial"]
            if not name:
                raise UserError(self.env._("%s is tracked by lot but the code carries no lot number.",
                                           product.display_name))
            return name
        return False

    @api.model
    def _md_udi_read(self, code):
        """A scanned UDI read for counting against a document: what ``_md_udi_found`` gives, plus
        ``lot_name`` (refused when the product's tracking needs one the code lacks) and ``units`` (1 for a
        serial number, else the quantity the code or its packaging stands for)."""
        found = self._md_udi_found(code)
        found["lot_name"] = self._md_udi_lot_name(found["product"], found["parsed"])
        found["units"] = 1.0 if found["product"].tracking == "serial" else found["quantity"]
        return found

    @api.model
    def _md_udi_check_lot(self, lot, product, parsed):
        """Refuse a code whose dates contradict those of the existing ``lot``."""
        lot_expiry = lot.expiration_date and lot.expiration_date.date()
        if parsed["expiry"] and lot_expiry and lot_expiry != parsed["expiry"]:
            raise UserError(self.env._(
                "Lot %(lot)s of %(product)s expires on %(lot_expiry)s, but the scanned code says %(expiry)s.",
                lot=lot.name, product=product.display_name, lot_expiry=lot_expiry, expiry=parsed["expiry"]))
        if parsed["production_date"] and lot.md_production_date \
                and lot.md_production_date != parsed["production_date"]:
            raise UserError(self.env._(
                "Lot %(lot)s of %(product)s was produced on %(lot_date)s, but the scanned code says %(date)s.",
                lot=lot.name, product=product.display_name, lot_date=lot.md_production_date,
                date=parsed["production_date"]))

    @api.model
    def _md_udi_values(self, code, picking, line=None):
        """Values a scanned UDI gives a receipt line (``line`` when it exists), after every check passed."""
        found = self._md_udi_found(code, product=line.product_id if line else None)
        parsed = found["parsed"]
        product = found["product"]
        if picking.picking_type_code != "incoming" or picking.state in ("done", "cancel"):
            raise UserError(self.env._("UDIs fill receipts that are not done yet; %s is not one.",
                                       picking.display_name))
        if product not in picking.move_ids.product_id:
            raise UserError(self.env._(
                "%(product)s (device identifier %(di)s) is not on receipt %(picking)s.",
                product=product.display_name, di=parsed["di"] or "-", picking=picking.display_name))
        if line and line.move_id and line.move_id.product_id != product:
            raise UserError(self.env._("This line is for %s; scan the code on a new line.",
                                       line.move_id.product_id.display_name))
        vals = {"product_id": product.id, "md_udi": code}
        name = self._md_udi_lot_name(product, parsed)
        if parsed["expiry"] and not product.use_expiration_date:
            raise UserError(self.env._(
                "The code carries an expiry date but %s does not track expiration dates; "
                "enable them on the product first.", product.display_name))
        lot = found["lot"]
        if lot:
            self._md_udi_check_lot(lot, product, parsed)
            vals.update(lot_id=lot.id, lot_name=lot.name)
        elif name:
            vals.update(lot_id=False, lot_name=name)
            if parsed["expiry"]:
                vals["expiration_date"] = datetime.datetime.combine(parsed["expiry"], datetime.time())
            if parsed["production_date"]:
                vals["md_production_date"] = parsed["production_date"]
        vals["quantity"] = 1 if product.tracking == "serial" else found["quantity"]
        return vals

    @api.onchange("md_udi")
    def _onchange_md_udi(self):
        if not self.md_udi:
            return
        vals = self._md_udi_values(self.md_udi, self.picking_id or self.move_id.picking_id, line=self)
        for name, value in vals.items():
            self[name] = value

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("md_udi"):
                picking = self.env["stock.picking"].browse(vals.get("picking_id")) \
                    or self.env["stock.move"].browse(vals.get("move_id")).picking_id
                scanned = self._md_udi_values(vals["md_udi"], picking)
                if "quantity" in vals:
                    scanned.pop("quantity")
                vals.update(scanned)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("md_udi"):
            for line in self:
                scanned = self._md_udi_values(vals["md_udi"], line.picking_id, line=line)
                if "quantity" in vals:
                    scanned.pop("quantity")
                super(StockMoveLine, line).write(dict(vals, **scanned))
            return True
        return super().write(vals)

    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        if self.md_production_date:
            vals["md_production_date"] = self.md_production_date
        return vals
