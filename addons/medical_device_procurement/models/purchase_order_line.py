from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare

from odoo.addons.medical_device_base.models.md_licence import AUTHORISING_TYPES


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    md_offered_shelf_life_days = fields.Integer(
        string="Offered Shelf Life (days)",
        help="Remaining shelf life the supplier guarantees on delivery, as stated in its bid.")
    # The comparison of bids: read when shown, from the records that hold each fact.
    md_lead_time_days = fields.Integer(
        string="Lead Time (days)", compute="_compute_md_bid_facts",
        help="Days from the order date to the delivery date the supplier offers.")
    md_supplier_score = fields.Float(
        string="Supplier Score", digits=(5, 1), compute="_compute_md_bid_facts",
        help="Score of the supplier's latest scorecard; 0 when it has none.")
    md_certificate_valid_until = fields.Date(
        string="Certificate Valid Until", compute="_compute_md_bid_facts",
        help="End of the device's registration or filing certificate in force today.")
    md_licence_valid_until = fields.Date(
        string="Licence Valid Until", compute="_compute_md_bid_facts",
        help="Latest end date of the supplier's licences in force today whose scope covers the device; "
             "empty when none covers it or they have no end date.")
    md_supplier_qualified = fields.Boolean(
        string="Qualified", compute="_compute_md_bid_facts",
        help="The supplier passes today the checks of confirming an order of this product.")
    md_is_cheapest = fields.Boolean(
        string="Cheapest", compute="_compute_md_bid_facts",
        help="Lowest unit price (in the company currency) for this product among the tender's bids.")
    md_agreement_id = fields.Many2one(
        "purchase.requisition", string="Price Agreement", compute="_compute_md_agreed_price",
        help="The supplier's confirmed blanket order for this product valid on the order date.")
    md_agreed_price = fields.Float(
        string="Agreed Price", digits="Product Price", compute="_compute_md_agreed_price")
    md_above_agreed_price = fields.Boolean(
        string="Above Agreed Price", compute="_compute_md_agreed_price")

    # Bid comparison ----------------------------------------------------------

    @api.depends("price_unit", "product_qty", "date_planned", "order_id.date_order", "order_id.partner_id",
                 "order_id.currency_rate", "state")
    @api.depends_context("company")
    def _compute_md_bid_facts(self):
        today = fields.Date.context_today(self)
        partners = self.order_id.partner_id.commercial_partner_id
        scores = self.env["res.partner"]._md_supplier_scores(partners)
        cheapest = self._md_cheapest_lines()
        compliance = self.env["md.compliance"]
        Certificate = self.env["md.certificate"]
        qualified, licence_ends = {}, {}
        for line in self:
            partner = line.order_id.partner_id.commercial_partner_id
            product = line.product_id
            line.md_lead_time_days = (
                max((line.date_planned.date() - line.order_id.date_order.date()).days, 0)
                if line.date_planned and line.order_id.date_order else 0)
            line.md_supplier_score = scores.get(partner.id, 0.0)
            line.md_is_cheapest = line in cheapest
            if not product.is_medical_device or not partner:
                line.md_certificate_valid_until = False
                line.md_licence_valid_until = False
                line.md_supplier_qualified = bool(partner)
                continue
            destination = line.order_id._md_compliance_destination()
            key = (partner.id, product.id, destination.id)
            if key not in qualified:
                qualified[key] = not compliance._md_order_problems(partner, product, today, "supplier",
                                                                   destination=destination)
                licence_ends[key] = self._md_licence_end(partner, product.product_tmpl_id, today)
            line.md_certificate_valid_until = Certificate._md_covering(product, today).expiry_date
            line.md_licence_valid_until = licence_ends[key]
            line.md_supplier_qualified = qualified[key]

    @api.model
    def _md_licence_end(self, partner, device, date):
        licences = partner.sudo().md_licence_ids.filtered(
            lambda l: l.licence_type in AUTHORISING_TYPES["supplier"]
            and l._md_covers(device.md_class, device.md_category_id.code) and l._md_is_valid_at(date))
        ends = [licence.expiry_date for licence in licences if licence.expiry_date]
        return max(ends) if ends and len(ends) == len(licences) else False

    def _md_unit_price_cc(self):
        self.ensure_one()
        return self.price_unit / (self.order_id.currency_rate or 1.0)

    def _md_cheapest_lines(self):
        """Lines of ``self`` with the lowest unit price of their product among the bids of their tender."""
        digits = self.env["decimal.precision"].precision_get("Product Price")
        cheapest = self.browse()
        bids_by_order = {}
        for order in self.order_id:
            bids_by_order[order] = order._origin._md_tender_bids() if order._origin else order
        for line in self.filtered(lambda l: l.product_id and not l.display_type):
            bids = bids_by_order[line.order_id]
            offers = bids.order_line.filtered(
                lambda l, product=line.product_id: l.product_id == product and l.product_qty > 0
                and l.state != "cancel")
            if not offers or not line.product_qty or line.state == "cancel":
                continue
            best = min(offer._md_unit_price_cc() for offer in offers)
            if float_compare(line._md_unit_price_cc(), best, precision_digits=digits) <= 0:
                cheapest |= line
        return cheapest

    @api.model
    def _md_comparison_action(self, orders):
        return {
            "name": self.env._("Bid Comparison"),
            "type": "ir.actions.act_window",
            "res_model": "purchase.order.line",
            "view_mode": "list",
            "views": [(self.env.ref("medical_device_procurement.purchase_order_line_view_md_bid_comparison").id,
                       "list")],
            "domain": [("order_id", "in", sorted(orders.ids)), ("display_type", "=", False)],
            "context": {"search_default_groupby_product": True},
        }

    def action_md_award(self):
        self.ensure_one()
        return self.order_id.action_md_award()

    # Price agreements --------------------------------------------------------

    @api.depends("price_unit", "product_id", "product_uom", "order_id.partner_id", "order_id.date_order",
                 "order_id.currency_id", "order_id.requisition_id")
    def _compute_md_agreed_price(self):
        agreements = self._md_agreement_lines()
        digits = self.env["decimal.precision"].precision_get("Product Price")
        for line in self:
            agreed = agreements.get(line)
            if not agreed:
                line.md_agreement_id = False
                line.md_agreed_price = 0.0
                line.md_above_agreed_price = False
                continue
            price = line._md_agreed_price_of(agreed)
            line.md_agreement_id = agreed.requisition_id
            line.md_agreed_price = price
            line.md_above_agreed_price = float_compare(line.price_unit, price, precision_digits=digits) > 0

    def _md_agreed_price_of(self, agreement_line):
        """The agreed unit price in this line's unit of measure and currency."""
        self.ensure_one()
        price = agreement_line.product_uom_id._compute_price(agreement_line.price_unit, self.product_uom)
        agreement_currency = agreement_line.requisition_id.currency_id
        currency = self.order_id.currency_id or agreement_currency
        if agreement_currency != currency:
            price = agreement_currency._convert(price, currency, self.order_id.company_id or self.env.company,
                                                self.order_id.date_order or fields.Date.today())
        return price

    def _md_agreement_lines(self):
        """{line: the blanket-order line agreeing its price}: the one the order refers to, else the lowest
        agreed price among the supplier's confirmed blanket orders valid on the order date."""
        lines = self.filtered(lambda l: l.product_id and not l.display_type and l.order_id.partner_id)
        if not lines:
            return {}
        vendors = lines.order_id.partner_id.commercial_partner_id
        candidates = self.env["purchase.requisition.line"].sudo().search([
            ("product_id", "in", lines.product_id.ids),
            ("requisition_id.requisition_type", "=", "blanket_order"),
            ("requisition_id.state", "=", "confirmed"),
            ("requisition_id.vendor_id", "child_of", vendors.ids),
        ])
        by_key = defaultdict(list)
        for candidate in candidates:
            requisition = candidate.requisition_id
            by_key[(requisition.vendor_id.commercial_partner_id.id, candidate.product_id.id,
                    requisition.company_id.id)].append(candidate)
        result = {}
        for line in lines:
            order = line.order_id
            date = (order.date_order or fields.Datetime.now()).date()
            valid = [c for c in by_key[(order.partner_id.commercial_partner_id.id, line.product_id.id,
                                        (order.company_id or self.env.company).id)]
                     if (not c.requisition_id.date_start or c.requisition_id.date_start <= date)
                     and (not c.requisition_id.date_end or date <= c.requisition_id.date_end)]
            if not valid:
                continue
            own = [c for c in valid if c.requisition_id == order.requisition_id]
            result[line] = own[0] if own else min(valid, key=line._md_agreed_price_of)
        return result

    @api.onchange("price_unit", "product_id", "product_qty", "product_uom")
    def _md_onchange_agreed_price(self):
        if self.md_above_agreed_price:
            return {"warning": {
                "title": self.env._("Above the agreed price"),
                "message": self.env._(
                    "%(product)s costs %(price)s here, above the %(agreed)s agreed with %(supplier)s in "
                    "%(agreement)s",
                    product=self.product_id.display_name,
                    price=self.order_id._md_format_price(self.price_unit, self.currency_id),
                    agreement=self.md_agreement_id.display_name,
                    agreed=self.order_id._md_format_price(self.md_agreed_price, self.currency_id),
                    supplier=self.order_id.partner_id.display_name),
            }}
        return None
