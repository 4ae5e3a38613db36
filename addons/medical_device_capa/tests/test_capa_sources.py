import re
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.medical_device_gsp.tests.env_common import MINUTE, EnvCommon

from .common import CapaCommon

NC, CAPA = "md.nonconformance", "md.capa"


@tagged("post_install", "-at_install")
class TestCapaSources(CapaCommon, EnvCommon):
    """Nonconformances and CAPAs opened from acceptance lines, excursions, returns and recalls."""

    def _open(self, record, model, user=None):
        """Open ``model`` from ``record`` as ``user`` and save the prefilled form as it comes."""
        user = user or self.qa_user
        source = record.with_user(user)
        action = source.action_md_open_nonconformance() if model == NC else source.action_md_open_capa()
        self.assertEqual((action["res_model"], action["view_mode"]), (model, "form"))
        return Form(self.env[model].with_user(user).with_context(**action["context"])).save().with_env(self.env)

    def _assert_opened(self, record, values, nc_user):
        """A nonconformance (as ``nc_user``) and a CAPA (as QA) from ``record``, both filled with ``values``."""
        nc = self._open(record, NC, user=nc_user)
        capa = self._open(record, CAPA)
        self.assertTrue(nc.name.startswith("NC/"), nc.name)
        self.assertRecordValues(nc, [dict(values, state="draft", user_id=nc_user.id, company_id=self.company.id)])
        self.assertEqual((nc.source_ref, capa.source_ref), (record, record))
        self.assertEqual(nc.source_model, record._name)
        capa_values = {key: value for key, value in values.items() if key != "quantity"}
        self.assertRecordValues(capa, [dict(capa_values, company_id=self.company.id)])
        self.assertFalse(capa.nonconformance_ids)
        record.invalidate_recordset(["md_nonconformance_count", "md_capa_count"])
        self.assertEqual((record.md_nonconformance_count, record.md_capa_count), (1, 1))
        self.assertEqual(self.env[NC].search(record.action_md_view_nonconformances()["domain"]), nc)
        self.assertEqual(self.env[CAPA].search(record.action_md_view_capas()["domain"]), capa)
        return nc, capa

    def _assert_refused(self, record, message, nc_user=None):
        """Neither a nonconformance (as ``nc_user``) nor a CAPA (as QA) can be opened from ``record``;
        nothing is created."""
        counts = (self.env[NC].search_count([]), self.env[CAPA].search_count([]))
        with self.assertRaisesRegex(UserError, re.escape(message)):
            record.with_user(nc_user or self.qa_user).action_md_open_nonconformance()
        with self.assertRaisesRegex(UserError, re.escape(message)):
            record.with_user(self.qa_user).action_md_open_capa()
        self.assertEqual((self.env[NC].search_count([]), self.env[CAPA].search_count([])), counts)

    # Acceptance ------------------------------------------------------------------

    def test_rejected_acceptance_line(self):
        _picking, acceptance = self._received(self.syringe, [("ACC-NC-1", 10, 400), ("ACC-NC-2", 5, 400)])
        self._accept(acceptance, {"ACC-NC-1": (7, 3)})
        line = acceptance.line_ids.filtered(lambda l: l.lot_id.name == "ACC-NC-1")
        nc, capa = self._assert_opened(line, {
            "title": f"Rejected at acceptance: {self.syringe.display_name} ACC-NC-1",
            "product_id": self.syringe.id, "lot_ids": line.lot_id.ids, "partner_id": self.supplier.id,
            "quantity": 3.0,
        }, nc_user=self.inspector)
        for text in (f"{acceptance.name} (receipt {acceptance.picking_id.name}): 3 of 10 ",
                     "rejected at acceptance", "Packaging: Fail; label: Pass.",
                     "Reason: Outer carton crushed, units damaged"):
            self.assertIn(text, nc.description)
        self.assertEqual(capa.description, nc.description)
        self.assertEqual(line.display_name, f"{acceptance.name}: {self.syringe.display_name} ACC-NC-1")
        # A CAPA is QA's to open.
        with self.assertRaises(AccessError):
            line.with_user(self.inspector).action_md_open_capa()
        # The fully accepted line of the same acceptance has nothing to open.
        accepted = acceptance.line_ids - line
        self._assert_refused(accepted, f"{self.syringe.display_name} ACC-NC-2: nothing was rejected at acceptance.")
        self.assertEqual((accepted.md_nonconformance_count, accepted.md_capa_count), (0, 0))

    def test_unsigned_acceptance_refused(self):
        _picking, acceptance = self._received(self.syringe, [("ACC-NC-3", 10, 400)])
        acceptance.line_ids.with_user(self.inspector).write({
            "qty_accepted": 6, "qty_rejected": 4, "packaging_check": "fail", "label_check": "pass",
            "reason": "Crushed cartons"})
        self._assert_refused(acceptance.line_ids, f"{acceptance.name} is not signed yet")

    def test_corrected_acceptance_refers_to_its_correction(self):
        _picking, acceptance = self._received(self.syringe, [("ACC-NC-5", 10, 400)])
        self._accept(acceptance, {"ACC-NC-5": (7, 3)})
        correction = acceptance.with_user(self.qa_user)._md_create_correction(
            "Rejected quantity counted twice on the delivery note")
        self._assert_refused(acceptance.line_ids, f"{acceptance.name} has been corrected; open it from the correction.")
        self.assertEqual(correction.line_ids.lot_id.name, "ACC-NC-5")

    def test_fully_accepted_and_unsigned_line_gives_both_reasons(self):
        _picking, acceptance = self._received(self.syringe, [("ACC-NC-4", 10, 400)])
        with self.assertRaises(UserError) as caught:
            acceptance.line_ids.with_user(self.inspector).action_md_open_nonconformance()
        self.assertEqual(str(caught.exception).splitlines(), [
            f"{self.syringe.display_name} ACC-NC-4: nothing was rejected at acceptance.",
            f"{acceptance.name} is not signed yet; the rejection is final once the acceptance is signed."])

    # Excursion -------------------------------------------------------------------

    def _cold_lot(self, name, qty):
        lot = self._lot(self.reagent, name)
        self._put(lot, qty, self.cold_room, date=self.t0 - timedelta(days=1))
        return lot

    def test_excursion(self):
        lot = self._cold_lot("EXC-NC-1", 10)
        self._feed(self.sensor, self.t0, [5.0] + [12.0] * 10 + [13.5] * 10 + [5.0])
        excursion = self._excursions(self.sensor)
        self.assertEqual((excursion.state, lot.md_quality_state), ("to_evaluate", "hold"))
        nc, _capa = self._assert_opened(excursion, {
            "title": f"Excursion {excursion.name}: Out of Range at {self.cold_room.display_name}",
            "product_id": self.reagent.id, "lot_ids": lot.ids, "partner_id": False, "quantity": 10.0,
        }, nc_user=self.keeper)
        where = f"{self.cold_room.display_name} (sensor {self.sensor.display_name})"
        for text in (f"{excursion.name}: Out of Range at {where}.",
                     "(20 min)", "Allowed: 2.0 to 8.0 °C, humidity up to 75.0 %.",
                     "Measured: 12.0 to 13.5 °C, humidity up to 50.0 % (20 readings).",
                     "Lots exposed: EXC-NC-1 (10)"):
            self.assertIn(text, nc.description)

    def test_ongoing_excursion_refused(self):
        lot = self._cold_lot("EXC-NC-2", 4)
        self._feed(self.sensor, self.t0, [5.0] + [12.0] * 20)
        excursion = self._excursions(self.sensor)
        self.assertEqual((excursion.state, lot.md_quality_state), ("open", "hold"))
        self._assert_refused(excursion, f"{excursion.name} is still ongoing", nc_user=self.keeper)
        # Once it has ended, it may.
        self._feed(self.sensor, self.t0 + 21 * MINUTE, [5.0])
        self.assertEqual(excursion.state, "to_evaluate")
        self.assertTrue(excursion.with_user(self.keeper).action_md_open_nonconformance())

    # Returns ---------------------------------------------------------------------

    def test_quality_defect_return(self):
        lot = self._supplied_lot("RET-NC-1", 10)
        delivery = self._deliver({lot: 10})
        record = self._return(delivery, {lot: 4}, "quality_defect", reason="Plunger sticks")
        self._assert_refused(record, f"{record.name} is still a draft; approve it first.", nc_user=self.keeper)
        self._approve(record)
        nc, _capa = self._assert_opened(record, {
            "title": f"Quality return {record.name}: {self.hospital.name}",
            "product_id": self.syringe.id, "lot_ids": lot.ids, "partner_id": self.supplier.id, "quantity": 4.0,
        }, nc_user=self.keeper)
        grade = self.grades["quality_defect"].name
        self.assertEqual(nc.description, f"{record.name} ({grade}) from {self.hospital.display_name}: Plunger sticks\n"
                                         f"Lots returned: RET-NC-1 (4)")

    def test_commercial_return_refused(self):
        lot = self._supplied_lot("RET-NC-2", 10)
        record = self._return(self._deliver({lot: 10}), {lot: 2}, "commercial")
        self._approve(record)
        grade = self.grades["commercial"].name
        self._assert_refused(record, f"{record.name} is graded {grade}, which is not a quality problem")

    def test_cancelled_return_refused(self):
        lot = self._supplied_lot("RET-NC-3", 10)
        record = self._return(self._deliver({lot: 10}), {lot: 2}, "quality_defect")
        record.with_user(self.qa_user).action_cancel()
        self.assertEqual(record.state, "cancel")
        self._assert_refused(record, f"{record.name} is cancelled.")

    # Recalls ---------------------------------------------------------------------

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
