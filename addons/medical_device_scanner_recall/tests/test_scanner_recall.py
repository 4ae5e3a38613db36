from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin
from odoo.addons.medical_device_recall.tests.common import RecallCommon
from odoo.addons.medical_device_scanner.tests.common import ScannerCommon, ScannerTourCase, label

SYRINGE = "06909999000012"
STENT = "06909999000029"


class ScannerRecallCommon(ScannerCommon, RecallCommon):
    """A started recall whose notice to the hospital has its retrieval transfers waiting for the goods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.back_zone = cls.warehouse.md_returns_location_id
        cls.lot = cls._stock_lot(cls.syringe, "SC-R1", 20)
        cls.not_recalled = cls._stock_lot(cls.syringe, "SC-OK", 20)
        cls.elsewhere = cls._stock_lot(cls.syringe, "SC-R2", 20)
        cls.sn_1 = cls._stock_lot(cls.stent, "SC-SN-1", 1)
        cls.sn_2 = cls._stock_lot(cls.stent, "SC-SN-2", 1)
        cls._deliver({cls.lot: 6, cls.not_recalled: 3})
        cls._deliver({cls.sn_1: 1, cls.sn_2: 1})
        cls._deliver({cls.elsewhere: 2}, partner=cls.hospital_2)
        cls.recall, cls.notice = cls._retrieving(cls.lot | cls.elsewhere | cls.sn_1 | cls.sn_2)

    @classmethod
    def _retrieving(cls, lots, **values):
        """A started recall of ``lots`` and its notice to the hospital, notified, with retrieval transfers."""
        recall = cls._started(lot_ids=[Command.set(lots.ids)], **values)
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == cls.hospital).with_user(cls.coordinator)
        notice.method = "phone"
        notice.action_mark_notified()
        notice.action_create_return()
        return recall, notice.with_env(cls.env)

    def _count(self, code, notice=None, user=None):
        return self._scan("recall", notice or self.notice, code, user=user or self.receiver)

    def _counted(self, notice=None):
        return {line.lot_id.name: line.qty_counted for line in (notice or self.notice).line_ids}


@tagged("post_install", "-at_install")
class TestScannerRecall(ScannerRecallCommon):
    """Recall retrieval: recalled lots in hand counted against the notice, then received as the form does."""

    def test_recalled_lots_counted_and_received(self):
        scanner = self.env["md.scanner"].with_user(self.receiver)
        self.assertIn(self.notice.id, [r["id"] for r in scanner.md_records("recall")])
        self.assertEqual(scanner.md_find("recall", self.notice.picking_ids[:1].name), self.notice.id)
        first = self._count(label(SYRINGE, lot="SC-R1"))
        self.assertTrue(first["ok"], first)
        self.assertEqual(first["message"], "Test Syringe 5 ml SC-R1: 1 of 6 retrieved.")
        for code in (label(SYRINGE, lot="SC-R1") + "(30)5", label(STENT, serial="SC-SN-1"),
                     label(STENT, serial="SC-SN-2")):
            result = self._count(code)
            self.assertTrue(result["ok"], result)
        self.assertEqual(self._counted(), {"SC-R1": 6.0, "SC-SN-1": 1.0, "SC-SN-2": 1.0})
        self.assertEqual(sorted((l["subtitle"], l["qty"], l["expected"], l["state"])
                                for l in result["screen"]["lines"]),
                         [("SC-R1", 6.0, 6.0, "done"), ("SC-SN-1", 1.0, 1.0, "done"), ("SC-SN-2", 1.0, 1.0, "done")])
        pickings = self.notice.picking_ids
        result = scanner.md_action("recall", self.notice.id, "receive")
        self.assertFalse(result["screen"], "nothing is left to receive for the notice")
        self.assertEqual(set(pickings.mapped("state")), {"done"})
        self.assertEqual({l.lot_id.name: l.qty_retrieved for l in self.notice.line_ids},
                         {"SC-R1": 6.0, "SC-SN-1": 1.0, "SC-SN-2": 1.0})
        self.assertEqual((self.recall.qty_retrieved, self.recall.qty_to_recall), (8.0, 10.0))
        self.assertEqual(self._quants(self.lot, self.back_zone), 6)
        self.assertEqual(set(self._counted().values()), {0.0}, "a later retrieval is counted from zero")
        self.assertEqual(self._logs(self.notice).mapped("outcome"), ["accepted"] * 4)

    def test_refusals_say_why_and_count_nothing(self):
        self._count(label(SYRINGE, lot="SC-R1") + "(30)5")
        self._count(label(STENT, serial="SC-SN-1"))
        name = self.recall.name
        refusals = {
            "delivered, not recalled": (label(SYRINGE, lot="SC-OK"),
                                        f"Test Syringe 5 ml SC-OK is not recalled under {name}"),
            "unknown lot": (label(SYRINGE, lot="SC-NOWHERE"), f"SC-NOWHERE is not recalled under {name}"),
            "recalled, another consignee's": (label(SYRINGE, lot="SC-R2"),
                                              "SC-R2 is recalled, but Test Hospital did not receive it"),
            "serial twice": (label(STENT, serial="SC-SN-1"),
                             f"Serial number SC-SN-1 of Test Stent 3.0x18 is already counted on "
                             f"{self.notice.display_name}."),
            "more than expected": (label(SYRINGE, lot="SC-R1") + "(30)2", "Test Syringe 5 ml SC-R1: 7 counted, but"),
            "unknown device": ("(01)06909999000036(10)X", "No product has the device identifier 06909999000036"),
        }
        for case, (code, reason) in refusals.items():
            with self.subTest(case):
                result = self._count(code)
                self.assertFalse(result["ok"], case)
                self.assertIn(reason, " ".join([result["message"]] + result["problems"]))
        self.assertEqual(self._counted(), {"SC-R1": 5.0, "SC-SN-1": 1.0, "SC-SN-2": 0.0})
        self.assertEqual(self._logs(self.notice).mapped("outcome"), ["accepted"] * 2 + ["refused"] * len(refusals))
        with self.assertRaisesRegex(UserError, r"cannot be received yet:\n• Test Syringe 5 ml SC-R1: 5 counted of 6 "
                                               r"expected.\n• Test Stent 3.0x18 SC-SN-2: 0 counted of 1 expected."):
            self.env["md.scanner"].with_user(self.receiver).md_action("recall", self.notice.id, "receive")
        self.assertNotIn("done", self.notice.picking_ids.mapped("state"))
        self.assertEqual(self.notice.line_ids.mapped("qty_retrieved"), [0.0, 0.0, 0.0])

    def test_a_lot_that_does_not_come_back_is_refused(self):
        used = self._stock_lot(self.syringe, "SC-USED", 5)
        back = self._stock_lot(self.syringe, "SC-BACK", 5)
        self._deliver({used: 2, back: 2})
        recall = self._started(lot_ids=[Command.set((used | back).ids)])
        notice = recall.notice_ids.with_user(self.coordinator)
        notice.method = "phone"
        notice.action_mark_notified()
        # The hospital confirms it used every unit of SC-USED: the retrieval brings back SC-BACK only.
        self._acknowledge(notice, {used: (0, 0), back: (2, 0)})
        notice.action_create_return()
        result = self._count(label(SYRINGE, lot="SC-USED"), notice=notice)
        self.assertFalse(result["ok"])
        self.assertEqual(result["message"], "Test Syringe 5 ml SC-USED is not on the open retrieval transfers %s."
                         % ", ".join(notice.picking_ids.mapped("name")))
        self.assertEqual(self._counted(notice), {"SC-BACK": 0.0, "SC-USED": 0.0})

    def test_only_receivers_count(self):
        with self.assertRaisesRegex(AccessError, "Retrieved goods are counted by the receivers."):
            self.notice.with_user(self.coordinator).md_scan_udi(label(SYRINGE, lot="SC-R1"))
        with self.assertRaisesRegex(AccessError, "You may not do this task: Recall Retrieval"):
            self._count(label(SYRINGE, lot="SC-R1"), user=self.picker)
        self.assertEqual(set(self._counted().values()), {0.0})


@tagged("post_install", "-at_install")
@tagged("post_install", "-at_install")
class TestPickRecalled(ScannerRecallCommon):
    """Pick: a recalled lot taken from the shelf by mistake is refused at the scan, with the recall named."""

    def test_a_recalled_lot_is_refused_at_the_pick(self):
        self.assertEqual(self.lot.md_quality_state, "recalled")
        delivery = self._delivery(self.syringe, 2, partner=self.hospital_2)
        reserved = delivery.move_line_ids.lot_id
        self.assertTrue(reserved)
        self.assertNotIn(self.lot, reserved)
        if not self.stock.barcode:
            self.stock.barcode = "SC-STOCK"
        at_shelf = self._scan("pick", delivery, self.stock.barcode, user=self.picker)
        self.assertTrue(at_shelf["ok"], at_shelf)
        result = self._scan("pick", delivery, label(SYRINGE, lot="SC-R1"), at_shelf["params"], user=self.picker)
        self.assertFalse(result["ok"])
        self.assertIn(f"is recalled under {self.recall.name}", " ".join([result["message"]] + result["problems"]))
        self.assertEqual(delivery.move_line_ids.lot_id, reserved)
        self.assertFalse(delivery.move_line_ids.md_scanned_by)
        # The released lot on the same shelf is taken.
        taken = self._scan("pick", delivery, label(SYRINGE, lot=reserved[0].name), at_shelf["params"],
                           user=self.picker)
        self.assertTrue(taken["ok"], taken)


class TestScannerRecallRpc(RpcCallMixin, ScannerRecallCommon, HttpCase):
    """What a client may try: the count is the receivers' and goes through the notice's counting only."""

    def test_counts_are_not_written_or_forged(self):
        self.authenticate("md_picker", "md_picker")
        ok, error, message = self._call("md.recall.notice", "md_scan_udi",
                                        [[self.notice.id], label(SYRINGE, lot="SC-R1")])
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"), message)
        self.assertIn("Retrieved goods are counted by the receivers.", message)
        self.authenticate("md_receiver", "md_receiver")
        ok, error, message = self._call("md.recall.notice.line", "write",
                                        [self.notice.line_ids.ids, {"qty_counted": 6}], context={"md_workflow": True})
        self.assertFalse(ok, message)
        self.assertEqual(set(self._counted().values()), {0.0})
        ok, _result, message = self._call("md.recall.notice", "md_scan_udi",
                                         [[self.notice.id], label(SYRINGE, lot="SC-R1")])
        self.assertTrue(ok, message)
        self.assertEqual(self._counted()["SC-R1"], 1.0)


@tagged("post_install", "-at_install")
class TestScannerRecallTour(ScannerTourCase, ScannerRecallCommon):
    """On a phone: the receiver counts the recalled goods that came back, meets the refusals, receives them."""

    def test_recall_on_a_phone(self):
        lot = self._stock_lot(self.syringe, "TOUR-RC-1", 5)
        self._deliver({lot: 2})
        recall, notice = self._retrieving(lot, title="TOUR-RECALL")
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_recall",
                     user=self.receiver, screenshot="scanner_recall")
        self.assertEqual(set(notice.picking_ids.mapped("state")), {"done"})
        self.assertEqual((notice.line_ids.qty_retrieved, recall.qty_retrieved), (2.0, 2.0))
        self.assertEqual(self._logs(notice).mapped("outcome"), ["accepted", "refused", "accepted", "refused"])
