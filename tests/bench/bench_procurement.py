#!/usr/bin/env python3
"""Benchmark: demand forecasts, the min/max they set and the replenishment net of unusable stock, for 5,000 products with two years of daily deliveries.

Run by hand against a database where medical_device_procurement is installed:

    python3 tests/bench/bench_procurement.py -d <database> [--addons-path ...] [--products 5000] [--days 730]

Everything it creates is rolled back. It creates ``--products`` storable products in three categories (a
moving average, simple exponential smoothing and Holt-Winters, in the ``--mix`` proportions), each with a
vendor (9 days) and a reordering rule on the buy route fed by the forecast, then one done delivery per product
and day for ``--days`` days (a yearly wave on each product's own rate), written with one INSERT ... SELECT.
Each product is made a lot-tracked device with three lots in stock (released, expiring in 60 and 400 days, and
one on hold). It then times what the weekly cron does for all of them (``md.demand.forecast._md_compute``: the
history query, the forecasts, their records, the min/max of the rules) and the replenishment that follows (the
forecast and quantity to order of every rule, net of stock that cannot be sold), for growing numbers of
products and a shorter history, each from the same start (a savepoint rolled back between runs).
"""
# A benchmark program run by hand: it reports with print().
# pylint: disable=print-used
import argparse
import importlib
import time
from unittest import mock

from odoo_setup import configure, superuser_env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path")
    parser.add_argument("--products", type=int, default=5000, help="products (default 5000)")
    parser.add_argument("--days", type=int, default=730, help="days of daily delivery history (default 730)")
    parser.add_argument("--mix", default="50,30,20",
                        help="percent of products by moving average, exponential smoothing, Holt-Winters "
                             "(default 50,30,20)")
    parser.add_argument("--scales", default="1000,2500", help="smaller product counts also timed")
    args = parser.parse_args()
    configure(args.database, args.addons_path)
    with superuser_env(args.database) as env:
        try:
            run(env, args)
        finally:
            env.cr.rollback()


