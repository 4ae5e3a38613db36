from odoo import api, models
from odoo.exceptions import UserError


class MdCapaSourcedMixin(models.AbstractModel):
    """A nonconformance or CAPA started from a source record (``source_ref``).

    The source comes from the form's context or the create values, which any client sets: the source's own
    rules (``_md_capa_problems``) hold however it was given, and once on record it does not change.
    """

    _name = "md.capa.sourced.mixin"
    _description = "Record Started from a Source"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        problems = []
        for record in records.filtered("source_ref"):
            problems += record.source_ref._md_capa_problems(records._name)
        if problems:
            raise UserError("\n".join(problems))
        return records

    def write(self, vals):
        if "source_ref" in vals:
            new = vals["source_ref"] or False
            changed = self.filtered(
                lambda r: (r.source_ref and f"{r.source_ref._name},{r.source_ref.id}" or False) != new)
            if changed:
                raise UserError(self.env._("The source of %s is on record and cannot change.",
                                           ", ".join(changed.mapped("name"))))
        return super().write(vals)
