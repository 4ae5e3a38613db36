from odoo import fields, models
from odoo.tools import float_round

from .stock_location import SEGREGATED_ZONES


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _md_model_spec(self):
        """Model/specification as records print it: code and variant, else the certificate's text."""
        self.ensure_one()
        spec = ", ".join(filter(None, [self.default_code,
                                       self.product_template_attribute_value_ids._get_combination_name()]))
        return spec or self.md_certificate_id.model_spec or self.name

    def _compute_quantities_dict(self, lot_id, owner_id, package_id, from_date=False, to_date=False):
        res = super()._compute_quantities_dict(lot_id, owner_id, package_id, from_date=from_date, to_date=to_date)
        devices = self.filtered(lambda p: p._origin.id and p.is_medical_device)
        if not devices:
            return res
        # Free quantity is what can be reserved: units of lots that are not
        # released, or expired, are on hand but not free.
        domain = [("product_id", "in", devices._origin.ids)] + devices._get_domain_locations()[0] + [
            ("location_id.md_zone", "not in", SEGREGATED_ZONES),
            "|", ("lot_id.md_quality_state", "!=", "released"),
            ("lot_id.expiration_date", "<=", fields.Datetime.now()),
        ]
        if lot_id:
            domain.append(("lot_id", "=", lot_id))
        if owner_id:
            domain.append(("owner_id", "=", owner_id))
        if package_id:
            domain.append(("package_id", "=", package_id))
        blocked = {product.id: quantity - reserved for product, quantity, reserved in self.env["stock.quant"]._read_group(
            domain, ["product_id"], ["quantity:sum", "reserved_quantity:sum"])}
        for product in devices:
            if product.id in res and blocked.get(product._origin.id):
                res[product.id]["free_qty"] = float_round(
                    res[product.id]["free_qty"] - blocked[product._origin.id],
                    precision_rounding=product.uom_id.rounding)
        return res
