import json

from odoo.tests import new_test_user, tagged

from odoo.addons.medical_device_base.tests.tour import MdTourCase

from .test_capa_closure import CapaFlowCommon


@tagged("post_install", "-at_install")
class TestCapaTours(CapaFlowCommon, MdTourCase):
    """The CAPA journeys, clicked through in the web client by the QA manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The password typed into the signature prompt is the login.
        cls.closer = new_test_user(
            cls.env, "md_tour_capa_qa", name="Qin Closer", lang="en_US",
            groups="base.group_user,stock.group_stock_user,medical_device_base.group_md_qa_manager")

    def test_qa_closes_capa_with_signature(self):
        capa = self._effective()
        action = capa.action_ids
        self.assertEqual((capa.stage, action.state), ("effectiveness", "done"))
        self.assertFalse(self._signatures(capa))

        self.md_tour(f"/odoo/action-medical_device_capa.md_capa_action/{capa.id}", "md_capa_closure",
                     user=self.closer, screenshot="capa_closure")

        self.assertRecordValues(capa, [{"stage": "closed", "md_signed": True, "closed_by": self.closer.id,
                                        "effectiveness_result": "effective"}])
        signature = self._signatures(capa)
        self.assertRecordValues(signature, [{"meaning": "closed", "signer_id": self.closer.id,
                                             "signer_name": "Qin Closer"}])
        self.assertEqual(capa.closed_on, signature.signed_at)
        # What was signed is the CAPA as closed, its done action and result included.
        content = json.loads(signature.content)
        self.assertEqual([(a["name"], a["state"], a["result"]) for a in content["action_ids"]],
                         [(action.name, "done", action.result)])
        self.assertFalse([p for p in self.env["md.signature"].sudo().verify() if p["signature"] == signature])
