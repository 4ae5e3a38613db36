from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.medical_device_gsp.tests.env_common import MINUTE, EnvCommon

from .common import CapaCommon


@tagged("post_install", "-at_install")
class TestCapaSources(CapaCommon, EnvCommon):
    """Nonconformances and CAPAs opened from acceptance lines and excursions (returns and recalls: bridges)."""

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
            "delivery_note_check": "pass", "reason": "Crushed cartons"})
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

    # Calibration -----------------------------------------------------------------

    def _probe_calibration(self, measured):
        probe = self._sensor("Calibrated Probe", "T-CAL-NC", location=self.cold_room, kind="manual",
                             md_calibration_required=True, md_calibration_interval_days=365)
        calibration = self.env["md.calibration"].with_user(self.keeper).create({
            "res_model": "md.env.sensor", "res_id": probe.id, "date": self.today, "lab_id": self.maker.id,
            "certificate_number": "JZ-NC-1", "point_ids": [
                (0, 0, {"name": "5 °C", "nominal": 5.0, "measured": measured, "tolerance": 0.5, "unit": "°C"})]})
        return probe, calibration

    def test_failed_calibration(self):
        probe, calibration = self._probe_calibration(5.8)
        self._assert_refused(calibration, f"{calibration.name} is not signed yet", nc_user=self.keeper)
        self._feed(probe, self.t0, [5.0, 5.1])
        calibration._md_sign("verified")
        nc, _capa = self._assert_opened(calibration, {
            "title": f"Calibration {calibration.name} out of tolerance: {probe.display_name}",
            "product_id": False, "partner_id": False, "quantity": 0.0,
        }, nc_user=self.keeper)
        for text in (f"{calibration.name} of {probe.display_name} on {self.today} (certificate JZ-NC-1): out of "
                     "tolerance.", "5 °C: 5.8 °C against 5.0, deviation 0.8 beyond ±0.5.",
                     "2 Temperature/Humidity Reading:"):
            self.assertIn(text, nc.description)

    def test_calibration_within_tolerance_refused(self):
        _probe, calibration = self._probe_calibration(5.2)
        calibration._md_sign("verified")
        self._assert_refused(calibration, f"{calibration.name} is within tolerance", nc_user=self.keeper)
