from odoo.tests import tagged

from odoo.addons.medical_device_capa.tests.common import CapaCommon
from odoo.addons.medical_device_returns.tests.common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnSources(CapaCommon, ReturnsCommon):
    """Nonconformances and CAPAs opened from quality-related returns, and from no other."""

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
