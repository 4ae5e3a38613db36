from odoo import api, fields, models
from odoo.exceptions import UserError

from .md_compliance import CLASS_LABELS
from .md_licence import AUTHORISING_TYPES, IDENTITY_TYPES


class ResPartner(models.Model):
    _inherit = "res.partner"

    md_licence_ids = fields.One2many("md.licence", "partner_id", string="Licences")
    md_supplier_document_ids = fields.One2many("md.supplier.document", "partner_id", string="Supplier Documents")
    md_qualification_state = fields.Selection(
        [("qualified", "Qualified"), ("expiring", "Expiring"), ("unqualified", "Unqualified")],
        string="Qualification", compute="_compute_md_qualification_state",
        search="_search_md_qualification_state",
        help="From the partner's licences: unqualified without a valid business or institution "
             "licence, or when the latest licence of a kind has lapsed.")
    md_supplier_approved = fields.Boolean(
        string="QA-Approved Supplier", tracking=True, copy=False,
        help="Set by a QA manager after reviewing the supplier's qualification documents.")
    md_supplier_approved_by = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    md_supplier_approval_date = fields.Date(string="Approved On", readonly=True, copy=False)

    def _md_current_licences(self):
        """Latest active licence of each type: a renewal supersedes the lapsed one."""
        self.ensure_one()
        latest = {}
        for licence in self.commercial_partner_id.with_context(active_test=True).md_licence_ids:
            current = latest.get(licence.licence_type)
            if not current or (licence.expiry_date or fields.Date.to_date("9999-12-31")) > (
                    current.expiry_date or fields.Date.to_date("9999-12-31")):
                latest[licence.licence_type] = licence
        return latest

    @api.depends("commercial_partner_id.md_licence_ids.expiry_date",
                 "commercial_partner_id.md_licence_ids.revoked",
                 "commercial_partner_id.md_licence_ids.active",
                 "commercial_partner_id.md_licence_ids.licence_type")
    @api.depends_context("company")
    def _compute_md_qualification_state(self):
        for partner in self:
            current = partner._md_current_licences().values()
            states = {licence.state for licence in current}
            has_identity = any(l.licence_type in IDENTITY_TYPES and l.state in ("valid", "expiring")
                               for l in current)
            if not has_identity or states & {"expired", "revoked"}:
                partner.md_qualification_state = "unqualified"
            elif "expiring" in states:
                partner.md_qualification_state = "expiring"
            else:
                partner.md_qualification_state = "qualified"

    def _search_md_qualification_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on qualification."))
        values = {value} if isinstance(value, str) else set(value or ())
        licensed = self.env["res.partner"].browse(
            partner.id for [partner] in self.env["md.licence"]._read_group([], ["partner_id"]))
        matching = licensed.filtered(lambda p: p.md_qualification_state in values)
        domain = [("commercial_partner_id", "in", matching.ids)]
        if "unqualified" in values:
            domain = ["|", ("commercial_partner_id.md_licence_ids", "=", False)] + domain
        if operator in ("!=", "not in"):
            domain = ["!"] + domain
        return domain

    def _md_approval_vals(self, vals, creating=False):
        """Only QA approves suppliers; the approval records who and when."""
        if "md_supplier_approved" not in vals or (creating and not vals["md_supplier_approved"]):
            return vals
        if not self.env.su and not self.env["md.compliance"]._md_is_qa_manager():
            raise UserError(self.env._("Only a QA manager may approve or withdraw a supplier."))
        approved = vals["md_supplier_approved"]
        return dict(vals, md_supplier_approved_by=self.env.user.id if approved else False,
                    md_supplier_approval_date=fields.Date.context_today(self) if approved else False)

    def write(self, vals):
        return super().write(self._md_approval_vals(vals))

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._md_approval_vals(vals, creating=True) for vals in vals_list])

    @api.ondelete(at_uninstall=False)
    def _unlink_except_licences(self):
        # Licences are qualification evidence; they outlive a partner who is merely archived.
        with_licences = self.filtered(lambda p: p.md_licence_ids or p.md_supplier_document_ids)
        if with_licences:
            raise UserError(self.env._(
                "%s has licences on file and cannot be deleted; archive the partner instead.",
                ", ".join(with_licences.mapped("display_name"))))

    # Checks used by md.compliance -------------------------------------------------

    def _md_identity_problems(self, date, role):
        self.ensure_one()
        current = self._md_current_licences()
        identity = [current[kind] for kind in IDENTITY_TYPES if kind in current]
        if any(licence._md_is_valid_at(date) for licence in identity):
            return []
        role_label = self.env._("Supplier") if role == "supplier" else self.env._("Customer")
        if identity:
            licence = identity[0]
            return [self.env._("%(role)s %(partner)s: %(licence)s is not valid on %(date)s (expiry %(expiry)s%(revoked)s).",
                      role=role_label, partner=self.display_name, licence=licence.display_name, date=date,
                      expiry=licence.expiry_date or "-", revoked=self.env._(", revoked") if licence.revoked else "")]
        return [self.env._("%(role)s %(partner)s has no business licence or medical institution practice licence on file.",
                  role=role_label, partner=self.display_name)]

    def _md_scope_problems(self, device, date, role):
        """Problems when no valid licence of the partner covers ``device`` (a product.template)."""
        self.ensure_one()
        if device.md_class == "1" and role == "customer":
            return []
        category = device.md_category_id.code
        licences = self.commercial_partner_id.md_licence_ids.filtered(
            lambda l: l.licence_type in AUTHORISING_TYPES[role] and l._md_covers(device.md_class, category))
        if device.md_class == "1" and role == "supplier" and not licences:
            # Class I distribution needs no licence; a registered business is enough.
            return []
        if any(licence._md_is_valid_at(date) for licence in licences):
            return []
        role_label = self.env._("Supplier") if role == "supplier" else self.env._("Customer")
        lapsed = ", ".join(self.env._("%(licence)s (expiry %(expiry)s%(revoked)s)", licence=l.display_name,
                                          expiry=l.expiry_date or "-",
                                          revoked=self.env._(", revoked") if l.revoked else "")
                           for l in licences)
        if lapsed:
            return [self.env._("%(role)s %(partner)s may not trade %(product)s (Class %(cls)s, category %(category)s) "
                      "on %(date)s: the licences covering it have lapsed: %(licences)s.",
                      role=role_label, partner=self.display_name, product=device.display_name,
                      cls=CLASS_LABELS.get(device.md_class, "?"), category=category or "-", date=date,
                      licences=lapsed)]
        return [self.env._("%(role)s %(partner)s has no licence whose scope covers %(product)s "
                  "(Class %(cls)s, category %(category)s).",
                  role=role_label, partner=self.display_name, product=device.display_name,
                  cls=CLASS_LABELS.get(device.md_class, "?"), category=category or "-")]
