from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_base.models.md_compliance import MIN_REASON_LENGTH

QA_GROUP = "medical_device_base.group_md_qa_manager"


class MdOutboundProblem(models.Model):
    """A problem found by the outbound review; some may be released as an exception by a QA signature."""

    _name = "md.outbound.problem"
    _description = "Outbound Review Problem"
    _inherit = ["md.signable.mixin"]
    _order = "review_id, id"

    _md_signed_fields = ["code", "product_id", "lot_id", "message", "exception_reason"]
    _md_signature_groups = {"approved": QA_GROUP}

    review_id = fields.Many2one("md.outbound.review", required=True, ondelete="cascade", index=True)
    code = fields.Selection([
        ("lot_state", "Lot not released"),
        ("expired", "Expired"),
        ("no_lot", "No lot/serial"),
        ("shelf_life", "Below customer's minimum shelf life"),
        ("certificate", "Certificate invalid"),
        ("customer", "Customer not qualified"),
        ("cold_chain", "No cold-chain shipping record"),
        ("quantity", "Quantity differs"),
    ], required=True, readonly=True)
    product_id = fields.Many2one("product.product", string="Device", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    message = fields.Text(required=True, readonly=True)
    overridable = fields.Boolean(string="QA May Release", readonly=True,
                                 help="Unreleased and expired lots are hard stops; other problems may be "
                                      "released as an exception by a QA manager with a reason and signature.")
    exception_reason = fields.Text()
    resolved = fields.Boolean(compute="_compute_resolved", store=True)

    @api.depends("md_signed", "overridable")
    def _compute_resolved(self):
        for problem in self:
            problem.resolved = problem.overridable and problem.md_signed

    # An exception covers a kind of problem on a device and lot, not its wording,
    # which carries dates and day counts that change from one day to the next.
    def _md_key(self):
        self.ensure_one()
        return (self.code, self.product_id.id or False, self.lot_id.id or False)

    @api.model
    def _md_key_of(self, vals):
        return (vals["code"], vals.get("product_id") or False, vals.get("lot_id") or False)

    def action_release_exception(self):
        self.ensure_one()
        self._md_check_before_signing("approved")
        return self.action_sign("approved")

    def _md_check_before_signing(self, meaning):
        self.ensure_one()
        if not self.overridable:
            raise UserError(self.env._("This problem cannot be released as an exception: %s", self.message))
        if self.md_signed:
            raise UserError(self.env._("This exception is already released."))
        if self.review_id.md_signed:
            raise UserError(self.env._("%s is already signed.", self.review_id.name))
        self.env["md.compliance"]._md_required_reason(
            self.exception_reason,
            self.env._("Give the reason for the exception in at least %s characters.", MIN_REASON_LENGTH))

    def write(self, vals):
        if set(vals) - {"exception_reason"} and not self.env.su:
            raise UserError(self.env._("Only the exception reason of a review problem can be changed."))
        if self.review_id.filtered("md_signed") and not (self.env.su and self.env.context.get("md_signing")):
            raise UserError(self.env._("The review is signed; its problems can no longer change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_when_rebuilding(self):
        if not self.env.su or not self.env.context.get("md_review_rebuild") or self.filtered("md_signed"):
            raise UserError(self.env._("Review problems are rebuilt from the delivery; they cannot be deleted."))

    def _md_unlink_for_rebuild(self):
        """Delete these unsigned problems of a review, which "Refresh" finds again on the delivery."""
        return self.sudo().with_context(md_review_rebuild=True).unlink()
