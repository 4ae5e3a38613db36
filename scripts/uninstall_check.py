#!/usr/bin/env python3
"""Uninstall returns and recall from a database with signed status changes, then verify every signature.

Usage: uninstall_check.py -d DATABASE --addons-path=... [other Odoo options]

Run against a throw-away database with the add-ons installed (scripts/test uses its no-demo database).
It signs, as a QA manager, status changes of lots to "returned" and "recalled" and ordinary ones (hold,
release, a release of a returned lot), uninstalls medical_device_returns and medical_device_recall with
Odoo's own module uninstall (which takes the add-ons depending on them along), and then:

- ``md.signature.verify()`` must report no problem: the uninstall rewrote nothing that was signed;
- the signed changes still say "returned"/"recalled" in the database;
- lots left "returned"/"recalled" are on hold, through a recorded status change.

Exit status 0 when all holds, 1 otherwise; the last line says which.
"""
# A command-line program: it reports with print(), and commits the signed changes before
# Odoo's uninstall, which works in transactions of its own.
# pylint: disable=print-used,invalid-commit
import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

ADDONS = ("medical_device_returns", "medical_device_recall")
REASON = "Uninstall check: status change signed before the add-on is removed"


def prepare(env):
    """Signed status changes touching the add-ons' statuses; returns what must survive the uninstall."""
    company = env.company
    qa = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Uninstall Check QA", "login": "md_uninstall_check_qa", "company_id": company.id,
        "company_ids": [(6, 0, company.ids)],
        "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref("stock.group_stock_user").id,
                              env.ref("medical_device_base.group_md_qa_manager").id])]})
    maker = env["res.partner"].create({"name": "Uninstall Check Maker", "is_company": True})
    today = odoo.fields.Date.context_today(qa)
    cert = env["md.certificate"].create({
        "name": "苏械注准20242140001", "device_name": "Uninstall check device", "holder_id": maker.id,
        "issue_date": today.replace(year=today.year - 1), "expiry_date": today.replace(year=today.year + 3)})
    product = env["product.product"].create({
        "name": "Uninstall Check Syringe", "type": "consu", "is_storable": True, "tracking": "lot",
        "use_expiration_date": True, "is_medical_device": True, "md_class": "2",
        "md_classification_code": "14-01",
        "md_certificate_id": cert.id})
    lots = env["stock.lot"].create([{"product_id": product.id, "name": f"UNINSTALL-{n}", "company_id": company.id}
                                    for n in range(1, 5)])
    lots = lots.with_user(qa)

    def signed(lot, state):
        change = lot._md_request_quality_state(state, REASON)
        change._md_sign("released")
        assert change.md_signed and change.state == "done", change
        return change

    returned, recalled, released_returned, ordinary = lots
    changes = [signed(returned, "returned"), signed(recalled, "recalled"),
               signed(released_returned, "returned"), signed(released_returned, "released")]
    changes.append(ordinary._md_change_quality_state("hold", REASON))
    changes.append(signed(ordinary, "released"))
    expected = {change.id: (change.new_state, change.line_ids.old_state) for change in changes}
    return lots.sudo(), expected


def read_changes(env, ids):
    env.cr.execute("""SELECT c.id, c.new_state, l.old_state FROM md_quality_change c
                        JOIN md_quality_change_line l ON l.change_id = c.id WHERE c.id IN %s""", [tuple(ids)])
    return {change_id: (new, old) for change_id, new, old in env.cr.fetchall()}


def main(argv):
    config.parse_config(argv)
    db = config["db_name"]
    if not db:
        print("uninstall check: give the database with -d")
        return 2
    failures = []
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        missing = [name for name in ADDONS
                   if not env["ir.module.module"].search([("name", "=", name), ("state", "=", "installed")])]
        if missing:
            print(f"uninstall check: {', '.join(missing)} not installed in {db}")
            return 2
        lots, expected = prepare(env)
        lot_ids = lots.ids
        before = env["md.signature"].verify()
        if before:
            failures.append(f"{len(before)} signature problem(s) before the uninstall: {before}")
        cr.commit()
        modules = env["ir.module.module"].search([("name", "in", ADDONS)])
        print(f"uninstall check: {len(expected)} status changes, uninstalling {', '.join(ADDONS)} "
              "and the add-ons depending on them", flush=True)
        modules.button_immediate_uninstall()

    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        left = env["ir.module.module"].search([("name", "in", ADDONS), ("state", "!=", "uninstalled")])
        if left:
            failures.append(f"still installed: {left.mapped('name')}")
        problems = env["md.signature"].verify()
        for problem in problems:
            failures.append(f"signature {problem['signature'].id} of {problem['res_model']},{problem['res_id']}: "
                            f"{problem['problem']}")
        now = read_changes(env, list(expected))
        for change_id, values in expected.items():
            if now.get(change_id) != values:
                failures.append(f"md.quality.change {change_id} was {values}, is now {now.get(change_id)}")
        states = dict(zip(lot_ids, env["stock.lot"].browse(lot_ids).mapped("md_quality_state")))
        wanted = dict(zip(lot_ids, ["hold", "hold", "released", "released"]))
        if states != wanted:
            failures.append(f"lot statuses after the uninstall: {states}, expected {wanted}")
        held = env["md.quality.change.line"].search([("lot_id", "in", lot_ids[:2]), ("new_state", "=", "hold")])
        if sorted(held.mapped("old_state")) != ["recalled", "returned"]:
            failures.append(f"no recorded hold of the returned and recalled lots: {held.mapped('old_state')}")
        signatures = env["md.signature"].search_count([])
        cr.rollback()
    for failure in failures:
        print(f"uninstall check: {failure}")
    if failures:
        print(f"UNINSTALL CHECK FAILED: {len(failures)} problem(s)")
        return 1
    print(f"UNINSTALL CHECK OK: {len(expected)} status changes kept, {signatures} signature(s) verified")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
