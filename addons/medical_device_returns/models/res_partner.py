from datetime import timedelta

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    md_quality_return_rate = fields.Float(
        string="Quality Return Rate (%)", compute="_compute_md_quality_return_rate", digits=(5, 2),
        help="Over the last 12 months: units of this supplier's lots returned for quality reasons (to it, or to "
             "us by customers), per 100 units received from it.")
    md_return_line_ids = fields.One2many("md.return.line", "supplier_id", string="Returns of its Lots")

    def _md_return_figures(self, since):
        """(quality returns, received) in units per supplier since a date, two grouped queries."""
        returned = dict(self.env["md.return.line"].sudo()._read_group(
            [("supplier_id", "in", self.ids), ("grade_id.quality_related", "=", True),
             ("state", "in", ("approved", "received", "done")), ("date", ">=", since)],
            ["supplier_id"], ["quantity:sum"]))
        received = dict(self.env["stock.move.line"].sudo()._read_group(
            [("picking_partner_id", "child_of", self.ids), ("state", "=", "done"),
             ("location_id.usage", "=", "supplier"), ("date", ">=", since)],
            ["picking_partner_id"], ["quantity_product_uom:sum"]))
        result = {}
        for partner in self:
            got = sum(qty for p, qty in received.items() if p.commercial_partner_id == partner)
            result[partner.id] = (returned.get(partner, 0.0), got)
        return result

    def _compute_md_quality_return_rate(self):
        figures = self._md_return_figures(fields.Datetime.now() - timedelta(days=365))
        for partner in self:
            returned, received = figures[partner.id]
            partner.md_quality_return_rate = 100.0 * returned / received if received else 0.0

    def _md_check_return_rate(self, company=None):
        """Ask QA to requalify a supplier whose quality returns crossed the company's threshold."""
        activity_type = self.env.ref("medical_device_base.mail_activity_md_requalify_supplier")
        for partner in self:
            threshold = (company or self.env.company).md_return_rate_threshold
            if partner.md_quality_return_rate <= threshold:
                continue
            if partner.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
                continue
            qa = self.env.ref("medical_device_base.group_md_qa_manager").users[:1]
            partner.activity_schedule(
                "medical_device_base.mail_activity_md_requalify_supplier", user_id=(qa or self.env.user).id,
                summary=self.env._("Quality returns above the threshold: review the supplier's qualification"),
                note=self.env._("Quality returns at %(rate).2f %% of units received over 12 months "
                                "(threshold %(threshold).2f %%): review the supplier's qualification.",
                                rate=partner.md_quality_return_rate, threshold=threshold))
