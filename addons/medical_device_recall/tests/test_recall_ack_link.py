from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallAckLink(RecallCommon, HttpCase):
    """The consignee confirms quantities through the link of its e-mail: once, with valid figures only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_a = cls._supplied_lot("RL-A", 30)
        cls.lot_b = cls._supplied_lot("RL-B", 20)
        cls._deliver({cls.lot_a: 10, cls.lot_b: 4}, partner=cls.hospital)
        cls._deliver({cls.lot_b: 3}, partner=cls.hospital_2)
        cls.recall = cls._started(lot_ids=[Command.set((cls.lot_a | cls.lot_b).ids)])
        cls.notice = cls.recall.notice_ids.filtered(lambda n: n.partner_id == cls.hospital)
        cls.notice.with_user(cls.coordinator).action_send()
        cls.token = cls.notice._md_new_token()
        cls.line_a = cls.notice.line_ids.filtered(lambda l: l.lot_id == cls.lot_a)
        cls.line_b = cls.notice.line_ids.filtered(lambda l: l.lot_id == cls.lot_b)

    def _url(self, token=None):
        return f"/md/recall/ack/{token or self.token}"

    def _get(self, token=None):
        self.env.flush_all()
        response = self.url_open(self._url(token))
        self.env.invalidate_all()
        return response

    def _post(self, data, token=None):
        self.env.flush_all()
        response = self.url_open(self._url(token), data=data)
        self.env.invalidate_all()
        return response

    def _form(self, a=(6, 2), b=(0, 4), name="Dr. Wang, device department", note="Ward stock counted"):
        return {f"on_hand_{self.line_a.id}": a[0], f"returned_{self.line_a.id}": a[1],
                f"on_hand_{self.line_b.id}": b[0], f"returned_{self.line_b.id}": b[1],
                "name": name, "note": note}

    def _assert_untouched(self):
        self.assertEqual(self.notice.state, "sent")
        self.assertFalse(self.notice.acknowledged_on or self.notice.acknowledged_by or self.notice.acknowledged_via)
        self.assertEqual(self.notice.line_ids.mapped("qty_on_hand"), [0.0, 0.0])
        self.assertEqual(self.notice.line_ids.mapped("qty_returned"), [0.0, 0.0])
        self.assertEqual(self.recall.acknowledged_count, 0)

    def test_form_shows_the_lots(self):
        response = self._get()
        self.assertEqual(response.status_code, 200)
        self.assertIn("RL-A", response.text)
        self.assertIn("RL-B", response.text)
        self.assertIn(self.recall.name, response.text)
        self.assertIn(f'name="on_hand_{self.line_a.id}"', response.text)

    def test_acknowledge_through_link(self):
        messages = len(self.recall.message_ids)
        response = self._post(self._form())
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_md_ack_done", response.text)
        self.assertEqual(self.notice.state, "acknowledged")
        self.assertEqual((self.notice.acknowledged_by, self.notice.acknowledged_via, self.notice.acknowledgement_note),
                         ("Dr. Wang, device department", "link", "Ward stock counted"))
        self.assertTrue(self.notice.acknowledged_on)
        self.assertEqual((self.line_a.qty_on_hand, self.line_a.qty_returned, self.line_a.qty_used), (6, 2, 2))
        self.assertEqual((self.line_b.qty_on_hand, self.line_b.qty_returned, self.line_b.qty_used), (0, 4, 0))
        self.assertEqual((self.recall.acknowledged_count, self.recall.acknowledged_rate), (1, 50.0))
        self.assertEqual(len(self.recall.message_ids), messages + 1)
        log = self.recall.message_ids[0].body
        self.assertIn("Test Hospital acknowledged the notice (Dr. Wang, device department)", log)
        self.assertIn("RL-A on hand 6.0, returned 2.0", log)

    def test_wrong_token_refused(self):
        wrong = self.token[:-4] + ("AAAA" if not self.token.endswith("AAAA") else "BBBB")
        response = self._get(wrong)
        self.assertEqual(response.status_code, 404)
        self.assertIn("This link is not valid or can no longer be used.", response.text)
        self.assertNotIn("RL-A", response.text)
        response = self._post(self._form(), token=wrong)
        self.assertEqual(response.status_code, 404)
        self._assert_untouched()

    def test_old_link_refused_after_resend(self):
        self.notice.with_user(self.coordinator).action_send()
        response = self._post(self._form())
        self.assertEqual(response.status_code, 404)
        self._assert_untouched()

    def test_used_token_refused(self):
        self.assertEqual(self._post(self._form()).status_code, 200)
        acknowledged_on = self.notice.acknowledged_on
        messages = len(self.recall.message_ids)
        response = self._get()
        # The same answer as for a wrong token: nothing tells that a notice is behind it.
        self.assertEqual(response.status_code, 404)
        self.assertIn("This link is not valid or can no longer be used.", response.text)
        self.assertNotIn("<form", response.text)
        response = self._post(self._form(a=(1, 1), b=(1, 1), name="Somebody else"))
        self.assertEqual(response.status_code, 404)
        self.assertEqual((self.notice.acknowledged_by, self.notice.acknowledged_on),
                         ("Dr. Wang, device department", acknowledged_on))
        self.assertEqual((self.line_a.qty_on_hand, self.line_a.qty_returned), (6, 2))
        self.assertEqual(len(self.recall.message_ids), messages)

    def test_invalid_input_refused(self):
        cases = [
            (self._form(a=(-1, 2)), "RL-A: quantities cannot be negative."),
            (self._form(b=("two", 1)), "RL-B: quantities must be numbers."),
            (self._form(a=(8, 3)), "RL-A: 11.0 on hand and returned, but only 10.0 were delivered to you."),
            (self._form(name="  "), "Give the name of the person confirming."),
            ({k: v for k, v in self._form().items() if k != f"returned_{self.line_b.id}"},
             "RL-B: quantities must be numbers."),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                response = self._post(data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                self.assertIn("<form", response.text, "the consignee can correct and send again")
                self._assert_untouched()
        # The refused attempts did not use the link up.
        response = self._post(self._form())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.notice.state, "acknowledged")

    def test_link_closed_with_its_recall(self):
        self.recall._md_workflow_env().write({"state": "closed"})
        response = self._get()
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("<form", response.text)
        self.assertEqual(self._post(self._form()).status_code, 404)
        self._assert_untouched()
