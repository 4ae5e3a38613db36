from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import clean_context, float_compare

from odoo.addons.medical_device_base.models.md_compliance import MIN_REASON_LENGTH, problems_error

from .purchase_order import OPEN_BID_STATES

QA_GROUP = "medical_device_base.group_md_qa_manager"
BUYER_GROUP = "purchase.group_purchase_user"


class MdTenderAward(models.Model):
    """The signed decision of a tender: which bid is ordered, and why when it is not the cheapest.

    Signing confirms the chosen order (its qualification gate included) and cancels the other bids, which
    stay, listed here, as evidence of the comparison.
    """

    _name = "md.tender.award"
    _description = "Tender Award"
    _inherit = ["mail.thread", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"

    # The comparison as it stood at signing is stamped by the buttons, never written by a client.
    _md_workflow_fields = ("name", "state", "requisition_id", "bid_ids", "cheapest_order_id", "awarded_amount",
                           "cheapest_amount", "awarded_by", "awarded_on")
    _md_signed_fields = ["name", "order_id", "requisition_id", "bid_ids", "cheapest_order_id", "awarded_amount",
                         "cheapest_amount", "reason"]
    # A buyer decides the award; a QA manager may sign it as well (see _md_check_can_sign).
    _md_signature_groups = {"approved": BUYER_GROUP}
    _md_required_signatures = [([("state", "=", "awarded")], "approved")]

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    order_id = fields.Many2one(
        "purchase.order", string="Awarded Bid", required=True, index=True, ondelete="restrict",
        domain=[("state", "in", OPEN_BID_STATES)])
    partner_id = fields.Many2one(related="order_id.partner_id", string="Awarded Supplier")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.company_currency_id", string="Company Currency")
    requisition_id = fields.Many2one("purchase.requisition", string="Call for Tenders", readonly=True,
                                     index="btree_not_null", ondelete="restrict")
    bid_ids = fields.Many2many("purchase.order", "md_tender_award_bid_rel", "award_id", "order_id",
                               string="Bids", readonly=True)
    losing_order_ids = fields.Many2many("purchase.order", string="Losing Bids", compute="_compute_losing_order_ids")
    cheapest_order_id = fields.Many2one(
        "purchase.order", string="Cheapest Bid", readonly=True, ondelete="restrict",
        help="The bid with the lowest untaxed amount in the company currency among those quoting every product "
             "of the tender.")
    awarded_amount = fields.Monetary(readonly=True, currency_field="currency_id",
                                     help="Untaxed amount of the awarded bid in the company currency.")
    cheapest_amount = fields.Monetary(readonly=True, currency_field="currency_id")
    reason_required = fields.Boolean(compute="_compute_reason_required")
    reason = fields.Text(help=f"Why this bid is chosen; required (at least {MIN_REASON_LENGTH} characters) when "
                              "it is not the cheapest.")
    state = fields.Selection([("draft", "Draft"), ("awarded", "Awarded")], default="draft", required=True,
                             readonly=True, tracking=True)
    awarded_by = fields.Many2one("res.users", readonly=True)
    awarded_on = fields.Datetime(string="Awarded On (UTC)", readonly=True)

    @api.depends("bid_ids", "order_id")
    def _compute_losing_order_ids(self):
        for award in self:
            award.losing_order_ids = award.bid_ids - award.order_id

    @api.depends("order_id", "cheapest_order_id", "awarded_amount", "cheapest_amount")
    def _compute_reason_required(self):
        for award in self:
            award.reason_required = award._md_is_not_cheapest()

    def _md_is_not_cheapest(self):
        self.ensure_one()
        if not self.order_id or self.order_id == self.cheapest_order_id:
            return False
        return (not self.cheapest_order_id or float_compare(
            self.awarded_amount, self.cheapest_amount, precision_rounding=self.currency_id.rounding or 0.01) > 0)

    @api.model_create_multi
    def create(self, vals_list):
        awards = super().create(vals_list)
        awards._md_stamp_comparison()
        return awards

    def write(self, vals):
        result = super().write(vals)
        if "order_id" in vals:
            self._md_stamp_comparison()
        return result

    # Comparison --------------------------------------------------------------

    @api.model
    def _md_bid_amounts(self, bids):
        """{bid: untaxed amount in company currency} of the open bids that quote every product of the tender."""
        open_bids = bids.filtered(lambda b: b.state in OPEN_BID_STATES)
        quoting = {bid: bid.order_line.filtered(lambda l: not l.display_type and l.product_qty > 0)
                   for bid in open_bids}
        products = self.env["product.product"].union(*(lines.product_id for lines in quoting.values()))
        return {bid: sum(lines.mapped("price_total_cc")) for bid, lines in quoting.items()
                if lines and lines.product_id == products}

    def _md_stamp_comparison(self):
        """Record the tender's bids and its cheapest one as they stand now."""
        # Whoever may change the award may record the bids, even a QA manager who cannot open orders.
        self.check_access("write")
        for award in self.sudo():
            if award.state != "draft":
                continue
            order = award.order_id
            bids = order._md_tender_bids()
            amounts = self._md_bid_amounts(bids)
            cheapest = min(amounts, key=lambda bid: (amounts[bid], bid != order, bid.id), default=order.browse())
            requisition = bids.requisition_id.filtered(lambda r: r.requisition_type == "purchase_template")
            award._md_workflow_env().write({
                "name": award.name if award.name != "/" else self.env["ir.sequence"].next_by_code("md.tender.award"),
                "bid_ids": [fields.Command.set(bids.ids)],
                "requisition_id": requisition[:1].id,
                "cheapest_order_id": cheapest.id,
                "cheapest_amount": amounts.get(cheapest, 0.0),
                "awarded_amount": amounts.get(order, sum(order.order_line.mapped("price_total_cc"))),
            })

    # Signature ---------------------------------------------------------------

    def _md_check_can_sign(self, meaning):
        self.ensure_one()
        if meaning == "approved" and self.env.user.has_group(QA_GROUP) \
                and not self.env.user.has_group(BUYER_GROUP):
            self.check_access("read")
            return
        try:
            super()._md_check_can_sign(meaning)
        except AccessError:
            raise AccessError(self.env._(
                "Only buyers and QA managers may sign the award %s.", self.display_name)) from None

    def action_sign_award(self):
        self.ensure_one()
        return self.action_sign("approved")

    def _md_check_before_signing(self, meaning):
        if self.state != "draft":
            raise UserError(self.env._("%s has already been signed.", self.display_name))
        self._md_stamp_comparison()
        problems = []
        if self.order_id.state not in OPEN_BID_STATES:
            problems.append(self.env._("The bid %s is no longer open.", self.order_id.display_name))
        closed = self.bid_ids.filtered(lambda b: b.state in ("purchase", "done")) - self.order_id
        if closed:
            problems.append(self.env._("The tender has already been ordered from %s.",
                                       ", ".join(closed.mapped("display_name"))))
        if self._md_is_not_cheapest() and len((self.reason or "").strip()) < MIN_REASON_LENGTH:
            problems.append(self.env._(
                "%(bid)s is not the cheapest bid (%(cheapest)s): write the reason for choosing it "
                "(at least %(min)s characters).",
                bid=self.order_id.display_name, cheapest=self.cheapest_order_id.display_name or "-",
                min=MIN_REASON_LENGTH))
        if problems:
            raise problems_error(self.env._("%s cannot be signed:", self.display_name), problems)

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        self._md_apply()
        return signature

    def _md_apply(self):
        """Order the awarded bid through its normal confirmation and cancel the others, which are kept."""
        self.ensure_one()
        # The signer may be a QA manager without purchase rights: the signature authorised what follows.
        order = self.order_id.sudo().with_context(clean_context(self.env.context), skip_alternative_check=True)
        order.button_confirm()
        if order.state not in ("purchase", "done", "to approve"):
            raise UserError(self.env._("%s could not be confirmed.", order.display_name))
        losers = (self.bid_ids - self.order_id).filtered(lambda b: b.state in OPEN_BID_STATES)
        losers.sudo().with_context(clean_context(self.env.context)).button_cancel()
        self._md_workflow_write({"state": "awarded", "awarded_by": self.env.user.id,
                                 "awarded_on": fields.Datetime.now()})
        link = Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (
            self._name, self.id, self.display_name)
        order.message_post(body=Markup("%s %s") % (self.env._("Awarded by"), link))
        for loser in losers.sudo():
            loser.message_post(body=Markup("%s %s") % (
                self.env._("Not awarded; the tender went to %s:", order.display_name), link))

    def _md_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tender Award"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
