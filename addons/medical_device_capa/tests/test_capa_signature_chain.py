from odoo.tests import tagged

from .test_capa_closure import CapaFlowCommon


@tagged("post_install", "-at_install")
class TestCapaSignatureChain(CapaFlowCommon):
    """Deleting the closure signature of a CAPA (the tail of the chain) is visible."""

    def _problems(self):
        return sorted((p["problem"], p["res_model"]) for p in self.env["md.signature"].sudo().verify())

    def test_deleted_closure_signature_reported(self):
        capa = self._effective()
        signature = capa._md_sign("closed")
        self.assertEqual(self.env["md.signature"]._md_chain_head(), signature)
        self.assertFalse(self._problems())
        head = self.env["md.signature.head"].sudo()._md_post_head()
        self.assertEqual(head.sequence, signature.sequence)
        # The tail removed, and the signed flag with it: the CAPA still shows closed.
        self.env.cr.execute("DELETE FROM md_signature WHERE id = %s", [signature.id])
        self.env.cr.execute("UPDATE md_capa SET md_signed = FALSE WHERE id = %s", [capa.id])
        self.env.invalidate_all()
        self.assertEqual(capa.stage, "closed")
        problems = self.env["md.signature"].sudo().verify()
        self.assertEqual(sorted((p["problem"], p["res_model"]) for p in problems),
                         [("truncated", "md.signature.head"), ("unsigned", "md.capa")])
        unsigned = next(p for p in problems if p["problem"] == "unsigned")
        self.assertEqual(unsigned["res_id"], capa.id)
        self.assertEqual(unsigned["detail"], 'needs a signature "Closed"')
