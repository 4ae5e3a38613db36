from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.analysis import AnalysisViewsMixin


@tagged("post_install", "-at_install")
class TestAnalysisViews(AnalysisViewsMixin, TransactionCase):
    """Nonconformances, CAPAs, complaints, adverse events and scorecards in pivot and graph."""

    def test_nonconformances(self):
        self.assertAnalysisViews("medical_device_capa.md_nonconformance_action",
                                 pivot=(["product_id", "disposition"], ["quantity"]),
                                 graph=(["date:month", "source_model"], []))

    def test_capas(self):
        self.assertAnalysisViews("medical_device_capa.md_capa_action",
                                 pivot=(["stage", "risk_level"], []), graph=(["create_date:month", "risk_level"], []),
                                 aggregators={"risk_score": "avg"})

    def test_complaints(self):
        self.assertAnalysisViews("medical_device_capa.md_complaint_action",
                                 pivot=(["product_id", "date_received:month"], []),
                                 graph=(["date_received:month", "product_id"], []))

    def test_adverse_events(self):
        self.assertAnalysisViews("medical_device_capa.md_adverse_event_action",
                                 pivot=(["product_id", "seriousness"], []),
                                 graph=(["awareness_date:month", "seriousness"], []),
                                 aggregators={"patient_age": "avg"})

    def test_supplier_scorecards(self):
        averaged = ["score", "rejection_rate", "on_time_rate", "return_rate", "score_rejection", "score_on_time",
                    "score_returns", "score_capa", "score_lapses"]
        self.assertAnalysisViews("medical_device_capa.md_supplier_scorecard_action",
                                 pivot=(["partner_id", "date_from:month"], ["score"]),
                                 graph=(["partner_id"], ["score"]),
                                 aggregators=dict(dict.fromkeys(averaged, "avg"), rank=False, qty_rejected="sum"))
