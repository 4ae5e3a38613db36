import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CapaCommon

ROOT_CAUSE = "Worn cavity 4 of the moulding tool leaves stress points in the barrel wall."


class CapaFlowCommon(CapaCommon):
    """CAPAs brought to each stage by the QA manager, with an action owned by the engineer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["md.capa"])

    @classmethod
    def _capa(cls, **values):
        return cls.env["md.capa"].with_user(cls.qa_user).create(dict({
            "title": "Cracked syringe barrels",
            "description": "Barrels crack when the plunger is pushed hard.",
            "product_id": cls.syringe.id,
            "partner_id": cls.supplier.id,
            "severity": "4",
            "occurrence": "3",
            "user_id": cls.qa_user.id,
            "date_deadline": cls.today + timedelta(days=30),
        }, **values))

    @classmethod
    def _add_action(cls, capa, name="Replace the moulding tool", user=None, days=10):
        capa.write({"action_ids": [Command.create({
            "name": name, "user_id": (user or cls.engineer).id,
            "date_deadline": cls.today + timedelta(days=days)})]})
        return capa.action_ids.filtered(lambda a: a.name == name)

    @classmethod
    def _investigated(cls, capa=None):
        capa = capa or cls._capa()
        capa.action_start_investigation()
        capa.write({"investigation": "Retained samples and the moulding records of lots 1-3 examined.",
                    "root_cause_method": "5why", "root_cause": ROOT_CAUSE})
        cls._add_action(capa)
        return capa

    def _done(self, action, result="Cavity 4 replaced; 200 barrels tested, none cracked."):
        action.with_user(action.user_id).write({"result": result})
        action.with_user(action.user_id).action_done()

    def _at_effectiveness(self):
        capa = self._investigated()
        capa.action_start_actions()
        self._done(capa.action_ids)
        capa.write({"effectiveness_date": self.today + timedelta(days=60),
                    "effectiveness_criteria": "No cracked barrel in the next three receipts."})
        capa.action_check_effectiveness()
        return capa

    def _effective(self):
        capa = self._at_effectiveness()
        capa.write({"effectiveness_result": "effective",
                    "effectiveness_notes": "Three receipts, 600 units inspected, none cracked."})
        return capa

    def _signatures(self, capa):
        return self.env["md.signature"].sudo().search([("res_model", "=", "md.capa"), ("res_id", "=", capa.id)])


@tagged("post_install", "-at_install")
class TestCapaClosure(CapaFlowCommon):

    def test_sequence_and_risk(self):
        first, second = self._capa(), self._capa(severity="1", occurrence="5")
        prefix = f"CAPA/{self.today.year}/"
        self.assertTrue(first.name.startswith(prefix) and second.name.startswith(prefix), first.name)
        self.assertNotEqual(first.name, second.name)
        self.assertEqual((first.risk_score, first.risk_level), (12, "high"))
        self.assertEqual((second.risk_score, second.risk_level), (5, "medium"))
        for severity, occurrence, score, level in [("2", "2", 4, "low"), ("2", "5", 10, "medium"),
                                                   ("3", "4", 12, "high"), ("5", "5", 25, "high"),
                                                   ("1", "1", 1, "low"), ("1", "4", 4, "low")]:
            first.write({"severity": severity, "occurrence": occurrence})
            self.assertEqual((first.risk_score, first.risk_level), (score, level))

    def test_happy_path_to_signed_closure(self):
        capa = self._capa()
        self.assertEqual(capa.stage, "draft")
        capa.action_start_investigation()
        self.assertEqual(capa.stage, "investigation")
        capa.write({"investigation": "Retained samples examined.", "root_cause_method": "fishbone",
                    "root_cause": ROOT_CAUSE})
        action = self._add_action(capa)
        capa.action_start_actions()
        self.assertEqual(capa.stage, "action")
        self._done(action)
        capa.write({"effectiveness_date": self.today, "effectiveness_criteria": "No crack in three receipts."})
        capa.action_check_effectiveness()
        self.assertEqual((capa.stage, capa.effectiveness_result), ("effectiveness", "pending"))
        capa.write({"effectiveness_result": "effective", "effectiveness_notes": "600 units, none cracked.",
                    "date_deadline": self.today - timedelta(days=1)})
        self.env["md.capa"]._cron_md_capa_escalate()
        overdue_type = self.env.ref("medical_device_capa.mail_activity_md_capa_overdue")
        self.assertEqual(capa.activity_ids.activity_type_id, overdue_type)
        wizard = capa.action_close()
        self.assertEqual((wizard["res_model"], wizard["context"]["default_meaning"]),
                         ("md.signature.wizard", "closed"))
        self.assertEqual(capa.stage, "effectiveness", "Opening the password prompt closes nothing.")
        signature = capa._md_sign("closed")
        self.assertEqual(capa.stage, "closed")
        self.assertTrue(capa.md_signed)
        self.assertEqual(capa.closed_by, self.qa_user)
        self.assertEqual(capa.closed_on, signature.signed_at)
        self.assertEqual(self._signatures(capa), signature)
        self.assertEqual((signature.meaning, signature.signer_id), ("closed", self.qa_user))
        # The signature covers the actions, results included.
        content = json.loads(signature.content)
        self.assertEqual([(a["name"], a["state"], a["result"]) for a in content["action_ids"]],
                         [(action.name, "done", action.result)])
        self.assertFalse([p for p in self.env["md.signature"].sudo().verify() if p["signature"] == signature])
        # Closing marks what was still to do on the CAPA done.
        self.assertFalse(capa.activity_ids)
        self.assertTrue(capa.message_ids.filtered(lambda m: m.mail_activity_type_id == overdue_type))
        self.assertIn(self.qa_user.name, capa.md_signature_manifest)

    def test_stage_gates_refuse_and_write_nothing(self):
        capa = self._capa(user_id=False, description=" ")
        with self.assertRaises(UserError) as refusal:
            capa.action_start_investigation()
        self.assertIn("Describe the problem.", str(refusal.exception))
        self.assertIn("Name the person responsible.", str(refusal.exception))
        with self.assertRaises(UserError) as refusal:
            capa.action_check_effectiveness()
        self.assertIn("it enters Effectiveness Check only from Action", str(refusal.exception))
        self.assertEqual(capa.stage, "draft")
        capa.write({"user_id": self.qa_user.id, "description": "Barrels crack."})
        capa.action_start_investigation()
        with self.assertRaises(UserError) as refusal:
            capa.action_start_actions()
        for fragment in ("Write up the investigation.", "Choose the root cause method.",
                         "Record the root cause findings.", "Plan at least one action"):
            self.assertIn(fragment, str(refusal.exception))
        self.assertEqual(capa.stage, "investigation")
        capa.write({"investigation": "Samples examined.", "root_cause_method": "5why", "root_cause": ROOT_CAUSE})
        action = self._add_action(capa)
        action.action_cancel()
        with self.assertRaises(UserError) as refusal:
            capa.action_start_actions()
        self.assertIn("Plan at least one action", str(refusal.exception))
        action = self._add_action(capa, name="Inspect every barrel")
        capa.action_start_actions()
        capa.write({"effectiveness_result": "effective"})
        with self.assertRaises(UserError) as refusal:
            capa.action_check_effectiveness()
        for fragment in ("1 action(s) still open: Inspect every barrel.", "At least one action must be done.",
                         "Set the date of the effectiveness check.", "State the effectiveness criteria."):
            self.assertIn(fragment, str(refusal.exception))
        self.assertEqual((capa.stage, capa.effectiveness_result), ("action", "effective"))

    def test_closure_refused_with_open_action(self):
        capa = self._effective()
        late = self._add_action(capa, name="Train the receiving inspectors")
        with self.assertRaises(UserError) as refusal:
            capa.action_close()
        self.assertIn("1 action(s) still open: Train the receiving inspectors.", str(refusal.exception))
        with self.assertRaises(UserError):
            capa._md_sign("closed")
        self.assertEqual((capa.stage, capa.md_signed, late.state), ("effectiveness", False, "open"))
        self.assertFalse(self._signatures(capa))

    def test_closure_refused_while_effectiveness_pending(self):
        capa = self._at_effectiveness()
        with self.assertRaises(UserError) as refusal:
            capa._md_sign("closed")
        self.assertIn("Record the result of the effectiveness check.", str(refusal.exception))
        self.assertEqual((capa.stage, capa.md_signed), ("effectiveness", False))
        self.assertFalse(self._signatures(capa))

    def test_failed_effectiveness_goes_back_to_action(self):
        capa = self._at_effectiveness()
        capa.write({"effectiveness_result": "not_effective", "effectiveness_notes": "Two cracked in lot 4."})
        with self.assertRaises(UserError) as refusal:
            capa._md_sign("closed")
        self.assertIn("The effectiveness check failed", str(refusal.exception))
        capa.write({"effectiveness_notes": "short"})
        with self.assertRaises(UserError) as refusal:
            capa.action_effectiveness_failed()
        self.assertIn("Record the evidence that the actions were not effective", str(refusal.exception))
        self.assertEqual(capa.stage, "effectiveness")
        capa.write({"effectiveness_notes": "Two cracked barrels found in the second receipt."})
        capa.action_effectiveness_failed()
        self.assertEqual((capa.stage, capa.effectiveness_result), ("action", "not_effective"))
        self.assertIn("Effectiveness check failed: Two cracked barrels found in the second receipt.",
                      capa.message_ids[0].body)
        with self.assertRaises(UserError) as refusal:
            capa._md_sign("closed")
        self.assertIn("only a CAPA at the effectiveness check can be closed", str(refusal.exception))
        self.assertIn("The effectiveness check failed", str(refusal.exception))
        self.assertFalse(self._signatures(capa))
        # New actions, a new check: the verdict starts over.
        self._done(self._add_action(capa, name="Change the barrel resin"))
        capa.action_check_effectiveness()
        self.assertEqual((capa.stage, capa.effectiveness_result), ("effectiveness", "pending"))

    def test_only_qa_closes_and_advances(self):
        capa = self._effective()
        for user in (self.engineer, self.inspector):
            with self.assertRaises(AccessError):
                capa.with_user(user).action_close()
            with self.assertRaises(AccessError):
                capa.with_user(user)._md_sign("closed")
        draft = self._capa()
        with self.assertRaises(AccessError):
            draft.with_user(self.engineer).action_start_investigation()
        with self.assertRaises(AccessError):
            draft.with_user(self.engineer).action_cancel("Raised twice for the same problem.")
        with self.assertRaises(AccessError):
            self.env["md.capa"].with_user(self.engineer).create({"title": "x", "description": "y"})
        self.assertEqual((capa.stage, draft.stage), ("effectiveness", "draft"))
        self.assertFalse(self._signatures(capa))

    def test_stage_only_through_buttons(self):
        capa = self._effective()
        for env_capa in (capa, capa.sudo()):
            for values in ({"stage": "closed"}, {"stage": "draft"}, {"closed_by": self.qa_user.id}):
                with self.assertRaises(UserError) as refusal:
                    env_capa.write(values)
                self.assertIn("of CAPA change only through its buttons", str(refusal.exception))
        with self.assertRaisesRegex(UserError, "Stage of CAPA change only through its buttons"):
            self.env["md.capa"].with_user(self.qa_user).create(
                {"title": "x", "description": "y", "stage": "closed"})
        # Only drafts go; the others are cancelled with a reason and stay on record.
        with self.assertRaisesRegex(UserError, "Only draft CAPAs can be deleted"):
            capa.unlink()
        investigated = self._investigated()
        investigated.effectiveness_notes = "Cracks again in the next receipt."
        with self.assertRaisesRegex(UserError, "It is not at the effectiveness check"):
            investigated.action_effectiveness_failed()
        self.assertEqual((investigated.stage, investigated.effectiveness_result), ("investigation", "pending"))
        self.assertEqual((capa.stage, capa.closed_by, capa.md_signed), ("effectiveness", self.env["res.users"], False))
        copy = capa.copy()
        self.assertEqual((copy.stage, copy.effectiveness_result), ("draft", "pending"))
        self.assertNotEqual(copy.name, capa.name)

    def test_closed_capa_and_its_actions_are_frozen(self):
        capa = self._effective()
        capa._md_sign("closed")
        action = capa.action_ids
        with self.assertRaises(UserError) as refusal:
            action.write({"result": "Rewritten after closure"})
        self.assertIn("closed or cancelled: its actions can no longer be added", str(refusal.exception))
        with self.assertRaises(UserError):
            self._add_action(capa, name="One more thing")
        with self.assertRaises(UserError):
            self.env["md.capa.action"].with_user(self.qa_user).create({
                "capa_id": capa.id, "name": "Late", "user_id": self.engineer.id, "date_deadline": self.today})
        with self.assertRaises(UserError):
            action.unlink()
        with self.assertRaises(UserError):
            capa.write({"root_cause": "Something else"})
        with self.assertRaises(UserError) as refusal:
            capa.action_cancel("Closed by mistake, cancel it.")
        self.assertIn("It is already Closed.", str(refusal.exception))
        self.assertEqual((capa.stage, action.result, len(capa.action_ids)),
                         ("closed", "Cavity 4 replaced; 200 barrels tested, none cracked.", 1))
        self.assertEqual(capa.root_cause, ROOT_CAUSE)

    def test_cancel_needs_reason_and_cancels_open_actions(self):
        capa = self._investigated()
        action = capa.action_ids
        activity = action.activity_id
        with self.assertRaises(UserError) as refusal:
            capa.action_cancel()
        self.assertIn("Give the reason for the cancellation", str(refusal.exception))
        self.assertEqual((capa.stage, action.state), ("investigation", "open"))
        self.assertTrue(activity.exists())
        capa.action_cancel("Duplicate of an earlier CAPA on the same tool.")
        self.assertEqual((capa.stage, action.state, capa.cancel_reason),
                         ("cancel", "cancel", "Duplicate of an earlier CAPA on the same tool."))
        self.assertFalse(activity.exists())
        self.assertIn("Cancelled: Duplicate of an earlier CAPA on the same tool.", capa.message_ids[0].body)
        with self.assertRaises(UserError):
            self._add_action(capa, name="After cancel")

    def test_capa_record_report(self):
        capa = self._effective()
        def render():
            return self.env["ir.actions.report"]._render_qweb_html(
                "medical_device_capa.report_md_capa", capa.ids)[0].decode()

        html = render()
        self.assertIn("Not signed", html)
        self.assertIn(capa.name, html)
        capa._md_sign("closed")
        html = render()
        for text in (ROOT_CAUSE, self.qa_user.name, "Replace the moulding tool",
                     "Cavity 4 replaced; 200 barrels tested, none cracked.",
                     "No cracked barrel in the next three receipts."):
            self.assertIn(text, html)
        self.assertNotIn("Not signed", html)


@tagged("post_install", "-at_install")
class TestCapaClosurePrompt(CapaFlowCommon):
    """Closing through the password prompt users see: the wrong password signs and closes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The refusal is traced through a second cursor; test mode lets it see the test records.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def _prompt(self, capa, password):
        action = capa.action_close()
        return self.env[action["res_model"]].with_user(self.qa_user).with_context(**action["context"]).create(
            {"password": password})

    def test_wrong_password_then_right_one(self):
        capa = self._effective()
        with self.assertLogs("odoo.addons.medical_device_base.wizards.md_signature_wizard", "WARNING"), \
                self.assertRaisesRegex(UserError, "Wrong password"):
            self._prompt(capa, "not-my-password").action_sign()
        self.assertEqual((capa.stage, capa.md_signed), ("effectiveness", False))
        self.assertFalse(self._signatures(capa))
        self._prompt(capa, "md_qaxxx").action_sign()
        self.assertEqual((capa.stage, capa.closed_by), ("closed", self.qa_user))
        self.assertEqual(self._signatures(capa).meaning, "closed")
