from odoo import models


class MdRecall(models.Model):
    _name = "md.recall"
    _inherit = ["md.recall", "md.capa.source.mixin"]

    def _md_capa_values(self):
        self.ensure_one()
        lots = self.scope_lot_ids.lot_id or self.lot_ids
        source = dict(self._fields["source"]._description_selection(self.env))[self.source]
        lines = [
            self.env._("%(recall)s (%(level)s, %(origin)s): %(reason)s", recall=self.name,
                       level=self._md_level_label(), origin=" ".join(filter(None, [source, self.source_reference])),
                       reason=self.reason.strip()),
            self.env._("Hazard: %s", (self.hazard_assessment or "-").strip()),
        ]
        if lots:
            lines.append(self.env._("Lots in scope: %s", ", ".join(lots.mapped("display_name"))))
        return {
            "title": self.env._("Recall %(recall)s: %(title)s", recall=self.name, title=self.title),
            "description": "\n".join(lines),
            "product_id": self._md_single(lots.product_id or self.product_ids).id,
            "lot_ids": lots.ids,
            "partner_id": self._md_single(self._md_lot_suppliers(lots)).id,
            "company_id": self.company_id.id,
        }

    def _md_capa_problems(self, model):
        # A draft recall is not decided yet and may still be cancelled.
        if self.state == "draft":
            return [self.env._("%s has not started; open a nonconformance or CAPA once the recall is decided "
                               "and started.", self.name)]
        return super()._md_capa_problems(model)
