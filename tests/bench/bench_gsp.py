#!/usr/bin/env python3
"""Benchmark: GSP receiving/acceptance and reservation against plain Odoo.

Run by hand against a database where medical_device_gsp is installed:

    python3 tests/bench/bench_gsp.py -d <database> [--addons-path ...] [--profile]

Everything it creates is rolled back. Both variants run side by side in the
same transaction, each measurement starting from the same state (savepoints),
with an empty record cache and the flush to the database inside the timing.

Timed sections end with env.flush_all() and the pre-commit hooks (tracking
messages), i.e. all the work a request does before its COMMIT.

A. Receipt of N lots (default 500) of one lot-tracked product with expiry dates:
   plain Odoo   = validate the receipt into a "QC" location, then an internal
                  transfer of the N lots from QC to stock (create, reserve,
                  validate): plain Odoo's nearest equivalent of acceptance;
   device       = validate the receipt (lands in quarantine, acceptance created),
                  fill the N acceptance lines ("Accept All") and sign the
                  acceptance (quality status released, stock moved to stock).
B. Reservation (picking.action_assign) of a delivery of N lines, one move per
   product (N products), among 20,000 lots in stock (40 per product, 10 units
   each; each line asks 25 units, so 3 lots per line). In the device case 6 lots
   of each product are on hold (2 of them expired) and expire first, and 4 lots
   are quarantined in the quarantine zone (the plain case has the same 4 lots in
   its QC location), so FEFO has to skip the held lots.
C. Queries per line of A and B at the small size (100) and at N lines, for
   plain Odoo and devices (cursor sql_log_count), and the marginal queries per
   extra line between the two sizes.

With --profile, A and B at N lines run once more for each kind with every
statement counted and timed, and the wall time sampled; both are put on the
add-on method responsible (an override that only calls super() passes the
work on to Odoo), to show where the overhead goes.
"""
# A benchmark program run by hand: it reports with print(), and its steps (set-up, runs) keep
# their state on the benchmark object.
# pylint: disable=print-used,attribute-defined-outside-init
import argparse
import contextlib
import gc
import re
import time
from collections import Counter
from datetime import timedelta

from odoo_setup import configure, superuser_env

LOT_QTY = 10
LINE_QTY = 25
LOTS_PER_PRODUCT = 40


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path")
    parser.add_argument("--lines", type=int, default=500, help="lines of the large runs (default 500)")
    parser.add_argument("--small", type=int, default=100, help="lines of the small runs (default 100)")
    parser.add_argument("--lots", type=int, default=20000, help="lots in stock for the reservation (default 20000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs at full size; the median is kept")
    parser.add_argument("--profile", action="store_true", help="then show where the time and queries go, at full size")
    args = parser.parse_args()

    configure(args.database, args.addons_path)
    with superuser_env(args.database) as env:
        try:
            Bench(env, args).run()
        finally:
            env.cr.rollback()


class Measure:
    """Seconds and queries of a block, the flush and the pre-commit hooks included."""

    tracer = None  # an Attribution to feed while profiling

    def __init__(self, env):
        self.env = env
        self.seconds = 0.0
        self.queries = 0

    @contextlib.contextmanager
    def __call__(self):
        cr = self.env.cr
        cr.flush()  # what the set-up left pending is not part of the measure
        gc.collect()  # every measure starts with the same garbage: none
        tracing = Measure.tracer() if Measure.tracer else contextlib.nullcontext()
        with tracing:
            count, start = cr.sql_log_count, time.perf_counter()
            yield
            # What the end of a request does before COMMIT: write the cache, then run the
            # pre-commit hooks (chatter tracking messages), then write what they made.
            self.env.flush_all()
            cr.precommit.run()
            self.env.flush_all()
        self.seconds += time.perf_counter() - start
        self.queries += cr.sql_log_count - count


def culprit(frame):
    """The add-on method responsible for the work at ``frame``, or None for Odoo's own flow.

    An override that merely calls super() (the next frame runs a method of the
    same name) passes the work through to Odoo; the innermost add-on method
    that does not is held responsible.
    """
    child = None
    while frame is not None:
        code = frame.f_code
        if "medical_device" in code.co_filename and not (child is not None and child.co_name == code.co_name):
            path = code.co_filename.split("addons/")[-1]
            return f"{path}:{code.co_firstlineno} {code.co_name}"
        child = code
        frame = frame.f_back
    return None


