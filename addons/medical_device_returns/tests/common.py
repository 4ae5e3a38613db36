from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.medical_device_gsp.tests.common import GspCommon


class ReturnsCommon(GspCommon):
    """GSP world plus the people who approve returns and helpers for deliveries and returns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.returns_zone = cls.warehouse.md_returns_location_id
        base = "base.group_user,stock.group_stock_user"
        cls.sales_manager = new_test_user(cls.env, "md_sales_manager", name="Sun Sales Manager",
                                          groups=f"{base},sales_team.group_sale_manager")
        cls.stock_manager = new_test_user(cls.env, "md_stock_manager", name="Shi Stock Manager",
                                          groups=f"{base},stock.group_stock_manager")
        cls.recall_coordinator = new_test_user(
            cls.env, "md_recall", name="Ren Recall", groups=f"{base},medical_device_base.group_md_recall_coordinator")
        cls.grades = {grade.code: grade for grade in cls.env["md.return.grade"].search([])}
        cls.approvers = {
            "quality_defect": cls.qa_user,
            "expiry": cls.keeper,
            "commercial": cls.sales_manager,
            "transport_damage": cls.keeper,
            "wrong_item": cls.stock_manager,
            "recall": cls.recall_coordinator,
        }

    # Returns -------------------------------------------------------------------

    def _return(self, delivery, lots, grade="commercial", partner=None, user=None, reason="Customer sends back"):
        """A draft customer return of ``lots`` ({lot: quantity}) from ``delivery``."""
        return self.env["md.return"].with_user(user or self.seller).create({
            "return_type": "customer",
            "grade_id": self.grades[grade].id,
            "partner_id": (partner or delivery.partner_id).id,
            "origin_picking_id": delivery.id,
            "reason": reason,
            "line_ids": [Command.create({"product_id": lot.product_id.id, "lot_id": lot.id, "quantity": qty})
                         for lot, qty in lots.items()],
        }).with_env(self.env)

    def _approve(self, record, user=None):
        record.with_user(user or self.approvers[record.grade_id.code]).action_approve()
        self.assertEqual(record.state, "approved")
        return record.return_picking_id

    def _receive(self, record, user=None):
        """Approve (if still draft) and validate the return transfer into the returns zone."""
        if record.state == "draft":
            self._approve(record)
        self._validate(record.return_picking_id, user=user or self.receiver)
        self.assertEqual(record.state, "received")
        return record.return_picking_id

    def _inspect(self, record, user=None, **values):
        """Record the re-inspection on every line (checks pass unless told)."""
        values = dict({"packaging_check": "pass", "label_check": "pass"}, **values)
        record.line_ids.with_user(user or self.qa_user).write(values)

    def _sign(self, record, user=None):
        return record.with_user(user or self.qa_user)._md_sign("approved")

    def _returned_pickings(self, record):
        return self.env["stock.picking"].search([("md_return_id", "=", record.id)])

    def _signatures(self, record):
        return self.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])