def setup(env, args):
    from odoo import Command  # noqa: PLC0415 - Odoo is imported once the benchmark runs

    started = time.perf_counter()
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    buy = env.ref("purchase_stock.route_warehouse0_buy")
    shares = [int(share) for share in args.mix.split(",")]
    categories = env["product.category"].create([
        {"name": f"Bench {method}", "md_forecast_method": method}
        for method in ("moving_average", "ses", "holt_winters")])
    bounds = [round(args.products * sum(shares[:index + 1]) / sum(shares)) for index in range(3)]
    vendor = env["res.partner"].create({"name": "Bench Vendor"})
    products = env["product.product"].create([{
        "name": f"BENCH-{index:05d}", "is_storable": True, "route_ids": [Command.set(buy.ids)],
        "categ_id": categories[next(slot for slot, bound in enumerate(bounds) if index < bound)].id,
    } for index in range(args.products)])
    env["product.supplierinfo"].create([{"partner_id": vendor.id, "product_tmpl_id": product.product_tmpl_id.id,
                                         "delay": 9} for product in products])
    env["stock.warehouse.orderpoint"].create([{
        "product_id": product.id, "warehouse_id": warehouse.id, "location_id": warehouse.lot_stock_id.id,
        "route_id": buy.id, "md_use_forecast": True} for product in products])
    env.flush_all()
    print(f"set-up: {args.products} products, vendors and reordering rules in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    customers = env.ref("stock.stock_location_customers")
    # One delivery per product and day: a rate of 1 to 40 a day by product, a yearly wave of +/-30 %, noise.
    env.cr.execute("""
        INSERT INTO stock_move (name, company_id, product_id, product_uom, product_uom_qty, quantity, product_qty,
                                location_id, location_dest_id, procure_method, state, date, create_date,
                                write_date, create_uid, write_uid)
        SELECT 'bench', %(company)s, p.id, t.uom_id, q.qty, q.qty, q.qty, %(stock)s, %(customers)s,
               'make_to_stock', 'done', d.day, d.day, d.day, 1, 1
          FROM product_product p
          JOIN product_template t ON t.id = p.product_tmpl_id
    CROSS JOIN generate_series(1, %(days)s) AS g(n)
    CROSS JOIN LATERAL (SELECT (now() at time zone 'UTC')::date - g.n + time '10:00' AS day) d
    CROSS JOIN LATERAL (SELECT round(greatest(0, (1 + p.id %% 40)
                                    * (1 + 0.3 * sin(2 * pi() * g.n / 365.0)) * (0.7 + 0.6 * random())))::numeric
                               AS qty) q
         WHERE p.id = ANY(%(products)s)
    """, {"company": env.company.id, "stock": warehouse.lot_stock_id.id, "customers": customers.id,
          "days": args.days, "products": products.ids})
    rows = env.cr.rowcount
    # Stock to net: the products become lot-tracked devices (written in SQL: the bench skips the master data a
    # real device needs), each with a released lot expiring in 60 days, one in 400 days and one on hold.
    env.cr.execute("""
        UPDATE product_template SET is_medical_device = TRUE, tracking = 'lot', use_expiration_date = TRUE
         WHERE id IN (SELECT product_tmpl_id FROM product_product WHERE id = ANY(%(products)s));
        WITH lots AS (
            INSERT INTO stock_lot (name, product_id, company_id, expiration_date, md_quality_state,
                                   create_date, write_date, create_uid, write_uid)
            SELECT 'BENCH-' || p.id || '-' || k.n, p.id, %(company)s, now() + k.days * interval '1 day', k.state,
                   now(), now(), 1, 1
              FROM product_product p
        CROSS JOIN (VALUES (1, 60, 'released'), (2, 400, 'released'), (3, 300, 'hold')) AS k(n, days, state)
             WHERE p.id = ANY(%(products)s)
         RETURNING id, product_id, name)
        INSERT INTO stock_quant (product_id, location_id, lot_id, quantity, reserved_quantity, in_date, company_id,
                                 create_date, write_date, create_uid, write_uid)
        SELECT lots.product_id, %(stock)s, lots.id, 20 * (1 + lots.product_id %% 40), 0, now(), %(company)s,
               now(), now(), 1, 1
          FROM lots
    """, {"company": env.company.id, "stock": warehouse.lot_stock_id.id, "products": products.ids})
    env.invalidate_all()
    env.cr.execute("ANALYZE stock_move")
    env.cr.execute("ANALYZE stock_quant")
    env.cr.execute("ANALYZE stock_lot")
    print(f"set-up: {rows:,} done deliveries ({args.days} days) in {time.perf_counter() - started:.1f} s")
    return warehouse, products, categories


def timed_run(env, warehouse, products, label):
    """One forecast run, timed phase by phase, rolled back to where it started."""
    Forecast = env["md.demand.forecast"]
    Orderpoint = type(env["stock.warehouse.orderpoint"])
    phases = {}

    def timer(name, function):
        def wrapped(*args, **kwargs):
            begin = time.perf_counter()
            result = function(*args, **kwargs)
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - begin
            return result
        return wrapped

    env.cr.execute("SAVEPOINT bench_run")
    env.invalidate_all()
    history = type(Forecast)._md_demand_history
    apply = Orderpoint._md_apply_forecast
    with mock.patch.object(type(Forecast), "_md_demand_history", timer("history query", history)), \
            mock.patch.object(Orderpoint, "_md_apply_forecast", timer("min/max of the rules", apply)):
        begin, cpu = time.perf_counter(), time.process_time()
        forecasts = Forecast._md_compute(warehouse, products=products)
        env.flush_all()
        total, cpu = time.perf_counter() - begin, time.process_time() - cpu
    # Replenishment: the forecast and quantity to order of every rule, net of stock that cannot be sold (what
    # the Replenishment screen reads), with the forecasts just made.
    rules = env["stock.warehouse.orderpoint"].search([("product_id", "in", products.ids)])
    env.invalidate_all()
    begin = time.perf_counter()
    rules.read(["qty_forecast", "qty_to_order", "md_net_adjustment"])
    replenishment = time.perf_counter() - begin
    total += replenishment
    phases["replenishment of the rules (netting, forecast, quantity to order)"] = replenishment
    methods = {}
    for method in forecasts.mapped("method"):
        methods[method] = methods.get(method, 0) + 1
    rest = total - sum(phases.values())
    print(f"{label}: {total:.1f} s ({cpu:.1f} s of CPU in Odoo) for {len(forecasts)} forecasts ({', '.join(f'{n} {m}' for m, n in methods.items())});"
          f" {', '.join(f'{name} {seconds:.1f} s' for name, seconds in phases.items())},"
          f" forecasts and their records {rest:.1f} s")
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_run")
    env.invalidate_all()
    return total


def run(env, args):
    started = time.perf_counter()
    importlib.import_module("statsmodels.tsa.holtwinters")  # loaded once per server process, not per run

    print(f"statsmodels loaded in {time.perf_counter() - started:.1f} s (once per server process, not timed below)")
    warehouse, products, categories = setup(env, args)
    # The first run reads the new history from disk into PostgreSQL's cache.
    timed_run(env, warehouse, products[:100], "warm-up, 100 products")
    for count in [int(scale) for scale in args.scales.split(",") if scale] + [args.products]:
        # The same mix at every scale: every n-th product.
        subset = products[::max(1, round(len(products) / count))][:count]
        timed_run(env, warehouse, subset, f"{len(subset)} products x {args.days} days")
    categories.write({"md_history_days": 364})
    timed_run(env, warehouse, products, f"{len(products)} products x 364 days")
    categories.write({"md_history_days": args.days})
    # The weekly cron finds the forecasts of last week in place and updates them.
    env["md.demand.forecast"]._md_compute(warehouse, products=products)
    env.flush_all()
    timed_run(env, warehouse, products, f"{len(products)} products x {args.days} days, forecasts already there")


if __name__ == "__main__":
    main()
