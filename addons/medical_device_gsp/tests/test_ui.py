import json

from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.test_ui import STEPS_JS

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestGspScreens(GspCommon, HttpCase):
    """The GSP screens work in the web client, as the role that uses them."""

    def _check(self, user, url, steps):
        self.browser_js(url, STEPS_JS % json.dumps(steps), login=user.login, timeout=60)

    def test_inspector_accepts_and_signs_in_the_form(self):
        picking, acceptance = self._received(self.syringe, [("UI-LOT-1", 6, 400)])
        lot = acceptance.line_ids.lot_id
        self._check(self.inspector, f"/odoo/action-medical_device_gsp.md_acceptance_action/{acceptance.id}",
                    [["button[name=action_accept_all]", True],
                     [".o_field_widget[name=line_ids] .o_data_cell[name=conclusion]", False, "Accepted"],
                     ["button[name=action_sign_acceptance]", True],
                     [".modal .o_field_widget[name=password] input", self.inspector.login],
                     [".modal footer button[name=action_sign]", True],
                     [".o_field_widget[name=md_signature_manifest] .o_md_signature", False, "Accepted"]])
        self.assertTrue(acceptance.md_signed)
        self.assertEqual(acceptance.inspector_id, self.inspector)
        self.assertEqual(lot.md_quality_state, "released")
        self.assertEqual(self._quants(lot, self.stock), 6)
        self.assertEqual(picking.md_acceptance_state, "accepted")

    def test_keeper_sees_the_review_refuse_a_held_lot(self):
        lot = self._stock_lot(self.syringe, "UI-HOLD", 5, state="hold")
        delivery = self._delivery(self.syringe, 2)
        delivery.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].create({
            "move_id": delivery.move_ids.id, "picking_id": delivery.id, "product_id": self.syringe.id,
            "product_uom_id": self.syringe.uom_id.id, "quantity": 2, "lot_id": lot.id, "picked": True,
            "location_id": self.stock.id, "location_dest_id": self.customer_loc.id})
        self._check(self.keeper, f"/odoo/action-stock.action_picking_tree_all/{delivery.id}",
                    [["button[name=action_md_outbound_review]", True],
                     [".o_form_view .alert-danger", False, "problem"],
                     ["a[name=problems]", True],
                     [".o_field_widget[name=problem_ids] .o_data_cell[name=message]", False, "UI-HOLD"]])
        review = delivery.md_review_ids
        self.assertEqual(review.problem_ids.mapped("code"), ["lot_state"])
        self.assertFalse(review.md_signed)

    def test_zones_and_statuses_show_their_colours(self):
        self._check(self.keeper, "/odoo/action-stock.action_location_form",
                    [[".o_data_row .o_field_widget[name=md_zone] .text-bg-warning", False, "Quarantine"],
                     [".o_data_row .o_field_widget[name=md_zone] .text-bg-danger", False, "Nonconforming"]])
        lot = self._stock_lot(self.syringe, "UI-Q", 1, state="quarantine", location=self.quarantine)
        self._check(self.keeper, f"/odoo/action-stock.action_production_lot_form/{lot.id}",
                    [[".o_statusbar_status button[data-value=quarantine].o_arrow_button_current", False],
                     [".o_statusbar_buttons button", False]])
