from odoo.tests import TransactionCase, new_test_user, tagged

from .analysis import AnalysisViewsMixin


@tagged("post_install", "-at_install")
class TestAnalysisViews(AnalysisViewsMixin, TransactionCase):
    """Certificates, licences and signatures can be analysed in pivot and graph by the auditor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auditor = new_test_user(cls.env, "md_an_auditor", name="An Auditor",
                                    groups="base.group_user,medical_device_base.group_md_auditor")

    def test_certificates(self):
        self.assertAnalysisViews("medical_device_base.md_certificate_action",
                                 pivot=(["holder_id", "device_class"], []),
                                 graph=(["expiry_date:month", "kind"], []), user=self.auditor)

    def test_licences(self):
        self.assertAnalysisViews("medical_device_base.md_licence_action",
                                 pivot=(["partner_id", "licence_type"], []),
                                 graph=(["expiry_date:month", "licence_type"], []), user=self.auditor)

    def test_signatures(self):
        self.assertAnalysisViews("medical_device_base.md_signature_action",
                                 pivot=(["signer_id", "meaning"], []),
                                 graph=(["signed_at:month", "meaning"], []), user=self.auditor)
