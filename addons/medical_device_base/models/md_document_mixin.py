from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

ALERT_RANK = {"none": 0, "long": 1, "short": 2, "expired": 3}


class MdDocumentMixin(models.AbstractModel):
    """Dated regulatory document: validity computed from its dates, expiry watch.

    Shared by certificates and partner licences so both expire, get revoked
    and raise activities the same way.
    """

    _name = "md.document.mixin"
    _inherit = ["md.workflow.mixin"]
    _description = "Regulatory document with validity dates"
    # Revocation goes through the QA manager's revoke wizard; the warning stage is the expiry watch's.
    _md_workflow_fields = ("revoked", "revoke_reason", "expiry_alert_stage")

    issue_date = fields.Date(tracking=True)
    expiry_date = fields.Date(tracking=True, help="Leave empty for documents without expiry.")
    revoked = fields.Boolean(tracking=True, copy=False, readonly=True)
    revoke_reason = fields.Text(tracking=True, copy=False, readonly=True)
    attachment = fields.Binary(string="Scan", attachment=True, copy=False)
    attachment_name = fields.Char(string="Scan File Name", copy=False)
    state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring Soon"), ("expired", "Expired"),
         ("revoked", "Revoked")],
        compute="_compute_state", search="_search_state",
        help="Computed from the dates and the company's expiry horizon.")
    days_to_expiry = fields.Integer(compute="_compute_state")
    expiry_alert_stage = fields.Selection(
        [("none", "None"), ("long", "First Warning"), ("short", "Second Warning"),
         ("expired", "Expired")],
        default="none", copy=False, readonly=True,
        help="Last expiry warning sent, so the daily watch warns once per horizon.")

    @api.model
    def _md_horizons(self):
        company = self.env.company
        return company.md_expiry_horizon_long, company.md_expiry_horizon_short

    @api.depends("expiry_date", "revoked")
    @api.depends_context("company")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        horizon = self._md_horizons()[0]
        for doc in self:
            doc.days_to_expiry = (doc.expiry_date - today).days if doc.expiry_date else 0
            if doc.revoked:
                doc.state = "revoked"
            elif doc.expiry_date and doc.expiry_date < today:
                doc.state = "expired"
            elif doc.expiry_date and doc.expiry_date <= today + timedelta(days=horizon):
                doc.state = "expiring"
            else:
                doc.state = "valid"

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(self.env._("Unsupported search on validity state."))
        values = {value} if isinstance(value, str) else set(value or ())
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=self._md_horizons()[0])
        domains = {
            "revoked": [("revoked", "=", True)],
            "expired": [("revoked", "=", False), ("expiry_date", "<", today)],
            "expiring": [("revoked", "=", False), ("expiry_date", ">=", today),
                         ("expiry_date", "<=", limit)],
            "valid": [("revoked", "=", False), "|", ("expiry_date", "=", False),
                      ("expiry_date", ">", limit)],
        }
        wanted = values if operator in ("=", "in") else set(domains) - values
        if not wanted:
            return [("id", "=", False)]
        return expression.OR([domains[state] for state in sorted(wanted)])

    def _md_is_valid_at(self, date):
        """True when the document is in force on ``date`` (issued, not expired, not revoked)."""
        self.ensure_one()
        return (not self.revoked
                and (not self.issue_date or self.issue_date <= date)
                and (not self.expiry_date or self.expiry_date >= date))

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for doc in self:
            if doc.issue_date and doc.expiry_date and doc.expiry_date <= doc.issue_date:
                raise ValidationError(self.env._(
                    "%(document)s: the expiry date %(expiry)s must be after the issue date %(issue)s.",
                    document=doc.display_name, expiry=doc.expiry_date, issue=doc.issue_date))

    def write(self, vals):
        result = super().write(vals)
        if "expiry_date" in vals:
            # A new expiry date (e.g. an extension) restarts the warnings.
            self._md_workflow_write({"expiry_alert_stage": "none"})
        return result

    def _md_revoke(self, reason):
        if not self.env["md.compliance"]._md_is_qa_manager():
            raise UserError(self.env._("Only a QA manager may revoke a certificate or licence."))
        if not (reason or "").strip():
            raise ValidationError(self.env._("Give the reason for revoking %s.", self.display_name))
        self._md_workflow_write({"revoked": True, "revoke_reason": reason.strip()})

    # Expiry watch ----------------------------------------------------------

    @api.model
    def _md_expiry_watch(self):
        """Schedule one activity per document and horizon crossed (and one on expiry)."""
        today = fields.Date.context_today(self)
        # Every company's horizon counts: there are a handful of companies.
        # pylint: disable-next=no-search-all
        companies = self.env["res.company"].sudo().search([])
        widest = max(companies.mapped("md_expiry_horizon_long") + [0])
        docs = self.search([
            ("revoked", "=", False), ("expiry_date", "!=", False),
            ("expiry_date", "<=", today + timedelta(days=widest)),
        ])
        activity_type = self.env.ref("medical_device_base.mail_activity_document_expiry")
        for doc in docs:
            company = doc.company_id or self.env.company
            long_days, short_days = company.md_expiry_horizon_long, company.md_expiry_horizon_short
            days = (doc.expiry_date - today).days
            if days > long_days:
                continue
            stage = "expired" if days < 0 else "short" if days <= short_days else "long"
            if ALERT_RANK[stage] <= ALERT_RANK[doc.expiry_alert_stage]:
                continue
            if stage == "expired":
                summary = self.env._("%(document)s expired on %(date)s", document=doc.display_name,
                            date=doc.expiry_date)
            else:
                summary = self.env._("%(document)s expires on %(date)s (in %(days)s days)",
                            document=doc.display_name, date=doc.expiry_date, days=days)
            for user in self.env["md.compliance"].with_company(company)._md_qa_users():
                doc.activity_schedule(
                    activity_type_id=activity_type.id, summary=summary,
                    date_deadline=min(max(doc.expiry_date, today), today + timedelta(days=7)),
                    user_id=user.id)
            doc._md_workflow_write({"expiry_alert_stage": stage})
        return docs
