from odoo.tests import new_test_user

from odoo.addons.medical_device_gsp.tests.common import GspCommon


class RecallCommon(GspCommon):
    """GSP world plus a recall coordinator, hospitals and helpers to run a recall."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = new_test_user(
            cls.env, "md_recall_coord", name="Ren Recall", email="ren.recall@example.com",
            groups="base.group_user,stock.group_stock_user,medical_device_base.group_md_recall_coordinator")
        cls.hospital.email = "device.dept@hospital.example.com"
        Partner = cls.env["res.partner"]
        cls.hospital_2 = Partner.create({"name": "Second Test Hospital", "is_company": True,
                                         "email": "equipment@hospital2.example.com"})
        cls.env["md.licence"].create({
            "partner_id": cls.hospital_2.id, "licence_type": "institution", "name": "PDY-TEST-0002",
            "issue_date": cls.today.replace(year=cls.today.year - 1),
            "expiry_date": cls.today.replace(year=cls.today.year + 4)})

    def _recall(self, level="2", user=None, **values):
        """A draft recall as the coordinator; values are its scope fields."""
        return self.env["md.recall"].with_user(user or self.coordinator).create(dict({
            "title": "Test recall", "level": level, "source": "manufacturer",
            "reason": "Balloon may not deflate", "hazard_assessment": "Possible vessel injury",
        }, **values))

    def _started(self, level="2", **values):
        recall = self._recall(level=level, **values)
        recall.action_compute_scope()
        recall.action_start()
        return recall

    def _positions(self, recall, kind):
        return {(p.lot_id, p.partner_id or p.location_id, p.picking_id): p.quantity
                for p in recall.position_ids if p.kind == kind}
