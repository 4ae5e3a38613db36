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
            raise ValidationError(self._md_udi_message(error, code)) from None

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

    @api.model
    def _md_udi_message(self, error, code):
        p = dict(error.params)
        if "position" in p:
            p["position"] += 1  # people count characters from 1

        messages = {
            "udi_empty": lambda: self.env._("The scanned code is empty."),
            "udi_scheme": lambda: self.env._(
                "%(value)s is not a UDI: expected a GS1 code, an HIBC code (+…) or an MA code (MA.…).", **p),
            "gs1_unknown_ai": lambda: self.env._(
                "No GS1 Application Identifier starts at position %(position)s (\"%(ai)s\").", **p),
            "gs1_truncated": lambda: self.env._(
                "GS1 Application Identifier (%(ai)s) is truncated: it needs %(length)s characters, got \"%(value)s\".", **p),
            "gs1_format": lambda: self.env._(
                "\"%(value)s\" is not a valid value for GS1 Application Identifier (%(ai)s).", **p),
            "gs1_too_long": lambda: self.env._(
                "The value of GS1 Application Identifier (%(ai)s) is longer than %(max)s characters: \"%(value)s\".", **p),
            "gs1_check_digit": lambda: self.env._(
                "GTIN %(value)s in (%(ai)s) has a wrong check digit: expected %(expected)s.", **p),
            "gs1_date": lambda: self.env._(
                "%(value)s in GS1 Application Identifier (%(ai)s) is not a possible date.", **p),
            "gs1_duplicate_ai": lambda: self.env._(
                "GS1 Application Identifier (%(ai)s) appears twice with different values.", **p),
            "gs1_hri": lambda: self.env._(
                "%(value)s is not a well-formed GS1 human-readable code such as (01)…(17)…(10)….", **p),
            "hibc_format": lambda: self.env._("%(value)s is not a valid HIBC code.", **p),
            "hibc_check": lambda: self.env._(
                "The HIBC check character is wrong: expected %(expected)s, found %(found)s.", **p),
            "hibc_link": lambda: self.env._(
                "The HIBC secondary code does not belong to the primary code: link character %(found)s, "
                "expected %(expected)s.", **p),
            "hibc_date": lambda: self.env._("%(value)s in the HIBC code is not a possible date.", **p),
            "hibc_too_long": lambda: self.env._(
                "The HIBC lot or serial number %(value)s is longer than %(max)s characters.", **p),
            "hibc_character": lambda: self.env._("%(value)s contains a character not allowed in HIBC.", **p),
            "ma_format": lambda: self.env._("%(value)s is not a valid MA code (MA.156.M0.…).", **p),
            "ma_date": lambda: self.env._("%(value)s in the MA code is not a possible date.", **p),
            "ma_unknown_key": lambda: self.env._(
                "The MA code has an unknown data element .%(key)s (known: .L .S .M .D .V .E).", **p),
        }
        if error.code in messages:
            return messages[error.code]()
        return self.env["md.compliance"]._md_identifier_message(error)

