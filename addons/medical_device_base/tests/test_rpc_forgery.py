"""Forgery attempts through the web client's own channel, for every role and every regulated field.

A logged-in user posts to ``/web/dataset/call_kw`` and chooses the whole ``context``. For every installed
model with regulated fields (found in the registry, so a model added later is attacked without editing this
file), every role tries to write each regulated field, to create a record with the final value, to delete
regulated records and to call the private methods that do the real work, with and without every internal
context key the add-ons know. Each attempt must be refused and the database must be unchanged afterwards.
"""
import logging
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from .rpc import RpcCallMixin

_logger = logging.getLogger(__name__)

ROLES = {
    "receiver": "medical_device_base.group_md_receiver",
    "inspector": "medical_device_base.group_md_inspector",
    "keeper": "medical_device_base.group_md_storage_keeper",
    "coordinator": "medical_device_base.group_md_recall_coordinator",
    "qa": "medical_device_base.group_md_qa_manager",
    "auditor": "medical_device_base.group_md_auditor",
    "stock_user": "stock.group_stock_user",
    "salesman": "sales_team.group_sale_salesman",
}
# Keys that unlocked writes once, kept here even after the code stopped reading them: sending them must
# stay harmless. The keys the add-ons read today are added from their source.
KNOWN_KEYS = {"md_quality_write", "md_recall_internal", "md_maintenance_done", "md_return_disposition",
              "md_rejected_units", "md_review_rebuild", "md_acknowledged_by", "md_signing", "md_workflow",
              "md_signature_create", "md_quality_relocation", "md_override_reason", "md_override_record"}
KEY_PATTERN = re.compile(r"""context\.get\(\s*["'](md_\w+)["']|with_context\([^)]*?\b(md_\w+)\s*=""")
# Fields that say who did something or when, or what state a record is in: written by actions only.
WHO_WHEN = re.compile(r"^(state|stage|md_quality_state|md_signed|md_corrected|md_correction_of|"
                      r"md_correction_reason|.+_by|.+_by_id|.+_on)$")
