from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCapaSettings(TransactionCase):

    def test_defaults(self):
        company = self.env.company
        self.assertEqual(
            [company.md_score_weight_rejection, company.md_score_weight_on_time, company.md_score_weight_returns,
             company.md_score_weight_capa, company.md_score_weight_lapses], [30, 25, 20, 15, 10])
        self.assertEqual((company.md_ae_other_report_days, company.md_capa_escalation_days,
                          company.md_score_min_grade), (30, 0, "B"))

    def test_refusals_leave_settings_unchanged(self):
        company = self.env.company
        for values, message in [
            ({"md_score_weight_returns": -5}, "cannot be negative"),
            ({"md_score_weight_rejection": 0, "md_score_weight_on_time": 0, "md_score_weight_returns": 0,
              "md_score_weight_capa": 0, "md_score_weight_lapses": 0}, "at least one must be above zero"),
            ({"md_ae_other_report_days": 0}, "at least one day"),
            ({"md_capa_escalation_days": -1}, "cannot start before the target date"),
        ]:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                with self.env.cr.savepoint():
                    company.write(values)
        self.assertEqual((company.md_score_weight_returns, company.md_ae_other_report_days), (20, 30))

    def test_settings_write_through_to_company(self):
        settings = self.env["res.config.settings"].create({"md_score_weight_capa": 5, "md_ae_other_report_days": 15})
        settings.execute()
        self.assertEqual((self.env.company.md_score_weight_capa, self.env.company.md_ae_other_report_days), (5, 15))
