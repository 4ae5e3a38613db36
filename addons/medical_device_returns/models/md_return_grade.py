from odoo import fields, models

DISPOSITIONS = [
    ("release", "Re-release to Stock"),
    ("repack", "Repack/Relabel, then Re-release"),
    ("supplier", "Return to Supplier"),
    ("scrap", "Scrap"),
]


class MdReturnGrade(models.Model):
    """退货分级: the kind of return decides who approves it and what QA usually does with the goods."""

    _name = "md.return.grade"
    _description = "Return Grade"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Used by other add-ons (e.g. the recall add-on looks for 'recall').")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    approval_group_id = fields.Many2one(
        "res.groups", string="Approved By", required=True,
        help="Members of this group approve returns of this grade before goods are taken back.")
    default_disposition = fields.Selection(DISPOSITIONS, required=True)
    quality_related = fields.Boolean(
        string="Counts Against the Supplier",
        help="Returns of this grade count in the supplier's quality return rate.")
    refund = fields.Boolean(string="Update Ordered Quantities", default=True,
                            help="The return lowers the delivered (or received) quantity of the order, so "
                                 "that a credit note can follow.")
    note = fields.Text(translate=True)

    _sql_constraints = [("code_uniq", "unique(code)", "A return grade code must be unique.")]
