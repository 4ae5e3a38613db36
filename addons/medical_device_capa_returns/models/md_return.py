from odoo import fields, models


class MdReturn(models.Model):
    _name = "md.return"
    _inherit = ["md.return", "md.capa.source.mixin"]

    md_quality_related = fields.Boolean(related="grade_id.quality_related", string="Quality Related")

    def _md_capa_values(self):
        self.ensure_one()
        products = self.line_ids.product_id
        returned = ", ".join(f"{line.lot_id.display_name} ({line.quantity:g})" for line in self.line_ids) or "-"
        description = "\n".join([
            self.env._("%(record)s (%(grade)s) from %(partner)s: %(reason)s", record=self.name,
                       grade=self.grade_id.name, partner=self.partner_id.display_name, reason=self.reason.strip()),
            self.env._("Lots returned: %s", returned),
        ])
        return {
            "title": self.env._("Quality return %(record)s: %(partner)s", record=self.name,
                                partner=self.partner_id.commercial_partner_id.name),
            "description": description,
            "product_id": self._md_single(products).id,
            "lot_ids": self.line_ids.lot_id.ids,
            "partner_id": self._md_single(self.line_ids.supplier_id.commercial_partner_id).id,
            "quantity": self.quantity if len(products) == 1 else 0.0,
            "company_id": self.company_id.id,
        }

    def _md_capa_problems(self, model):
        problems = super()._md_capa_problems(model)
        if not self.grade_id.quality_related:
            problems.append(self.env._(
                "%(record)s is graded %(grade)s, which is not a quality problem; nonconformances and CAPAs are "
                "opened from quality-related returns only.", record=self.name, grade=self.grade_id.name))
        if self.state == "draft":
            problems.append(self.env._("%s is still a draft; approve it first.", self.name))
        return problems
