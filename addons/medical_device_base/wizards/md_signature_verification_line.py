from odoo import fields, models


class MdSignatureVerificationLine(models.TransientModel):
    _name = "md.signature.verification.line"
    _description = "Signature Verification Finding"

    verification_id = fields.Many2one("md.signature.verification", required=True, ondelete="cascade")
    signature_id = fields.Many2one("md.signature", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Integer(string="Document ID", readonly=True)
    record_name = fields.Char(string="Document", readonly=True)
    problem = fields.Selection([
        ("content", "Signed content altered"),
        ("signature", "Signature altered"),
        ("chain", "Chain broken (signature removed or inserted)"),
        ("missing", "Signed record deleted"),
    ], readonly=True)
