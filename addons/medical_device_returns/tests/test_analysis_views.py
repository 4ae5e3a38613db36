from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.analysis import AnalysisViewsMixin


@tagged("post_install", "-at_install")
class TestAnalysisViews(AnalysisViewsMixin, TransactionCase):
    """Returns and their lines can be analysed in pivot and graph by the auditor."""

    def test_returns(self):
        self.assertAnalysisViews("medical_device_returns.md_return_action",
                                 pivot=(["grade_id", "return_type"], ["quantity"]),
                                 graph=(["create_date:month", "return_type"], ["quantity"]),
                                 aggregators={"quantity": "sum"})

    def test_return_lines(self):
        self.assertAnalysisViews("medical_device_returns.md_return_line_analysis_action", first="pivot",
                                 pivot=(["grade_id", "return_type"], ["quantity"]),
                                 graph=(["grade_id"], ["quantity"]))
