from odoo import api, models
from odoo.exceptions import ValidationError

from ..utils.identifiers import IdentifierError
from ..utils.udi import parse_udi

DEFAULT_SEPARATOR = r"(Alt029|#|\x1D)"


def gtin_variants(gtin):
    """The forms a GTIN-14 may be stored in (GTIN-8/12/13 without padding)."""
    return [gtin[-length:] for length in (14, 13, 12, 8) if set(gtin[:14 - length]) <= {"0"}]


class MdUdi(models.AbstractModel):
    """Reads UDI carriers (GS1, HIBC, MA) into product, lot and dates."""

    _name = "md.udi"
    _description = "UDI Parser"

    @api.model
    def _separator_regex(self):
        # The FNC1 stand-ins of the company's GS1 nomenclature, so that a scanner
        # set up for Odoo's barcode flows also works here; Odoo's default otherwise.
        nomenclature = self.env.company.sudo().nomenclature_id
        if nomenclature.is_gs1_nomenclature and nomenclature.gs1_separator_fnc1:
            return nomenclature.gs1_separator_fnc1
        return DEFAULT_SEPARATOR

    @api.model
    def parse(self, code, primary_check=None):
        """Parse a scanned or typed UDI; raise ValidationError saying what is wrong."""
        try:
            return parse_udi(code, separator_regex=self._separator_regex(), primary_check=primary_check)
        except IdentifierError as error:
            raise ValidationError(self.env["md.compliance"]._md_identifier_message(error)) from None

    @api.model
    def match(self, code, product=None):
        """Resolve a UDI to records.

        Returns a dict: ``parsed`` (what :meth:`parse` returns), ``product``
        (product.product), ``packaging`` (product.packaging when the DI is a
        packaging-level GTIN), ``lot`` (the existing stock.lot), ``quantity``
        (units the code stands for) and ``unknown``: what could not be found
        ('product', 'lot').
        """
        parsed = self.parse(code)
        result = {"parsed": parsed, "product": self.env["product.product"],
                  "packaging": self.env["product.packaging"], "lot": self.env["stock.lot"], "unknown": []}
        if parsed["di"]:
            result["product"], result["packaging"] = self._md_find_product(parsed)
        elif product:
            result["product"] = product
        if not result["product"]:
            result["unknown"].append("product")
        lot_name = parsed["serial"] or parsed["lot"]
        if lot_name and result["product"]:
            result["lot"] = self.env["stock.lot"].search([
                ("product_id", "=", result["product"].id), ("name", "=", lot_name),
                ("company_id", "in", [False, self.env.company.id]),
            ], limit=1)
            if not result["lot"]:
                result["unknown"].append("lot")
        result["quantity"] = result["packaging"].qty if result["packaging"] else (parsed["quantity"] or 1)
        return result

    @api.model
    def _md_find_product(self, parsed):
        Product = self.env["product.product"]
        Packaging = self.env["product.packaging"]
        if parsed["scheme"] == "gs1":
            variants = gtin_variants(parsed["gtin"])
            product = Product.search(["|", ("md_udi_di", "=", parsed["gtin"]), ("barcode", "in", variants)], limit=1)
            if product:
                return product, Packaging
            packaging = Packaging.search([("barcode", "in", variants)], limit=1)
            return packaging.product_id, packaging
        product = Product.search([("md_udi_di", "=", parsed["di"])], limit=1)
        return product, Packaging
