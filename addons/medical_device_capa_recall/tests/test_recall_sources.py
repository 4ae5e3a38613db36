from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.medical_device_capa.tests.common import CapaCommon
from odoo.addons.medical_device_recall.tests.common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallSources(CapaCommon, RecallCommon):
    """Nonconformances and CAPAs opened from a started recall, never from a draft or cancelled one."""

    def test_recall(self):
        lot = self._supplied_lot("RCL-NC-1", 10)
        draft = self._recall(lot_ids=[Command.set(lot.ids)])
        self._assert_refused(draft, f"{draft.name} has not started", nc_user=self.coordinator)
        recall = self._started(lot_ids=[Command.set(lot.ids)])
        self.assertEqual(lot.md_quality_state, "recalled")
        nc, capa = self._assert_opened(recall, {
            "title": f"Recall {recall.name}: Test recall",
            "product_id": self.syringe.id, "lot_ids": lot.ids, "partner_id": self.supplier.id, "quantity": 0.0,
        }, nc_user=self.coordinator)
        for text in (f"{recall.name} (Level II, Manufacturer Notice): Balloon may not deflate",
                     "Hazard: Possible vessel injury", "Lots in scope: RCL-NC-1"):
            self.assertIn(text, nc.description)
        self.assertEqual(capa.description, nc.description)
        # The draft got nothing.
        self.assertEqual((draft.md_nonconformance_count, draft.md_capa_count), (0, 0))

    def test_cancelled_recall_refused(self):
        recall = self._recall(product_ids=[Command.set(self.syringe.ids)])
        recall.with_user(self.coordinator).action_cancel()
        self._assert_refused(recall, f"{recall.name} is cancelled.", nc_user=self.coordinator)

    def test_recall_source_rules_hold_whatever_the_form_sends(self):
        recall = self._recall(lot_ids=[Command.set(self._supplied_lot("INT-CAPA", 5).ids)])
        counts = (self.env["md.nonconformance"].search_count([]), self.env["md.capa"].search_count([]))
        # A draft recall is not a source, however the reference is given.
        with self.assertRaisesRegex(UserError, "has not started"):
            self.env["md.nonconformance"].with_user(self.engineer).create({
                "title": "From recall", "description": "x", "source_ref": f"md.recall,{recall.id}"})
        with self.assertRaisesRegex(UserError, "has not started"):
            self.env["md.capa"].with_user(self.qa_user).with_context(
                default_source_ref=f"md.recall,{recall.id}").create({"title": "From recall", "description": "x"})
        self.assertEqual((self.env["md.nonconformance"].search_count([]), self.env["md.capa"].search_count([])),
                         counts)
        # Nor is a source given or changed afterwards.
        capa = self.env["md.capa"].with_user(self.qa_user).create({"title": "Plain", "description": "x"})
        with self.assertRaisesRegex(UserError, "source of .* is on record"):
            capa.with_user(self.qa_user).write({"source_ref": f"md.recall,{recall.id}"})
        self.assertFalse(capa.source_ref)
