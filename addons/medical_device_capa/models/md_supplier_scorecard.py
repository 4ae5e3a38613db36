from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
GRADE_FLOORS = [("A", 90.0), ("B", 75.0), ("C", 60.0)]
COMPONENTS = ("rejection", "on_time", "returns", "capa", "lapses", "price", "service")
FIGURES = ("qty_received", "qty_inspected", "qty_rejected", "lines_due", "lines_on_time", "qty_returned",
           "capa_open", "capa_closed", "lapse_count", "amount_purchased", "amount_at_lowest", "service_due",
           "service_on_time")


def score_supplier(figures, weights):
    """Rates, component scores, score and grade of one supplier from the figures of a period.

    ``figures`` holds the counts named in FIGURES, ``weights`` the company's weight per component.
    Every formula of the scorecard is here, and only here.
    """
    def rate(part, whole):
        return float_round(100.0 * part / whole, precision_digits=2) if whole else 0.0

    rejection_rate = rate(figures["qty_rejected"], figures["qty_inspected"])
    on_time_rate = rate(figures["lines_on_time"], figures["lines_due"])
    return_rate = rate(figures["qty_returned"], figures["qty_received"])
    price_index = rate(figures["amount_at_lowest"], figures["amount_purchased"])
    service_rate = rate(figures["service_on_time"], figures["service_due"])
    components = {
        "rejection": max(0.0, 100.0 - 10.0 * rejection_rate),
        # Nothing due is not a late delivery: the rate does not apply and the component scores 100.
        "on_time": on_time_rate if figures["lines_due"] else 100.0,
        "returns": max(0.0, 100.0 - 20.0 * return_rate),
        "capa": max(0.0, 100.0 - 25.0 * figures["capa_open"]),
        "lapses": max(0.0, 100.0 - 50.0 * figures["lapse_count"]),
        # Paying the lowest qualified offer scores 100, paying a quarter more 80; nothing bought scores 100.
        "price": min(100.0, price_index) if figures["amount_purchased"] else 100.0,
        # Nothing answered or due is not a late answer: as with deliveries, the component then scores 100.
        "service": service_rate if figures["service_due"] else 100.0,
    }
    components = {name: float_round(value, precision_digits=2) for name, value in components.items()}
    score = float_round(sum(weights[name] * components[name] for name in COMPONENTS) / sum(weights.values()),
                        precision_digits=1)
    return {
        "rejection_rate": rejection_rate,
        "on_time_rate": on_time_rate,
        "return_rate": return_rate,
        "price_index": price_index,
        "service_rate": service_rate,
        **{f"score_{name}": value for name, value in components.items()},
        "score": score,
        "grade": next((grade for grade, floor in GRADE_FLOORS if score >= floor), "D"),
    }


