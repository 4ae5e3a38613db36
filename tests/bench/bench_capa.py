#!/usr/bin/env python3
"""Benchmark: supplier scorecards, CAPA escalation and source counts (medical_device_capa).

Run by hand against a scratch copy of a database where medical_device_capa is
installed (the generation COMMITS and is not undone):

    createdb -T <database> <scratch>
    python3 tests/bench/bench_capa.py -d <scratch> [--addons-path ...] --generate
    python3 tests/bench/bench_capa.py -d <scratch> [--addons-path ...] [--repeat 3]

--generate builds the data set (refused if it is there already), then
measures; without it, an already generated database is measured.

Generation (not timed), a year of history ending a week before the run:
- through the ORM: 300 supplier companies "Bench Supplier NNNN", each with one
  contact (a quarter of the receipts and a tenth of the CAPAs name the contact:
  figures go to the commercial partner);
- with batched INSERT ... SELECT generate_series (a COMMIT per batch), filling
  every column the scorecard reads, stored related and computed ones included:
  6,000 done receipts from the vendors' location (stock_picking.partner_id,
  through which stock_move_line.picking_partner_id, a related field that is
  not stored, is read), 5 moves of 2 lots each (60,000 done move lines,
  quantity_product_uom, md_consignee_id); one receipt in ten is the backorder
  of the one before, 6 days later, on the same purchase order lines; 5,400
  purchase orders of 5 lines (27,000 lines; one in five expected two days
  before its first receipt, some without date_planned so that the order's
  counts); one receipt in three (2,000) has a signed acceptance with one line
  per move line (20,000 acceptance lines, state/md_signed/accepted_on filled,
  one line in 17 with 1-3 units rejected), of which 40 are corrected by a
  signed correction (state "corrected", the correction counting instead) and
  the last ones are still drafts; 1,200 customer returns of 2 lines each
  (2,400 lines with their stored related company/grade/state/date and the
  computed supplier_id, 2,000 graded quality-related, across all states);
  1,000 CAPAs about the suppliers created over the year (half closed with
  closed_on, a tenth cancelled, the others open) and 4,600 more open CAPAs
  without a supplier (5,000 open bench CAPAs), 1,500 of them with a source_ref
  on one of 2,000 acceptance lines, and 1,500 nonconformances on the same
  lines; licences (one each, plus one expiring in last month for 30 suppliers,
  an archived one expiring then for 12 and one on the contact for 6) and
  registration certificates held by 10 suppliers expiring last month. Then
  VACUUM ANALYZE.

Measured in one process and one transaction rolled back at the end, with an
empty record cache before every run; each run ends with env.flush_all() and
the pre-commit hooks, i.e. all the work before the COMMIT; every figure is the
median of --repeat runs, each rolled back to a savepoint; queries are counted
with the cursor's sql_log_count.
1. Scorecards of last calendar month (_md_last_month) as admin:
   _md_compute_scorecards(date_from, date_to) when none exists (creating 300,
   plus the requalification activities of those graded below B), then again
   (updating them), then with partners= 30 of the suppliers and with partners=
   the 300; and _md_period_figures alone (the grouped queries) for 300 and 30
   suppliers. Before timing, every bench supplier's card is compared with its
   figures computed by hand in SQL, and its score with score_supplier().
2. _cron_md_capa_escalate with 5,000 open bench CAPAs, 1,000 of them overdue
   (deadlines set in the transaction, relative to today): first run (creates an
   activity for each overdue CAPA) and second run (creates none); then the same
   with 200 overdue, to show the second run's queries do not follow the CAPAs.
3. md_capa_count and md_nonconformance_count of the 2,000 acceptance lines,
   read() as admin (what the form and list views ask) after one warm-up read,
   checked against SQL; then for 500 of them. Computed fields are computed by
   batches of 1,000 records (Odoo's PREFETCH_MAX): "constant" means per batch,
   i.e. 3 queries per 1,000 lines, whatever the number of NCs and CAPAs.

Targets: scorecards of 300 suppliers under 5 s, in a number of queries that
does not depend on the number of suppliers (requalification activities
included); the escalation's first run under 2 s for 1,000 activities, created
at once, and its second run under 1 s, neither in queries proportional to the
CAPAs; the source counts of 2,000
lines under 0.5 s in a constant number of queries.
"""
# A benchmark program run by hand: it reports with print(), commits the data it generates in
# batches, and its steps (set-up, runs) keep their state on the benchmark object.
# pylint: disable=print-used,invalid-commit,attribute-defined-outside-init
import argparse
import contextlib
import gc
import statistics
import time
from collections import defaultdict
from datetime import timedelta

from odoo_setup import configure, superuser_env

PREFIX = "BENCH-CAPA"
SUPPLIER_NAME = "Bench Supplier"
SUPPLIERS = 300
SUBSET = 30
PICKINGS = 6000
MOVES = 5          # moves (purchase order lines) per receipt
LOTS = 2           # move lines (lots) per move
BACKORDER = 10     # receipt n with n % 10 == 9 is the backorder of receipt n - 1
ACCEPT_EVERY = 3   # receipts n % 3 == 0 have an acceptance
CORRECT_EVERY = 150
DRAFT_ACCEPTANCES = 60  # the last receipts' acceptances are not signed yet
RETURNS = 1200
SUPPLIER_CAPAS = 1000
OPEN_CAPAS = 5000
OVERDUE, OVERDUE_SMALL = 1000, 200
SOURCE_LINES, SOURCE_SMALL = 2000, 500
SOURCE_NCS = SOURCE_CAPAS = 1500
DAYS = 365
BATCH = 1000       # receipts per INSERT batch (10,000 move lines)

TARGET_SCORECARD_S = 5.0
TARGET_ESCALATE_S = 1.0
TARGET_ESCALATE_FIRST_S = 2.0
TARGET_COUNTS_S = 0.5


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", help="default: Odoo's own add-ons and this repository's")
    parser.add_argument("--generate", action="store_true", help="generate the data set (commits), then measure")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the median is kept")
    parser.add_argument("--no-measure", action="store_true", help="only generate")
    args = parser.parse_args()

    configure(args.database, args.addons_path)
    with superuser_env(args.database) as env:
        if args.generate:
            Generator(env).generate()
        if not args.no_measure:
            try:
                Bench(env, args).run()
            finally:
                env.cr.rollback()