class Attribution:
    """Queries (count, seconds, by statement) and sampled wall time, by responsible add-on method."""

    CORE = "(Odoo core flow, also run by plain Odoo)"

    def __init__(self, cr, interval=0.002):
        self.cr = cr
        self.interval = interval
        self.queries = Counter()          # culprit -> count
        self.statements = Counter()       # (culprit, statement) -> count
        self.statement_time = Counter()   # statement -> seconds
        self.statement_count = Counter()  # statement -> count
        self.samples = Counter()          # culprit -> samples
        self.total_samples = 0

    @staticmethod
    def normalise(query):
        query = getattr(query, "code", query)
        query = query.decode() if isinstance(query, bytes) else str(query)
        query = re.sub(r"\s+", " ", query).strip()
        query = re.sub(r"'[^']*'", "?", query)
        query = re.sub(r"\b\d+\b", "?", query)
        query = re.sub(r"(%s, )+%s", "%s…", query)
        return query[:160]

    @contextlib.contextmanager
    def __call__(self):
        import sys
        import threading
        cr = self.cr
        original = cr.execute
        main_thread = threading.get_ident()
        done = threading.Event()

        def execute(query, params=None, log_exceptions=True):
            start = time.perf_counter()
            try:
                return original(query, params, log_exceptions)
            finally:
                statement = self.normalise(query)
                who = culprit(sys._getframe(1)) or self.CORE
                self.queries[who] += 1
                self.statements[who, statement] += 1
                self.statement_count[statement] += 1
                self.statement_time[statement] += time.perf_counter() - start

        def sample():
            while not done.wait(self.interval):
                frame = sys._current_frames().get(main_thread)
                if frame is not None:
                    self.samples[culprit(frame) or self.CORE] += 1
                    self.total_samples += 1

        sampler = threading.Thread(target=sample, daemon=True)
        cr.execute = execute
        sampler.start()
        try:
            yield self
        finally:
            done.set()
            sampler.join()
            del cr.execute

    def print(self, wall_seconds):
        total_queries = sum(self.queries.values())
        print(f"   wall time {wall_seconds:.2f} s, {total_queries:,} queries; share of sampled time and queries "
              "by responsible method:")
        for who, n in self.samples.most_common(12):
            print(f"   {n / max(self.total_samples, 1) * 100:5.1f}% time {self.queries[who]:6} q  {who}")
        print("   statements by count (seconds in the database):")
        for statement, n in self.statement_count.most_common(10):
            owners = Counter({who: c for (who, st), c in self.statements.items() if st == statement})
            owner, _c = owners.most_common(1)[0]
            short = owner.split(" ")[-1] if owner != self.CORE else "core"
            print(f"   {n:6} {self.statement_time[statement]:6.2f} s  [{short}] {statement[:110]}")


