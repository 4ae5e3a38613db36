#!/usr/bin/env python3
"""Benchmark: recall trace (md.recall.trace) against Odoo's traceability report.

Run by hand against a scratch copy of a database where medical_device_recall is
installed (the generation COMMITS and is not undone):

    createdb -T <database> <scratch>
    python3 tests/bench/bench_recall.py -d <scratch> [--addons-path ...] --generate
    python3 tests/bench/bench_recall.py -d <scratch> [--addons-path ...]
    python3 tests/bench/bench_recall.py -d <scratch> [--addons-path ...] --grow-to 2000000

--generate builds the data set up to 250,000 move lines and measures, then
grows it to 1,000,000 and measures the same lot again (--move-lines gives other
sizes); --grow-to does the same on an already generated database; without
either, the database is measured as it is. With more than one size, a last
table puts the sizes side by side.

Generation (not timed; refused if the database was already generated):
- through the ORM: one lot-tracked device (a copy of a demo device), its lot
  BENCH-RECALL-LOT, 2,000 customers and two shelves under the first warehouse's
  stock;
- with batched INSERT ... SELECT generate_series (a COMMIT per batch): the
  lot's history, i.e. a receipt of 4,000 into stock, one internal transfer
  chained to it (two-step reception) split over the two shelves (2,500 and
  1,500), a transfer of 200 from one shelf to the other, then one delivery per
  customer (one picking each, 1 or 2 units, 3,000 in all), leaving 500 on each
  shelf (quants);
- background: 50,000 lots of the other lot-tracked products with a quant each,
  and done pickings of 10 moves/lines each (receipts, internal transfers and
  deliveries to the same customers) until stock_move_line holds the size asked;
  three pickings in ten are chained to a receipt (same lots), so that
  stock_move_move_rel, which the trace follows for relabelled lots, holds some
  30 % of the moves as on a warehouse with multi-step routes. Then the
  consignees are filled as the add-on's installation does, and VACUUM ANALYZE.

Measured at each size, in one process and one transaction rolled back at the
end, with an empty record cache before every run:
1. md.recall.trace._md_trace([lot], company): median of --repeat runs after one warm-up;
2. the whole "Compute scope" of a draft recall of the lot as a recall
   coordinator (trace, ~2,000 positions and the scope lot stored, flush
   included): median of 3, each rolled back to a savepoint;
3. Odoo's stock.traceability.report for the lot, as its client action asks it
   (get_main_lines with the lot as active record): median of 3.
The trace is checked (2,000 consignees, 3,000 at customers, 1,000 in stock)
before anything is timed. Printed: the table and database sizes, the lot's own
move lines, the three times, the ratio report/trace, and the plan (EXPLAIN
ANALYZE, BUFFERS) of the trace's queries, which must read stock_move_line by
its trace index (lot_id, covering the columns read) and never scan it: the
buffers they read are the measure of their work, which must not grow with
the table.

Targets: the trace under 200 ms and at least 100 times faster than Odoo's
report; its time follows the lot's own move lines, not the table's size.
"""
# A benchmark program run by hand: it reports with print() and commits the data it generates
# in batches.
# pylint: disable=print-used,invalid-commit
import argparse
import contextlib
import statistics
import time

from odoo_setup import configure, superuser_env

PRODUCT_CODE = "MD-BENCH-RECALL"
LOT_NAME = "BENCH-RECALL-LOT"
CUSTOMERS = 2000
BACKGROUND_LOTS = 50000
MOVES_PER_PICKING = 10
BATCH_PICKINGS = 10000  # 100,000 move lines per INSERT
RECEIPT, SHELF_A, SHELF_B, SHELF_MOVE = 4000, 2500, 1500, 200
FROM_SHELF_A = 1200  # customers served from shelf A, the others from shelf B


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", help="default: Odoo's own add-ons and this repository's")
    parser.add_argument("--generate", action="store_true",
                        help="generate the data set (commits), growing it to each --move-lines size in turn")
    parser.add_argument("--move-lines", type=int, nargs="+", default=[250000, 1000000],
                        help="stock_move_line rows to reach when generating, measured at each "
                             "(default 250,000 then 1,000,000)")
    parser.add_argument("--grow-to", type=int, nargs="+",
                        help="add background move lines up to each of these sizes, measured at each")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of the trace; the median is kept")
    parser.add_argument("--no-measure", action="store_true", help="only generate or grow")
    args = parser.parse_args()

    configure(args.database, args.addons_path)
    with superuser_env(args.database) as env:
        generator = Generator(env)
        sizes = args.move_lines if args.generate else args.grow_to or [None]
        if args.generate:
            generator.generate()
        results = []
        for size in sizes:
            if size:
                generator.background(size)
                generator.finish()
            if not args.no_measure:
                try:
                    results.append(Bench(env, args).run())
                finally:
                    env.cr.rollback()
        if len(results) > 1:
            summary(results)