def reserve_ids(cr, table, count):
    """First of ``count`` consecutive ids taken from the table's sequence."""
    from odoo.tools import SQL  # noqa: PLC0415 - odoo is importable once odoo_setup has run

    cr.execute(SQL("LOCK TABLE %s IN EXCLUSIVE MODE", SQL.identifier(table)))
    cr.execute(SQL("SELECT GREATEST((SELECT MAX(id) FROM %s), last_value) + 1 FROM %s",
                   SQL.identifier(table), SQL.identifier(f"{table}_id_seq")))
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(%s, %s)", [f"{table}_id_seq", first + count - 1])
    return first


def bench_suppliers(env):
    return env["res.partner"].search([("name", "=like", SUPPLIER_NAME + " ____"), ("is_company", "=", True)],
                                     order="name")


class Generator:

    def __init__(self, env):
        self.env = env
        self.cr = env.cr

    def generate(self):
        from odoo import fields
        env, cr = self.env, self.cr
        if bench_suppliers(env):
            raise SystemExit(f"{cr.dbname} is already generated.")
        t0 = time.perf_counter()
        company = env.company
        suppliers = env["res.partner"].create([
            {"name": f"{SUPPLIER_NAME} {s:04d}", "is_company": True, "supplier_rank": 1,
             "md_supplier_approved": True} for s in range(SUPPLIERS)])
        contacts = env["res.partner"].create([
            {"name": "Receiving desk", "parent_id": supplier.id, "type": "contact"} for supplier in suppliers])
        env.flush_all()
        cr.execute("""
            CREATE TEMP TABLE bench_supplier (k int PRIMARY KEY, id int, contact_id int);
            INSERT INTO bench_supplier SELECT k - 1, s, c FROM unnest(%s::int[], %s::int[]) WITH ORDINALITY AS u(s, c, k);
            ANALYZE bench_supplier;
        """, [suppliers.ids, contacts.ids])
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        products = env["product.product"].search([
            ("is_medical_device", "=", True), ("tracking", "=", "lot"), ("is_storable", "=", True)])
        assert products, "no lot-tracked medical device to receive"
        anchor = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        # Period of last month at generation time, for the licences expiring in it.
        month_from = env["md.supplier.scorecard"]._md_last_month()[0]
        self.params = {
            "company": company.id, "currency": company.currency_id.id,
            "supplier_loc": env.ref("stock.stock_location_suppliers").id,
            "dest": (warehouse.md_quarantine_location_id or warehouse.lot_stock_id).id,
            "in_type": warehouse.in_type_id.id, "warehouse": warehouse.id, "products": products.ids,
            "start": anchor - timedelta(days=7 + DAYS), "step": timedelta(days=DAYS) / PICKINGS,
            "anchor": anchor, "pickings": PICKINGS, "suppliers": SUPPLIERS,
            "expiry": month_from + timedelta(days=14), "month_from": month_from,
        }
        self.receipts()
        self.acceptances()
        self.returns()
        self.capas()
        self.licences()
        cr.commit()
        cr._cnx.autocommit = True
        try:
            cr.execute("VACUUM ANALYZE")
        finally:
            cr._cnx.autocommit = False
        print(f"generation: {time.perf_counter() - t0:.1f} s", flush=True)

    # Receipts, purchase orders, lots ---------------------------------------------------

    # Receipt n: its supplier and date; a backorder (n % 10 == 9) repeats receipt n - 1's supplier and
    # order 6 days later. Move (n, j) receives 2 * (1 + (n * 5 + j) % 10) units as 2 lots.
    RECEIPT_CTE = """
        WITH p0 AS (
            SELECT n, n %% 10 = 9 AS bo, n - (n %% 10 = 9)::int AS base
              FROM generate_series(%(first)s, %(last)s) n
        ), p AS (
            SELECT p0.*, s.id AS supplier, CASE WHEN base %% 4 = 0 THEN s.contact_id ELSE s.id END AS partner,
                   %(start)s::timestamp + base * %(step)s::interval + CASE WHEN bo THEN interval '6 days'
                                                                         ELSE interval '0' END AS t
              FROM p0 JOIN bench_supplier s ON s.k = p0.base %% %(suppliers)s
        ), m AS (
            SELECT p.*, j, n * 5 + j AS mk, base * 5 + j AS lk, 2 * (1 + (n * 5 + j) %% 10) AS qty,
                   (%(products)s::int[])[1 + (base * 5 + j) %% cardinality(%(products)s::int[])] AS product
              FROM p CROSS JOIN generate_series(0, 4) j
        ), ml AS (
            SELECT m.*, k, m.mk * 2 + k AS i FROM m CROSS JOIN generate_series(0, 1) k
        )
    """

    def receipts(self):
        cr, params = self.cr, self.params
        params.update(pick=reserve_ids(cr, "stock_picking", PICKINGS),
                      po=reserve_ids(cr, "purchase_order", PICKINGS),
                      pol=reserve_ids(cr, "purchase_order_line", PICKINGS * MOVES),
                      move=reserve_ids(cr, "stock_move", PICKINGS * MOVES),
                      ml=reserve_ids(cr, "stock_move_line", PICKINGS * MOVES * LOTS),
                      lot=reserve_ids(cr, "stock_lot", PICKINGS * MOVES * LOTS))
        for first in range(0, PICKINGS, BATCH):
            t0 = time.perf_counter()
            params.update(first=first, last=min(first + BATCH, PICKINGS) - 1)
            cte = self.RECEIPT_CTE
            cr.execute(cte + """
                INSERT INTO purchase_order (id, name, partner_id, currency_id, company_id, date_order, date_approve,
                       date_planned, picking_type_id, state, invoice_status, receipt_status, priority,
                       create_uid, write_uid, create_date, write_date)
                SELECT %(po)s + n, 'BENCH/PO/' || lpad(n::text, 6, '0'), supplier, %(currency)s, %(company)s,
                       t - interval '10 days', t - interval '10 days', t + interval '3 days', %(in_type)s,
                       'purchase', 'no', 'full', '0', 1, 1, t - interval '10 days', t
                  FROM p WHERE NOT bo
            """, params)
            # Expected: one line in five two days before its first receipt (late), one in 23 without a date
            # (the order's, 3 days after), one in 7 the very moment of the receipt, the others the day after.
            cr.execute(cte + """
                INSERT INTO purchase_order_line (id, order_id, name, sequence, product_id, product_uom, product_qty,
                       product_uom_qty, qty_received, qty_received_method, price_unit, partner_id, company_id,
                       currency_id, state, date_planned, create_uid, write_uid, create_date, write_date)
                SELECT %(pol)s + mk, %(po)s + n, 'Bench device', 10 + j, product, 1, total, total, total, 'stock_moves',
                       10, supplier, %(company)s, %(currency)s, 'purchase',
                       CASE WHEN mk %% 5 = 0 THEN t - interval '2 days' WHEN mk %% 23 = 1 THEN NULL
                            WHEN mk %% 7 = 3 THEN t ELSE t + interval '1 day' END,
                       1, 1, t - interval '10 days', t
                  FROM (SELECT m.*, qty + CASE WHEN n %% 10 = 8 THEN 2 * (1 + (mk + 5) %% 10) ELSE 0 END AS total
                          FROM m WHERE NOT bo) m
            """, params)
            cr.execute(cte + """
                INSERT INTO stock_picking (id, name, origin, picking_type_id, partner_id, location_id, location_dest_id,
                       company_id, move_type, state, priority, is_locked, scheduled_date, date, date_done,
                       create_uid, write_uid, create_date, write_date)
                SELECT %(pick)s + n, 'BENCH/IN/' || lpad(n::text, 6, '0'), 'BENCH/PO/' || lpad(base::text, 6, '0'),
                       %(in_type)s, partner, %(supplier_loc)s, %(dest)s, %(company)s, 'direct', 'done', '0', true,
                       t, t, t, 1, 1, t, t
                  FROM p
            """, params)
            cr.execute(cte + """
                INSERT INTO stock_move (id, picking_id, purchase_line_id, name, reference, origin, picking_type_id,
                       location_id, location_dest_id, company_id, product_id, product_uom, product_uom_qty, product_qty,
                       quantity, procure_method, state, priority, picked, scrapped, is_inventory, additional,
                       propagate_cancel, sequence, date, warehouse_id, create_uid, write_uid, create_date, write_date)
                SELECT %(move)s + mk, %(pick)s + n, %(pol)s + lk, 'Bench device', 'BENCH/IN/' || lpad(n::text, 6, '0'),
                       'BENCH/PO/' || lpad(base::text, 6, '0'), %(in_type)s, %(supplier_loc)s, %(dest)s, %(company)s,
                       product, 1, qty, qty, qty, 'make_to_stock', 'done', '0', true, false, false, false, false,
                       10 + j, t, %(warehouse)s, 1, 1, t, t
                  FROM m
            """, params)
            cr.execute(cte + """
                INSERT INTO stock_lot (id, name, product_id, company_id, md_quality_state, create_uid, write_uid,
                       create_date, write_date)
                SELECT %(lot)s + i, %(prefix)s || '-' || lpad(i::text, 6, '0'), product, %(company)s, 'released',
                       1, 1, t, t
                  FROM ml
            """, dict(params, prefix=PREFIX))
            cr.execute(cte + """
                INSERT INTO stock_move_line (id, picking_id, move_id, reference, location_id, location_dest_id,
                       company_id, product_id, product_uom_id, lot_id, quantity, quantity_product_uom, picked,
                       state, date, md_consignee_id, create_uid, write_uid, create_date, write_date)
                SELECT %(ml)s + i, %(pick)s + n, %(move)s + mk, 'BENCH/IN/' || lpad(n::text, 6, '0'),
                       %(supplier_loc)s, %(dest)s, %(company)s, product, 1, %(lot)s + i, qty / 2, qty / 2, true,
                       'done', t, supplier, 1, 1, t, t
                  FROM ml
            """, params)
            cr.commit()
            print(f"receipts {params['last'] + 1:,}/{PICKINGS:,} ({time.perf_counter() - t0:.1f} s)", flush=True)

    # Acceptances -------------------------------------------------------------------------

    def acceptances(self):
        cr, params = self.cr, self.params
        params.update(acc=reserve_ids(cr, "md_acceptance", 2 * PICKINGS),
                      al=reserve_ids(cr, "md_acceptance_line", 2 * PICKINGS * MOVES * LOTS),
                      accept_every=ACCEPT_EVERY, correct_every=CORRECT_EVERY,
                      draft_from=PICKINGS - DRAFT_ACCEPTANCES)
        t0 = time.perf_counter()
        params.update(first=0, last=PICKINGS - 1)
        # Original acceptances (id acc + n), then the corrections (id acc + PICKINGS + n) of every 150th.
        acceptance = self.RECEIPT_CTE + """
            , a AS (
                SELECT p.*, n >= %(draft_from)s AS draft, n %% %(correct_every)s = 0 AND n < %(draft_from)s AS corrected
                  FROM p WHERE n %% %(accept_every)s = 0
            )
        """
        cr.execute(acceptance + """
            INSERT INTO md_acceptance (id, name, picking_id, company_id, partner_id, purchase_id, purchase_date,
                   receipt_date, receiver_id, inspector_id, accepted_on, state, md_signed, md_corrected, cold_chain,
                   create_uid, write_uid, create_date, write_date)
            SELECT %(acc)s + n, 'BENCH/ACC/' || lpad(n::text, 6, '0'), %(pick)s + n, %(company)s, partner,
                   %(po)s + base, (t - interval '10 days')::date, t, 2, CASE WHEN NOT draft THEN 2 END,
                   CASE WHEN NOT draft THEN t + interval '4 hours' END,
                   CASE WHEN draft THEN 'draft' WHEN corrected THEN 'corrected' ELSE 'accepted' END,
                   NOT draft, corrected, false, 1, 1, t, t + interval '4 hours'
              FROM a
            UNION ALL
            SELECT %(acc)s + %(pickings)s + n, 'BENCH/ACC/' || lpad(n::text, 6, '0') || '-C', %(pick)s + n,
                   %(company)s, partner, %(po)s + base, (t - interval '10 days')::date, t, 2, 2,
                   t + interval '28 hours', 'accepted', true, false, false, 1, 1, t + interval '26 hours',
                   t + interval '28 hours'
              FROM a WHERE corrected
        """, params)
        cr.execute("""
            UPDATE md_acceptance SET md_correction_of = id - %(pickings)s, md_correction_reason = 'Recount'
             WHERE id >= %(acc)s + %(pickings)s AND id < %(acc)s + 2 * %(pickings)s
        """, params)
        # One line per lot; one line in 17 has 1-3 units rejected; a correction rejects one more unit.
        cr.execute(acceptance + """
            , l AS (
                SELECT a.*, ml.j, ml.k, ml.i, ml.product, ml.qty / 2 AS received,
                       CASE WHEN ml.i %% 17 = 0 THEN LEAST(ml.qty / 2, 1 + ml.i %% 3) ELSE 0 END AS rejected
                  FROM a JOIN ml ON ml.n = a.n
            ), lines AS (
                SELECT %(al)s + i AS id, %(acc)s + n AS acceptance, product, i, received,
                       CASE WHEN draft THEN 0 ELSE rejected END AS rejected, NOT draft AS signed, corrected, draft, t
                  FROM l
                UNION ALL
                SELECT %(al)s + %(pickings)s * 10 + i, %(acc)s + %(pickings)s + n, product, i, received,
                       LEAST(received, rejected + 1), true, false, false, t
                  FROM l WHERE corrected
            )
            INSERT INTO md_acceptance_line (id, acceptance_id, company_id, product_id, lot_id, uom_id, location_id,
                   qty_received, qty_accepted, qty_rejected, conclusion, md_signed, md_corrected, packaging_check,
                   label_check, reason, create_uid, write_uid, create_date, write_date)
            SELECT id, acceptance, %(company)s, product, %(lot)s + i, 1, %(dest)s, received,
                   CASE WHEN draft THEN 0 ELSE received - rejected END, rejected,
                   CASE WHEN draft THEN 'pending' WHEN rejected = 0 THEN 'accepted'
                        WHEN rejected = received THEN 'rejected' ELSE 'partial' END,
                   signed, corrected, CASE WHEN draft THEN NULL ELSE 'pass' END,
                   CASE WHEN draft THEN NULL ELSE 'pass' END,
                   CASE WHEN rejected > 0 THEN 'Damaged packaging' END, 1, 1, t, t
              FROM lines
        """, params)
        cr.execute("SELECT COUNT(*) FROM md_acceptance_line WHERE id >= %s", [params["al"]])
        count = cr.fetchone()[0]
        cr.commit()
        print(f"acceptances: {count:,} lines ({time.perf_counter() - t0:.1f} s)", flush=True)

    # Returns -----------------------------------------------------------------------------

    def returns(self):
        env, cr, params = self.env, self.cr, self.params
        grades = env["md.return.grade"].search([])
        quality = grades.filtered("quality_related")[:1]
        other = (grades - grades.filtered("quality_related"))[:1]
        assert quality and other, grades
        customer = env["res.partner"].search([("customer_rank", ">", 0), ("is_company", "=", True)], limit=1) \
            or env.ref("base.res_partner_2")
        params.update(ret=reserve_ids(cr, "md_return", RETURNS), quality=quality.id, other=other.id,
                      customer=customer.id, returns=RETURNS)
        # Return r: of receipt 5r's first move (both its lots), 20 days after; graded non-quality for r % 6 == 5;
        # state by r % 5 (draft, approved, received, done, done), cancelled for r % 23 == 0.
        returns_cte = self.RECEIPT_CTE + """
            , r AS (
                SELECT n / 5 AS r, p.*, LEAST(t + interval '20 days', %(anchor)s::timestamp) AS created,
                       CASE WHEN (n / 5) %% 6 = 5 THEN %(other)s ELSE %(quality)s END AS grade,
                       CASE WHEN (n / 5) %% 23 = 0 THEN 'cancel'
                            ELSE (ARRAY['draft', 'approved', 'received', 'done', 'done'])[1 + (n / 5) %% 5] END AS state
                  FROM p WHERE n %% 5 = 0
            )
        """
        params.update(first=0, last=RETURNS * 5 - 1)
        cr.execute(returns_cte + """
            INSERT INTO md_return (id, name, return_type, grade_id, company_id, partner_id, warehouse_id, state,
                   reason, quantity, create_uid, write_uid, create_date, write_date)
            SELECT %(ret)s + r, 'BENCH/RET/' || lpad(r::text, 5, '0'), 'customer', grade, %(company)s, %(customer)s,
                   %(warehouse)s, state, 'Bench return', 0, 1, 1, created, created
              FROM r
        """, params)
        cr.execute(returns_cte + """
            INSERT INTO md_return_line (return_id, company_id, return_type, grade_id, partner_id, state, date,
                   product_id, lot_id, quantity, supplier_id, disposition, create_uid, write_uid, create_date,
                   write_date)
            SELECT %(ret)s + r.r, %(company)s, 'customer', grade, %(customer)s, state, created, ml.product,
                   %(lot)s + ml.i, 1 + (r.r + ml.k) %% 3, r.supplier, 'scrap', 1, 1, created, created
              FROM r JOIN ml ON ml.n = r.n AND ml.j = 0
        """, params)
        cr.execute("""
            UPDATE md_return ret SET quantity = (SELECT SUM(quantity) FROM md_return_line WHERE return_id = ret.id)
             WHERE id >= %s
        """, [params["ret"]])
        cr.commit()
        print(f"returns: {RETURNS:,} with {RETURNS * 2:,} lines", flush=True)

    # CAPAs and nonconformances --------------------------------------------------------------

    def capas(self):
        cr, params = self.cr, self.params
        other_open = OPEN_CAPAS - SUPPLIER_CAPAS * 4 // 10
        params.update(supplier_capas=SUPPLIER_CAPAS, other_open=other_open, source_lines=SOURCE_LINES,
                      source_capas=SOURCE_CAPAS, source_ncs=SOURCE_NCS)
        cr.execute("""
            CREATE TEMP TABLE bench_source_line AS
            SELECT (row_number() OVER (ORDER BY id))::int - 1 AS k, id FROM md_acceptance_line
             WHERE id >= %(al)s AND id < %(al)s + %(pickings)s * 10 ORDER BY id LIMIT %(source_lines)s;
            ANALYZE bench_source_line;
        """, params)
        # Supplier CAPA c: supplier 7c mod 300 (its contact for c % 10 == 3), created over the year;
        # c % 10 in (0, 1, 2, 4, 6) closed 5-44 days later, 5 cancelled, the others open at some stage.
        cr.execute("""
            WITH c AS (
                SELECT c, s.id AS supplier, s.contact_id,
                       %(start)s::timestamp + c * (%(days)s * interval '1 day' / %(supplier_capas)s) AS created
                  FROM generate_series(0, %(supplier_capas)s - 1) c
                  JOIN bench_supplier s ON s.k = (c * 7) %% %(suppliers)s
            )
            INSERT INTO md_capa (name, title, capa_type, stage, company_id, user_id, partner_id, description,
                   severity, occurrence, risk_score, risk_level, effectiveness_result, date_deadline, closed_by,
                   closed_on, md_signed, md_corrected, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/CAPA/S' || lpad(c::text, 5, '0'), 'Supplier problem', 'corrective',
                   CASE WHEN c %% 10 IN (0, 1, 2, 4, 6) THEN 'closed' WHEN c %% 10 = 5 THEN 'cancel'
                        WHEN c %% 10 = 3 THEN 'effectiveness' WHEN c %% 10 = 7 THEN 'draft'
                        WHEN c %% 10 = 8 THEN 'investigation' ELSE 'action' END,
                   %(company)s, 2, CASE WHEN c %% 10 = 3 THEN contact_id ELSE supplier END, 'Bench problem',
                   '3', '3', 9, 'medium', CASE WHEN c %% 10 IN (0, 1, 2, 4, 6) THEN 'effective' ELSE 'pending' END,
                   (created + interval '60 days')::date,
                   CASE WHEN c %% 10 IN (0, 1, 2, 4, 6) THEN 2 END,
                   CASE WHEN c %% 10 IN (0, 1, 2, 4, 6)
                        THEN LEAST(created + (5 + c %% 40) * interval '1 day', %(anchor)s::timestamp) END,
                   c %% 10 IN (0, 1, 2, 4, 6), false, 1, 1, created, created
              FROM c
        """, dict(params, days=DAYS))
        # Open CAPAs without a supplier; the first 1,500 name one of the 2,000 source lines.
        cr.execute("""
            INSERT INTO md_capa (name, title, capa_type, stage, company_id, user_id, description, severity,
                   occurrence, risk_score, risk_level, effectiveness_result, date_deadline, source_ref, md_signed,
                   md_corrected, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/CAPA/O' || lpad(o::text, 5, '0'), 'Internal problem', 'corrective',
                   (ARRAY['draft', 'investigation', 'action', 'effectiveness'])[1 + o %% 4], %(company)s, 2,
                   'Bench problem', '3', '3', 9, 'medium', 'pending', (%(anchor)s::timestamp)::date + 30,
                   CASE WHEN o < %(source_capas)s THEN 'md.acceptance.line,' || (
                       SELECT id FROM bench_source_line WHERE k = (o * 11 + 3) %% %(source_lines)s) END,
                   false, false, 1, 1, %(anchor)s::timestamp - (o %% 300) * interval '1 day',
                   %(anchor)s::timestamp - (o %% 300) * interval '1 day'
              FROM generate_series(0, %(other_open)s - 1) o
        """, params)
        cr.execute("""
            INSERT INTO md_nonconformance (name, title, company_id, user_id, date, description, state, source_ref,
                   source_model, quantity, md_signed, md_corrected, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/NC/' || lpad(k::text, 5, '0'), 'Rejected at acceptance', %(company)s, 2,
                   (%(anchor)s::timestamp)::date - k %% 300, 'Bench nonconformance',
                   (ARRAY['draft', 'open', 'done'])[1 + k %% 3],
                   'md.acceptance.line,' || (SELECT id FROM bench_source_line WHERE k = (g.k * 7) %% %(source_lines)s),
                   'md.acceptance.line', 1, k %% 3 = 2, false, 1, 1, %(anchor)s::timestamp, %(anchor)s::timestamp
              FROM generate_series(0, %(source_ncs)s - 1) g(k)
        """, params)
        cr.commit()
        print(f"CAPAs: {SUPPLIER_CAPAS:,} about suppliers, {other_open:,} others open; "
              f"{SOURCE_NCS:,} nonconformances", flush=True)

    # Licences and certificates --------------------------------------------------------------

    def licences(self):
        cr, params = self.cr, self.params
        cr.execute("""
            INSERT INTO md_licence (partner_id, company_id, name, licence_type, issue_date, expiry_date, active,
                   revoked, create_uid, write_uid, create_date, write_date)
            SELECT id, NULL, 'BENCH-LIC-' || k, 'distribution_licence', %(month_from)s::date - 1500,
                   %(month_from)s::date + 1000, true, false, 1, 1, now(), now() FROM bench_supplier
            UNION ALL
            SELECT id, %(company)s, 'BENCH-LIC-X' || k, 'business', %(month_from)s::date - 1800,
                   %(expiry)s::date + k %% 10, true, false, 1, 1, now(), now() FROM bench_supplier WHERE k %% 10 = 0
            UNION ALL
            SELECT id, NULL, 'BENCH-LIC-A' || k, 'business', %(month_from)s::date - 1800, %(expiry)s::date,
                   false, false, 1, 1, now(), now() FROM bench_supplier WHERE k %% 25 = 1
            UNION ALL
            SELECT contact_id, NULL, 'BENCH-LIC-C' || k, 'business', %(month_from)s::date - 1800,
                   %(expiry)s::date - 3, true, false, 1, 1, now(), now() FROM bench_supplier WHERE k %% 50 = 2
        """, params)
        cr.execute("""
            INSERT INTO md_certificate (holder_id, company_id, name, device_name, issue_date, expiry_date, active,
                   revoked, md_signed, md_corrected, create_uid, write_uid, create_date, write_date)
            SELECT id, NULL, 'BENCH-CERT-' || k, 'Bench device', %(month_from)s::date - 1800, %(expiry)s::date,
                   true, false, false, false, 1, 1, now(), now() FROM bench_supplier WHERE k %% 30 = 5
        """, params)
        cr.commit()


