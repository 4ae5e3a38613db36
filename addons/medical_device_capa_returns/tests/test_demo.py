from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCapaReturnsDemo(TransactionCase):
    """The quality return of the returns demo has its CAPA (skipped on a database without demo data)."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("medical_device_capa_returns.demo_capa_stent_balloon", raise_if_not_found=False):
            self.skipTest("no demo data")

    def test_capa_from_quality_return(self):
        from_return = self.env.ref("medical_device_capa_returns.demo_capa_stent_balloon")
        self.assertEqual(from_return.stage, "investigation")
        self.assertEqual(from_return.source_ref, self.env.ref("medical_device_returns.demo_return_quality_defect"))
        self.assertEqual(self.env.ref("medical_device_returns.demo_return_quality_defect").md_capa_count, 1)
