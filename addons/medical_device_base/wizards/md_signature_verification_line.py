from odoo import fields, models

from ..models.md_signature import PROBLEMS


class MdSignatureVerificationLine(models.TransientModel):
    _name = "md.signature.verification.line"
    _description = "Signature Verification Finding"

    verification_id = fields.Many2one("md.signature.verification", required=True, ondelete="cascade")
    signature_id = fields.Many2one("md.signature", readonly=True)
    sequence = fields.Integer(related="signature_id.sequence", string="Number")
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Integer(string="Document ID", readonly=True)
    record_name = fields.Char(string="Document", readonly=True)
    problem = fields.Selection(PROBLEMS, readonly=True)
    detail = fields.Char(readonly=True)
