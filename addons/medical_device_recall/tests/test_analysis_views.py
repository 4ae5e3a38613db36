from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.medical_device_base.tests.analysis import AnalysisViewsMixin


@tagged("post_install", "-at_install")
class TestAnalysisViews(AnalysisViewsMixin, TransactionCase):
    """Recalls and recall notices can be analysed in pivot and graph by the auditor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auditor = new_test_user(cls.env, "md_rc_auditor", name="Rong Auditor",
                                    groups="base.group_user,medical_device_base.group_md_auditor")

    def test_recalls(self):
        rates = ["notified_rate", "acknowledged_rate", "retrieved_rate"]
        for xmlid, first in (("medical_device_recall.md_recall_action", "list"),
                             ("medical_device_recall.md_recall_effectiveness_action", "pivot")):
            self.assertAnalysisViews(xmlid, first=first,
                                     pivot=(["level"], rates + ["qty_to_recall", "qty_retrieved"]),
                                     graph=(["level"], ["retrieved_rate"]),
                                     aggregators=dict.fromkeys(rates, "avg"), user=self.auditor)

    def test_recall_notices(self):
        self.assertAnalysisViews("medical_device_recall.md_recall_notice_action",
                                 pivot=(["recall_id", "state"], ["qty_to_recall", "qty_retrieved"]),
                                 graph=(["recall_id", "state"], []), user=self.auditor)