class MdSupplierScorecard(models.Model):
    """A supplier's quality and delivery performance over a period, computed from the records of the period."""

    _name = "md.supplier.scorecard"
    _description = "Supplier Scorecard"
    _inherit = ["mail.thread", "md.workflow.mixin"]
    _order = "date_to desc, score desc, id"

    # The figures, scores, grade and rank come from the period's records through the computation, never by hand:
    # a grade decides whether the supplier must be requalified.
    _md_workflow_fields = FIGURES + ("rejection_rate", "on_time_rate", "return_rate", "price_index",
                                     "service_rate") + tuple(f"score_{name}" for name in COMPONENTS) + ("score", "grade", "rank", "computed_on")

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Supplier", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="From", required=True,
                            help="First day of the period; days are those of the company's time zone (UTC when "
                                 "the company has none).")
    date_to = fields.Date(string="To", required=True, help="Last day of the period, included.")
    qty_received = fields.Float(string="Units Received", readonly=True,
                                help="Units of done receipts from the supplier's locations in the period.")
    qty_inspected = fields.Float(string="Units Inspected", readonly=True,
                                 help="Units received on the signed acceptances of the supplier signed in the "
                                      "period (a corrected acceptance counts through its signed correction).")
    qty_rejected = fields.Float(string="Units Rejected", readonly=True,
                                help="Units rejected on those acceptances.")
    rejection_rate = fields.Float(string="Rejection Rate (%)", readonly=True, digits=(5, 2), aggregator="avg",
                                  help="100 × rejected ÷ inspected; 0 when nothing was inspected.")
    lines_due = fields.Integer(string="Order Lines Received", readonly=True,
                               help="Purchase order lines whose first receipt was done in the period.")
    lines_on_time = fields.Integer(string="Received On Time", readonly=True,
                                   help="Of those, the lines first received on or before their expected arrival "
                                        "date (days compared in the company's time zone).")
    on_time_rate = fields.Float(string="On-Time Delivery (%)", readonly=True, digits=(5, 2), aggregator="avg",
                                help="100 × on time ÷ received lines; not applicable (shown empty) when no line "
                                     "was received, and the on-time component then scores 100.")
    qty_returned = fields.Float(string="Units Returned for Quality", readonly=True,
                                help="Units of the supplier's lots on returns graded quality-related, approved, "
                                     "received or done, created in the period.")
    return_rate = fields.Float(string="Quality Return Rate (%)", readonly=True, digits=(5, 2), aggregator="avg",
                               help="100 × returned ÷ received; 0 when nothing was received.")
    capa_open = fields.Integer(string="Open CAPAs", readonly=True,
                               help="CAPAs about the supplier created by the end of the period and not closed by "
                                    "then (cancelled ones never count).")
    capa_closed = fields.Integer(string="Closed CAPAs", readonly=True,
                                 help="CAPAs about the supplier closed in the period.")
    lapse_count = fields.Integer(string="Certificate/Licence Lapses", readonly=True,
                                 help="Active licences of the supplier and registration certificates it holds "
                                      "whose expiry date falls in the period.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_purchased = fields.Monetary(
        string="Purchased", readonly=True,
        help="Untaxed amount of the supplier's order lines confirmed in the period, in the company's currency "
             "(converted at the rate of the period's last day).")
    amount_at_lowest = fields.Monetary(
        string="At Lowest Qualified Offers", readonly=True,
        help="The same quantities at the lowest qualified offer for each product in the period: the average net "
             "unit price on the orders confirmed in the period, or the vendor pricelist price valid in it, of "
             "approved suppliers (and the supplier's own price).")
    price_index = fields.Float(string="Price Index (%)", readonly=True, digits=(5, 2), aggregator="avg",
                               help="100 × at lowest qualified offers ÷ purchased; 0 when nothing was bought.")
    service_due = fields.Integer(
        string="Service Items", readonly=True,
        help="Items the supplier had to see answered, counted once answered or once their time is up: CAPAs "
             "about the supplier with a target date in the period, complaints received in the period about "
             "devices of its lots, and quality returns of its lots created in the period (with the returns "
             "add-on). Complaints and returns have the company's service days to be answered.")
    service_on_time = fields.Integer(string="Answered On Time", readonly=True,
                                     help="Of those, the CAPAs closed by their target date, the complaints closed "
                                          "and the returns disposed of within the service days.")
    service_rate = fields.Float(string="Service On Time (%)", readonly=True, digits=(5, 2), aggregator="avg",
                                help="100 × answered on time ÷ service items; not applicable (shown empty) when "
                                     "none counted, and the service component then scores 100.")
    score_rejection = fields.Float(string="Rejection Score", readonly=True, digits=(5, 2), aggregator="avg",
                                   help="100 − 10 × rejection rate, at least 0.")
    score_on_time = fields.Float(string="On-Time Score", readonly=True, digits=(5, 2), aggregator="avg",
                                 help="The on-time rate; 100 when no order line was received.")
    score_returns = fields.Float(string="Returns Score", readonly=True, digits=(5, 2), aggregator="avg",
                                 help="100 − 20 × quality return rate, at least 0.")
    score_capa = fields.Float(string="CAPA Score", readonly=True, digits=(5, 2), aggregator="avg",
                              help="100 − 25 × open CAPAs, at least 0.")
    score_lapses = fields.Float(string="Lapses Score", readonly=True, digits=(5, 2), aggregator="avg",
                                help="100 − 50 × lapses, at least 0.")
    score_price = fields.Float(string="Price Score", readonly=True, digits=(5, 2), aggregator="avg",
                               help="The price index, at most 100; 100 when nothing was bought.")
    score_service = fields.Float(string="Service Score", readonly=True, digits=(5, 2), aggregator="avg",
                                 help="The service on-time rate; 100 when no service item counted.")
    score = fields.Float(readonly=True, digits=(5, 1), aggregator="avg",
                         help="Average of the seven component scores weighted with the company's weights, one "
                              "decimal.")
    grade = fields.Selection(GRADES, readonly=True, index=True,
                             help="A from 90, B from 75, C from 60, D below.")
    rank = fields.Integer(readonly=True, aggregator=False,
                          help="Position among the suppliers scored for the same period by score, highest first; "
                               "equal scores share a position.")
    computed_on = fields.Datetime(string="Computed On (UTC)", readonly=True)

    @api.depends("partner_id", "date_from", "date_to")
    def _compute_name(self):
        for card in self:
            card.name = f"{card.partner_id.name or ''} {card.date_from or ''}–{card.date_to or ''}"

    @api.constrains("partner_id", "company_id", "date_from", "date_to")
    def _check_period(self):
        for card in self:
            if card.date_from > card.date_to:
                raise ValidationError(self.env._(
                    "A scorecard period cannot end (%(date_to)s) before it starts (%(date_from)s).",
                    date_to=card.date_to, date_from=card.date_from))
            if card.partner_id != card.partner_id.commercial_partner_id:
                raise ValidationError(self.env._(
                    "Scorecards are kept for the supplier company (%(company)s), not for its contact %(contact)s.",
                    company=card.partner_id.commercial_partner_id.display_name, contact=card.partner_id.display_name))
        duplicates = self.sudo()._read_group(
            [("partner_id", "in", self.partner_id.ids), ("company_id", "in", self.company_id.ids),
             ("date_from", "in", self.mapped("date_from")), ("date_to", "in", self.mapped("date_to"))],
            ["partner_id", "company_id", "date_from:day", "date_to:day"], having=[("__count", ">", 1)])
        if duplicates:
            partner, _company, date_from, date_to = duplicates[0]
            raise ValidationError(self.env._(
                "%(supplier)s already has a scorecard for %(date_from)s–%(date_to)s: recompute it instead.",
                supplier=partner.display_name, date_from=date_from, date_to=date_to))

    # Period --------------------------------------------------------------------

    @api.model
    def _md_timezone(self):
        return pytz.timezone(self.env.company.partner_id.tz or "UTC")

    @api.model
    def _md_period_bounds(self, date_from, date_to):
        """UTC bounds [start, end) of the period's days in the company's time zone."""
        tz = self._md_timezone()
        return tuple(tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
                     for day in (date_from, date_to + timedelta(days=1)))

    @api.model
    def _md_last_month(self):
        first = datetime.now(self._md_timezone()).date().replace(day=1)
        return first - relativedelta(months=1), first - timedelta(days=1)

    # Figures -------------------------------------------------------------------

    @api.model
    def _md_sum_by_supplier(self, model, domain, groupby, aggregates, partner_path):
        """{supplier: [totals]} of one grouped query; each group is mapped to its commercial partner through
        ``partner_path`` (from the grouped record)."""
        totals = defaultdict(lambda: [0] * len(aggregates))
        for record, *values in self.env[model]._read_group(domain, [groupby], aggregates):
            supplier = record.mapped(partner_path).commercial_partner_id if record else record
            if supplier:
                totals[supplier] = [total + value for total, value in zip(totals[supplier], values)]
        return totals

    @api.model
    def _md_returned_by_supplier(self, start, end, scope):
        """{supplier: [units returned for quality in the period, quality returns counted for service, of which
        disposed of on time]}. Nothing here: the bridge with the returns add-on counts its quality-related
        returns (judging each with :meth:`_md_answered_on_time`); without it the returns component scores 100,
        as with no return, and service counts CAPAs and complaints only.

        ``scope(path)`` is the domain limiting the records to the suppliers asked for, through ``path``."""
        return {}

    @api.model
    def _md_local_day(self, moment):
        return pytz.utc.localize(moment).astimezone(self._md_timezone()).date()

    @api.model
    def _md_answered_on_time(self, due, answered_on, today):
        """True when answered (a UTC datetime) on or before the day ``due``, False when answered later or not
        answered with the day past, None while it may still be answered in time: it does not count yet."""
        if answered_on:
            return self._md_local_day(answered_on) <= due
        return False if due < today else None

    @api.model
    def _md_period_figures(self, date_from, date_to, partners=None):
        """{supplier: {figure: value}} for every supplier active in the period (or exactly ``partners``),
        a fixed number of grouped queries whatever the number of suppliers."""
        company = self.env.company
        start, end = self._md_period_bounds(date_from, date_to)
        if partners is not None:
            partners = partners.commercial_partner_id

        def scope(path):
            return [(path, "child_of", partners.ids)] if partners is not None else []

        inspected = self._md_sum_by_supplier(
            "md.acceptance.line",
            [("company_id", "=", company.id), ("acceptance_id.state", "=", "accepted"),
             ("acceptance_id.accepted_on", ">=", start), ("acceptance_id.accepted_on", "<", end)]
            + scope("acceptance_id.partner_id"),
            "acceptance_id", ["qty_received:sum", "qty_rejected:sum"], "partner_id")
        received = self._md_sum_by_supplier(
            "stock.move.line",
            [("company_id", "=", company.id), ("state", "=", "done"), ("location_id.usage", "=", "supplier"),
             ("date", ">=", start), ("date", "<", end)] + scope("picking_partner_id"),
            "picking_partner_id", ["quantity_product_uom:sum"], "commercial_partner_id")
        returned = self._md_returned_by_supplier(start, end, scope)
        capa_domain = [("company_id", "=", company.id), ("partner_id", "!=", False)] + scope("partner_id")
        capa_open = self._md_sum_by_supplier(
            "md.capa",
            capa_domain + [("create_date", "<", end), "|", ("stage", "not in", ("closed", "cancel")),
                           "&", ("stage", "=", "closed"), ("closed_on", ">=", end)],
            "partner_id", ["__count"], "commercial_partner_id")
        capa_closed = self._md_sum_by_supplier(
            "md.capa", capa_domain + [("stage", "=", "closed"), ("closed_on", ">=", start), ("closed_on", "<", end)],
            "partner_id", ["__count"], "commercial_partner_id")
        deliveries = self._md_on_time_lines(start, end, scope("purchase_line_id.partner_id"))
        prices = self._md_price_figures(start, end, date_to, partners)
        service = self._md_service_figures(date_from, date_to, scope, partners)
        for supplier, (_qty, due, on_time) in returned.items():
            service[supplier][0] += due
            service[supplier][1] += on_time

        suppliers = partners if partners is not None else self.env["res.partner"].union(
            *inspected, *received, *returned, *capa_open, *capa_closed, *deliveries, *prices, *service)
        lapses = self._md_lapses(suppliers, date_from, date_to)
        return {supplier: {
            "qty_inspected": inspected.get(supplier, [0, 0])[0],
            "qty_rejected": inspected.get(supplier, [0, 0])[1],
            "qty_received": received.get(supplier, [0])[0],
            "qty_returned": returned.get(supplier, [0, 0, 0])[0],
            "capa_open": capa_open.get(supplier, [0])[0],
            "capa_closed": capa_closed.get(supplier, [0])[0],
            "lines_due": deliveries.get(supplier, [0, 0])[0],
            "lines_on_time": deliveries.get(supplier, [0, 0])[1],
            "lapse_count": lapses.get(supplier, 0),
            "amount_purchased": prices.get(supplier, [0.0, 0.0])[0],
            "amount_at_lowest": prices.get(supplier, [0.0, 0.0])[1],
            "service_due": service.get(supplier, [0, 0])[0],
            "service_on_time": service.get(supplier, [0, 0])[1],
        } for supplier in suppliers}

    @api.model
    def _md_price_figures(self, start, end, date_to, partners=None):
        """{supplier: [amount purchased, amount at the lowest qualified offers]} of the order lines confirmed
        in the period, in the company's currency.

        An offer is a supplier's average net unit price for a product on the orders confirmed in the period,
        or its vendor pricelist price valid in the period (per unit of the product's unit of measure); the
        offers that count as the lowest are those of approved suppliers, and the supplier's own."""
        company = self.env.company

        def convert(amount, currency):
            return currency._convert(amount, company.currency_id, company, date_to)

        # Every supplier's lines of the period: the offers of the others are needed to judge one.
        groups = self.env["purchase.order.line"]._read_group(
            [("company_id", "=", company.id), ("order_id.state", "in", ("purchase", "done")),
             ("order_id.date_approve", ">=", start), ("order_id.date_approve", "<", end),
             ("display_type", "=", False), ("product_id", "!=", False), ("product_uom_qty", ">", 0)],
            ["partner_id", "product_id", "currency_id"], ["price_subtotal:sum", "product_uom_qty:sum"])
        bought = defaultdict(lambda: [0.0, 0.0])  # (supplier, product): [amount, quantity]
        for partner, product, currency, amount, qty in groups:
            totals = bought[partner.commercial_partner_id, product]
            totals[0] += convert(amount, currency)
            totals[1] += qty
        lowest = {}  # product: lowest qualified offer

        def offer(product, price):
            lowest[product] = min(price, lowest.get(product, price))

        for (supplier, product), (amount, qty) in bought.items():
            if supplier.md_supplier_approved:
                offer(product, amount / qty)
        products = self.env["product.product"].union(*(product for _supplier, product in bought))
        date_from = self._md_local_day(start)
        pricelists = self.env["product.supplierinfo"].search([
            ("product_tmpl_id", "in", products.product_tmpl_id.ids), ("company_id", "in", [False, company.id]),
            ("partner_id.commercial_partner_id.md_supplier_approved", "=", True),
            "|", ("date_start", "=", False), ("date_start", "<=", date_to),
            "|", ("date_end", "=", False), ("date_end", ">=", date_from)])
        for seller in pricelists:
            template = seller.product_tmpl_id
            for product in seller.product_id or products.filtered(lambda p, t=template: p.product_tmpl_id == t):
                price = seller.product_uom._compute_price(seller.price_discounted, product.uom_id)
                offer(product, convert(price, seller.currency_id))

        wanted = partners.commercial_partner_id if partners is not None else None
        result = defaultdict(lambda: [0.0, 0.0])
        for (supplier, product), (amount, qty) in bought.items():
            if wanted is not None and supplier not in wanted:
                continue
            totals = result[supplier]
            totals[0] += amount
            totals[1] += qty * min(amount / qty, lowest.get(product, amount / qty))
        return {supplier: [company.currency_id.round(value) for value in totals]
                for supplier, totals in result.items()}

    @api.model
    def _md_service_figures(self, date_from, date_to, scope, partners=None):
        """{supplier: [service items counted, answered on time]} of CAPAs and complaints (returns come through
        :meth:`_md_returned_by_supplier`)."""
        company = self.env.company
        today = datetime.now(self._md_timezone()).date()
        days = timedelta(days=company.md_score_service_days)
        result = defaultdict(lambda: [0, 0])

        def count(supplier, on_time):
            if on_time is not None:
                result[supplier][0] += 1
                result[supplier][1] += on_time

        capas = self.env["md.capa"].search(
            [("company_id", "=", company.id), ("partner_id", "!=", False), ("stage", "!=", "cancel"),
             ("date_deadline", ">=", date_from), ("date_deadline", "<=", date_to)] + scope("partner_id"))
        for capa in capas:
            closed = capa.closed_on if capa.stage == "closed" else False
            count(capa.partner_id.commercial_partner_id, self._md_answered_on_time(capa.date_deadline, closed, today))

        complaints = self.env["md.complaint"].search(
            [("company_id", "=", company.id), ("state", "!=", "cancel"), ("lot_ids", "!=", False),
             ("date_received", ">=", date_from), ("date_received", "<=", date_to)])
        suppliers_by_lot = complaints._md_lot_supplier_map(complaints.lot_ids)
        for complaint in complaints:
            closed = complaint.closed_on if complaint.state == "closed" else False
            on_time = self._md_answered_on_time(complaint.date_received + days, closed, today)
            suppliers = self.env["res.partner"].union(*(suppliers_by_lot[lot] for lot in complaint.lot_ids
                                                        if lot in suppliers_by_lot))
            for supplier in suppliers:
                if partners is None or supplier in partners:
                    count(supplier, on_time)
        return result

    @api.model
    def _md_on_time_lines(self, start, end, scope):
        """{supplier: [order lines first received in the period, of which on time]}."""
        tz = self._md_timezone()

        def local_day(moment):
            return pytz.utc.localize(moment).astimezone(tz).date()

        # Moves after the period cannot change a first receipt inside it, so they are left out of the scan.
        firsts = self.env["stock.move"]._read_group(
            [("company_id", "=", self.env.company.id), ("purchase_line_id", "!=", False), ("state", "=", "done"),
             ("location_id.usage", "=", "supplier"), ("date", "<", end)] + scope,
            ["purchase_line_id"], ["date:min"], having=[("date:min", ">=", start)])
        result = defaultdict(lambda: [0, 0])
        for line, first in firsts:
            planned = line.date_planned or line.order_id.date_planned
            counts = result[line.partner_id.commercial_partner_id]
            counts[0] += 1
            counts[1] += not planned or local_day(first) <= local_day(planned)
        return result

    @api.model
    def _md_lapses(self, suppliers, date_from, date_to):
        """{supplier: licences and held certificates expiring in the period}."""
        company_ids = [False, self.env.company.id]
        lapses = defaultdict(int)
        for model, partner_field in (("md.licence", "partner_id"), ("md.certificate", "holder_id")):
            counts = self._md_sum_by_supplier(
                model, [(partner_field, "child_of", suppliers.ids), ("company_id", "in", company_ids),
                        ("expiry_date", ">=", date_from), ("expiry_date", "<=", date_to)],
                partner_field, ["__count"], "commercial_partner_id")
            for supplier, (count,) in counts.items():
                lapses[supplier] += count
        return lapses

    # Computation ---------------------------------------------------------------

    @api.model
    def _md_compute_scorecards(self, date_from, date_to, partners=None):
        """Create or refresh the company's scorecards of a period: of every supplier with receipts,
        acceptances, returns or CAPAs in it, or of exactly ``partners``."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if not date_from or not date_to or date_from > date_to:
            raise UserError(self.env._("Give a period whose end (%(date_to)s) is not before its start (%(date_from)s).",
                                       date_to=date_to, date_from=date_from))
        self.check_access("create")
        self.check_access("write")
        company = self.env.company
        weights = {name: company[f"md_score_weight_{name}"] for name in COMPONENTS}
        figures = self.sudo()._md_period_figures(date_from, date_to, partners)
        period = [("company_id", "=", company.id), ("date_from", "=", date_from), ("date_to", "=", date_to)]
        existing = {card.partner_id: card for card in self.search(
            period + [("partner_id", "in", [partner.id for partner in figures])])}
        now = fields.Datetime.now()
        cards, to_create = self.browse(), []
        for supplier, values in figures.items():
            vals = dict(values, **score_supplier(values, weights), computed_on=now)
            if supplier in existing:
                existing[supplier]._md_workflow_write(vals)
                cards |= existing[supplier]
            else:
                to_create.append(dict(vals, partner_id=supplier.id, company_id=company.id,
                                      date_from=date_from, date_to=date_to))
        cards |= self._md_workflow_env().create(to_create).with_env(self.env)
        self.search(period)._md_rank()
        cards._md_request_requalification()
        return cards

    def _md_rank(self):
        """Rank the cards (all of one period) by score, highest first, equal scores sharing a position."""
        rank, previous = 0, None
        for position, card in enumerate(self.sorted(lambda c: (-c.score, c.id)), 1):
            if card.score != previous:
                rank, previous = position, card.score
            if card.rank != rank:
                card._md_workflow_env().rank = rank

    def _md_request_requalification(self):
        """One open requalification activity for QA per supplier graded below its company's minimum."""
        activity_type = self.env.ref("medical_device_base.mail_activity_md_requalify_supplier")
        # Grades sort as letters: below "B" means "C" or "D".
        below = self.filtered(lambda c: c.grade > (c.company_id.md_score_min_grade or "D"))
        asked = set(self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", below.partner_id.ids),
            ("activity_type_id", "=", activity_type.id)]).mapped("res_id"))
        cards = {}
        for card in below.filtered(lambda c: c.partner_id.id not in asked):
            cards.setdefault(card.partner_id, card)
        compliance = self.env["md.compliance"].sudo()
        qa = compliance._md_qa_user_by_company(below.company_id)

        def values(partner):
            card = cards[partner]
            return {
                "user_id": (qa[card.company_id] or self.env.user).id,
                "date_deadline": fields.Date.context_today(self),
                "summary": self.env._("Supplier scorecard below grade %s", card.company_id.md_score_min_grade),
                "note": self.env._(
                    "Scorecard %(date_from)s to %(date_to)s: score %(score).1f, grade %(grade)s (requalify below "
                    "grade %(minimum)s): review the supplier's qualification.",
                    date_from=card.date_from, date_to=card.date_to, score=card.score, grade=card.grade,
                    minimum=card.company_id.md_score_min_grade),
            }
        compliance._md_batch_activities("medical_device_base.mail_activity_md_requalify_supplier",
                                        self.env["res.partner"].concat(*cards).sudo(), values)

    # Actions -------------------------------------------------------------------

    def action_md_recompute(self):
        periods = defaultdict(self.browse)
        for card in self:
            periods[(card.company_id, card.date_from, card.date_to)] |= card
        for (company, date_from, date_to), cards in periods.items():
            self.with_company(company)._md_compute_scorecards(date_from, date_to, partners=cards.partner_id)
        return True

    @api.model
    def _md_action_compute_last_month(self):
        date_from, date_to = self._md_last_month()
        self._md_compute_scorecards(date_from, date_to)
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_capa.md_supplier_scorecard_action")
        action["domain"] = [("date_from", "=", date_from), ("date_to", "=", date_to)]
        return action

    @api.model
    def _cron_md_supplier_scorecards(self):
        """The previous calendar month's scorecards, for every company."""
        # pylint: disable-next=no-search-all
        for company in self.env["res.company"].search([]):
            scorecards = self.with_company(company)
            scorecards._md_compute_scorecards(*scorecards._md_last_month())
