from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEnvSensorToken(HttpCase):
    """A sensor's new token: shown once to the user who issued it, then erased; nobody else reads it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        qa = "base.group_user,stock.group_stock_user,medical_device_base.group_md_qa_manager"
        cls.issuer = new_test_user(cls.env, "md_token_issuer", groups=qa)
        cls.other_qa = new_test_user(cls.env, "md_token_other_qa", groups=qa)
        cls.manager = new_test_user(cls.env, "md_token_manager", groups="base.group_user,stock.group_stock_manager")
        cls.keeper = new_test_user(cls.env, "md_token_keeper",
                                   groups="base.group_user,stock.group_stock_user,"
                                          "medical_device_base.group_md_storage_keeper")
        cls.admin = cls.env.ref("base.user_admin")
        cls.sensor = cls.env["md.env.sensor"].create({"name": "Token Logger", "code": "TK-LOG-1"})

    def _issue(self):
        action = self.sensor.with_user(self.issuer).action_md_issue_token()
        return self.env["md.env.sensor.token"].browse(action["res_id"])

    def _stored_token(self, wizard):
        self.env.flush_all()
        self.env.cr.execute("SELECT token FROM md_env_sensor_token WHERE id = %s", [wizard.id])
        return self.env.cr.fetchone()[0]

    def test_only_the_issuer_reads_the_token(self):
        wizard = self._issue()
        self.assertTrue(self._stored_token(wizard))
        for user in (self.other_qa, self.manager, self.admin):
            Token = self.env["md.env.sensor.token"].with_user(user)
            self.assertEqual(Token.search_read([("id", "=", wizard.id)], ["token"]), [], user.login)
            self.assertEqual(Token.search_read([], ["token", "sensor_id"]), [], user.login)
            with self.assertRaises(AccessError, msg=user.login):
                Token.browse(wizard.id).read(["token"])
            with self.assertRaises(AccessError, msg=user.login):
                Token.browse(wizard.id).web_read({"token": {}})
        with self.assertRaises(AccessError):
            self.env["md.env.sensor.token"].with_user(self.keeper).search_read([], ["token"])
        # Their attempts did not use it up.
        self.assertTrue(self._stored_token(wizard))

    def test_token_erased_once_shown(self):
        wizard = self._issue()
        token = self._stored_token(wizard)
        shown = wizard.with_user(self.issuer).web_read({"token": {}, "sensor_id": {"fields": {"display_name": {}}},
                                                        "endpoint": {}})
        self.assertEqual(shown[0]["token"], token)
        self.assertTrue(shown[0]["endpoint"].endswith("/md/env/readings"))
        self.assertIsNone(self._stored_token(wizard))
        self.assertFalse(wizard.with_user(self.issuer).web_read({"token": {}})[0]["token"])
        # The token shown is the sensor's: it works, only its digest is kept.
        self.assertEqual(self.sensor.env["md.env.sensor"]._md_authenticate(token), self.sensor)
        # Reading other fields leaves the token for the read that shows it; search_read shows and erases too.
        wizard = self._issue()
        wizard.with_user(self.issuer).read(["sensor_id"])
        token = self._stored_token(wizard)
        self.assertTrue(token)
        self.assertEqual(wizard.with_user(self.issuer).search_read([("id", "=", wizard.id)], ["token"])[0]["token"],
                         token)
        self.assertIsNone(self._stored_token(wizard))
        # Closing the dialog erases it as well.
        wizard = self._issue()
        wizard.with_user(self.issuer).action_close()
        self.assertIsNone(self._stored_token(wizard))

    def test_shown_through_the_web_client(self):
        wizard = self._issue()
        token = self._stored_token(wizard)
        self.authenticate(self.issuer.login, self.issuer.login)
        # The read that erases runs on a read/write cursor, not retried after a read-only one failed.
        with self.assertNoLogs("odoo.http", "WARNING"):
            result = self.make_jsonrpc_request("/web/dataset/call_kw/md.env.sensor.token/web_read", {
                "model": "md.env.sensor.token", "method": "web_read", "args": [[wizard.id]],
                "kwargs": {"specification": {"token": {}}}})
        self.assertEqual(result[0]["token"], token)
        self.assertIsNone(self._stored_token(wizard))