# Refusals that prove a lock: no right to do it at all, or a lock of the suite.
REFUSALS = ("odoo.exceptions.AccessError", "odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
SAMPLE = 1  # records attacked per model and state (signed ones too)


def context_keys():
    keys = set(KNOWN_KEYS)
    addons = Path(__file__).resolve().parents[2]
    for path in addons.glob("medical_device_*/**/*.py"):
        if "tests" not in path.parts:
            for match in KEY_PATTERN.finditer(path.read_text(encoding="utf-8")):
                keys.add(match.group(1) or match.group(2))
    return sorted(keys)


@tagged("post_install", "-at_install")
class TestRpcForgery(RpcCallMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {role: new_test_user(cls.env, f"md_forger_{role}", password=f"md_forger_{role}_pw",
                                         groups=f"base.group_user,{group}")
                     for role, group in ROLES.items()}
        # The one whose name a forger would put in a "done by" field: nobody attacking is that person.
        cls.victim = new_test_user(cls.env, "md_forger_victim", groups="base.group_user")
        cls.keys = context_keys()
        cls.forged_context = {key: True for key in cls.keys}

    # RPC -----------------------------------------------------------------------------


    # What to attack ----------------------------------------------------------------------

    def _frozen_models(self):
        """Models none of whose stored fields a client may change once a record exists."""
        return set(self.env["md.evidence.mixin"]._inherit_children) | self._created_by_hand()

    def _created_by_hand(self):
        """Append-only models whose records people also create by hand (``_md_append_only_by_hand``, e.g.
        readings): only changes to them are tried."""
        return {name for name, model in self.env.registry.items()
                if getattr(model, "_md_append_only_by_hand", False)}

    def _regulated_models(self):
        """{model name: ([always locked fields], [fields locked once signed])} of every installed model with
        regulated fields."""
        found = {}
        frozen_models = self._frozen_models()
        for name in sorted(self.env.registry):
            Model = self.env[name]
            if Model._abstract or Model._transient or not Model._auto:
                continue
            ours = name.startswith("md.") or any(fname.startswith("md_") for fname in Model._fields)
            if not ours:
                continue
            names = set(getattr(Model, "_md_workflow_fields", ()) or ())
            for fname, field in Model._fields.items():
                if not field.store or field.compute or field.related or fname in ("create_uid", "write_uid") \
                        or field.type not in ("selection", "many2one", "boolean", "date", "datetime", "char",
                                              "text", "reference", "integer", "float"):
                    continue
                if name in frozen_models or (
                        (fname.startswith("md_") or name.startswith("md.")) and WHO_WHEN.match(fname)):
                    names.add(fname)
            signed = set(getattr(Model, "_md_signed_fields", ()) or ()) - names
            signed = {fname for fname in signed if not Model._fields[fname].type.endswith("2many")}
            if names or signed:
                found[name] = (sorted(names), sorted(signed))
        return found

    def _forged_value(self, record, field, current):
        """A value the field may take that it does not have now."""
        if field.type == "selection":
            values = [value for value, _label in field._description_selection(self.env) if value != current]
            return values[-1] if values else None
        if field.type == "many2one":
            if field.comodel_name == "res.users":
                return self.victim.id if current != self.victim.id else self.env.ref("base.user_admin").id
            other = self.env[field.comodel_name].sudo().search([("id", "!=", current or 0)], limit=1)
            return other.id or None
        if field.type == "boolean":
            return not current
        if field.type == "date":
            return "2020-01-01"
        if field.type == "datetime":
            return "2020-01-01 00:00:00"
        if field.type in ("char", "text"):
            return "forged"
        if field.type == "reference":
            return f"{record._name},{record.id}"
        return None

    def _initial_state(self, Model, name):
        """The state a record starts in: its default, or the first of the selection."""
        selection = Model._fields[name]._description_selection(self.env)
        return Model.default_get([name]).get(name) or (selection[0][0] if selection else False)

    def _targets(self, model):
        """A few records of each state (signed ones first): the ones a forger would aim at."""
        Model = self.env[model].sudo().with_context(active_test=False)
        domain = [("md_signed", "=", True)] if "md_signed" in Model._fields else []
        records = Model.search(domain, limit=SAMPLE, order="id desc") if domain else Model.browse()
        state = next((n for n in ("state", "stage", "md_quality_state") if n in Model._fields), None)
        if state:
            for value, _label in Model._fields[state]._description_selection(self.env):
                records |= Model.search([(state, "=", value)], limit=SAMPLE, order="id desc")
        return records or Model.search([], limit=SAMPLE, order="id desc")

    def _snapshot(self, plan):
        self.env.invalidate_all()
        state = {}
        for model, (names, signed) in plan.items():
            Model = self.env[model].sudo().with_context(active_test=False)
            rows = Model.search_read([], names + signed + ["write_date"], order="id")
            state[model] = {row["id"]: row for row in rows}
        state["md.signature"] = self.env["md.signature"].sudo().search_count([])
        return state

    # The test -----------------------------------------------------------------------------

    @mute_logger("odoo.http")
    def test_no_forgery_through_rpc(self):
        plan = self._regulated_models()
        # Signatures and the lot quality status are among what is attacked.
        self.assertIn("meaning", plan["md.signature"][0])
        if "md_quality_state" in self.env["stock.lot"]._fields:
            self.assertIn("md_quality_state", plan["stock.lot"][0])
        before = self._snapshot(plan)
        by_hand = self._created_by_hand()
        targets = {model: self._targets(model) for model in plan}
        # As a client sends them: dates and times in Odoo's string format (no microseconds).
        templates = {model: {k: fields.Datetime.to_string(v) if isinstance(v, datetime)
                             else fields.Date.to_string(v) if isinstance(v, date) else v
                             for k, v in records[:1].copy_data()[0].items()
                             if not records._fields[k].type.endswith("2many")}
                     for model, records in targets.items() if records}
        attempts, forged, kinds, by_role_model = 0, [], Counter(), {}

        def expect_refused(what, result, created=None):
            """``created``: (model, field, value) of a create, accepted only if it did not take the value."""
            nonlocal attempts
            attempts += 1
            ok, error, message = result
            if ok and created:
                model, name, value = created
                self.env.invalidate_all()
                record = self.env[model].sudo().browse(error)
                stored = record[name]
                stored = stored.id if record._fields[name].type == "many2one" else stored
                if isinstance(stored, date):
                    stored = fields.Date.to_string(stored) if not isinstance(stored, datetime) \
                        else fields.Datetime.to_string(stored)
                if str(stored) != str(value) and not str(value).startswith(f"{stored} "):
                    kinds["value ignored"] += 1
                    return
            if ok or error not in REFUSALS:
                forged.append(f"{what}: {'accepted' if ok else f'{error}: {message}'}")
            kinds[error if not ok else "accepted"] += 1

        private_calls = 0
        roles = list(self.users)
        for role, user in self.users.items():
            self.authenticate(user.login, f"md_forger_{role}_pw")
            index, rotation = roles.index(role), 0

            def my_turn(turn, index=index):
                return turn % len(roles) in (index, (index + len(roles) // 2) % len(roles))

            for model, (names, signed) in plan.items():
                attempts_before = attempts
                Model = self.env[model]
                self.env.invalidate_all()
                records = targets[model].exists()
                if records != targets[model]:
                    forged.append(f"{model} {(targets[model] - records).ids} deleted by an earlier attempt")
                    targets[model] = records
                # Every record, every regulated field, with every internal key set: the strongest attempt. The
                # refusal does not depend on who asks, so each is tried by two roles in turn (every role still
                # tries every model, below): a quarter of the calls for the same coverage of fields.
                for record in records:
                    for name in names + (signed if "md_signed" in record._fields and record.md_signed else []):
                        value = self._forged_value(record, Model._fields[name], record[name].id
                                                   if Model._fields[name].type == "many2one" else record[name])
                        rotation += 1
                        if value is not None and my_turn(rotation):
                            expect_refused(f"{role} writes {model}.{name}={value!r} on {record.id} with keys",
                                           self._call(model, "write", [[record.id], {name: value}],
                                                      context=self.forged_context))
                # The same without any key, on all those records at once.
                for name in names if records else ():
                    value = self._forged_value(records[0], Model._fields[name], False)
                    if value is not None:
                        expect_refused(f"{role} writes {model}.{name}={value!r} on {records.ids}",
                                       self._call(model, "write", [records.ids, {name: value}]))
                # Signed records, and records of the suite past their first state, stay on record.
                for record in records:
                    if ("md_signed" in record._fields and record.md_signed) or (
                            model.startswith("md.") and any(record[n] != self._initial_state(Model, n)
                                                            for n in ("state", "stage")
                                                            if n in record._fields and record._fields[n].store)):
                        expect_refused(f"{role} deletes {model} {record.id}",
                                       self._call(model, "unlink", [[record.id]], context=self.forged_context))
                # Creating a record straight in a final state, from a copy of a real one.
                for name in names if records and model not in by_hand else ():
                    vals = templates[model]
                    value = self._forged_value(records[0], Model._fields[name], vals.get(name))
                    rotation += 1
                    if value is not None and my_turn(rotation):
                        expect_refused(f"{role} creates {model} with {name}={value!r}",
                                       self._call(model, "create", [dict(vals, **{name: value})],
                                                  context=self.forged_context), created=(model, name, value))
                # The private methods that do the work under sudo are not reachable: each is tried by one
                # role in turn (the refusal does not depend on the caller), and every role tries some.
                methods = sorted({attr for cls in type(Model).mro() for attr in vars(cls)
                                  if attr.startswith("_md") and callable(getattr(type(Model), attr, None))})
                for method in methods:
                    private_calls += 1
                    if private_calls % len(self.users) == list(self.users).index(role):
                        expect_refused(f"{role} calls {model}.{method}",
                                       self._call(model, method, [records[:1].ids], context=self.forged_context))
                by_role_model[role, model] = attempts - attempts_before

        after = self._snapshot(plan)
        # Rows that existed before must be as they were (new rows whose forged values were ignored may exist).
        changed = [model for model in before if model != "md.signature" and any(
            after[model].get(rid) != row for rid, row in before[model].items())]
        if after["md.signature"] != before["md.signature"]:
            changed.append("md.signature")
        _logger.info("RPC forgery: %s attempts by %s roles on %s models (%s fields); refusals: %s",
                     attempts, len(self.users), len(plan), sum(len(a) + len(b) for a, b in plan.values()),
                     dict(kinds))
        self.assertFalse(forged, f"{len(forged)} of {attempts} forgery attempts were not refused:\n"
                         + "\n".join(sorted(set(forged))[:400]))
        self.assertFalse(changed, f"the database changed: {changed}")
        # Every role attacked every model: a plan that lost its models or roles would prove nothing.
        self.assertTrue(plan)
        attacked = [model for model in plan if targets[model]]
        self.assertGreater(len(attacked), len(plan) / 2)
        self.assertEqual([(role, model) for role in self.users for model in attacked
                          if not by_role_model.get((role, model))], [],
                         "every role attacks every model that has records")


@tagged("post_install", "-at_install")
class TestRpcCompanyIsolation(RpcCallMixin, HttpCase):
    """A user of another company reads none of this company's regulated records through RPC."""

    def test_other_company_reads_nothing(self):
        home = self.env.company
        other = self.env["res.company"].create({"name": "Other Device Distributor Ltd"})
        user = new_test_user(self.env, "md_other_company_qa", password="md_other_company_qa_pw",
                             groups="base.group_user,medical_device_base.group_md_qa_manager,"
                                    "stock.group_stock_manager",
                             company_id=other.id, company_ids=[Command.set(other.ids)])
        self.authenticate(user.login, "md_other_company_qa_pw")
        # A record of the home company to hide even where only this add-on is installed (its demo data
        # shares certificates between companies): a licence of the home company.
        partner = self.env["res.partner"].create({"name": "Home Company Supplier", "is_company": True})
        self.env["md.licence"].create({"partner_id": partner.id, "licence_type": "business", "company_id": home.id,
                                       "name": "91310000HOMECO001", "issue_date": fields.Date.today()})
        models = [name for name in sorted(self.env.registry)
                  if name.startswith("md.") and not self.env[name]._abstract and not self.env[name]._transient
                  and self.env[name]._auto and "company_id" in self.env[name]._fields
                  and self.env[name]._fields["company_id"].store]
        seen = {}
        for model in models:
            theirs = self.env[model].sudo().with_context(active_test=False).search([("company_id", "=", home.id)])
            ok, result, _message = self._call(model, "search_read", [[]], {"fields": ["company_id"]})
            self.assertTrue(ok, f"{model}: {result}")
            leaked = [row["id"] for row in result if row["company_id"] and row["company_id"][0] != other.id]
            self.assertFalse(leaked, f"{model}: records of {home.name} visible to {other.name}: {leaked}")
            if theirs:
                ok, result, _message = self._call(model, "read", [theirs[:3].ids, ["display_name"]])
                self.assertFalse(ok, f"{model}: {home.name}'s records read by a user of {other.name}")
                self.assertEqual(result, "odoo.exceptions.AccessError", model)
            seen[model] = len(theirs)
        # Records of the home company were there to hide, or the check would prove nothing.
        self.assertTrue(sum(seen.values()), f"no record of {home.name} to hide: the check proves nothing")
        _logger.info("Company isolation: %s models checked, %s records of the home company hidden",
                     len(seen), sum(seen.values()))