def summary(results):
    """The same lot at each table size: what changes is the table, not the work."""
    mb = 1024 * 1024
    print()
    print("Same lot, growing table")
    print(f"{'move lines':>12} {'table MB':>9} {'lot lines':>10} {'trace ms':>9} {'buffers':>8} "
          f"{'scope ms':>9} {'report ms':>10} {'report/trace':>13}")
    for r in results:
        print(f"{r['rows']:>12,} {r['table_size'] / mb:>9,.0f} {r['lot_lines']:>10,} {r['trace_ms']:>9.1f} "
              f"{r['buffers']:>8,} {r['scope_ms']:>9.1f} {r['report_ms']:>10.1f} "
              f"{r['report_ms'] / r['trace_ms']:>12.0f}x")
    print("(buffers: shared buffers the trace's three queries read, from EXPLAIN (ANALYZE, BUFFERS))")


def reserve_ids(cr, table, count):
    """First of ``count`` consecutive ids taken from the table's sequence."""
    from odoo.tools import SQL  # noqa: PLC0415 - odoo is importable once odoo_setup has run

    cr.execute(SQL("LOCK TABLE %s IN EXCLUSIVE MODE", SQL.identifier(table)))
    cr.execute(SQL("SELECT GREATEST((SELECT MAX(id) FROM %s), last_value) + 1 FROM %s",
                   SQL.identifier(table), SQL.identifier(f"{table}_id_seq")))
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(%s, %s)", [f"{table}_id_seq", first + count - 1])
    return first


