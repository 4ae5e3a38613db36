from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.medical_device_capa.models.md_supplier_scorecard import score_supplier

from .common import CapaCommon

FIGURES = ("qty_received", "qty_inspected", "qty_rejected", "rejection_rate", "lines_due", "lines_on_time",
           "on_time_rate", "qty_returned", "return_rate", "capa_open", "capa_closed", "lapse_count",
           "amount_purchased", "amount_at_lowest", "price_index", "service_due", "service_on_time", "service_rate")
COMPONENTS = ("score_rejection", "score_on_time", "score_returns", "score_capa", "score_lapses", "score_price",
              "score_service")
# The default weights, adding up to 100: rejection 25, on-time 20, returns 15, CAPAs 10, lapses 10, price 10,
# service 10. Every score below is worked out with them in the comment beside it.


@tagged("post_install", "-at_install")
class TestSupplierScorecard(CapaCommon):
    """Scorecards computed from a known period of receipts, acceptances, orders, CAPAs and licences."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = False
        cls.date_from, cls.date_to = cls.today - timedelta(days=15), cls.today + timedelta(days=15)
        cls.activity_type = cls.env.ref("medical_device_base.mail_activity_md_requalify_supplier")
        cls.other = cls.env["res.partner"].create({"name": "Other Supplier Co.", "is_company": True,
                                                   "md_supplier_approved": True})
        cls.env["md.licence"].create([{
            "partner_id": cls.other.id, "licence_type": "business", "name": "91310000TESTSUP02",
            "issue_date": cls.today - timedelta(days=2000),
        }, {
            "partner_id": cls.other.id, "licence_type": "distribution_filing", "name": "沪械经营备20200002号",
            "issue_date": cls.today - timedelta(days=700),
        }])
        cls.env["md.supplier.document"].create([
            dict(cls.supplier_letter.copy_data()[0], partner_id=cls.other.id, name="OTHER-AUTH-001"),
            dict(cls.supplier_agreement.copy_data()[0], partner_id=cls.other.id, name="OTHER-QAA-001"),
        ])
        # 80 units inspected, 4 rejected; 20 more received on two order lines, one of them late.
        cls.picking, cls.acceptance = cls._received(cls.syringe, [("SC-1", 60, 400), ("SC-2", 20, 400)])
        cls._accept(cls.acceptance, {"SC-2": (16, 4)})
        cls.order = cls._received_order(cls.supplier, [cls.now + timedelta(days=3), cls.now - timedelta(days=3)])
        cls.capa = cls._capa(cls.supplier)
        cls.lapsing = cls.env["md.licence"].create({
            "partner_id": cls.supplier.id, "licence_type": "distribution_filing", "name": "沪械经营备20200001号",
            "issue_date": cls.today - timedelta(days=300), "expiry_date": cls.today + timedelta(days=5)})

    # Helpers -------------------------------------------------------------------

    @classmethod
    def _received_order(cls, partner, planned_dates):
        """A confirmed order of paper, one line of 10 per expected arrival, received in full now."""
        order = cls.env["purchase.order"].with_user(cls.buyer).create({
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": cls.plain.id, "product_qty": 10, "price_unit": 5,
                                           "date_planned": planned}) for planned in planned_dates],
        })
        order.with_user(cls.buyer).button_confirm()
        cls._fixture_checks.assertEqual(order.order_line.mapped("date_planned"), planned_dates)
        cls._validate(order.picking_ids)
        return order

    @classmethod
    def _capa(cls, partner, title="Syringe plungers stick"):
        return cls.env["md.capa"].with_user(cls.qa_user).create({
            "title": title, "description": "Plungers stick on lot SC-1", "partner_id": partner.id})

    def _compute(self, date_from=None, date_to=None, partners=None, user=None):
        return self.env["md.supplier.scorecard"].with_user(user or self.qa_user)._md_compute_scorecards(
            date_from or self.date_from, date_to or self.date_to, partners=partners)

    def _card(self, partner=None, date_from=None):
        return self.env["md.supplier.scorecard"].search([
            ("partner_id", "=", (partner or self.supplier).id), ("date_from", "=", date_from or self.date_from)])

    def _sql(self, query, *params):
        """Back-date records the flows would date now (pending writes go first, then the cache is dropped)."""
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def _figures(self, card):
        return {name: card[name] for name in FIGURES}

    def _requalify(self, partner=None):
        return (partner or self.supplier).activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def _other_receipt(self, rejected=0):
        """20 units received from the other supplier and accepted, ``rejected`` of them rejected."""
        _picking, acceptance = self._received(self.syringe, [("OT-1", 20, 400)], partner=self.other)
        self._accept(acceptance, {"OT-1": (20 - rejected, rejected)})
        return acceptance

    # Figures and score ---------------------------------------------------------

    def test_known_period_exact_figures(self):
        card = self._compute(partners=self.supplier)
        self.assertEqual(len(card), 1)
        self.assertEqual((card.partner_id, card.company_id, card.date_from, card.date_to),
                         (self.supplier, self.company, self.date_from, self.date_to))
        self.assertEqual(self._figures(card), {
            "qty_received": 100.0, "qty_inspected": 80.0, "qty_rejected": 4.0, "rejection_rate": 5.0,
            "lines_due": 2, "lines_on_time": 1, "on_time_rate": 50.0,
            "qty_returned": 0.0, "return_rate": 0.0,
            "capa_open": 1, "capa_closed": 0, "lapse_count": 1,
            # 20 units of paper at 5, the only (hence lowest) qualified offer; the CAPA has no target date.
            "amount_purchased": 100.0, "amount_at_lowest": 100.0, "price_index": 100.0,
            "service_due": 0, "service_on_time": 0, "service_rate": 0.0,
        })
        # No quality return recorded (and none can be without the returns add-on): that component scores 100;
        # nothing answered or due: the service component scores 100.
        self.assertEqual([card[name] for name in COMPONENTS], [50.0, 50.0, 100.0, 75.0, 50.0, 100.0, 100.0])
        # (25 × 50 + 20 × 50 + 15 × 100 + 10 × 75 + 10 × 50 + 10 × 100 + 10 × 100) / 100 = 70.0
        # (63.8 before price and service had weights: (30 × 50 + 25 × 50 + 20 × 100 + 15 × 75 + 10 × 50) / 100)
        self.assertEqual((card.score, card.grade, card.rank), (70.0, "C", 1))
        self.assertTrue(card.computed_on)

    def test_clean_supplier_scores_100_and_ranks_first(self):
        self._other_receipt()
        cards = self._compute(partners=self.supplier | self.other)
        clean = self._card(self.other)
        self.assertEqual(cards, self._card() | clean)
        self.assertEqual(self._figures(clean), {
            "qty_received": 20.0, "qty_inspected": 20.0, "qty_rejected": 0.0, "rejection_rate": 0.0,
            "lines_due": 0, "lines_on_time": 0, "on_time_rate": 0.0,
            "qty_returned": 0.0, "return_rate": 0.0, "capa_open": 0, "capa_closed": 0, "lapse_count": 0,
            "amount_purchased": 0.0, "amount_at_lowest": 0.0, "price_index": 0.0,
            "service_due": 0, "service_on_time": 0, "service_rate": 0.0,
        })
        self.assertEqual([clean[name] for name in COMPONENTS], [100.0] * 7,
                         "nothing due, bought or answered: those components do not apply and score 100")
        self.assertEqual((clean.score, clean.grade, clean.rank), (100.0, "A", 1))
        self.assertEqual((self._card().score, self._card().rank), (70.0, 2))
        self.assertFalse(self._requalify(self.other))

    def test_weights_change_the_score(self):
        self._compute(partners=self.supplier)
        self.company.write({"md_score_weight_rejection": 0, "md_score_weight_on_time": 0,
                            "md_score_weight_returns": 0, "md_score_weight_capa": 1, "md_score_weight_lapses": 1,
                            "md_score_weight_price": 0, "md_score_weight_service": 0})
        card = self._compute(partners=self.supplier)
        # (75 + 50) / 2
        self.assertEqual((card.score, card.grade), (62.5, "C"))
        self.company.write({"md_score_weight_capa": 3, "md_score_weight_lapses": 0, "md_score_weight_returns": 1})
        # (3 × 75 + 100) / 4 = 81.25
        self.assertEqual((self._compute(partners=self.supplier).score, card.grade), (81.3, "B"))

    def test_score_formulas(self):
        weights = dict.fromkeys(("rejection", "on_time", "returns", "capa", "lapses", "price", "service"), 1)
        result = score_supplier({"qty_received": 0, "qty_inspected": 50, "qty_rejected": 6, "lines_due": 3,
                                 "lines_on_time": 2, "qty_returned": 4, "capa_open": 5, "capa_closed": 0,
                                 "lapse_count": 3, "amount_purchased": 200.0, "amount_at_lowest": 150.0,
                                 "service_due": 4, "service_on_time": 1}, weights)
        self.assertEqual(result, {
            "rejection_rate": 12.0, "on_time_rate": 66.67, "return_rate": 0.0, "price_index": 75.0,
            "service_rate": 25.0,
            "score_rejection": 0.0, "score_on_time": 66.67, "score_returns": 100.0, "score_capa": 0.0,
            "score_lapses": 0.0, "score_price": 75.0, "score_service": 25.0,
            # (0 + 66.67 + 100 + 0 + 0 + 75 + 25) / 7 = 38.095
            "score": 38.1, "grade": "D",
        })
        nothing = {"qty_received": 0, "qty_inspected": 0, "qty_rejected": 0, "lines_due": 0, "lines_on_time": 0,
                   "qty_returned": 0, "capa_open": 0, "capa_closed": 0, "lapse_count": 0, "amount_purchased": 0.0,
                   "amount_at_lowest": 0.0, "service_due": 0, "service_on_time": 0}
        only = {name: dict.fromkeys(weights, 0) | {name: 1} for name in weights}
        # Nothing bought, nothing answered or due: those components do not apply and score 100.
        self.assertEqual(score_supplier(nothing, only["price"])["score"], 100.0)
        self.assertEqual(score_supplier(nothing, only["service"])["score"], 100.0)
        # Paying a third more than the lowest qualified offer: 100 × 75 / 100 (the index is at most 100).
        self.assertEqual(score_supplier(dict(nothing, amount_purchased=100.0, amount_at_lowest=75.0),
                                        only["price"])["score"], 75.0)
        self.assertEqual(score_supplier(dict(nothing, service_due=3, service_on_time=3), only["service"])["score"],
                         100.0)
        for score, grade in ((90.0, "A"), (89.9, "B"), (75.0, "B"), (74.9, "C"), (60.0, "C"), (59.9, "D")):
            rejected = (100.0 - score) / 10
            self.assertEqual(score_supplier(dict(nothing, qty_inspected=100, qty_rejected=rejected),
                                            only["rejection"])["grade"], grade, score)

    # Price and service -----------------------------------------------------------

    def test_price_against_the_lowest_qualified_offer(self):
        Pricelist = self.env["product.supplierinfo"]
        template = self.plain.product_tmpl_id
        unqualified = self.env["res.partner"].create({"name": "Unqualified Paper Co.", "is_company": True})
        Pricelist.create([
            # An approved supplier's pricelist valid in the period: the lowest qualified offer.
            {"partner_id": self.other.id, "product_tmpl_id": template.id, "price": 4.0},
            # Lower, but from a supplier not approved, or no longer valid in the period: not qualified offers.
            {"partner_id": unqualified.id, "product_tmpl_id": template.id, "price": 2.0},
            {"partner_id": self.other.id, "product_tmpl_id": template.id, "price": 3.0,
             "date_end": self.date_from - timedelta(days=1)},
        ])
        card = self._compute(partners=self.supplier)
        # 20 units paid 5 each; at the lowest qualified offer they would have cost 20 × 4.
        self.assertEqual((card.amount_purchased, card.amount_at_lowest, card.price_index, card.score_price),
                         (100.0, 80.0, 80.0, 80.0))
        # (25 × 50 + 20 × 50 + 15 × 100 + 10 × 75 + 10 × 50 + 10 × 80 + 10 × 100) / 100 = 68.0
        self.assertEqual(card.score, 68.0)

        # The other supplier's own order at 4.5 is an offer too, above its own pricelist: it paid 45 for what
        # its lowest qualified offer sells at 40 (100 × 40 / 45 = 88.89); the first supplier's lowest stays 4.
        order = self.env["purchase.order"].with_user(self.buyer).create({
            "partner_id": self.other.id,
            "order_line": [Command.create({"product_id": self.plain.id, "product_qty": 10, "price_unit": 4.5})]})
        order.with_user(self.buyer).button_confirm()
        cards = self._compute(partners=self.supplier | self.other)
        other_card = cards.filtered(lambda c: c.partner_id == self.other)
        self.assertEqual((other_card.amount_purchased, other_card.amount_at_lowest, other_card.price_index),
                         (45.0, 40.0, 88.89))
        self.assertEqual(self._card().amount_at_lowest, 80.0)
        # A cheaper order of a supplier not approved does not lower the bar either.
        unqualified_order = self.env["purchase.order"].create({
            "partner_id": unqualified.id,
            "order_line": [Command.create({"product_id": self.plain.id, "product_qty": 10, "price_unit": 1.0})]})
        unqualified_order.sudo().button_confirm()
        self.assertEqual(self._compute(partners=self.supplier).amount_at_lowest, 80.0)
        # Settings weigh the price: price alone, the score is the price index.
        self.company.write({"md_score_weight_rejection": 0, "md_score_weight_on_time": 0,
                            "md_score_weight_returns": 0, "md_score_weight_capa": 0, "md_score_weight_lapses": 0,
                            "md_score_weight_price": 1, "md_score_weight_service": 0})
        self.assertEqual((self._compute(partners=self.supplier).score, card.grade), (80.0, "B"))

    def test_service_answers_on_time(self):
        self.company.md_score_service_days = 10
        today = self.today
        on_time, late_closed, late_open, pending, cancelled, before = (
            self._capa(self.supplier, title) for title in ("On time", "Closed late", "Open late", "Not yet due",
                                                           "Cancelled", "Due before the period"))
        for capa, target in ((on_time, today - timedelta(days=5)), (late_closed, today - timedelta(days=10)),
                             (late_open, today - timedelta(days=2)), (pending, today + timedelta(days=5)),
                             (cancelled, today - timedelta(days=3)), (before, self.date_from - timedelta(days=1))):
            capa.sudo().date_deadline = target
        self._sql("UPDATE md_capa SET stage = 'closed', closed_on = %s WHERE id = %s",
                  datetime.combine(today - timedelta(days=5), time(23, 59)), on_time.id)
        self._sql("UPDATE md_capa SET stage = 'closed', closed_on = %s WHERE id = %s",
                  datetime.combine(today - timedelta(days=9), time(0, 1)), late_closed.id)
        self._sql("UPDATE md_capa SET stage = 'cancel' WHERE id = %s", cancelled.id)
        # Complaints about the supplier's lot SC-1 have 10 days to be answered.
        lot = self.env["stock.lot"].search([("name", "=", "SC-1"), ("product_id", "=", self.syringe.id)])
        other_lot = self._other_receipt().line_ids.lot_id

        def complaint(received, lots):
            return self.env["md.complaint"].with_user(self.seller).create({
                "title": "Needles come loose", "partner_id": self.hospital.id, "product_id": self.syringe.id,
                "lot_ids": [Command.set(lots.ids)], "date_received": received, "description": "Needle lost"})

        answered = complaint(today - timedelta(days=12), lot)     # due today - 2, closed that day: on time
        unanswered = complaint(today - timedelta(days=15), lot)   # due today - 5, still open: late
        complaint(today - timedelta(days=1), lot)                 # due in 9 days: does not count yet
        complaint(today - timedelta(days=12), other_lot)          # the other supplier's lot: late for it
        self._sql("UPDATE md_complaint SET state = 'closed', closed_on = %s WHERE id = %s",
                  datetime.combine(today - timedelta(days=2), time(18)), answered.id)
        self.assertEqual(unanswered.state, "new")

        card = self._compute(partners=self.supplier)
        # CAPAs: 1 on time, 2 late; complaints: 1 on time, 1 late.
        self.assertEqual((card.service_due, card.service_on_time, card.service_rate, card.score_service),
                         (5, 2, 40.0, 40.0))
        # Open CAPAs: the first one, closed late's not, open late, not yet due, due before the period: 4, score 0.
        self.assertEqual((card.capa_open, card.score_capa), (4, 0.0))
        # (25 × 50 + 20 × 50 + 15 × 100 + 10 × 0 + 10 × 50 + 10 × 100 + 10 × 40) / 100 = 56.5
        self.assertEqual((card.score, card.grade), (56.5, "D"))
        other_card = self._compute(partners=self.other)
        self.assertEqual((other_card.service_due, other_card.service_on_time, other_card.score_service), (1, 0, 0.0))

        # With 16 days to answer, the open complaint is not late yet (due tomorrow): it no longer counts.
        self.company.md_score_service_days = 16
        card = self._compute(partners=self.supplier)
        self.assertEqual((card.service_due, card.service_on_time), (4, 2))

    # Scope of the figures ------------------------------------------------------

    def test_other_suppliers_data_does_not_leak(self):
        self._other_receipt(rejected=1)
        self._received_order(self.other, [self.now - timedelta(days=5)])
        self._capa(self.other, "Other supplier's labels")
        self.env["md.certificate"].create({
            "name": "国械注准20193130124", "device_name": "Catheter", "holder_id": self.other.id,
            "issue_date": self.today - timedelta(days=1800), "expiry_date": self.today + timedelta(days=10)})
        before = self._figures(self._compute(partners=self.supplier))
        self._compute()
        supplier_card, other_card = self._card(), self._card(self.other)
        self.assertEqual(self._figures(supplier_card), before)
        self.assertEqual(self._figures(other_card), {
            "qty_received": 30.0, "qty_inspected": 20.0, "qty_rejected": 1.0, "rejection_rate": 5.0,
            "lines_due": 1, "lines_on_time": 0, "on_time_rate": 0.0,
            "qty_returned": 0.0, "return_rate": 0.0, "capa_open": 1, "capa_closed": 0, "lapse_count": 1,
            # Both suppliers sold the paper at 5: each paid the lowest qualified offer.
            "amount_purchased": 50.0, "amount_at_lowest": 50.0, "price_index": 100.0,
            "service_due": 0, "service_on_time": 0, "service_rate": 0.0,
        })
        # (25 × 50 + 20 × 0 + 15 × 100 + 10 × 75 + 10 × 50 + 10 × 100 + 10 × 100) / 100 = 60.0
        self.assertEqual((other_card.score, other_card.grade), (60.0, "C"))
        self.assertLess(supplier_card.rank, other_card.rank)

    def test_records_outside_the_period_are_ignored(self):
        earlier_from, earlier_to = self.today - timedelta(days=60), self.today - timedelta(days=31)
        self.assertFalse(self._compute(earlier_from, earlier_to).filtered(lambda c: c.partner_id == self.supplier),
                         "nothing happened with the supplier in that period")
        card = self._compute(earlier_from, earlier_to, partners=self.supplier)
        self.assertEqual(self._figures(card), dict.fromkeys(FIGURES, 0))
        self.assertEqual((card.score, card.grade), (100.0, "A"))

        # A CAPA closed in the period is no longer open at its end; one cancelled never counts.
        closed, cancelled = self._capa(self.supplier, "Closed"), self._capa(self.supplier, "Cancelled")
        self._sql("UPDATE md_capa SET stage = 'closed', closed_on = %s WHERE id = %s", self.now, closed.id)
        self._sql("UPDATE md_capa SET stage = 'cancel' WHERE id = %s", cancelled.id)
        # An acceptance signed the day before the period starts.
        _picking, acceptance = self._received(self.syringe, [("SC-3", 10, 400)])
        self._accept(acceptance, {"SC-3": (0, 10)})
        self._sql("UPDATE md_acceptance SET accepted_on = %s WHERE id = %s",
                  datetime.combine(self.date_from, time.min) - timedelta(minutes=1), acceptance.id)
        card = self._compute(partners=self.supplier)
        self.assertEqual((card.qty_inspected, card.qty_rejected, card.qty_received), (80.0, 4.0, 110.0))
        self.assertEqual((card.capa_open, card.capa_closed), (1, 1))
        # Closed after the period: still open at its end.
        self._sql("UPDATE md_capa SET closed_on = %s WHERE id = %s",
                  datetime.combine(self.date_to, time.min) + timedelta(days=1), closed.id)
        card = self._compute(partners=self.supplier)
        self.assertEqual((card.capa_open, card.capa_closed), (2, 0))

    def test_only_signed_acceptances_count_and_corrections_once(self):
        self._received(self.syringe, [("SC-4", 10, 400)])
        card = self._compute(partners=self.supplier)
        self.assertEqual((card.qty_received, card.qty_inspected, card.qty_rejected), (110.0, 80.0, 4.0),
                         "an acceptance not yet signed is not an inspection")
        correction = self.acceptance.with_user(self.qa_user)._md_create_correction("Wrong carton noted")
        card.with_user(self.qa_user).action_md_recompute()
        self.assertEqual((card.qty_inspected, card.qty_rejected, card.score_rejection), (0.0, 0.0, 100.0))
        correction.with_user(self.inspector)._md_sign("accepted")
        card.with_user(self.qa_user).action_md_recompute()
        self.assertEqual((card.qty_inspected, card.qty_rejected, card.rejection_rate), (80.0, 4.0, 5.0))

    def test_days_are_those_of_the_company_time_zone(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        start = datetime.combine(self.date_from, time.min)
        # 16:30 UTC the day before is 00:30 on the first day in Shanghai.
        self._sql("UPDATE md_acceptance SET accepted_on = %s WHERE id = %s",
                  start - timedelta(hours=7, minutes=30), self.acceptance.id)
        self.assertEqual(self._compute(partners=self.supplier).qty_inspected, 80.0)
        self._sql("UPDATE md_acceptance SET accepted_on = %s WHERE id = %s",
                  start - timedelta(hours=8, minutes=30), self.acceptance.id)
        self.assertEqual(self._compute(partners=self.supplier).qty_inspected, 0.0)

    # Refreshing, ranking, uniqueness -------------------------------------------

    def test_recompute_updates_instead_of_duplicating(self):
        card = self._compute(partners=self.supplier)
        self.capa.sudo().partner_id = self.other
        card.with_user(self.qa_user).action_md_recompute()
        self.assertEqual(self._card(), card)
        self.assertEqual((card.capa_open, card.score_capa), (0, 100.0))
        # (25 × 50 + 20 × 50 + 15 × 100 + 10 × 100 + 10 × 50 + 10 × 100 + 10 × 100) / 100 = 72.5
        self.assertEqual((card.score, card.grade), (72.5, "C"))
        cards = self._compute().filtered(lambda c: c.partner_id in self.supplier | self.other)
        self.assertEqual(cards, self._card() | self._card(self.other))
        self.assertEqual(len(self.env["md.supplier.scorecard"].search(
            [("partner_id", "=", self.supplier.id)])), 1)

    def test_one_scorecard_per_supplier_and_period(self):
        card = self._compute(partners=self.supplier)
        Scorecard = self.env["md.supplier.scorecard"]
        with self.assertRaisesRegex(ValidationError, "Test Supplier Co. already has a scorecard for"):
            Scorecard.create({"partner_id": self.supplier.id, "date_from": self.date_from, "date_to": self.date_to})
        contact = self.env["res.partner"].create({"name": "Sales Desk", "parent_id": self.supplier.id})
        with self.assertRaisesRegex(ValidationError, "not for its contact"):
            Scorecard.create({"partner_id": contact.id, "date_from": self.date_from, "date_to": self.date_to})
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            card.date_to = self.date_from - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "is not before its start"):
            self._compute(self.date_to, self.date_from)
        # A contact's records count for its company.
        self.assertEqual(self._compute(partners=contact), card)
        self.assertEqual(Scorecard.search_count([("partner_id", "=", self.supplier.id)]), 1)

    def test_only_qa_computes(self):
        with self.assertRaises(AccessError):
            self._compute(user=self.buyer)
        with self.assertRaises(AccessError):
            self._compute(user=self.inspector)
        self.assertFalse(self.env["md.supplier.scorecard"].search([("partner_id", "=", self.supplier.id)]))
        card = self._compute(partners=self.supplier)
        with self.assertRaises(AccessError):
            card.with_user(self.buyer).action_md_recompute()
        self.assertEqual(card.with_user(self.buyer).grade, "C")

    # Requalification -------------------------------------------------------------

    def test_requalification_activity_once_below_the_minimum_grade(self):
        card = self._compute(partners=self.supplier)
        activity = self._requalify()
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("medical_device_base.group_md_qa_manager"))
        self.assertIn(f"Scorecard {self.date_from} to {self.date_to}: score 70.0, grade C (requalify below grade B)",
                      str(activity.note))
        card.with_user(self.qa_user).action_md_recompute()
        self._compute()
        self.assertEqual(self._requalify(), activity)
        activity.action_feedback(feedback="Supplier audited")
        self._compute(partners=self.supplier)
        self.assertEqual(len(self._requalify()), 1, "once dealt with, a new grade below the minimum asks again")

    def test_no_activity_at_or_above_the_minimum_grade(self):
        self._other_receipt(rejected=1)
        card = self._compute(partners=self.other)
        # (25 × 50 + 20 × 100 + 15 × 100 + 10 × 100 + 10 × 100 + 10 × 100 + 10 × 100) / 100
        self.assertEqual((card.score, card.grade), (87.5, "B"))
        self.assertFalse(self._requalify(self.other), "grade B with the minimum at B")
        self.company.md_score_min_grade = "A"
        self._compute(partners=self.other)
        self.assertIn("grade B (requalify below grade A)", str(self._requalify(self.other).note))
        self.company.md_score_min_grade = "C"
        # Two more open CAPAs, one past its target date (late: service 0 of 1):
        # (25 × 50 + 20 × 50 + 15 × 100 + 10 × 25 + 10 × 50 + 10 × 100 + 10 × 0) / 100 = 55.0, grade D.
        self._capa(self.supplier, "Second").sudo().date_deadline = self.today - timedelta(days=1)
        self._capa(self.supplier, "Third")
        self._compute(partners=self.supplier)
        self.assertIn("grade D (requalify below grade C)", str(self._requalify().note))

    # Partner, cron, server action ----------------------------------------------

    def test_partner_shows_latest_grade(self):
        self.assertEqual((self.supplier.md_scorecard_count, self.supplier.md_supplier_grade), (0, False))
        self._compute(partners=self.supplier)
        self._compute(self.today - timedelta(days=60), self.today - timedelta(days=31), partners=self.supplier)
        partner = self.supplier.with_user(self.seller)
        partner.invalidate_recordset()
        self.assertEqual((partner.md_scorecard_count, partner.md_supplier_score, partner.md_supplier_grade),
                         (2, 70.0, "C"))
        action = self.supplier.with_user(self.buyer).action_md_open_scorecards()
        self.assertEqual(self.env["md.supplier.scorecard"].with_user(self.buyer).search(action["domain"]),
                         self.supplier.md_scorecard_ids)

    def test_cron_and_action_compute_the_previous_month(self):
        first = self.today.replace(day=1) - relativedelta(months=1)
        last = self.today.replace(day=1) - timedelta(days=1)
        self._sql("UPDATE md_acceptance SET accepted_on = %s WHERE id = %s",
                  datetime.combine(first, time(12)), self.acceptance.id)
        Scorecard = self.env["md.supplier.scorecard"]
        Scorecard._cron_md_supplier_scorecards()
        card = self._card(date_from=first)
        self.assertEqual((card.date_to, card.qty_inspected, card.qty_rejected, card.qty_received),
                         (last, 80.0, 4.0, 0.0))
        action = self.env.ref("medical_device_capa.md_supplier_scorecard_action_compute_last_month").with_user(
            self.qa_user).run()
        self.assertEqual(action["domain"], [("date_from", "=", first), ("date_to", "=", last)])
        self.assertEqual(Scorecard.search([("partner_id", "=", self.supplier.id)]), card)
