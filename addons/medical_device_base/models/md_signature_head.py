from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

AUDITOR_GROUP = "medical_device_base.group_md_auditor"


class MdSignatureHead(models.Model):
    """The end of the signature chain as it was posted to the auditors.

    Posted outside the database every day (e-mail, auditors' channel) and
    printed on every signed document: a chain that later ends before a posted
    number, or shows another digest for it, has been shortened or rewritten.
    These rows let md.signature.verify() make that comparison itself.
    """

    _name = "md.signature.head"
    _inherit = ["md.evidence.mixin"]
    _description = "Posted Signature Chain Head"
    _order = "posted_at desc, id desc"

    sequence = fields.Integer(string="Number", required=True, readonly=True, index=True)
    digest = fields.Char(string="Signature SHA-256", required=True, readonly=True)
    posted_at = fields.Datetime(string="Posted At (UTC)", required=True, readonly=True)
    recipients = fields.Char(readonly=True, help="E-mail addresses the head was sent to.")
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null",
                              groups="base.group_system")

    @api.depends("sequence", "posted_at")
    def _compute_display_name(self):
        for head in self:
            head.display_name = self.env._("Chain head #%(number)s (%(date)s)", number=head.sequence,
                                           date=fields.Datetime.to_string(head.posted_at))

    def _md_evidence_refusal(self, operation):
        return {
            "create": self.env._("Chain heads are recorded only when they are posted."),
            "write": self.env._("A posted chain head cannot be changed."),
            "unlink": self.env._("A posted chain head cannot be deleted."),
        }[operation]

    @api.model
    def _cron_post_head(self):
        self._md_post_head()

    @api.model
    def _md_post_head(self):
        """Send the current head to the auditors by e-mail and on their channel; keep a copy."""
        if not self.env.su:
            raise UserError(self.env._("The chain head is posted by the scheduler."))
        head = self.env["md.signature"]._md_chain_head()
        if not head:
            return self.browse()
        now = fields.Datetime.now()
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Signature chain head on %(date)s UTC: #%(number)s, SHA-256 %(digest)s.",
                       date=fields.Datetime.to_string(now), number=head.sequence, digest=head.digest),
            self.env._("Keep this message. If the chain later ends before #%s or shows another digest "
                       "for it, signatures have been removed or rewritten.", head.sequence))
        subject = self.env._("Signature chain head #%s", head.sequence)
        auditors = self.env.ref(AUDITOR_GROUP).sudo().users.filtered(lambda u: u.active and not u.share)
        emails = sorted(set(auditors.filtered("email").mapped("email_formatted")))
        mail = self.env["mail.mail"]
        if emails:
            mail = mail.sudo().create({"subject": subject, "body_html": body, "email_to": ",".join(emails),
                                       "auto_delete": False})
        channel = self.env.ref("medical_device_base.channel_md_signature_chain", raise_if_not_found=False)
        if channel:
            channel.sudo().message_post(body=body, subject=subject, message_type="comment",
                                        subtype_xmlid="mail.mt_comment")
        return self._md_evidence_create({
            "sequence": head.sequence, "digest": head.digest, "posted_at": now,
            "recipients": ",".join(emails) or False, "mail_id": mail.id or False})