class Bench:

    def __init__(self, env, args):
        from odoo import fields
        self.env = env
        self.args = args
        self.now = fields.Datetime.now()
        self.today = fields.Date.context_today(env.user)

    # Set-up -------------------------------------------------------------------

    def setup_world(self):
        from odoo import Command
        env = self.env
        self.company = env.company
        ref = env.ref
        self.warehouse = env["stock.warehouse"].create({"name": "Bench GSP Warehouse", "code": "BGSP"})
        self.warehouse.action_md_create_gsp_zones()
        # Deliveries are confirmed first and reserved by the timed action_assign().
        self.warehouse.out_type_id.reservation_method = "manual"
        self.stock = self.warehouse.lot_stock_id
        self.quarantine = self.warehouse.md_quarantine_location_id
        self.qc = env["stock.location"].create({
            "name": "QC", "usage": "internal", "location_id": self.warehouse.view_location_id.id,
            "company_id": self.company.id})
        self.supplier_loc = ref("stock.stock_location_suppliers")
        self.customer_loc = ref("stock.stock_location_customers")

        def user(login, *groups):
            return env["res.users"].with_context(no_reset_password=True).create({
                "login": login, "name": login.replace("_", " ").title(),
                "company_id": self.company.id, "company_ids": [Command.set(self.company.ids)],
                "groups_id": [Command.set([ref(g).id for g in ("base.group_user", "stock.group_stock_user") + groups])],
            })
        self.receiver = user("bench_gsp_receiver", "medical_device_base.group_md_receiver")
        self.inspector = user("bench_gsp_inspector", "medical_device_base.group_md_inspector")
        self.picker = user("bench_gsp_picker")

        # A compliant supplier, as in the test fixtures.
        Partner, Licence = env["res.partner"], env["md.licence"]
        maker = Partner.create({"name": "Bench Maker Co.", "is_company": True})
        self.supplier = Partner.create({"name": "Bench Supplier Co.", "is_company": True,
                                        "md_supplier_approved": True})
        self.hospital = Partner.create({"name": "Bench Hospital", "is_company": True})
        categories = ref("medical_device_base.md_category_13") | ref("medical_device_base.md_category_14")
        Licence.create([{
            "partner_id": self.supplier.id, "licence_type": "business", "name": "91310000BENCHSUP1",
            "issue_date": self.today - timedelta(days=2000),
        }, {
            "partner_id": self.supplier.id, "licence_type": "distribution_licence", "name": "沪食药监械经营许20209999号",
            "issue_date": self.today - timedelta(days=700), "expiry_date": self.today + timedelta(days=1000),
            "scope_class_2": True, "scope_category_ids": [Command.set(categories.ids)],
        }, {
            "partner_id": self.hospital.id, "licence_type": "institution", "name": "PDY-BENCH-0001",
            "issue_date": self.today - timedelta(days=300), "expiry_date": self.today + timedelta(days=1500),
        }])
        self.cert = env["md.certificate"].create({
            "name": "苏械注准20182149871", "device_name": "Bench syringe", "holder_id": maker.id,
            "issue_date": self.today - timedelta(days=400), "expiry_date": self.today + timedelta(days=1400)})
        # Plain products use FEFO chosen on their category; devices get FEFO from the module.
        self.fefo_category = env["product.category"].create({
            "name": "Bench FEFO", "removal_strategy_id": ref("product_expiry.removal_fefo").id})
        self.device_category = env["product.category"].create({"name": "Bench devices"})
        env.flush_all()

    def products(self, kind, count, tag):
        common = {"type": "consu", "is_storable": True, "tracking": "lot", "use_expiration_date": True,
                  "expiration_time": 730, "standard_price": 10}
        if kind == "device":
            common.update(is_medical_device=True, md_class="2", md_classification_code="14-01",
                          md_certificate_id=self.cert.id, md_receipt_min_shelf_life_days=180,
                          categ_id=self.device_category.id)
        else:
            common.update(categ_id=self.fefo_category.id)
        return self.env["product.product"].create([
            dict(common, name=f"Bench {kind} {tag}{i:04d}", default_code=f"B{kind[0].upper()}{tag}{i:04d}")
            for i in range(count)])

    @contextlib.contextmanager
    def isolated(self):
        """Run a block and undo it afterwards, leaving an empty cache."""
        savepoint = self.env.cr.savepoint()
        try:
            yield
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    # A. Receipt and acceptance -------------------------------------------------

    def prepare_receipt(self, kind, count, tag):
        """A confirmed receipt of ``count`` lots, lines filled as a receiver would (not timed)."""
        from odoo import Command
        # A new product each run: quants left behind by the runs rolled back before
        # (dead rows in the same transaction) would slow down the product's quant searches.
        product = self.products(kind, 1, tag)
        dest = self.qc if kind == "plain" else self.stock  # devices are redirected to quarantine
        picking = self.env["stock.picking"].with_user(self.receiver).create({
            "picking_type_id": self.warehouse.in_type_id.id,
            "partner_id": self.supplier.id,
            "location_id": self.supplier_loc.id,
            "location_dest_id": dest.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": count * LOT_QTY, "location_id": self.supplier_loc.id,
                "location_dest_id": dest.id})],
        })
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].with_user(self.receiver).create([{
            "move_id": move.id, "picking_id": picking.id, "product_id": product.id,
            "product_uom_id": product.uom_id.id, "quantity": LOT_QTY, "lot_name": f"{tag}-{i:05d}",
            "expiration_date": self.now + timedelta(days=400 + i % 300),
            "location_id": move.location_id.id, "location_dest_id": move.location_dest_id.id, "picked": True,
        } for i in range(count)])
        self.env.flush_all()
        self.env.invalidate_all()
        return picking.with_env(self.env)

    def validate(self, picking, user):
        picking.with_user(user).with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()

    def receive(self, kind, count, tag, steps=None):
        """{step: Measure} for one receipt of ``count`` lots and its QC transfer or acceptance."""
        from odoo import Command
        env = self.env
        steps = steps or {name: Measure(env) for name in ("validate", "fill", "sign")}
        picking = self.prepare_receipt(kind, count, tag)
        with steps["validate"]():
            self.validate(picking, self.receiver)
        env.invalidate_all()
        assert picking.state == "done", picking.state
        product = picking.move_ids.product_id
        if kind == "plain":
            with steps["fill"]():
                transfer = env["stock.picking"].with_user(self.inspector).create({
                    "picking_type_id": self.warehouse.int_type_id.id,
                    "location_id": self.qc.id, "location_dest_id": self.stock.id,
                    "move_ids": [Command.create({
                        "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                        "product_uom_qty": count * LOT_QTY, "location_id": self.qc.id,
                        "location_dest_id": self.stock.id})],
                })
                transfer.action_confirm()
                transfer.action_assign()
                transfer.move_ids.picked = True
            env.invalidate_all()
            with steps["sign"]():
                self.validate(transfer.with_env(env), self.inspector)
            env.invalidate_all()
            assert transfer.state == "done", transfer.state
            assert len(transfer.move_line_ids) == count
        else:
            # Browsed by id, as the form view does (a record reached through a relation whose
            # cache was invalidated would have no prefetch set and read one line at a time).
            acceptance = env["md.acceptance"].browse(picking.md_acceptance_ids.ids)
            assert len(acceptance) == 1 and len(acceptance.line_ids) == count, acceptance
            with steps["fill"]():
                acceptance.with_user(self.inspector).action_accept_all()
            env.invalidate_all()
            with steps["sign"]():
                acceptance.with_user(self.inspector)._md_sign("accepted")
            env.invalidate_all()
            assert acceptance.state == "accepted", acceptance.state
            lots = acceptance.line_ids.lot_id
            assert set(lots.mapped("md_quality_state")) == {"released"}
        quants = env["stock.quant"].search([("product_id", "=", product.id), ("location_id", "=", self.stock.id),
                                            ("lot_id.name", "=like", f"{tag}-%")])
        assert sum(quants.mapped("quantity")) == count * LOT_QTY, sum(quants.mapped("quantity"))
        return steps

    # B. Reservation ------------------------------------------------------------

    def setup_stock(self):
        """One product per delivery line, of each kind, with 40 lots each, generated in bulk (not timed)."""
        env = self.env
        count = max(self.args.lines, self.args.small)
        per_product = max(LOTS_PER_PRODUCT, self.args.lots // count)
        start = time.perf_counter()
        self.stock_products = {kind: self.products(kind, count, "R") for kind in ("plain", "device")}
        Lot = env["stock.lot"].with_context(md_quality_write=True, tracking_disable=True, mail_create_nolog=True,
                                            mail_notrack=True)
        rows = []  # (lot id, location id)
        for kind, products in self.stock_products.items():
            vals_list, locations = [], []
            for product in products:
                for j in range(per_product):
                    # FEFO order: 0-5 first (0-1 already expired), then 6-9, then the rest.
                    days = -10 if j < 2 else 30 + j if j < 6 else 200 + j
                    vals = {"product_id": product.id, "company_id": self.company.id,
                            "name": f"R{product.id}-{j:03d}", "expiration_date": self.now + timedelta(days=days)}
                    quarantined = 6 <= j < 10
                    if kind == "device":
                        vals["md_quality_state"] = "hold" if j < 6 else "quarantine" if quarantined else "released"
                        locations.append(self.quarantine.id if quarantined else self.stock.id)
                    else:
                        locations.append(self.qc.id if quarantined else self.stock.id)
                    vals_list.append(vals)
            lots = Lot.create(vals_list)
            rows += zip(lots.ids, locations)
        env.flush_all()
        env.cr.execute("""
            INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity, reserved_quantity,
                                     in_date, expiration_date, removal_date, inventory_quantity_set,
                                     create_uid, write_uid, create_date, write_date)
            SELECT l.product_id, l.company_id, r.location_id, l.id, %s, 0, %s, l.expiration_date,
                   COALESCE(l.removal_date, l.expiration_date), false, 1, 1, %s, %s
              FROM unnest(%s::int[], %s::int[]) AS r(lot_id, location_id)
              JOIN stock_lot l ON l.id = r.lot_id
        """, [LOT_QTY, self.now, self.now, self.now, [r[0] for r in rows], [r[1] for r in rows]])
        env.cr.execute("ANALYZE stock_quant")
        env.cr.execute("ANALYZE stock_lot")
        env.invalidate_all()
        self.stock_lot_count = len(rows)
        print(f"Set-up: {2 * count} products, {len(rows):,} lots with stock ({len(rows) // 2:,} per kind) "
              f"in {time.perf_counter() - start:.0f} s (not timed)", flush=True)

    def prepare_delivery(self, kind, count):
        from odoo import Command
        products = self.stock_products[kind][:count]
        picking = self.env["stock.picking"].with_user(self.picker).create({
            "picking_type_id": self.warehouse.out_type_id.id,
            "partner_id": self.hospital.id,
            "location_id": self.stock.id,
            "location_dest_id": self.customer_loc.id,
            "move_ids": [Command.create({
                "name": p.name, "product_id": p.id, "product_uom": p.uom_id.id, "product_uom_qty": LINE_QTY,
                "location_id": self.stock.id, "location_dest_id": self.customer_loc.id,
            }) for p in products],
        })
        picking.action_confirm()
        self.env.flush_all()
        self.env.invalidate_all()
        return picking.with_env(self.env)

    def reserve(self, kind, count, measure=None):
        measure = measure or Measure(self.env)
        picking = self.prepare_delivery(kind, count)
        with measure():
            picking.with_user(self.picker).action_assign()
        self.env.invalidate_all()
        moves = picking.move_ids
        assert set(moves.mapped("state")) == {"assigned"}, Counter(moves.mapped("state"))
        lines = picking.move_line_ids
        assert sum(lines.mapped("quantity")) == count * LINE_QTY
        assert len(lines) == count * 3, len(lines)
        if kind == "device":
            assert set(lines.lot_id.mapped("md_quality_state")) == {"released"}
            assert min(lines.lot_id.mapped("expiration_date")) > self.now
            assert set(lines.location_id.ids) == {self.stock.id}
        return measure

    # Runs ----------------------------------------------------------------------

    def run(self):
        args = self.args
        big, small = args.lines, args.small
        self.setup_world()
        self.setup_stock()
        # Warm-up: first calls fill registry caches (views, sequences, ormcache).
        for kind in ("plain", "device"):
            with self.isolated():
                self.receive(kind, 5, f"W{kind[0]}")
            with self.isolated():
                self.reserve(kind, 5)

        receipts, reservations = {}, {}  # (kind, lines) -> list of runs
        for count, repeat in ((small, 1), (big, args.repeat)):
            for r in range(repeat):
                # Alternate which kind goes first, so that neither always runs on a busier database.
                kinds = ("plain", "device") if r % 2 == 0 else ("device", "plain")
                for kind in kinds:
                    with self.isolated():
                        receipts.setdefault((kind, count), []).append(
                            self.receive(kind, count, f"{kind[0]}{count}-{r}"))
                for kind in kinds:
                    with self.isolated():
                        reservations.setdefault((kind, count), []).append(self.reserve(kind, count))
                print(f"  {count:4} lines run {r + 1}: " + ", ".join(
                    f"{kind} receipt+acceptance {seconds(receipts[kind, count][-1]):6.2f} s "
                    f"reservation {seconds(reservations[kind, count][-1]):6.2f} s" for kind in ("plain", "device")),
                    flush=True)
        self.report(receipts, reservations, small, big)
        if args.profile:
            self.profile(big)

    def report(self, receipts, reservations, small, big):
        def pct(plain, device):
            return f"{(device / plain - 1) * 100:+7.0f}%" if plain else "      -"

        repeat = len(receipts["plain", big])
        plain, device = median(receipts["plain", big]), median(receipts["device", big])
        print()
        print(f"A. Receipt of {big} lots, then QC transfer (plain) / acceptance (device); "
              f"median run of {repeat}")
        print(f"   {'step':44} {'plain s':>8} {'device s':>9} {'overhead':>8}")
        labels = {"validate": "validate receipt (device: quarantine, acceptance)",
                  "fill": "QC transfer create+reserve / Accept All",
                  "sign": "QC transfer validate / sign acceptance"}
        for step, label in labels.items():
            print(f"   {label:44} {plain[step].seconds:8.2f} {device[step].seconds:9.2f} "
                  f"{pct(plain[step].seconds, device[step].seconds)}")
        print(f"   {'total':44} {seconds(plain):8.2f} {seconds(device):9.2f} "
              f"{pct(seconds(plain), seconds(device))}")
        best_p = min(map(seconds, receipts["plain", big]))
        best_d = min(map(seconds, receipts["device", big]))
        print(f"   {'total, fastest run of each':44} {best_p:8.2f} {best_d:9.2f} {pct(best_p, best_d)}")
        print("   (the device's sign step reserves and moves the lots, which plain Odoo does in its fill step:")
        print("    compare the totals)")
        res_p, res_d = median(reservations["plain", big]), median(reservations["device", big])
        print()
        print(f"B. Reservation of a delivery of {big} lines ({big} products, 3 lots per line) among "
              f"{self.stock_lot_count // 2:,} lots of each kind; median run of {repeat}")
        print(f"   {'picking.action_assign()':44} {res_p.seconds:8.2f} {res_d.seconds:9.2f} "
              f"{pct(res_p.seconds, res_d.seconds)}")
        best_p = min(map(seconds, reservations["plain", big]))
        best_d = min(map(seconds, reservations["device", big]))
        print(f"   {'fastest run of each':44} {best_p:8.2f} {best_d:9.2f} {pct(best_p, best_d)}")
        print()
        print("C. Queries per line (total queries / lines), and marginal queries per extra line "
              f"between {small} and {big} lines")
        print(f"   {'operation':26} {'':6} {f'at {small}':>8} {f'at {big}':>8} {'marginal':>9} "
              f"{'total@' + str(big):>10}")
        for label, data in (("receipt + QC/acceptance", receipts), ("reservation", reservations)):
            for kind in ("plain", "device"):
                q_small = queries(data[kind, small][0])
                q_big = queries(data[kind, big][0])
                print(f"   {label:26} {kind:6} {q_small / small:8.2f} {q_big / big:8.2f} "
                      f"{(q_big - q_small) / max(big - small, 1):9.2f} {q_big:10,}")
        print(f"   receipt steps, queries at {small} / at {big} lines:")
        for step in ("validate", "fill", "sign"):
            print(f"     {step:9} plain {receipts['plain', small][0][step].queries:6} / "
                  f"{receipts['plain', big][0][step].queries:6}   device "
                  f"{receipts['device', small][0][step].queries:6} / {receipts['device', big][0][step].queries:6}")

    def profile(self, count):
        print()
        print(f"Profile at {count} lines: time sampled every 2 ms and queries, each put on the add-on method "
              "that causes it (overrides that only call super() pass it on to Odoo)")
        for label, func in (("receipt + acceptance", lambda kind: self.receive(kind, count, f"PROF{kind[0]}")),
                            ("reservation", lambda kind: self.reserve(kind, count))):
            for kind in ("plain", "device"):
                with self.isolated():
                    attribution = Measure.tracer = Attribution(self.env.cr)
                    try:
                        measured = func(kind)
                    finally:
                        Measure.tracer = None
                print(f"--- {label}, {kind} (timed steps only; sampling slows them down)")
                attribution.print(seconds(measured))


def seconds(measured):
    """Seconds of a run: one Measure, or a dict of them (the steps)."""
    if isinstance(measured, dict):
        return sum(m.seconds for m in measured.values())
    return measured.seconds


def queries(measured):
    if isinstance(measured, dict):
        return sum(m.queries for m in measured.values())
    return measured.queries


def median(runs):
    """The run of median total time."""
    return sorted(runs, key=seconds)[(len(runs) - 1) // 2]


if __name__ == "__main__":
    main()
