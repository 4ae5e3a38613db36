from odoo import fields, models


def _recalled_to_hold(records):
    # On uninstall, a change to "recalled" stays on record as a hold rather than vanish.
    if records:
        records.env.cr.execute("UPDATE md_quality_change SET new_state = 'hold' WHERE id IN %s",
                               [tuple(records.ids)])


class MdQualityChange(models.Model):
    _inherit = "md.quality.change"

    new_state = fields.Selection(selection_add=[("recalled", "Recalled")], ondelete={"recalled": _recalled_to_hold})
