from odoo.tests import TransactionCase, tagged

from .analysis import AnalysisViewsMixin


@tagged("post_install", "-at_install")
class TestAnalysisViews(AnalysisViewsMixin, TransactionCase):
    """Certificates, licences, supplier documents and signatures can be analysed in pivot and graph by the auditor."""

    def test_certificates(self):
        self.assertAnalysisViews("medical_device_base.md_certificate_action",
                                 pivot=(["holder_id", "device_class"], []),
                                 graph=(["expiry_date:month", "kind"], []))

    def test_licences(self):
        self.assertAnalysisViews("medical_device_base.md_licence_action",
                                 pivot=(["partner_id", "licence_type"], []),
                                 graph=(["expiry_date:month", "licence_type"], []))

    def test_supplier_documents(self):
        self.assertAnalysisViews("medical_device_base.md_supplier_document_action",
                                 pivot=(["partner_id", "document_type"], []),
                                 graph=(["expiry_date:month", "document_type"], []))

    def test_signatures(self):
        self.assertAnalysisViews("medical_device_base.md_signature_action",
                                 pivot=(["signer_id", "meaning"], []),
                                 graph=(["signed_at:month", "meaning"], []))
