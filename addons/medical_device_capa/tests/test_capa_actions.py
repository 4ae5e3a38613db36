from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_capa_closure import CapaFlowCommon

QA_GROUP = "medical_device_base.group_md_qa_manager"


@tagged("post_install", "-at_install")
class TestCapaActions(CapaFlowCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.capa = cls._investigated()
        cls.action = cls.capa.action_ids
        cls.action_type = cls.env.ref("medical_device_capa.mail_activity_md_capa_action")

    def _action_activities(self):
        return self.capa.activity_ids.filtered(lambda a: a.activity_type_id == self.action_type)

    def test_action_schedules_owner_activity(self):
        activity = self.action.activity_id
        self.assertEqual(self._action_activities(), activity)
        self.assertEqual((activity.user_id, activity.date_deadline, activity.summary),
                         (self.engineer, self.today + timedelta(days=10), "Replace the moulding tool"))
        self.assertEqual((activity.res_model, activity.res_id), ("md.capa", self.capa.id))

    def test_done_with_button_needs_result(self):
        action = self.action.with_user(self.engineer)
        with self.assertRaises(UserError) as refusal:
            action.action_done()
        self.assertIn("Replace the moulding tool: write the result", str(refusal.exception))
        self.assertEqual((self.action.state, self.action.done_on), ("open", False))
        self.assertTrue(self.action.activity_id)
        action.write({"result": "Cavity 4 replaced; 200 barrels tested."})
        action.action_done()
        self.assertEqual(self.action.state, "done")
        self.assertTrue(self.action.done_on)
        self.assertFalse(self._action_activities())
        done_message = self.capa.message_ids.filtered(lambda m: m.mail_activity_type_id == self.action_type)
        self.assertEqual(len(done_message), 1)
        self.assertIn("Cavity 4 replaced; 200 barrels tested.", done_message.body)
        with self.assertRaises(UserError):
            action.action_done()

    def test_done_from_the_activity(self):
        activity = self.action.activity_id.with_user(self.engineer)
        with self.assertRaises(UserError) as refusal:
            activity.action_feedback()
        self.assertIn("write the result", str(refusal.exception))
        self.assertEqual(self.action.state, "open")
        self.assertTrue(activity.exists())
        activity.action_feedback(feedback="Tool replaced, first article inspected.")
        self.assertEqual((self.action.state, self.action.result),
                         ("done", "Tool replaced, first article inspected."))
        self.assertTrue(self.action.done_on)
        self.assertFalse(activity.exists())
        self.assertFalse(self._action_activities())

    def test_only_owner_or_qa_complete_and_owner_writes_only_result(self):
        self.action.with_user(self.engineer).write({"result": "Tool replaced."})
        with self.assertRaises(AccessError):
            self.action.with_user(self.picker).action_done()
        with self.assertRaises(AccessError):
            self.action.activity_id.with_user(self.picker).action_feedback(feedback="Done by someone else.")
        with self.assertRaises(AccessError):
            self.action.with_user(self.picker).write({"result": "Not mine."})
        with self.assertRaises(AccessError):
            self.action.with_user(self.engineer).write({"date_deadline": self.today + timedelta(days=90)})
        for values in ({"state": "done"}, {"done_on": "2020-01-01 00:00:00"}, {"activity_id": False}):
            with self.assertRaises(UserError):
                self.action.with_user(self.qa_user).write(values)
        with self.assertRaises(AccessError):
            self.action.with_user(self.engineer).action_cancel()
        self.assertEqual((self.action.state, self.action.result), ("open", "Tool replaced."))
        self.assertEqual(self.action.date_deadline, self.today + timedelta(days=10))
        # QA may complete anybody's action.
        self.action.with_user(self.qa_user).action_done()
        self.assertEqual(self.action.state, "done")
        with self.assertRaises(UserError):
            self.action.with_user(self.qa_user).write({"name": "Renamed after the fact"})
        with self.assertRaises(UserError):
            self.action.with_user(self.qa_user).unlink()
        with self.assertRaises(UserError):
            self.action.with_user(self.qa_user).action_cancel()

    def test_actions_start_open_on_their_capa(self):
        Action = self.env["md.capa.action"].with_user(self.qa_user)
        values = {"capa_id": self.capa.id, "name": "Backdated", "user_id": self.engineer.id,
                  "date_deadline": self.today}
        for extra in ({"state": "done"}, {"done_on": "2026-01-01 00:00:00"}):
            with self.assertRaisesRegex(UserError, "of CAPA Action change only through its buttons"):
                Action.create(dict(values, **extra))
        other = self._capa(title="Another problem")
        with self.assertRaisesRegex(UserError, "An action stays on the CAPA it was planned for"):
            self.action.with_user(self.qa_user).write({"capa_id": other.id})
        self.assertEqual(self.capa.action_ids, self.action)
        self.assertFalse(other.action_ids)

    def test_new_owner_or_due_date_moves_the_activity(self):
        activity = self.action.activity_id
        self.capa.write({"action_ids": [Command.update(self.action.id, {
            "user_id": self.picker.id, "date_deadline": self.today + timedelta(days=20)})]})
        self.assertEqual(self._action_activities(), activity)
        self.assertEqual((activity.user_id, activity.date_deadline), (self.picker, self.today + timedelta(days=20)))
        self.action.name = "Replace the moulding tool and its cooling"
        self.assertEqual(activity.summary, "Replace the moulding tool and its cooling")

    def test_cancel_and_delete_remove_the_activity(self):
        second = self._add_action(self.capa, name="Tighten incoming inspection")
        self.assertEqual(len(self._action_activities()), 2)
        self.action.action_cancel()
        self.assertEqual(self.action.state, "cancel")
        self.assertEqual(self._action_activities(), second.activity_id)
        self.assertIn("Action cancelled: Replace the moulding tool", self.capa.message_ids[0].body)
        second.unlink()
        self.assertFalse(self._action_activities())


@tagged("post_install", "-at_install")
class TestCapaEscalation(CapaFlowCommon):

    def setUp(self):
        super().setUp()
        self.overdue_type = self.env.ref("medical_device_capa.mail_activity_md_capa_overdue")
        self.company.md_capa_escalation_days = 2
        self.company.md_qa_responsible_id = self.qa_user

    def _overdue_activities(self, capas):
        return self.env["mail.activity"].search([
            ("res_model", "=", "md.capa"), ("res_id", "in", capas.ids),
            ("activity_type_id", "=", self.overdue_type.id)])

    def _notifications(self, user):
        return self.env["mail.message"].search([
            ("message_type", "=", "user_notification"), ("partner_ids", "in", user.partner_id.ids)])

    def _late(self, days, **values):
        return self._capa(date_deadline=self.today - timedelta(days=days), **values)

    def test_one_activity_per_overdue_capa(self):
        late, grace, on_time = self._late(3), self._late(2), self._capa()
        closed = self._effective()
        closed._md_sign("closed")
        closed.sudo().write({"date_deadline": self.today - timedelta(days=30)})
        cancelled = self._late(10)
        cancelled.action_cancel("Merged into another CAPA on the same tool.")
        Capa = self.env["md.capa"]
        notifications = self._notifications(self.qa_user)
        Capa._cron_md_capa_escalate()
        Capa._cron_md_capa_escalate()
        activities = self._overdue_activities(late | grace | on_time | closed | cancelled)
        self.assertEqual(len(activities), 1)
        self.assertEqual((activities.res_id, activities.user_id), (late.id, self.qa_user))
        self.assertTrue(activities.automated)
        # The activity menu shows it; no "assigned to you" message per CAPA is queued on top.
        self.assertEqual(self._notifications(self.qa_user), notifications)
        # Once done, QA is not told again while the CAPA stays open.
        activities.with_user(self.qa_user).action_feedback(feedback="Chased the owner.")
        Capa._cron_md_capa_escalate()
        self.assertFalse(self._overdue_activities(late))

    def test_escalation_goes_to_first_qa_manager_else_responsible(self):
        self.company.md_qa_responsible_id = False
        group = self.env.ref(QA_GROUP)
        group.users = [Command.unlink(user.id) for user in group.users - self.qa_user]
        with_qa, without_qa = self._late(5), self._capa(user_id=self.engineer.id)
        self.env["md.capa"]._cron_md_capa_escalate()
        self.assertEqual(self._overdue_activities(with_qa).user_id, self.qa_user)
        self.assertFalse(self._overdue_activities(without_qa))
        group.users = [Command.unlink(self.qa_user.id)]
        without_qa.sudo().date_deadline = self.today - timedelta(days=5)
        self.env["md.capa"]._cron_md_capa_escalate()
        self.assertEqual(self._overdue_activities(without_qa).user_id, self.engineer)
        self.assertEqual(len(self._overdue_activities(with_qa)), 1)
