from odoo import fields, models


class MdSignatureVerification(models.TransientModel):
    """Result of checking every signature digest and the chain, for auditors."""

    _name = "md.signature.verification"
    _description = "Signature Verification"

    verified = fields.Boolean(readonly=True)
    checked_count = fields.Integer(string="Signatures Checked", readonly=True)
    problem_count = fields.Integer(string="Problems Found", readonly=True)
    line_ids = fields.One2many("md.signature.verification.line", "verification_id", readonly=True)

    def action_run(self):
        self.ensure_one()
        problems = self.env["md.signature"].verify()
        self.write({
            "verified": True,
            "checked_count": self.env["md.signature"].sudo().search_count([]),
            "problem_count": len(problems),
            "line_ids": [fields.Command.clear()] + [fields.Command.create({
                "signature_id": p["signature"].id,
                "res_model": p["res_model"],
                "res_id": p["res_id"],
                "record_name": p["signature"].record_name,
                "problem": p["problem"],
            }) for p in problems],
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