class Generator:

    def __init__(self, env):
        self.env = env
        self.cr = env.cr

    def product(self):
        return self.env["product.product"].search([("default_code", "=", PRODUCT_CODE)], limit=1)

    # The ORM part -----------------------------------------------------------------

    def generate(self):
        env, cr = self.env, self.cr
        if self.product():
            raise SystemExit(f"{env.cr.dbname} is already generated; use --grow-to to add move lines.")
        t0 = time.perf_counter()
        template = env["product.template"].search([
            ("is_medical_device", "=", True), ("tracking", "=", "lot"), ("is_storable", "=", True)], limit=1)
        product = template.copy({"name": "Bench recall device", "default_code": PRODUCT_CODE,
                                 "md_udi_di": False}).product_variant_id
        lot = env["stock.lot"].create({"name": LOT_NAME, "product_id": product.id})
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        shelves = env["stock.location"].create([
            {"name": name, "location_id": warehouse.lot_stock_id.id, "usage": "internal"}
            for name in ("Bench shelf A", "Bench shelf B")])
        customers = env["res.partner"].create([
            {"name": f"Bench hospital {i:04d}", "is_company": True} for i in range(1, CUSTOMERS + 1)])
        env.flush_all()
        self.lot_history(product, lot, warehouse, shelves, customers)
        self.background_lots()
        cr.commit()
        print(f"set-up: {time.perf_counter() - t0:.1f} s")

    def finish(self):
        cr = self.cr
        # Raw inserts bypass the ORM: fill the consignee the way the add-on's installation does.
        cr.execute("""
            UPDATE stock_move_line ml
               SET md_consignee_id = COALESCE(partner.commercial_partner_id, partner.id)
              FROM res_partner partner
             WHERE ml.md_consignee_id IS NULL
               AND partner.id = COALESCE((SELECT partner_id FROM stock_picking WHERE id = ml.picking_id),
                                         (SELECT partner_id FROM stock_move WHERE id = ml.move_id))
        """)
        cr.commit()
        # What autovacuum does on a live database: statistics and the visibility map (index-only scans).
        cr._cnx.autocommit = True
        try:
            cr.execute("VACUUM ANALYZE stock_move_line")
            cr.execute("VACUUM ANALYZE stock_move_move_rel")
            cr.execute("ANALYZE")
        finally:
            cr._cnx.autocommit = False

    # The lot's history -------------------------------------------------------------

    def lot_history(self, product, lot, warehouse, shelves, customers):
        cr = self.cr
        stock = warehouse.lot_stock_id.id
        supplier = self.env.ref("stock.stock_location_suppliers").id
        customer = self.env.ref("stock.stock_location_customers").id
        shelf_a, shelf_b = shelves.ids
        # (picking name, type, partner, [(source, destination, qty)] as move lines of one move), hours after start
        steps = [("BENCH/IN/0001", warehouse.in_type_id.id, None, [(supplier, stock, RECEIPT)], 0),
                 ("BENCH/INT/0001", warehouse.int_type_id.id, None,
                  [(stock, shelf_a, SHELF_A), (stock, shelf_b, SHELF_B)], 1),
                 ("BENCH/INT/0002", warehouse.int_type_id.id, None, [(shelf_a, shelf_b, SHELF_MOVE)], 2)]
        for i, partner in enumerate(customers.ids, start=1):
            source = shelf_a if i <= FROM_SHELF_A else shelf_b
            steps.append((f"BENCH/OUT/{i:04d}", warehouse.out_type_id.id, partner,
                          [(source, customer, 1 + i % 2)], 24 + i / 60))
        pick_id = reserve_ids(cr, "stock_picking", len(steps))
        move_id = reserve_ids(cr, "stock_move", len(steps))
        ml_id = reserve_ids(cr, "stock_move_line", sum(len(s[3]) for s in steps))
        pickings, moves, lines = [], [], []
        for offset, (name, type_id, partner, parts, hours) in enumerate(steps):
            # A split transfer's move goes to stock; its lines put the goods on the shelves under it.
            source, dest = parts[0][0], (parts[0][1] if len(parts) == 1 else stock)
            qty = sum(p[2] for p in parts)
            pickings.append((pick_id + offset, name, type_id, partner, source, dest, hours))
            moves.append((move_id + offset, pick_id + offset, name, type_id, partner, source, dest, qty, hours))
            for part_source, part_dest, part_qty in parts:
                lines.append((ml_id + len(lines), pick_id + offset, move_id + offset, name,
                              part_source, part_dest, part_qty, hours))
        start = "(now() at time zone 'UTC' - interval '30 days')"
        cr.execute(f"""
            INSERT INTO stock_picking (id, name, picking_type_id, partner_id, location_id, location_dest_id,
                   company_id, move_type, state, priority, is_locked, scheduled_date, date, date_done,
                   create_uid, write_uid, create_date, write_date)
            SELECT p.id, p.name, p.type_id, p.partner, p.src, p.dst, %(company)s, 'direct', 'done', '0', true,
                   d.t, d.t, d.t, 1, 1, d.t, d.t
              FROM unnest(%(id)s::int[], %(name)s::varchar[], %(type)s::int[], %(partner)s::int[], %(src)s::int[],
                          %(dst)s::int[], %(hours)s::float[]) AS p(id, name, type_id, partner, src, dst, hours),
                   LATERAL (SELECT {start} + p.hours * interval '1 hour' AS t) d
        """, dict(zip(("id", "name", "type", "partner", "src", "dst", "hours"), map(list, zip(*pickings))),
                  company=self.env.company.id))
        cr.execute(f"""
            INSERT INTO stock_move (id, picking_id, name, reference, picking_type_id, partner_id, location_id,
                   location_dest_id, company_id, product_id, product_uom, product_uom_qty, product_qty, quantity,
                   procure_method, state, priority, picked, scrapped, is_inventory, additional,
                   propagate_cancel, sequence, date, create_uid, write_uid, create_date, write_date)
            SELECT m.id, m.picking, %(pname)s, m.ref, m.type_id, m.partner, m.src, m.dst, %(company)s,
                   %(product)s, %(uom)s, m.qty, m.qty, m.qty, 'make_to_stock', 'done', '0', true, false, false,
                   false, false, 10, d.t, 1, 1, d.t, d.t
              FROM unnest(%(id)s::int[], %(picking)s::int[], %(ref)s::varchar[], %(type)s::int[],
                          %(partner)s::int[], %(src)s::int[], %(dst)s::int[], %(qty)s::numeric[], %(hours)s::float[])
                   AS m(id, picking, ref, type_id, partner, src, dst, qty, hours),
                   LATERAL (SELECT {start} + m.hours * interval '1 hour' AS t) d
        """, dict(zip(("id", "picking", "ref", "type", "partner", "src", "dst", "qty", "hours"),
                      map(list, zip(*moves))),
                  company=self.env.company.id, product=product.id, uom=product.uom_id.id, pname=product.name))
        cr.execute(f"""
            INSERT INTO stock_move_line (id, picking_id, move_id, reference, location_id, location_dest_id,
                   company_id, product_id, product_uom_id, lot_id, quantity, quantity_product_uom, picked, state,
                   date, create_uid, write_uid, create_date, write_date)
            SELECT l.id, l.picking, l.move, l.ref, l.src, l.dst, %(company)s, %(product)s, %(uom)s, %(lot)s,
                   l.qty, l.qty, true, 'done', d.t, 1, 1, d.t, d.t
              FROM unnest(%(id)s::int[], %(picking)s::int[], %(move)s::int[], %(ref)s::varchar[], %(src)s::int[],
                          %(dst)s::int[], %(qty)s::numeric[], %(hours)s::float[])
                   AS l(id, picking, move, ref, src, dst, qty, hours),
                   LATERAL (SELECT {start} + l.hours * interval '1 hour' AS t) d
        """, dict(zip(("id", "picking", "move", "ref", "src", "dst", "qty", "hours"), map(list, zip(*lines))),
                  company=self.env.company.id, product=product.id, uom=product.uom_id.id, lot=lot.id))
        # A two-step reception: the receipt's move feeds the put-away that splits it over the shelves.
        cr.execute("INSERT INTO stock_move_move_rel (move_orig_id, move_dest_id) VALUES (%s, %s)",
                   [move_id, move_id + 1])
        # What the history leaves on the shelves, as Odoo's quants would say it.
        remaining = {shelf_a: SHELF_A - SHELF_MOVE, shelf_b: SHELF_B + SHELF_MOVE}
        for i in range(1, CUSTOMERS + 1):
            remaining[shelf_a if i <= FROM_SHELF_A else shelf_b] -= 1 + i % 2
        for location, qty in remaining.items():
            cr.execute("""
                INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity, reserved_quantity,
                       in_date, create_uid, write_uid, create_date, write_date)
                VALUES (%s, %s, %s, %s, %s, 0, now() at time zone 'UTC', 1, 1, now() at time zone 'UTC',
                        now() at time zone 'UTC')
            """, [product.id, self.env.company.id, location, lot.id, qty])

    # Background ----------------------------------------------------------------------

    def background_lots(self):
        """BACKGROUND_LOTS lots spread over the other lot-tracked products, 100 units of each in stock."""
        cr = self.cr
        cr.execute("""
            INSERT INTO stock_lot (name, product_id, company_id, md_quality_state, create_uid, write_uid,
                   create_date, write_date)
            SELECT 'BENCH-BG-' || lpad(g::text, 6, '0'), (%(products)s::int[])[1 + g %% cardinality(%(products)s)],
                   %(company)s, 'released', 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM generate_series(1, %(count)s) g
        """, {"products": self.background_products(), "company": self.env.company.id, "count": BACKGROUND_LOTS})
        cr.execute("""
            INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity, reserved_quantity,
                   in_date, create_uid, write_uid, create_date, write_date)
            SELECT lot.product_id, lot.company_id, %s, lot.id, 100, 0, lot.create_date, 1, 1, lot.create_date,
                   lot.create_date
              FROM stock_lot lot WHERE lot.name LIKE 'BENCH-BG-%%'
        """, [self.env["stock.warehouse"].search([], limit=1).lot_stock_id.id])

    def background_products(self):
        product = self.product()
        return self.env["product.product"].search([
            ("tracking", "=", "lot"), ("is_storable", "=", True), ("id", "!=", product.id)]).ids

    def background(self, target):
        """Done pickings of MOVES_PER_PICKING moves until stock_move_line has ``target`` rows."""
        env, cr = self.env, self.cr
        if not self.product():
            raise SystemExit(f"{cr.dbname} is not generated yet; use --generate.")
        # Numbered lots and customers to pick from by arithmetic, joined rather than passed inline.
        cr.execute("""
            CREATE TEMP TABLE IF NOT EXISTS bench_lot AS
            SELECT (row_number() OVER (ORDER BY id))::int AS k, id, product_id
              FROM stock_lot WHERE name LIKE 'BENCH-BG-%';
            CREATE TEMP TABLE IF NOT EXISTS bench_partner AS
            SELECT (row_number() OVER (ORDER BY id))::int - 1 AS k, id
              FROM res_partner WHERE name LIKE 'Bench hospital %';
            ANALYZE bench_lot; ANALYZE bench_partner;
        """)
        cr.execute("SELECT (SELECT COUNT(*) FROM bench_lot), (SELECT COUNT(*) FROM bench_partner)")
        lot_count, partner_count = cr.fetchone()
        cr.execute("SELECT COUNT(*) FROM stock_picking WHERE name LIKE 'BENCH/BG/%'")
        done_pickings = cr.fetchone()[0]
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        stock = warehouse.lot_stock_id.id
        shelves = env["stock.location"].search([("name", "like", "Bench shelf")]).ids
        params = {
            "company": env.company.id, "lot_count": lot_count, "partner_count": partner_count,
            "supplier": env.ref("stock.stock_location_suppliers").id,
            "customer": env.ref("stock.stock_location_customers").id, "stock": stock, "shelves": shelves,
            "in_type": warehouse.in_type_id.id, "int_type": warehouse.int_type_id.id,
            "out_type": warehouse.out_type_id.id, "per": MOVES_PER_PICKING,
        }
        # Picking n: kind n % 10 in 0-2 receipt, 3-4 internal to a shelf, 5-9 delivery to a customer;
        # dated over the last two years. Pickings 3-5 are chained to receipts 0-2 (put-away and delivery
        # fed by the receipt, move by move, same lots), when both are in the same batch: chained moves
        # fill stock_move_move_rel, which the trace reads for relabelled lots.
        picking_cte = """
            WITH p AS (
                SELECT %(pick_id)s + g AS id, %(first)s + g AS n, g,
                       (%(first)s + g) %% 10 BETWEEN 3 AND 5 AND g >= 3 AS chained,
                       'BENCH/BG/' || lpad((%(first)s + g)::text, 8, '0') AS name,
                       CASE WHEN (%(first)s + g) %% 10 < 3 THEN %(in_type)s
                            WHEN (%(first)s + g) %% 10 < 5 THEN %(int_type)s ELSE %(out_type)s END AS type_id,
                       CASE WHEN (%(first)s + g) %% 10 < 3 THEN %(supplier)s ELSE %(stock)s END AS src,
                       CASE WHEN (%(first)s + g) %% 10 < 3 THEN %(stock)s
                            WHEN (%(first)s + g) %% 10 < 5
                                 THEN (%(shelves)s::int[])[1 + (%(first)s + g) %% cardinality(%(shelves)s)]
                            ELSE %(customer)s END AS dst,
                       CASE WHEN (%(first)s + g) %% 10 >= 5
                            THEN (SELECT id FROM bench_partner WHERE k = (%(first)s + g) %% %(partner_count)s) END
                           AS partner,
                       now() at time zone 'UTC' - ((%(first)s + g) %% 730) * interval '1 day'
                           - ((%(first)s + g) %% 1440) * interval '1 minute' AS t
                  FROM generate_series(0, %(count)s - 1) g
            ), m AS (
                SELECT p.*, p.g * %(per)s + j AS k, j, lot.id AS lot_id, lot.product_id
                  FROM p CROSS JOIN generate_series(0, %(per)s - 1) j
                  JOIN bench_lot lot ON lot.k = 1 + (((p.n - CASE WHEN p.chained THEN 3 ELSE 0 END) * %(per)s + j)
                                                     ::bigint * 48271) %% %(lot_count)s
            )
        """
        total = self.move_line_count()
        while total < target:
            t0 = time.perf_counter()
            count = min(BATCH_PICKINGS, -(-(target - total) // MOVES_PER_PICKING))
            params.update(first=done_pickings, count=count,
                          pick_id=reserve_ids(cr, "stock_picking", count),
                          move_id=reserve_ids(cr, "stock_move", count * MOVES_PER_PICKING),
                          ml_id=reserve_ids(cr, "stock_move_line", count * MOVES_PER_PICKING))
            cr.execute(picking_cte + """
                INSERT INTO stock_picking (id, name, picking_type_id, partner_id, location_id, location_dest_id,
                       company_id, move_type, state, priority, is_locked, scheduled_date, date, date_done,
                       create_uid, write_uid, create_date, write_date)
                SELECT id, name, type_id, partner, src, dst, %(company)s, 'direct', 'done', '0', true, t, t, t,
                       1, 1, t, t FROM p
            """, params)
            cr.execute(picking_cte + """
                INSERT INTO stock_move (id, picking_id, name, reference, picking_type_id, partner_id, location_id,
                       location_dest_id, company_id, product_id, product_uom, product_uom_qty, product_qty,
                       quantity, procure_method, state, priority, picked, scrapped, is_inventory, additional,
                       propagate_cancel, sequence, date, create_uid, write_uid, create_date, write_date)
                SELECT %(move_id)s + k, id, 'Background', name, type_id, partner, src, dst, %(company)s,
                       product_id, 1, 1 + j, 1 + j, 1 + j, 'make_to_stock', 'done',
                       '0', true, false, false, false, false, 10, t, 1, 1, t, t FROM m
            """, params)
            cr.execute(picking_cte + """
                INSERT INTO stock_move_line (id, picking_id, move_id, reference, location_id, location_dest_id,
                       company_id, product_id, product_uom_id, lot_id, quantity, quantity_product_uom, picked,
                       state, date, create_uid, write_uid, create_date, write_date)
                SELECT %(ml_id)s + k, id, %(move_id)s + k, name, src, dst, %(company)s,
                       product_id, 1, lot_id, 1 + j, 1 + j, true,
                       'done', t, 1, 1, t, t FROM m
            """, params)
            cr.execute(picking_cte + """
                INSERT INTO stock_move_move_rel (move_orig_id, move_dest_id)
                SELECT %(move_id)s + k - 3 * %(per)s, %(move_id)s + k FROM m WHERE chained
            """, params)
            cr.commit()
            done_pickings += count
            total += count * MOVES_PER_PICKING
            print(f"background: {total:,} move lines ({time.perf_counter() - t0:.1f} s for this batch)")

    def move_line_count(self):
        self.cr.execute("SELECT COUNT(*) FROM stock_move_line")
        return self.cr.fetchone()[0]


class Bench:

    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args

    def timed(self, function, runs, warm_up=0):
        """Median milliseconds of ``runs`` calls of ``function`` after ``warm_up`` calls, cold record cache."""
        times = []
        for i in range(warm_up + runs):
            self.env.invalidate_all()
            start = time.perf_counter()
            function()
            elapsed = (time.perf_counter() - start) * 1000
            if i >= warm_up:
                times.append(elapsed)
        return statistics.median(times)

    def run(self):
        env, cr = self.env, self.cr
        lot = env["stock.lot"].search([("name", "=", LOT_NAME)], limit=1)
        if not lot:
            raise SystemExit(f"{cr.dbname} is not generated yet; use --generate.")
        Trace = env["md.recall.trace"]

        # The trace must be right before it is worth timing.
        trace = Trace._md_trace([lot.id], lot.company_id or self.env.company)
        consignees = {row[1] for row in trace["customers"]}
        at_customers = sum(row[4] for row in trace["customers"])
        in_stock = sum(row[2] for row in trace["stock"])
        assert trace["lot_ids"] == [lot.id], trace["lot_ids"]
        assert len(consignees) == CUSTOMERS, len(consignees)
        assert at_customers == CUSTOMERS // 2 * 3, at_customers
        assert in_stock == RECEIPT - at_customers and not trace["transit"], (in_stock, trace["transit"])

        cr.execute("SELECT COUNT(*), pg_total_relation_size('stock_move_line'), pg_database_size(current_database()) "
                   "FROM stock_move_line")
        rows, table_size, db_size = cr.fetchone()
        cr.execute("SELECT COUNT(*) FROM stock_move_move_rel")
        chained = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM stock_move_line WHERE lot_id = %s", [lot.id])
        lot_lines = cr.fetchone()[0]
        cr.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'stock_move_line' "
                   "AND indexname = 'stock_move_line_md_trace_company_index'")
        index = cr.fetchone()

        trace_ms = self.timed(lambda: Trace._md_trace([lot.id], lot.company_id or self.env.company), self.args.repeat, warm_up=1)
        scope_ms = self.timed_scope(lot)
        Report = env["stock.traceability.report"]
        report_lines = []

        def report():
            report_lines[:] = Report.get_main_lines({"active_id": lot.id, "model": "stock.lot"})
        report_ms = self.timed(report, 3, warm_up=1)
        assert len(report_lines) == lot_lines, (len(report_lines), lot_lines)

        mb = 1024 * 1024
        print()
        print(f"stock_move_line rows                  {rows:>12,}")
        print(f"stock_move_line size (with indexes)   {table_size / mb:>10,.0f} MB")
        print(f"database size                         {db_size / mb:>10,.0f} MB")
        print(f"chained moves (stock_move_move_rel)   {chained:>12,}")
        print(f"lot's own move lines                  {lot_lines:>12,}")
        print(f"consignees / at customers / in stock  {len(consignees):,} / {at_customers:,.0f} / {in_stock:,.0f}")
        print(f"trace index  {index[0] if index else 'MISSING'}")
        print()
        print(f"{'':40}{'median ms':>12}")
        print(f"{'trace (_md_trace)':40}{trace_ms:>12.1f}")
        print(f"{'compute scope (trace + store)':40}{scope_ms:>12.1f}")
        print(f"{'Odoo stock.traceability.report':40}{report_ms:>12.1f}")
        print(f"{'report / trace':40}{report_ms / trace_ms:>11.0f}x")
        print(f"{'report / compute scope':40}{report_ms / scope_ms:>11.0f}x")
        buffers = self.explain(lot)
        return {"rows": rows, "table_size": table_size, "lot_lines": lot_lines, "trace_ms": trace_ms,
                "scope_ms": scope_ms, "report_ms": report_ms, "buffers": buffers}

    def timed_scope(self, lot):
        env = self.env
        admin = env.ref("base.user_admin")
        admin.groups_id = [(4, env.ref("medical_device_base.group_md_recall_coordinator").id)]
        env.flush_all()
        user_env = env(user=admin)
        times = []
        for _run in range(4):
            with contextlib.closing(self.cr.savepoint()):
                recall = user_env["md.recall"].create({
                    "title": "Bench recall", "level": "2", "source": "manufacturer", "reason": "Benchmark",
                    "lot_ids": [(6, 0, lot.ids)]})
                env.flush_all()
                env.invalidate_all()
                start = time.perf_counter()
                recall.action_compute_scope()
                env.flush_all()
                times.append((time.perf_counter() - start) * 1000)
                customers = recall.position_ids.filtered(lambda p: p.kind == "customer")
                assert len(customers.partner_id) == CUSTOMERS, len(customers.partner_id)
                assert recall.qty_at_customers == CUSTOMERS // 2 * 3, recall.qty_at_customers
            env.invalidate_all()
        return statistics.median(times[1:])

    def explain(self, lot):
        from odoo.addons.medical_device_recall.models import md_recall_trace as sql
        print()
        total_buffers = 0
        for name, query in (("expand", sql._EXPAND_SQL), ("customers", sql._CUSTOMER_SQL),
                            ("stock", sql._STOCK_SQL)):
            self.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, {"lots": [lot.id]})
            plan = [row[0] for row in self.cr.fetchall()]
            scans = sorted({line.strip().split(" (")[0].lstrip("-> ").strip() for line in plan
                            if "stock_move_line" in line or "stock_quant" in line})
            total = next((line for line in plan if line.startswith("Execution Time")), "")
            buffers = next((line.strip() for line in plan if line.strip().startswith("Buffers")), "")
            total_buffers += sum(int(part.split("=")[1]) for part in buffers.split()
                                 if part.split("=")[0] in ("hit", "read"))
            print(f"EXPLAIN {name}: {total}; {buffers}")
            for scan in scans:
                print(f"    {scan}")
        return total_buffers


if __name__ == "__main__":
    main()
