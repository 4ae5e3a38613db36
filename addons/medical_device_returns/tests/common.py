from odoo import Command

from odoo.addons.medical_device_gsp.tests.common import GspCommon


class ReturnsCommon(GspCommon):
    """GSP world plus the people who approve returns and helpers for deliveries and returns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.returns_zone = cls.warehouse.md_returns_location_id
        base = "base.group_user,stock.group_stock_user"
        cls.sales_manager = cls._test_user("md_sales_manager", name="Sun Sales Manager",
                                           groups=f"{base},sales_team.group_sale_manager")
        cls.stock_manager = cls._test_user("md_stock_manager", name="Shi Stock Manager",
                                           groups=f"{base},stock.group_stock_manager")
        cls.recall_coordinator = cls._test_user(
            "md_recall", name="Ren Recall", groups=f"{base},medical_device_base.group_md_recall_coordinator")
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

    @classmethod
    def _return(cls, delivery, lots, grade="commercial", partner=None, user=None, reason="Customer sends back"):
        """A draft customer return of ``lots`` ({lot: quantity}) from ``delivery``."""
        return cls.env["md.return"].with_user(user or cls.seller).create({
            "return_type": "customer",
            "grade_id": cls.grades[grade].id,
            "partner_id": (partner or delivery.partner_id).id,
            "origin_picking_id": delivery.id,
            "reason": reason,
            "line_ids": [Command.create({"product_id": lot.product_id.id, "lot_id": lot.id, "quantity": qty})
                         for lot, qty in lots.items()],
        }).with_env(cls.env)

    @classmethod
    def _approve(cls, record, user=None):
        record.with_user(user or cls.approvers[record.grade_id.code]).action_approve()
        cls._fixture_checks.assertEqual(record.state, "approved")
        return record.return_picking_id

    @classmethod
    def _receive(cls, record, user=None):
        """Approve (if still draft) and validate the return transfer into the returns zone."""
        if record.state == "draft":
            cls._approve(record)
        cls._validate(record.return_picking_id, user=user or cls.receiver)
        cls._fixture_checks.assertEqual(record.state, "received")
        return record.return_picking_id

    @classmethod
    def _inspect(cls, record, user=None, **values):
        """Record the re-inspection on every line (checks pass unless told)."""
        values = dict({"packaging_check": "pass", "label_check": "pass"}, **values)
        record.line_ids.with_user(user or cls.qa_user).write(values)

    @classmethod
    def _sign(cls, record, user=None):
        return record.with_user(user or cls.qa_user)._md_sign("approved")

    @classmethod
    def _returned_pickings(cls, record):
        return cls.env["stock.picking"].search([("md_return_id", "=", record.id)])

    @classmethod
    def _signatures(cls, record):
        return cls.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])
