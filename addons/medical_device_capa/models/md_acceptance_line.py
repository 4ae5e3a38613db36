from odoo import api, models


class MdAcceptanceLine(models.Model):
    _name = "md.acceptance.line"
    _inherit = ["md.acceptance.line", "md.capa.source.mixin"]

    def _md_capa_label(self):
        return f"{self.product_id.display_name} {self.lot_id.name}"

    # Shown as the source of nonconformances and CAPAs, where the bare model name and id would say nothing.
    @api.depends("acceptance_id.name", "product_id", "lot_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.acceptance_id.name}: {line._md_capa_label()}"

    def _md_capa_values(self):
        self.ensure_one()
        acceptance = self.acceptance_id
        checks = dict(self._fields["packaging_check"]._description_selection(self.env))
        description = self.env._(
            "%(acceptance)s (receipt %(picking)s): %(rejected)s of %(received)s %(uom)s rejected at acceptance.\n"
            "Packaging: %(packaging)s; label: %(label)s.\nReason: %(reason)s",
            acceptance=acceptance.name, picking=acceptance.picking_id.name, rejected="%g" % self.qty_rejected,
            received="%g" % self.qty_received, uom=self.uom_id.name or "",
            packaging=checks.get(self.packaging_check, "-"), label=checks.get(self.label_check, "-"),
            reason=(self.reason or "-").strip())
        return {
            "title": self.env._("Rejected at acceptance: %s", self._md_capa_label()),
            "description": description,
            "product_id": self.product_id.id,
            "lot_ids": self.lot_id.ids,
            "partner_id": acceptance.partner_id.commercial_partner_id.id,
            "quantity": self.qty_rejected,
            "company_id": acceptance.company_id.id,
        }

    def _md_capa_problems(self, model):
        acceptance = self.acceptance_id
        problems = []
        if self.qty_rejected <= 0:
            problems.append(self.env._("%s: nothing was rejected at acceptance.", self._md_capa_label()))
        if not acceptance.md_signed:
            problems.append(self.env._("%s is not signed yet; the rejection is final once the acceptance is signed.",
                                       acceptance.name))
        elif acceptance.md_corrected:
            problems.append(self.env._("%s has been corrected; open it from the correction.", acceptance.name))
        return problems
