from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.analysis import AnalysisViewsMixin


@tagged("post_install", "-at_install")
class TestAnalysisViews(AnalysisViewsMixin, TransactionCase):
    """Recalls and recall notices can be analysed in pivot and graph by the auditor."""

    def test_recalls(self):
        rates = ["notified_rate", "acknowledged_rate", "retrieved_rate"]
        for xmlid, first in (("medical_device_recall.md_recall_action", "list"),
                             ("medical_device_recall.md_recall_effectiveness_action", "pivot")):
            self.assertAnalysisViews(xmlid, first=first,
                                     pivot=(["level"], rates + ["qty_to_recall", "qty_retrieved"]),
                                     graph=(["level"], ["retrieved_rate"]),
                                     aggregators=dict.fromkeys(rates, "avg"))

    def test_recall_notices(self):
        self.assertAnalysisViews("medical_device_recall.md_recall_notice_action",
                                 pivot=(["recall_id", "state"], ["qty_to_recall", "qty_retrieved"]),
                                 graph=(["recall_id", "state"], []))
