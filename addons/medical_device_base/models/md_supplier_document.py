from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .md_compliance import problems_error

DOCUMENT_TYPES = [
    ("authorisation", "Authorisation Letter"),
    ("quality_agreement", "Quality Assurance Agreement"),
    ("iso13485", "ISO 13485 Certificate"),
    ("gmp", "GMP Certificate"),
]
# An upstream distributor may hold its authorisation from another distributor: the chain is followed this far.
MAX_CHAIN = 5


class MdSupplierDocument(models.Model):
    """A supplier's qualification file beside its licences: authorisation letter (授权书), quality assurance
    agreement (质量保证协议), ISO 13485 or GMP certificate, each with its validity and scope."""

    _name = "md.supplier.document"
    _description = "Supplier Document"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.document.mixin"]
    _order = "partner_id, document_type, expiry_date desc"

    name = fields.Char(string="Number", required=True, tracking=True, index=True)
    document_type = fields.Selection(DOCUMENT_TYPES, string="Type", required=True, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Supplier", required=True, index=True, tracking=True,
                                 ondelete="restrict", domain=[("is_company", "=", True)],
                                 help="The supplier authorised, party to the agreement or certified.")
    grantor_id = fields.Many2one(
        "res.partner", string="Authorising Party", index="btree_not_null", tracking=True, ondelete="restrict",
        domain=[("is_company", "=", True)],
        help="The registrant, manufacturer or upstream distributor that signed the authorisation letter.")
    issuing_body = fields.Char(string="Issuer", tracking=True,
                               help="Certification body of a certificate, or signatory of an agreement.")
    product_tmpl_ids = fields.Many2many(
        "product.template", "md_supplier_document_product_rel", "document_id", "product_tmpl_id",
        string="Devices", domain=[("is_medical_device", "=", True)], tracking=True)
    certificate_ids = fields.Many2many(
        "md.certificate", "md_supplier_document_certificate_rel", "document_id", "certificate_id",
        string="Registration/Filing Certificates", tracking=True,
        help="Devices registered under these certificate numbers, renewals included.")
    category_ids = fields.Many2many(
        "md.device.category", "md_supplier_document_category_rel", "document_id", "category_id",
        string="Device Categories", tracking=True,
        help="Every device of these classification categories that the authorising party may grant.")
    region_country_ids = fields.Many2many(
        "res.country", "md_supplier_document_country_rel", "document_id", "country_id",
        string="Countries", tracking=True)
    region_state_ids = fields.Many2many(
        "res.country.state", "md_supplier_document_state_rel", "document_id", "state_id",
        string="Provinces", tracking=True,
        help="Where the supplier may sell under this letter; no country and no province means everywhere.")
    scope_note = fields.Text(string="Scope as Printed")
    company_id = fields.Many2one("res.company", index=True,
                                 help="Leave empty to share the document between companies.")
    active = fields.Boolean(default=True, tracking=True)

    def _compute_display_name(self):
        labels = dict(self._fields["document_type"]._description_selection(self.env))
        for doc in self:
            doc.display_name = f"{labels.get(doc.document_type, '')} {doc.name or ''}".strip()

    @api.constrains("document_type", "grantor_id", "partner_id", "issue_date", "expiry_date",
                    "product_tmpl_ids", "certificate_ids", "category_ids")
    def _check_contents(self):
        for doc in self:
            problems = []
            if not doc.expiry_date:
                problems.append(self.env._("Give the date until which it is valid."))
            if doc.document_type == "authorisation":
                if not doc.issue_date:
                    problems.append(self.env._("Give the date from which the letter authorises."))
                if not doc.grantor_id:
                    problems.append(self.env._("Name the registrant, manufacturer or distributor that authorises."))
                elif doc.grantor_id.commercial_partner_id == doc.partner_id.commercial_partner_id:
                    problems.append(self.env._("A supplier cannot authorise itself."))
                if not (doc.product_tmpl_ids or doc.certificate_ids or doc.category_ids):
                    problems.append(self.env._(
                        "Name the devices, certificates or categories that the letter covers."))
            if problems:
                raise problems_error(self.env._("%s cannot be saved:", doc.display_name), problems,
                                     ValidationError)

    def action_revoke(self):
        return self.env["md.compliance"]._md_revoke_action(self)

    # Scope -------------------------------------------------------------------

    def _md_covers_device(self, device):
        """True when this letter names ``device`` (a product.template), its certificate number or its category."""
        self.ensure_one()
        certificate = device.md_certificate_id
        return bool(device in self.product_tmpl_ids
                    or (certificate and certificate.name in self.certificate_ids.mapped("name"))
                    or (device.md_category_id and device.md_category_id in self.category_ids))

    def _md_covers_region(self, destination):
        """True when the goods delivered to ``destination`` (a partner) are in the letter's region."""
        self.ensure_one()
        if not (self.region_country_ids or self.region_state_ids):
            return True
        return bool(destination) and (destination.state_id in self.region_state_ids
                                      or destination.country_id in self.region_country_ids)

    def _md_region_label(self):
        self.ensure_one()
        return "、".join(self.region_state_ids.mapped("name") + self.region_country_ids.mapped("name"))

    @api.model
    def _md_documents(self, partner, document_type):
        """The supplier's active documents of a type, shared ones and the current company's (archived ones
        never count, whatever the caller's context says)."""
        return self.sudo().with_context(active_test=True).search([
            ("partner_id.commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("document_type", "=", document_type),
            ("company_id", "in", [False, self.env.company.id]),
        ])

    def _md_chain_holds(self, device, date, destination, sources, seen):
        """True when this letter's authorising party is a source of ``device`` or holds, itself, a letter
        in force for it from a source (through at most MAX_CHAIN distributors)."""
        self.ensure_one()
        grantor = self.grantor_id.commercial_partner_id
        if grantor in sources:
            return True
        if grantor in seen or len(seen) >= MAX_CHAIN:
            return False
        upstream = self._md_documents(grantor, "authorisation").filtered(
            lambda l: l._md_covers_device(device) and l._md_is_valid_at(date) and l._md_covers_region(destination))
        return any(letter._md_chain_holds(device, date, destination, sources, seen | grantor) for letter in upstream)

    # Checks used by md.compliance ----------------------------------------------

    @api.model
    def _md_authorisation_check(self, partner, device, date, destination):
        """(letter, problems): the letter by which ``partner`` may sell ``device`` delivered to ``destination``
        on ``date``, or the problems that say why there is none.

        The registrant or manufacturer selling its own device needs no letter. A device without a
        certificate is refused for that already: the letter is judged against the certificate.
        """
        partner = partner.commercial_partner_id
        certificate = device.md_certificate_id
        letters = self.browse()
        if not certificate:
            return letters, []
        sources = (certificate.holder_id | certificate.manufacturer_id).commercial_partner_id
        if partner in sources:
            return letters, []
        covering = self._md_documents(partner, "authorisation").filtered(lambda l: l._md_covers_device(device))
        if not covering:
            return letters, [self.env._(
                "Supplier %(partner)s has no authorisation letter covering %(product)s (certificate %(number)s).",
                partner=partner.display_name, product=device.display_name, number=certificate.name)]
        valid = covering.filtered(lambda l: l._md_is_valid_at(date))
        if not valid:
            lapsed = ", ".join(self.env._("%(letter)s (valid %(start)s to %(end)s%(revoked)s)",
                                          letter=l.name, start=l.issue_date or "-", end=l.expiry_date or "-",
                                          revoked=self.env._(", revoked") if l.revoked else "")
                               for l in covering)
            return letters, [self.env._(
                "Supplier %(partner)s: no authorisation letter for %(product)s is valid on %(date)s: %(letters)s.",
                partner=partner.display_name, product=device.display_name, date=date, letters=lapsed)]
        in_region = valid.filtered(lambda l: l._md_covers_region(destination))
        if not in_region:
            place = destination and ", ".join(filter(None, [destination.state_id.name, destination.country_id.name]))
            return letters, [self.env._(
                "Supplier %(partner)s: the authorisation letter for %(product)s covers %(regions)s, not %(place)s "
                "where the goods are delivered.",
                partner=partner.display_name, product=device.display_name,
                regions="; ".join(f"{l.name}: {l._md_region_label()}" for l in valid),
                place=place or self.env._("an address without province or country"))]
        chained = in_region.filtered(lambda l: l._md_chain_holds(device, date, destination, sources, partner))
        if not chained:
            return letters, [self.env._(
                "Supplier %(partner)s: the authorisation letter %(letter)s for %(product)s is signed by %(grantor)s, "
                "who is neither its registrant or manufacturer nor authorised for it by them.",
                partner=partner.display_name, letter=in_region[0].name, product=device.display_name,
                grantor=in_region[0].grantor_id.display_name)]
        return chained.sorted(lambda l: l.expiry_date, reverse=True)[:1], []

    @api.model
    def _md_agreement_problems(self, partner, date):
        """Problems when ``partner`` has no quality assurance agreement in force on ``date``."""
        partner = partner.commercial_partner_id
        agreements = self._md_documents(partner, "quality_agreement")
        if any(agreement._md_is_valid_at(date) for agreement in agreements):
            return []
        if not agreements:
            return [self.env._("Supplier %s has no quality assurance agreement on file.", partner.display_name)]
        lapsed = ", ".join(self.env._("%(agreement)s (valid %(start)s to %(end)s%(revoked)s)",
                                      agreement=a.name, start=a.issue_date or "-", end=a.expiry_date or "-",
                                      revoked=self.env._(", revoked") if a.revoked else "")
                           for a in agreements)
        return [self.env._("Supplier %(partner)s: no quality assurance agreement is valid on %(date)s: %(agreements)s.",
                           partner=partner.display_name, date=date, agreements=lapsed)]
