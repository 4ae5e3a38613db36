from odoo import api, models
from odoo.exceptions import UserError


class MdEvidenceMixin(models.AbstractModel):
    """Append-only evidence: signatures, failed signing attempts, posted chain heads.

    A record is made only by its model's own private path, through :meth:`_md_evidence_create`, which runs
    as superuser with the model's name in the context: a client can send the key, never the superuser flag.
    Nobody changes or deletes a record afterwards, the superuser included.
    """

    _name = "md.evidence.mixin"
    _description = "Append-only Evidence"

    def _md_evidence_refusal(self, operation):
        """The message refusing ``operation`` ("create", "write" or "unlink") on this kind of evidence."""
        return {
            "create": self.env._("%s records are made only by the application itself.", self._description),
            "write": self.env._("%s records cannot be changed.", self._description),
            "unlink": self.env._("%s records cannot be deleted.", self._description),
        }[operation]

    @api.model
    def _md_evidence_create(self, vals_list, **context):
        return self.sudo().with_context(md_evidence=self._name, **context).create(vals_list)

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su and self.env.context.get("md_evidence") == self._name):
            raise UserError(self._md_evidence_refusal("create"))
        return super().create(vals_list)

    # Evidence is never written, so there is no write of the parent to call.
    # pylint: disable-next=method-required-super
    def write(self, vals):
        raise UserError(self._md_evidence_refusal("write"))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self._md_evidence_refusal("unlink"))
