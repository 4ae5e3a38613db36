from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCapaSettings(TransactionCase):

    def test_defaults(self):
        company = self.env.company
        weights = [company.md_score_weight_rejection, company.md_score_weight_on_time,
                   company.md_score_weight_returns, company.md_score_weight_capa, company.md_score_weight_lapses,
                   company.md_score_weight_price, company.md_score_weight_service]
        # Quality, delivery, price and service: weights that read as percentages.
        self.assertEqual(weights, [25, 20, 15, 10, 10, 10, 10])
        self.assertEqual(sum(weights), 100)
        self.assertEqual((company.md_ae_other_report_days, company.md_capa_escalation_days,
                          company.md_score_min_grade, company.md_score_service_days), (30, 0, "B", 30))

    def test_refusals_leave_settings_unchanged(self):
        company = self.env.company
        for values, message in [
            ({"md_score_weight_returns": -5}, "cannot be negative"),
            ({"md_score_weight_rejection": 0, "md_score_weight_on_time": 0, "md_score_weight_returns": 0,
              "md_score_weight_capa": 0, "md_score_weight_lapses": 0, "md_score_weight_price": 0,
              "md_score_weight_service": 0}, "at least one must be above zero"),
            ({"md_ae_other_report_days": 0}, "at least one day"),
            ({"md_capa_escalation_days": -1}, "cannot start before the target date"),
            ({"md_score_weight_price": -1}, "cannot be negative"),
            ({"md_score_service_days": 0}, "at least one day to answer"),
        ]:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                with self.env.cr.savepoint():
                    company.write(values)
        self.assertEqual((company.md_score_weight_returns, company.md_ae_other_report_days,
                          company.md_score_weight_price, company.md_score_service_days), (15, 30, 10, 30))

    def test_settings_write_through_to_company(self):
        settings = self.env["res.config.settings"].create({
            "md_score_weight_capa": 5, "md_ae_other_report_days": 15, "md_score_weight_price": 20,
            "md_score_weight_service": 0, "md_score_service_days": 14})
        settings.execute()
        company = self.env.company
        self.assertEqual((company.md_score_weight_capa, company.md_ae_other_report_days, company.md_score_weight_price,
                          company.md_score_weight_service, company.md_score_service_days), (5, 15, 20, 0, 14))
