from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression


class StockLot(models.Model):
    _inherit = "stock.lot"

    md_production_date = fields.Date(string="Production Date", tracking=True,
                                     help="Date of manufacture (GS1 AI 11, HIBC /16D, MA .M).")
    md_udi = fields.Char(string="UDI", compute="_compute_md_udi", search="_search_md_udi",
                         help="Search a lot or serial number by any UDI string of the device.")

    def _compute_md_udi(self):
        for lot in self:
            lot.md_udi = False

    @api.model
    def _md_udi_domain(self, code):
        """Domain of the lots a UDI designates, or None when the code is not a UDI."""
        try:
            parsed = self.env["md.udi"].parse(code)
        except ValidationError:
            return None
        name = parsed["serial"] or parsed["lot"]
        domain = [("name", "=", name)] if name else []
        if parsed["di"]:
            product, _packaging = self.env["md.udi"]._md_find_product(parsed)
            if not product:
                return [("id", "=", False)]
            domain.append(("product_id", "=", product.id))
        return domain or None

    def _search_md_udi(self, operator, value):
        if operator not in ("=", "ilike") or not isinstance(value, str):
            return [("id", "=", False)]
        return self._md_udi_domain(value) or [("id", "=", False)]

    @api.model
    def _search_display_name(self, operator, value):
        domain = super()._search_display_name(operator, value)
        if operator in ("=", "ilike") and isinstance(value, str) and len(value) > 8:
            udi_domain = self._md_udi_domain(value)
            if udi_domain:
                domain = expression.OR([domain, udi_domain]) if domain else udi_domain
        return domain

    def write(self, vals):
        if "md_production_date" in vals and not self.env.su \
                and not self.env["md.compliance"]._md_is_qa_manager():
            # The certificate that covers a lot is found by this date: once recorded, only QA corrects it.
            new = fields.Date.to_date(vals["md_production_date"])
            recorded = self.filtered(lambda lot: lot.md_production_date and lot.md_production_date != new)
            if recorded:
                raise UserError(self.env._(
                    "The production date of %s is already recorded; only a QA manager may correct it.",
                    ", ".join(recorded.mapped("display_name"))))
        return super().write(vals)

    @api.constrains("md_production_date", "expiration_date")
    def _check_md_production_date(self):
        for lot in self:
            if lot.md_production_date and lot.expiration_date \
                    and lot.md_production_date > lot.expiration_date.date():
                raise ValidationError(self.env._(
                    "Lot %(lot)s cannot be produced on %(produced)s after it expires on %(expiry)s.",
                    lot=lot.name, produced=lot.md_production_date, expiry=lot.expiration_date.date()))
