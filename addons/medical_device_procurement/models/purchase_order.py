from markupsafe import Markup, escape

from odoo import api, fields, models

OPEN_BID_STATES = ("draft", "sent", "to approve")


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    md_above_agreed_price = fields.Boolean(
        string="Above Agreed Price", compute="_compute_md_above_agreed_price",
        help="A line costs more than the supplier's price agreement (blanket order) valid on the order date.")
    md_award_ids = fields.Many2many("md.tender.award", compute="_compute_md_award_ids", string="Tender Awards")
    md_is_tender_bid = fields.Boolean(string="Tender Bid", compute="_compute_md_is_tender_bid")

    @api.depends("order_line.md_above_agreed_price")
    def _compute_md_above_agreed_price(self):
        for order in self:
            order.md_above_agreed_price = any(order.order_line.mapped("md_above_agreed_price"))

    @api.depends("purchase_group_id", "requisition_id.requisition_type")
    def _compute_md_is_tender_bid(self):
        for order in self:
            order.md_is_tender_bid = order._md_is_tender_bid()

    def _compute_md_award_ids(self):
        awards = self.env["md.tender.award"].search([("bid_ids", "in", self.ids)]) if self.ids else None
        for order in self:
            order.md_award_ids = awards.filtered(lambda a: order in a.bid_ids) if awards else False

    # Tenders -----------------------------------------------------------------

    def _md_is_tender_bid(self):
        self.ensure_one()
        return bool(self.purchase_group_id or self.requisition_id.requisition_type == "purchase_template")

    def _md_tender_bids(self):
        """Every request for quotation of the tenders these orders belong to: their alternatives and, for a
        purchase template (call for tenders), all its quotations and theirs."""
        bids = self | self.alternative_po_ids
        tenders = bids.requisition_id.filtered(lambda r: r.requisition_type == "purchase_template")
        bids |= tenders.purchase_ids
        return bids | bids.alternative_po_ids

    def _md_check_rfq_recipient(self):
        """A request for quotation of a device goes only to a supplier qualified to supply it: the check and
        the message are those of confirming the order."""
        compliance = self.env["md.compliance"]
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            compliance._md_enforce(order, order.partner_id, order.order_line.product_id,
                                   fields.Date.context_today(order), "supplier")

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # Alternatives made by the wizard and quotations of a call for tenders are addressed to their
        # supplier from the start.
        orders.filtered(lambda o: o._md_is_tender_bid())._md_check_rfq_recipient()
        return orders

    def write(self, vals):
        if vals.get("state") == "sent":
            # Printing the RFQ and sending it by e-mail both mark it as sent through here.
            self._md_check_rfq_recipient()
        result = super().write(vals)
        # A bid whose supplier or devices change is addressed again: an alternative made empty by the wizard
        # gets its devices here.
        if "partner_id" in vals or "order_line" in vals:
            self.filtered(lambda o: o._md_is_tender_bid())._md_check_rfq_recipient()
        return result

    def action_rfq_send(self):
        self._md_check_rfq_recipient()
        return super().action_rfq_send()

    def action_md_compare_bids(self):
        return self.env["purchase.order.line"]._md_comparison_action(self._md_tender_bids())

    def action_md_award(self):
        """A draft award of the tender to this bid, to be completed and signed."""
        self.ensure_one()
        award = self.env["md.tender.award"].create({"order_id": self.id})
        return award._md_form_action()

    # Price agreements --------------------------------------------------------

    def button_confirm(self):
        above = {order: order.order_line.filtered("md_above_agreed_price")
                 for order in self if order.state in ("draft", "sent")}
        result = super().button_confirm()
        for order, lines in above.items():
            if lines and order.state not in ("draft", "sent", "cancel"):
                order._md_post_above_agreed_price(lines)
        return result

    def _md_post_above_agreed_price(self, lines):
        items = Markup().join(
            Markup("<li>%s</li>") % self.env._(
                "%(product)s: %(price)s instead of %(agreed)s agreed in %(agreement)s",
                product=line.product_id.display_name,
                price=self._md_format_price(line.price_unit, line.currency_id),
                agreed=self._md_format_price(line.md_agreed_price, line.currency_id),
                agreement=line.md_agreement_id.display_name)
            for line in lines)
        self.message_post(body=Markup("%s<ul>%s</ul>") % (
            escape(self.env._("Confirmed above the agreed price:")), items))

    def _md_format_price(self, amount, currency):
        digits = self.env["decimal.precision"].precision_get("Product Price")
        return f"{amount:.{digits}f} {currency.name}"