class Measure:
    """Seconds and queries of a block, the flush and the pre-commit hooks included."""

    def __init__(self, env):
        self.env = env
        self.seconds = 0.0
        self.queries = 0

    @contextlib.contextmanager
    def __call__(self):
        cr = self.env.cr
        self.env.flush_all()
        self.env.invalidate_all()
        gc.collect()
        count, start = cr.sql_log_count, time.perf_counter()
        yield self
        self.env.flush_all()
        cr.precommit.run()
        self.env.flush_all()
        self.seconds = time.perf_counter() - start
        self.queries = cr.sql_log_count - count


class Bench:

    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.rows = []  # (section, label, seconds, queries, target)

    @contextlib.contextmanager
    def isolated(self):
        savepoint = self.cr.savepoint()
        try:
            yield
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def measure(self):
        return Measure(self.env)

    def add(self, section, label, runs, target=""):
        seconds = statistics.median(m.seconds for m in runs)
        queries = sorted(m.queries for m in runs)
        qtext = f"{queries[len(queries) // 2]:,}" if queries[0] == queries[-1] else \
            f"{queries[0]:,}-{queries[-1]:,}"
        self.rows.append((section, label, seconds, qtext, target))

    def run(self):
        env = self.env
        self.suppliers = bench_suppliers(env)
        if len(self.suppliers) != SUPPLIERS:
            raise SystemExit(f"{self.cr.dbname} is not generated yet; use --generate.")
        self.admin = env.ref("base.user_admin")
        print()
        self.scorecards()
        self.escalation()
        self.source_counts()
        self.report()

    # 1. Scorecards ---------------------------------------------------------------------

    def scorecards(self):
        env, cr = self.env, self.cr
        Card = env["md.supplier.scorecard"].with_user(self.admin)
        date_from, date_to = Card._md_last_month()
        start, end = Card._md_period_bounds(date_from, date_to)
        subset = self.suppliers[:SUBSET]
        cr.execute("""
            SELECT (SELECT COUNT(*) FROM stock_move_line ml JOIN stock_picking p ON p.id = ml.picking_id
                     WHERE p.name LIKE 'BENCH/IN/%%'),
                   (SELECT COUNT(*) FROM stock_move_line ml JOIN stock_picking p ON p.id = ml.picking_id
                     WHERE p.name LIKE 'BENCH/IN/%%' AND ml.date >= %s AND ml.date < %s),
                   (SELECT COUNT(*) FROM md_acceptance_line l JOIN md_acceptance a ON a.id = l.acceptance_id
                     WHERE a.name LIKE 'BENCH/%%' AND a.state = 'accepted'),
                   (SELECT COUNT(*) FROM md_return_line l JOIN md_return r ON r.id = l.return_id
                     WHERE r.name LIKE 'BENCH/%%'),
                   (SELECT COUNT(*) FROM md_capa WHERE partner_id IS NOT NULL),
                   (SELECT COUNT(*) FROM md_supplier_scorecard WHERE date_from = %s AND date_to = %s)
        """, [start, end, date_from, date_to])
        move_lines, month_lines, acc_lines, ret_lines, capas, existing = cr.fetchone()
        print(f"Scorecards of {date_from} to {date_to}: {move_lines:,} bench receipt move lines "
              f"({month_lines:,} in the month), {acc_lines:,} signed acceptance lines, {ret_lines:,} return lines, "
              f"{capas:,} CAPAs with a supplier; {existing} cards of the month already there", flush=True)

        first, again, small, full, fig_full, fig_small = ([] for _ in range(6))
        created = activities = 0
        for run in range(self.args.repeat):
            with self.isolated():
                cr.execute("SELECT COUNT(*) FROM mail_activity WHERE res_model = 'res.partner'")
                before = cr.fetchone()[0]
                with self.measure()() as m:
                    cards = Card._md_compute_scorecards(date_from, date_to)
                first.append(m)
                created = len(cards)
                cr.execute("SELECT COUNT(*) FROM mail_activity WHERE res_model = 'res.partner'")
                activities = cr.fetchone()[0] - before
                assert self.suppliers <= cards.partner_id, "a bench supplier has no card"
                if run == 0:
                    self.check_scorecards(Card, date_from, date_to, start, end)
                with self.measure()() as m:
                    Card._md_compute_scorecards(date_from, date_to)
                again.append(m)
                with self.measure()() as m:
                    cards = Card._md_compute_scorecards(date_from, date_to, partners=subset)
                small.append(m)
                assert cards.partner_id == subset, len(cards)
                with self.measure()() as m:
                    cards = Card._md_compute_scorecards(date_from, date_to, partners=self.suppliers)
                full.append(m)
                assert cards.partner_id == self.suppliers, len(cards)
                for partners, runs in ((self.suppliers, fig_full), (subset, fig_small)):
                    with self.measure()() as m:
                        Card.sudo()._md_period_figures(date_from, date_to, partners)
                    runs.append(m)
            print(f"  scorecards run {run + 1}: first {first[-1].seconds:.2f} s, again {again[-1].seconds:.2f} s, "
                  f"{SUBSET} suppliers {small[-1].seconds:.2f} s", flush=True)
        section = "1. scorecards"
        self.add(section, f"first run: {created} cards created, {activities} requalifications", first,
                 f"< {TARGET_SCORECARD_S:g} s")
        self.add(section, f"again, all suppliers: {created} cards updated", again, f"< {TARGET_SCORECARD_S:g} s")
        self.add(section, f"partners= the {SUPPLIERS} bench suppliers", full, f"< {TARGET_SCORECARD_S:g} s")
        self.add(section, f"partners= {SUBSET} of them", small, f"queries as for {SUPPLIERS}")
        self.add(section, f"_md_period_figures, {SUPPLIERS} suppliers", fig_full)
        self.add(section, f"_md_period_figures, {SUBSET} suppliers", fig_small, f"queries as for {SUPPLIERS}")
        self.scorecard_runs = {"first": first, "again": again, "full": full, "small": small,
                               "fig_full": fig_full, "fig_small": fig_small, "created": created}

    def check_scorecards(self, Card, date_from, date_to, start, end):
        """Every bench supplier's card against its figures computed here in SQL, and its score."""
        from odoo.addons.medical_device_capa.models.md_supplier_scorecard import FIGURES, COMPONENTS, score_supplier
        cr, company = self.cr, self.env.company
        tz = Card._md_timezone().zone
        params = {"start": start, "end": end, "company": company.id, "suppliers": self.suppliers.ids,
                  "date_from": date_from, "date_to": date_to, "tz": tz}
        expected = defaultdict(lambda: dict.fromkeys(FIGURES, 0))

        def collect(query, *names):
            cr.execute(query, params)
            for supplier, *values in cr.fetchall():
                for name, value in zip(names, values):
                    expected[supplier][name] = value or 0

        commercial = "(SELECT commercial_partner_id FROM res_partner WHERE id = {})"
        collect(f"""
            SELECT {commercial.format('p.partner_id')} AS s, SUM(ml.quantity_product_uom)
              FROM stock_move_line ml JOIN stock_picking p ON p.id = ml.picking_id
              JOIN stock_location loc ON loc.id = ml.location_id
             WHERE ml.state = 'done' AND loc.usage = 'supplier' AND ml.company_id = %(company)s
               AND ml.date >= %(start)s AND ml.date < %(end)s GROUP BY 1
        """, "qty_received")
        collect(f"""
            SELECT {commercial.format('a.partner_id')}, SUM(l.qty_received), SUM(l.qty_rejected)
              FROM md_acceptance_line l JOIN md_acceptance a ON a.id = l.acceptance_id
             WHERE a.state = 'accepted' AND l.company_id = %(company)s
               AND a.accepted_on >= %(start)s AND a.accepted_on < %(end)s GROUP BY 1
        """, "qty_inspected", "qty_rejected")
        collect(f"""
            SELECT {commercial.format('l.supplier_id')}, SUM(l.quantity)
              FROM md_return_line l JOIN md_return_grade g ON g.id = l.grade_id
             WHERE g.quality_related AND l.state IN ('approved', 'received', 'done') AND l.company_id = %(company)s
               AND l.date >= %(start)s AND l.date < %(end)s GROUP BY 1
        """, "qty_returned")
        collect(f"""
            SELECT {commercial.format('partner_id')},
                   COUNT(*) FILTER (WHERE create_date < %(end)s AND (stage NOT IN ('closed', 'cancel')
                                    OR (stage = 'closed' AND closed_on >= %(end)s))),
                   COUNT(*) FILTER (WHERE stage = 'closed' AND closed_on >= %(start)s AND closed_on < %(end)s)
              FROM md_capa WHERE partner_id IS NOT NULL AND company_id = %(company)s GROUP BY 1
        """, "capa_open", "capa_closed")
        collect(f"""
            WITH firsts AS (
                SELECT m.purchase_line_id, MIN(m.date) AS first
                  FROM stock_move m JOIN stock_location loc ON loc.id = m.location_id
                 WHERE m.state = 'done' AND loc.usage = 'supplier' AND m.company_id = %(company)s
                   AND m.purchase_line_id IS NOT NULL AND m.date < %(end)s
                 GROUP BY 1 HAVING MIN(m.date) >= %(start)s
            )
            SELECT {commercial.format('pol.partner_id')}, COUNT(*),
                   COUNT(*) FILTER (WHERE COALESCE(pol.date_planned, po.date_planned) IS NULL
                       OR (f.first AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                          <= (COALESCE(pol.date_planned, po.date_planned) AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date)
              FROM firsts f JOIN purchase_order_line pol ON pol.id = f.purchase_line_id
              JOIN purchase_order po ON po.id = pol.order_id GROUP BY 1
        """, "lines_due", "lines_on_time")
        collect(f"""
            SELECT s, COUNT(*) FROM (
                SELECT {commercial.format('partner_id')} AS s FROM md_licence
                 WHERE active AND (company_id IS NULL OR company_id = %(company)s)
                   AND expiry_date BETWEEN %(date_from)s AND %(date_to)s
                UNION ALL
                SELECT {commercial.format('holder_id')} FROM md_certificate
                 WHERE active AND (company_id IS NULL OR company_id = %(company)s)
                   AND expiry_date BETWEEN %(date_from)s AND %(date_to)s
            ) x GROUP BY 1
        """, "lapse_count")

        weights = {name: self.env.company[f"md_score_weight_{name}"] for name in COMPONENTS}
        cards = {card.partner_id.id: card for card in Card.search([
            ("company_id", "=", self.env.company.id), ("date_from", "=", date_from), ("date_to", "=", date_to)])}
        mismatches = []
        for supplier in self.suppliers:
            card, figures = cards[supplier.id], expected[supplier.id]
            for name in FIGURES:
                if abs(card[name] - figures[name]) > 1e-6:
                    mismatches.append(f"{supplier.name} {name}: card {card[name]} != SQL {figures[name]}")
            scored = score_supplier(figures, weights)
            if abs(card.score - scored["score"]) > 1e-6 or card.grade != scored["grade"]:
                mismatches.append(f"{supplier.name} score: card {card.score} {card.grade} != {scored['score']} "
                                  f"{scored['grade']}")
        # Ranks: one more than the number of cards of the period with a higher score.
        scores = sorted((card.score for card in cards.values()), reverse=True)
        for card in cards.values():
            if card.rank != 1 + sum(1 for score in scores if score > card.score):
                mismatches.append(f"{card.partner_id.name} rank {card.rank}")
        assert not mismatches, "\n".join(mismatches[:20])
        totals = {name: sum(expected[s.id][name] for s in self.suppliers) for name in FIGURES}
        grades = defaultdict(int)
        for supplier in self.suppliers:
            grades[cards[supplier.id].grade] += 1
        sample = cards[self.suppliers[0].id]
        print(f"  checked: the {SUPPLIERS} cards match SQL ("
              + ", ".join(f"{name} {value:,.0f}" for name, value in totals.items())
              + "); grades " + ", ".join(f"{g} {n}" for g, n in sorted(grades.items())))
        print(f"  e.g. {sample.partner_id.name}: received {sample.qty_received:g}, inspected {sample.qty_inspected:g}, "
              f"rejected {sample.qty_rejected:g}, on time {sample.lines_on_time}/{sample.lines_due}, returned "
              f"{sample.qty_returned:g}, CAPAs open {sample.capa_open} closed {sample.capa_closed}, lapses "
              f"{sample.lapse_count}: score {sample.score} {sample.grade}", flush=True)

    # 2. Escalation -----------------------------------------------------------------------

    def set_deadlines(self, overdue):
        """Deadlines of the open bench CAPAs relative to today: the first ``overdue`` past, the others ahead."""
        from odoo import fields
        env, cr = self.env, self.cr
        Capa = env["md.capa"]
        today = fields.Date.context_today(Capa)
        cr.execute("""
            WITH o AS (
                SELECT id, (row_number() OVER (ORDER BY id))::int - 1 AS k FROM md_capa
                 WHERE name LIKE 'BENCH/CAPA/%%' AND stage NOT IN ('closed', 'cancel')
            )
            UPDATE md_capa c SET date_deadline = CASE WHEN o.k < %s THEN %s::date - (1 + o.k %% 60)
                                                      ELSE %s::date + (1 + o.k %% 90) END
              FROM o WHERE o.id = c.id
        """, [overdue, today, today])
        env.invalidate_all()
        # What the cron should do: the open CAPAs late by more than their company's days, not yet told.
        cr.execute("""
            SELECT COUNT(*) FILTER (WHERE c.name LIKE 'BENCH/%%'), COUNT(*) FILTER (
                WHERE c.date_deadline < %(today)s::date - COALESCE(co.md_capa_escalation_days, 0)
                  AND NOT EXISTS (SELECT 1 FROM mail_activity a WHERE a.res_model = 'md.capa' AND a.res_id = c.id
                                     AND a.activity_type_id = %(type)s)
                  AND NOT EXISTS (SELECT 1 FROM mail_message m WHERE m.model = 'md.capa' AND m.res_id = c.id
                                     AND m.mail_activity_type_id = %(type)s))
              FROM md_capa c JOIN res_company co ON co.id = c.company_id
             WHERE c.stage NOT IN ('closed', 'cancel')
        """, {"today": today, "type": env.ref("medical_device_capa.mail_activity_md_capa_overdue").id})
        return cr.fetchone()

    def escalation(self):
        env, cr = self.env, self.cr
        Capa = env["md.capa"]
        type_id = env.ref("medical_device_capa.mail_activity_md_capa_overdue").id

        def activities():
            cr.execute("SELECT COUNT(*) FROM mail_activity WHERE res_model = 'md.capa' AND activity_type_id = %s",
                       [type_id])
            return cr.fetchone()[0]

        results = {}
        for overdue in (OVERDUE, OVERDUE_SMALL):
            first, second = [], []
            for _run in range(self.args.repeat):
                with self.isolated():
                    open_capas, expected = self.set_deadlines(overdue)
                    before = activities()
                    with self.measure()() as m:
                        Capa._cron_md_capa_escalate()
                    first.append(m)
                    made = activities() - before
                    assert made == expected, (made, expected)
                    with self.measure()() as m:
                        Capa._cron_md_capa_escalate()
                    second.append(m)
                    assert activities() - before == made, "the second run created activities"
            results[overdue] = (first, second, made)
            print(f"  escalation, {overdue} overdue: first {statistics.median(m.seconds for m in first):.2f} s "
                  f"({made} activities), second {statistics.median(m.seconds for m in second):.2f} s", flush=True)
            section = "2. CAPA escalation"
            label = f"{open_capas:,} open, {overdue:,} overdue"
            self.add(section, f"{label}: first run, {made:,} activities", first,
                     f"< {TARGET_ESCALATE_FIRST_S:g} s" if overdue == OVERDUE else "")
            self.add(section, f"{label}: second run, none", second,
                     f"< {TARGET_ESCALATE_S:g} s" if overdue == OVERDUE else f"queries as for {OVERDUE:,}")
        self.escalation_runs = results

    # 3. Source counts ----------------------------------------------------------------------

    def source_counts(self):
        env, cr = self.env, self.cr
        cr.execute("""
            SELECT l.id FROM md_acceptance_line l JOIN md_acceptance a ON a.id = l.acceptance_id
             WHERE a.name LIKE 'BENCH/ACC/%%' AND a.md_correction_of IS NULL ORDER BY l.id LIMIT %s
        """, [SOURCE_LINES])
        ids = [r[0] for r in cr.fetchall()]
        cr.execute("""
            SELECT ref, SUM(nc), SUM(capa) FROM (
                SELECT source_ref AS ref, 1 AS nc, 0 AS capa FROM md_nonconformance WHERE source_ref LIKE 'md.acceptance.line,%%'
                UNION ALL
                SELECT source_ref, 0, 1 FROM md_capa WHERE source_ref LIKE 'md.acceptance.line,%%'
            ) x GROUP BY ref
        """)
        expected = {ref: (nc, capa) for ref, nc, capa in cr.fetchall()}
        cr.execute("SELECT (SELECT COUNT(*) FROM md_nonconformance WHERE source_ref IS NOT NULL) "
                   "+ (SELECT COUNT(*) FROM md_capa WHERE source_ref IS NOT NULL)")
        with_source = cr.fetchone()[0]
        Line = env["md.acceptance.line"].with_user(self.admin)
        fields_ = ["md_capa_count", "md_nonconformance_count"]
        section = "3. source counts"
        Line.browse(ids[-10:]).read(fields_)  # warm-up: access rights and rules cached as on a live server
        for count in (SOURCE_LINES, SOURCE_SMALL):
            runs = []
            for _run in range(self.args.repeat):
                with self.measure()() as m:
                    rows = Line.browse(ids[:count]).read(fields_)
                runs.append(m)
            for row in rows:
                nc, capa = expected.get(f"md.acceptance.line,{row['id']}", (0, 0))
                assert (row["md_nonconformance_count"], row["md_capa_count"]) == (nc, capa), (row, nc, capa)
            linked = sum(1 for row in rows if row["md_capa_count"] or row["md_nonconformance_count"])
            self.add(section, f"read() of {count:,} lines ({linked:,} with a link; {with_source:,} with source_ref)",
                     runs, f"< {TARGET_COUNTS_S:g} s" if count == SOURCE_LINES else f"queries as for {SOURCE_LINES:,}")
        print(f"  source counts checked against SQL for {len(ids):,} lines", flush=True)

    # Report ------------------------------------------------------------------------------------

    def report(self):
        print()
        print(f"Median of {self.args.repeat} runs; queries (range when runs differ); flush and pre-commit included")
        print(f"{'':20} {'':62} {'seconds':>8} {'queries':>13}  target")
        for section, label, seconds, queries, target in self.rows:
            print(f"{section:20} {label:62} {seconds:8.3f} {queries:>13}  {target}")
        s = self.scorecard_runs

        def q(runs):
            return statistics.median(m.queries for m in runs)
        print()
        print(f"Scorecards: queries {SUPPLIERS} vs {SUBSET} suppliers (partners=): {q(s['full']):.0f} vs "
              f"{q(s['small']):.0f}; _md_period_figures alone: {q(s['fig_full']):.0f} vs {q(s['fig_small']):.0f}; "
              f"first run {q(s['first']):.0f} for {s['created']} cards")
        for overdue, (first, second, made) in self.escalation_runs.items():
            print(f"Escalation, {overdue:,} overdue: first run {q(first):.0f} queries for {made:,} activities "
                  f"({q(first) / max(made, 1):.1f} per activity), second run {q(second):.0f}")


if __name__ == "__main__":
    main()
