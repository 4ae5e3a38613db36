from odoo import fields, models
from odoo.exceptions import UserError

from .stock_lot import quality_state_selection


class MdQualityChange(models.Model):
    """One change of quality status of one or more lots: who, when, why, and the signature when it frees stock."""

    _name = "md.quality.change"
    _description = "Lot Quality Status Change"
    _inherit = ["mail.thread", "md.signable.mixin", "md.workflow.mixin"]
    _order = "id desc"

    # Set when the change is requested and applied, never by a client.
    _md_workflow_fields = ("new_state", "reason", "user_id", "date", "state", "origin", "signature_id",
                           "line_ids", "company_id", "picking_ids")

    _md_signed_fields = ["new_state", "reason", "line_ids"]
    _md_signature_groups = {"released": "medical_device_base.group_md_qa_manager"}

    name = fields.Char(required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.quality.change"))
    new_state = fields.Selection(quality_state_selection, string="New Status", required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Changed By", required=True, readonly=True,
                              default=lambda self: self.env.user)
    date = fields.Datetime(string="Changed At (UTC)", readonly=True)
    state = fields.Selection([("pending", "Awaiting Signature"), ("done", "Applied")],
                             default="pending", required=True, readonly=True)
    origin = fields.Char(string="Source Document", readonly=True)
    signature_id = fields.Many2one("md.signature", string="Authorising Signature", readonly=True,
                                   help="The signature that authorised the change: the release itself, "
                                        "or the acceptance that released the lots.")
    line_ids = fields.One2many("md.quality.change.line", "change_id", string="Lots", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    picking_ids = fields.Many2many(
        "stock.picking", "md_quality_change_picking_rel", "change_id", "picking_id", string="Transfers",
        readonly=True, copy=False,
        help="Internal transfers that moved the stock of these lots because of this change "
             "(expired stock into the nonconforming zone).")

    def action_sign_release(self):
        self.ensure_one()
        return self.action_sign("released")

    def _md_check_before_signing(self, meaning):
        if self.state != "pending":
            raise UserError(self.env._("%s has already been applied.", self.name))

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        self.sudo()._md_apply(signature)
        return signature

    def _md_apply(self, signature=None, relocate=True):
        """Write the new status on the lots and move their stock to the matching zone."""
        self.ensure_one()
        lots = self.line_ids.lot_id
        stale = self.line_ids.filtered(lambda line: line.old_state != line.lot_id.md_quality_state)
        if stale:
            raise UserError(self.env._(
                "The status of %s changed since this request; make a new request.",
                ", ".join(stale.lot_id.mapped("display_name"))))
        self._md_workflow_env().write({
            "state": "done", "date": fields.Datetime.now(),
            "signature_id": (signature or self.signature_id).id})
        lots._md_workflow_env().write({"md_quality_state": self.new_state})
        if relocate:
            lots._md_relocate_to_zone(self.name)
            # A hold of an expired lot takes its stock off the shelf, whoever asked for it.
            if self.new_state in lots._md_zone_states().get("nonconforming", ()):
                lots._md_segregate_expired(self)
        labels = lots._md_quality_labels()
        lots._message_log_batch(bodies={
            line.lot_id.id: self.env._(
                "Quality status %(old)s → %(new)s by %(user)s (%(change)s): %(reason)s",
                old=labels.get(line.old_state, "-"), new=labels[self.new_state], user=self.user_id.name,
                change=self.name, reason=self.reason)
            for line in self.line_ids})
