import json

from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.test_ui import STEPS_JS

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestGspScreens(GspCommon, HttpCase):
    """The GSP screens work in the web client, as the role that uses them."""

    def _check(self, user, url, steps):
        self.browser_js(url, STEPS_JS % json.dumps(steps), login=user.login, timeout=60)

    def test_zones_and_statuses_show_their_colours(self):
        self._check(self.keeper, "/odoo/action-stock.action_location_form",
                    [[".o_data_row .o_field_widget[name=md_zone] .text-bg-warning", False, "Quarantine"],
                     [".o_data_row .o_field_widget[name=md_zone] .text-bg-danger", False, "Nonconforming"]])
        lot = self._stock_lot(self.syringe, "UI-Q", 1, state="quarantine", location=self.quarantine)
        self._check(self.keeper, f"/odoo/action-stock.action_production_lot_form/{lot.id}",
                    [[".o_statusbar_status button[data-value=quarantine].o_arrow_button_current", False],
                     [".o_statusbar_buttons button", False]])
