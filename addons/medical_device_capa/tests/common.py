import re

from odoo.exceptions import UserError
from odoo.tests import Form

from odoo.addons.medical_device_gsp.tests.common import GspCommon

NC, CAPA = "md.nonconformance", "md.capa"


class CapaCommon(GspCommon):
    """The GSP world plus an action owner for CAPAs, and checks of records opened from a source."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = cls._test_user(
            "md_capa_engineer", name="En Engineer", email="engineer@example.com",
            groups="base.group_user,stock.group_stock_user")

    def _open(self, record, model, user=None):
        """Open ``model`` from ``record`` as ``user`` and save the prefilled form as it comes."""
        user = user or self.qa_user
        source = record.with_user(user)
        action = source.action_md_open_nonconformance() if model == NC else source.action_md_open_capa()
        self.assertEqual((action["res_model"], action["view_mode"]), (model, "form"))
        return Form(self.env[model].with_user(user).with_context(**action["context"])).save().with_env(self.env)

    def _assert_opened(self, record, values, nc_user):
        """A nonconformance (as ``nc_user``) and a CAPA (as QA) from ``record``, both filled with ``values``."""
        nc = self._open(record, NC, user=nc_user)
        capa = self._open(record, CAPA)
        self.assertTrue(nc.name.startswith("NC/"), nc.name)
        self.assertRecordValues(nc, [dict(values, state="draft", user_id=nc_user.id, company_id=self.company.id)])
        self.assertEqual((nc.source_ref, capa.source_ref), (record, record))
        self.assertEqual(nc.source_model, record._name)
        capa_values = {key: value for key, value in values.items() if key != "quantity"}
        self.assertRecordValues(capa, [dict(capa_values, company_id=self.company.id)])
        self.assertFalse(capa.nonconformance_ids)
        record.invalidate_recordset(["md_nonconformance_count", "md_capa_count"])
        self.assertEqual((record.md_nonconformance_count, record.md_capa_count), (1, 1))
        self.assertEqual(self.env[NC].search(record.action_md_view_nonconformances()["domain"]), nc)
        self.assertEqual(self.env[CAPA].search(record.action_md_view_capas()["domain"]), capa)
        return nc, capa

    def _assert_refused(self, record, message, nc_user=None):
        """Neither a nonconformance (as ``nc_user``) nor a CAPA (as QA) can be opened from ``record``;
        nothing is created."""
        counts = (self.env[NC].search_count([]), self.env[CAPA].search_count([]))
        with self.assertRaisesRegex(UserError, re.escape(message)):
            record.with_user(nc_user or self.qa_user).action_md_open_nonconformance()
        with self.assertRaisesRegex(UserError, re.escape(message)):
            record.with_user(self.qa_user).action_md_open_capa()
        self.assertEqual((self.env[NC].search_count([]), self.env[CAPA].search_count([])), counts)
