import os
import unittest

from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.i18n_scan import activate_zh_cn
from odoo.addons.medical_device_base.tests.tour import MdTourCase

@tagged("post_install", "-at_install")
class TestFirstRunScreens(MdTourCase):
    """The demo story's main screens, opened as the demo administrator (the README's pictures)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        if not cls.env.ref("medical_device_gsp.demo_story_po_syringe", raise_if_not_found=False):
            raise unittest.SkipTest("no demo data")
        if os.environ.get("MD_SCREENSHOTS_DIR"):
            # The pictures show what our first users see: the interface in 简体中文.
            activate_zh_cn(cls.env)
            cls.admin.lang = "zh_CN"

    def _screen(self, path, tour, picture):
        self.md_tour(path, tour, user=self.admin, screenshot=picture)

    def test_receipt_awaiting_acceptance(self):
        acceptance = self.env.ref("medical_device_gsp.demo_story_po_syringe").picking_ids.md_acceptance_ids
        self.assertEqual(acceptance.state, "draft")
        self._screen(f"/odoo/action-medical_device_gsp.md_acceptance_action/{acceptance.id}",
                     "md_docs_acceptance", "acceptance_awaiting")

    def test_signature_prompt(self):
        acceptance = self.env.ref("medical_device_gsp.demo_story_po_syringe").picking_ids.md_acceptance_ids
        self._screen(f"/odoo/action-medical_device_gsp.md_acceptance_action/{acceptance.id}",
                     "md_docs_sign_prompt", "acceptance_signature_prompt")
        self.assertFalse(acceptance.md_signed, "the prompt was only opened, not confirmed")

    def test_cold_room_temperature_chart(self):
        room = self.env.ref("medical_device_gsp.location_cold_room")
        self._screen(f"/odoo/action-stock.action_location_form/{room.id}", "md_docs_temperature",
                     "temperature_chart_cold_room")

    def test_lot_on_hold_after_excursion(self):
        lot = self.env.ref("medical_device_gsp.demo_story_lot_ivd")
        excursion = self.env["md.excursion"].search([("lot_ids.lot_id", "=", lot.id)])
        self._screen(f"/odoo/action-medical_device_gsp.md_excursion_action/{excursion.id}",
                     "md_docs_excursion", "excursion_to_evaluate")

    def test_open_recall(self):
        recall = self.env.ref("medical_device_recall.demo_recall_stent")
        self._screen(f"/odoo/action-medical_device_recall.md_recall_action/{recall.id}",
                     "md_docs_recall", "recall_notices")

    def test_overdue_capa(self):
        capa = self.env.ref("medical_device_capa.demo_capa_label_control")
        self._screen(f"/odoo/action-medical_device_capa.md_capa_action/{capa.id}", "md_docs_capa", "capa_overdue")

    def test_device_and_supplier(self):
        stent = self.env.ref("medical_device_base.product_stent")
        self._screen(f"/odoo/action-medical_device_base.md_device_action/{stent.id}", "md_docs_device",
                     "device_master_data")
        supplier = self.env.ref("medical_device_base.partner_supplier_ruihe")
        self._screen(f"/odoo/res.partner/{supplier.id}", "md_docs_supplier", "supplier_qualification")
