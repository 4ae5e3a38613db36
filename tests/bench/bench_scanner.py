#!/usr/bin/env python3
"""Benchmark: scan-to-screen time of the GSP Scanner on a receipt, among 10,000 lots.

Run by hand against a database where medical_device_scanner is installed with demo data:

    python3 tests/bench/bench_scanner.py -d <database> [--addons-path ...] [--lots 10000] [--scans 100]

Everything it creates is rolled back. It adds ``--lots`` serial numbers of the demo stent to the
database, a receipt of that stent with ``--lines`` units already scanned, then times ``--scans`` scans
through ``md.scanner.md_scan``, the method the app calls over RPC: each scan starts with an empty
record cache (a new request), and its time includes the checks, the writes flushed to the database,
the scan record and the screen sent back. Refused scans (a serial scanned twice) are timed too, since a
refusal rolls back to a savepoint and still records and redraws.
"""
# A benchmark program run by hand: it reports with print().
# pylint: disable=print-used
import argparse
import statistics
import time
from datetime import timedelta

from odoo_setup import configure, superuser_env

STENT_DI = "06901234567809"


def label(serial, production, expiry):
    return f"(01){STENT_DI}(11){production:%y%m%d}(17){expiry:%y%m%d}(21){serial}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path")
    parser.add_argument("--lots", type=int, default=10000, help="serial numbers in the database (default 10000)")
    parser.add_argument("--lines", type=int, default=200, help="units already scanned on the receipt (default 200)")
    parser.add_argument("--scans", type=int, default=100, help="timed scans (default 100)")
    args = parser.parse_args()
    configure(args.database, args.addons_path)
    with superuser_env(args.database) as env:
        try:
            run(env, args)
        finally:
            env.cr.rollback()


def run(env, args):
    from odoo import Command, fields  # noqa: PLC0415 - Odoo is imported once the benchmark runs

    product = env["product.product"].search([("md_udi_di", "=", STENT_DI)], limit=1)
    assert product, "the demo stent is missing: install the add-ons with demo data"
    today = fields.Date.today()
    production, expiry = today - timedelta(days=30), today + timedelta(days=700)
    company = env.company
    started = time.perf_counter()
    env["stock.lot"].with_context(md_workflow=True).create([{
        "product_id": product.id, "name": f"BENCH-SN-{index:06d}", "company_id": company.id,
        "md_production_date": production, "expiration_date": fields.Datetime.now() + timedelta(days=700),
    } for index in range(args.lots)])
    env.flush_all()
    print(f"set-up: {args.lots} lots in {time.perf_counter() - started:.1f} s "
          f"({env['stock.lot'].search_count([]):,} lots in the database)")
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)]).filtered("md_has_gsp_zones")[:1]
    supplier = env.ref("stock.stock_location_suppliers")
    total = args.lines + 2 * args.scans
    picking = env["stock.picking"].create({
        "picking_type_id": warehouse.in_type_id.id, "partner_id": company.partner_id.id,
        "location_id": supplier.id, "location_dest_id": warehouse.lot_stock_id.id,
        "move_ids": [Command.create({"name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                                     "product_uom_qty": total, "location_id": supplier.id,
                                     "location_dest_id": warehouse.lot_stock_id.id})],
    })
    picking.action_confirm()
    user = env.ref("base.user_admin")
    scanner = env["md.scanner"].with_user(user)
    for index in range(args.lines):
        result = scanner.md_scan("receive", picking.id, label(f"BENCH-SN-{index:06d}", production, expiry))
        assert result["ok"], result
    env.flush_all()

    def timed(codes):
        times, queries = [], []
        for code in codes:
            env.invalidate_all()
            count = env.cr.sql_log_count
            begin = time.perf_counter()
            result = scanner.md_scan("receive", picking.id, code)
            times.append((time.perf_counter() - begin) * 1000)
            queries.append(env.cr.sql_log_count - count)
        return times, queries, result

    accepted_codes = [label(f"BENCH-SN-{index:06d}", production, expiry)
                      for index in range(args.lines, args.lines + args.scans)]
    times, queries, last = timed(accepted_codes)
    assert last["ok"], last
    report("accepted scans (a new serial of an existing lot, line added)", times, queries)
    times, queries, last = timed(accepted_codes[: args.scans])
    assert not last["ok"], last
    report("refused scans (serial scanned twice, rolled back and recorded)", times, queries)
    print(f"screen sent back: {len(last['screen']['lines'])} line(s), "
          f"{picking.move_line_ids.filtered('md_udi').__len__()} units scanned on the receipt")


def report(title, times, queries):
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"{title}: n={len(times)} median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
          f"max {times[-1]:.1f} ms; {statistics.median(queries):.0f} queries per scan")


if __name__ == "__main__":
    main()
