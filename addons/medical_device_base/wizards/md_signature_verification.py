from datetime import timedelta

from odoo import fields, models

# How far back the verification screen lists failed signature attempts.
ATTEMPT_DAYS = 90


class MdSignatureVerification(models.TransientModel):
    """Result of checking every signature digest and the chain, for auditors."""

    _name = "md.signature.verification"
    _description = "Signature Verification"

    verified = fields.Boolean(readonly=True)
    checked_count = fields.Integer(string="Signatures Checked", readonly=True)
    problem_count = fields.Integer(string="Problems Found", readonly=True)
    head_sequence = fields.Integer(string="Chain Head", readonly=True)
    head_digest = fields.Char(string="Chain Head SHA-256", readonly=True)
    last_posted_id = fields.Many2one("md.signature.head", string="Last Posted Head", readonly=True)
    line_ids = fields.One2many("md.signature.verification.line", "verification_id", readonly=True)
    attempt_ids = fields.Many2many("md.signature.attempt", string="Failed Signature Attempts", readonly=True,
                                   help="Wrong passwords entered at signing in the last 90 days.")
    attempt_count = fields.Integer(string="Failed Attempts (90 days)", readonly=True)

    def action_run(self):
        self.ensure_one()
        Signature = self.env["md.signature"]
        problems = Signature.verify()
        head = Signature._md_chain_head()
        # Read as the auditor: the record rules decide which companies' attempts are listed.
        attempts = self.env["md.signature.attempt"].search(
            [("attempted_at", ">=", fields.Datetime.now() - timedelta(days=ATTEMPT_DAYS))])
        self.write({
            "verified": True,
            "checked_count": Signature.sudo().search_count([]),
            "problem_count": len(problems),
            "head_sequence": head.sequence,
            "head_digest": head.digest,
            "last_posted_id": self.env["md.signature.head"].sudo().search([], limit=1).id,
            "attempt_ids": [fields.Command.set(attempts.ids)],
            "attempt_count": len(attempts),
            "line_ids": [fields.Command.clear()] + [fields.Command.create({
                "signature_id": p["signature"].id,
                "res_model": p["res_model"],
                "res_id": p["res_id"],
                "record_name": p.get("record_name") or p["signature"].record_name,
                "problem": p["problem"],
                "detail": p.get("detail") or False,
            }) for p in problems],
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
