#!/usr/bin/env python3
"""Benchmark: UDI parsing, one scan on a receipt, electronic signing.

Run by hand against a database where medical_device_base is installed:

    python3 tests/bench/bench_udi_signature.py -d <database> [--addons-path ...]

Everything it creates is rolled back. Figures printed:
- GS1 parses per second: md.udi.parse, the pure parser, and Odoo's own GS1
  nomenclature (barcode.nomenclature.parse_barcode) on the same 10,000 strings;
- server time of one UDI scan on a receipt with 10,000 lots of the product in
  the database (median and 95th percentile over 200 scans);
- cost of one signature (password check included) and of verifying the chain.
"""
# A benchmark program run by hand: it reports with print().
# pylint: disable=print-used
import argparse
import statistics
import time

from odoo_setup import configure, superuser_env

GS = "\x1d"


def gtin(base12):
    digits = [int(c) for c in "0" + base12]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return "0" + base12 + str((10 - total % 10) % 10)


def rate(func, items):
    start = time.perf_counter()
    for item in items:
        func(item)
    elapsed = time.perf_counter() - start
    return len(items) / elapsed


def milliseconds(func, items, env):
    """Sorted server times of func(item), each including the flush to the database."""
    timings = []
    for item in items:
        start = time.perf_counter()
        func(item)
        env.flush_all()
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path")
    parser.add_argument("--lots", type=int, default=10000)
    args = parser.parse_args()

    configure(args.database, args.addons_path)
    with superuser_env(args.database) as env:
        try:
            run(env, args.lots)
        finally:
            env.cr.rollback()


def run(env, lot_count):
    from odoo.addons.medical_device_base.utils.udi import parse_udi

    product_gtin = gtin("690999901234")
    codes = [f"]d201{product_gtin}11260101{'17'}281231{'10'}L{i:06d}{GS}21S{i:07d}" for i in range(10000)]
    hri = [f"(01){product_gtin}(11)260101(17)281231(10)L{i:06d}(21)S{i:07d}" for i in range(10000)]
    udi = env["md.udi"]
    nomenclature = env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")
    separator = udi._separator_regex()
    # Warm caches once so that the first-call costs do not count.
    udi.parse(codes[0])
    nomenclature.parse_barcode(codes[0].removeprefix("]d2"))
    print(f"GS1 raw strings ({len(codes)} distinct):")
    print(f"  md.udi.parse            {rate(udi.parse, codes):10,.0f} /s")
    print(f"  pure parse_udi          {rate(lambda c: parse_udi(c, separator_regex=separator), codes):10,.0f} /s")
    print(f"  Odoo GS1 nomenclature   {rate(nomenclature.parse_barcode, codes):10,.0f} /s")
    print(f"GS1 human-readable strings with parentheses ({len(hri)} distinct):")
    print(f"  md.udi.parse            {rate(udi.parse, hri):10,.0f} /s   (Odoo's nomenclature does not read this form)")

    # One scan on a receipt with many lots of the product in the database.
    company = env.company
    cert = env["md.certificate"].search([("kind", "=", "registration"), ("device_class", "=", "2"),
                                         ("state", "in", ("valid", "expiring"))], limit=1)
    product = env["product.product"].create({
        "name": "Bench syringe", "type": "consu", "is_storable": True, "tracking": "lot",
        "use_expiration_date": True, "is_medical_device": True, "md_class": "2",
        "md_classification_code": cert.product_tmpl_ids[:1].md_classification_code or "14-01",
        "md_certificate_id": cert.id, "md_udi_di": product_gtin})
    start = time.perf_counter()
    env["stock.lot"].create([{"name": f"L{i:06d}", "product_id": product.id, "company_id": company.id,
                              "expiration_date": "2028-12-31 00:00:00"} for i in range(lot_count)])
    env.flush_all()
    print(f"{lot_count:,} lots created in {time.perf_counter() - start:.1f} s "
          f"({env['stock.lot'].search_count([]):,} lots in the database)")
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    picking = env["stock.picking"].create({
        "picking_type_id": warehouse.in_type_id.id,
        "move_ids": [(0, 0, {"name": product.name, "product_id": product.id, "product_uom_qty": 500,
                             "product_uom": product.uom_id.id,
                             "location_id": warehouse.in_type_id.default_location_src_id.id,
                             "location_dest_id": warehouse.lot_stock_id.id})],
    })
    picking.action_confirm()
    env.flush_all()
    timings = []
    for i in range(200):
        # Half the scans hit existing lots, half bring new ones.
        lot = f"L{i * 37 % lot_count:06d}" if i % 2 else f"NEW{i:05d}"
        code = f"]d201{product_gtin}17281231{'10'}{lot}"
        start = time.perf_counter()
        picking.md_scan_udi(code)
        env.flush_all()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"One scan on a receipt ({len(picking.move_line_ids)} lines after 200 scans): "
          f"median {statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95)]:.1f} ms, "
          f"max {timings[-1]:.1f} ms")

    # Signing: password check + digest + chain + chatter note.
    signer = env["res.users"].create({
        "login": "bench_qa", "name": "Bench QA", "password": "bench_qa",
        "groups_id": [(6, 0, [env.ref("base.group_user").id,
                              env.ref("medical_device_base.group_md_qa_manager").id])]})
    def certificates(series):
        records = env["md.certificate"].create([{
            "name": f"国械注准202031{series}{i:04d}", "device_name": f"Bench device {series}-{i}",
            "holder_id": cert.holder_id.id, "issue_date": "2020-01-01", "expiry_date": "2030-01-01"}
            for i in range(100)])
        env.flush_all()
        return records

    def with_password(record):
        wizard = env["md.signature.wizard"].with_user(signer).create({
            "res_model": record._name, "res_id": record.id, "meaning": "approved", "password": "bench_qa"})
        wizard.action_sign()

    timings = milliseconds(with_password, certificates(4), env)
    print(f"Signing one record (password check included): median {statistics.median(timings):.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms")
    timings = milliseconds(lambda record: record.with_user(signer)._md_sign("approved"), certificates(5), env)
    print(f"Signing one record once the password is checked: median {statistics.median(timings):.1f} ms")
    count = env["md.signature"].search_count([])
    start = time.perf_counter()
    problems = env["md.signature"].verify()
    print(f"verify() over {count} signatures: {(time.perf_counter() - start) * 1000:.0f} ms, "
          f"{len(problems)} problem(s)")


if __name__ == "__main__":
    main()
