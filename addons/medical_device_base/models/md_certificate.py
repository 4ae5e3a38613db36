from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils.identifiers import IdentifierError, parse_certificate_number
from .md_signable_mixin import QA_GROUP


class MdCertificate(models.Model):
    """NMPA registration certificate (注册证) or filing certificate (备案凭证).

    A renewal is a new record linked to the one it renews; the old one stays
    as evidence of what was valid when past transactions happened.
    """

    _name = "md.certificate"
    _description = "Device Registration/Filing Certificate"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.document.mixin", "md.signable.mixin"]
    _order = "expiry_date desc, id desc"
    # QA's first-operation review (首营品种审核) signs what the certificate says.
    _md_signed_fields = ["name", "kind", "device_class", "origin", "device_name", "model_spec",
                         "holder_id", "manufacturer_id", "issue_date", "expiry_date", "attachment"]
    _md_signature_groups = {"reviewed": QA_GROUP, "approved": QA_GROUP}

    name = fields.Char(string="Certificate Number", required=True, tracking=True, index=True)
    kind = fields.Selection(
        [("registration", "Registration Certificate"), ("filing", "Filing Certificate")],
        compute="_compute_from_number", store=True)
    device_class = fields.Selection(
        [("1", "Class I"), ("2", "Class II"), ("3", "Class III")],
        string="Class", compute="_compute_from_number", store=True)
    origin = fields.Selection(
        [("domestic", "Domestic"), ("imported", "Imported"),
         ("hmt", "Hong Kong, Macao, Taiwan")],
        compute="_compute_from_number", store=True)
    authority = fields.Char(compute="_compute_from_number", store=True,
                            help="Issuing authority as encoded in the number.")
    device_name = fields.Char(required=True, tracking=True, help="Product name as printed on the certificate.")
    model_spec = fields.Text(string="Models/Specifications", tracking=True)
    holder_id = fields.Many2one("res.partner", string="Registrant/Filer", required=True,
                                tracking=True, index=True)
    manufacturer_id = fields.Many2one("res.partner", string="Contract Manufacturer", tracking=True)
    product_tmpl_ids = fields.One2many("product.template", "md_certificate_id",
                                       string="Covered Products")
    renewed_from_id = fields.Many2one("md.certificate", string="Renewal Of", readonly=True,
                                      copy=False, index=True, ondelete="restrict")
    renewal_ids = fields.One2many("md.certificate", "renewed_from_id", string="Renewals")
    company_id = fields.Many2one("res.company", index=True,
                                 help="Leave empty to share the certificate between companies.")
    active = fields.Boolean(default=True, tracking=True)
    issue_date = fields.Date(required=True)


    @api.depends("name")
    def _compute_from_number(self):
        for cert in self:
            try:
                parsed = parse_certificate_number(cert.name or "")
            except IdentifierError:
                parsed = {}
            cert.kind = parsed.get("kind")
            cert.device_class = parsed.get("device_class")
            cert.origin = parsed.get("origin")
            cert.authority = parsed.get("authority")

    @api.model
    def _md_parse_number(self, number):
        try:
            return parse_certificate_number(number, fields.Date.context_today(self))
        except IdentifierError as error:
            raise ValidationError(self.env["md.compliance"]._md_identifier_message(error)) from None

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "name" in vals:
                vals["name"] = self._md_parse_number(vals["name"])["number"]
        certificates = super().create(vals_list)
        for cert in certificates.filtered("renewed_from_id"):
            cert._md_take_over_products()
        return certificates

    def write(self, vals):
        if "name" in vals:
            vals = dict(vals, name=self._md_parse_number(vals["name"])["number"])
        return super().write(vals)

    @api.constrains("name", "issue_date", "company_id", "md_corrected")
    def _check_unique_issue(self):
        # Python, not SQL: a certificate without company is shared and clashes with every company.
        for cert in self:
            if cert.md_corrected:
                continue
            domain = [("name", "=", cert.name), ("issue_date", "=", cert.issue_date), ("id", "!=", cert.id),
                      ("md_corrected", "=", False)]
            if cert.company_id:
                domain += ["|", ("company_id", "=", False), ("company_id", "=", cert.company_id.id)]
            if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
                raise ValidationError(self.env._(
                    "A certificate %(number)s issued on %(date)s already exists; a renewal has a new issue date.",
                    number=cert.name, date=cert.issue_date))

    @api.constrains("name", "expiry_date")
    def _check_registration_expiry(self):
        for cert in self:
            if self._md_parse_number(cert.name)["kind"] == "registration" and not cert.expiry_date:
                raise ValidationError(self.env._(
                    "Registration certificate %s needs an expiry date (registrations are valid for five years).",
                    cert.name))

    @api.constrains("device_class", "product_tmpl_ids")
    def _check_product_class(self):
        for cert in self:
            wrong = cert.product_tmpl_ids.filtered(lambda p: p.md_class and p.md_class != cert.device_class)
            if wrong:
                raise ValidationError(self.env._(
                    "Certificate %(number)s is for Class %(cls)s devices but %(products)s are declared in another class.",
                    number=cert.name, cls=cert.device_class, products=", ".join(wrong.mapped("display_name"))))

    def _md_take_over_products(self):
        """A renewal replaces its predecessor on every product it covered."""
        old = self.renewed_from_id
        products = old.product_tmpl_ids
        if products:
            products.write({"md_certificate_id": self.id})
        old.message_post(body=self.env._("Renewed by certificate %(number)s (valid until %(date)s).",
                                number=self.name, date=self.expiry_date or "-"))
        self.message_post(body=self.env._("Renews certificate %(number)s; %(count)s product(s) moved to this certificate.",
                                 number=old.name, count=len(products)))

    def action_renew(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Renew Certificate"),
            "res_model": "md.certificate",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_renewed_from_id": self.id,
                "default_name": self.name,
                "default_device_name": self.device_name,
                "default_model_spec": self.model_spec,
                "default_holder_id": self.holder_id.id,
                "default_manufacturer_id": self.manufacturer_id.id,
                "default_company_id": self.company_id.id,
            },
        }

    # Coverage ----------------------------------------------------------------

    def _md_chain(self):
        """This certificate and the ones it renews, newest first.

        A corrected certificate stands aside for its correction, whose dates are the right ones.
        """
        chain = self.browse()
        seen = set()
        cert = self.sudo().with_context(active_test=False)
        while cert and cert.id not in seen:
            seen.add(cert.id)
            if cert.md_corrected:
                correction = cert.search([("md_correction_of", "=", f"{cert._name},{cert.id}")],
                                         order="id desc", limit=1)
                if correction and correction.id not in seen:
                    cert = correction
                    continue
            else:
                chain |= cert
            # A correction renews what the certificate it corrects renewed.
            renewed = cert
            while not renewed.renewed_from_id and renewed.md_correction_of:
                renewed = renewed.md_correction_of.with_context(active_test=False)
            cert = renewed.renewed_from_id
        return chain.with_env(self.env)

    @api.model
    def _md_covering(self, product, date):
        """The certificate of ``product`` (a template or variant) in force on ``date``, or no record.

        A device is registered when it was produced while a certificate was in force: for a lot, ``date``
        is its production date; for an order, the order date. The product's certificate and every one it
        renews count, so a lot made under an expired certificate is still covered by it. A revoked
        certificate is returned too: the caller reports the revocation.
        """
        cert = product.sudo().md_certificate_id
        if not cert or not date:
            return self.browse()
        return next((c for c in cert._md_chain() if (not c.issue_date or c.issue_date <= date)
                     and (not c.expiry_date or date <= c.expiry_date)), self.browse())

    def _md_validity_label(self):
        """Number and validity, as printed on the records that name the certificate."""
        self.ensure_one()
        return self.env._("%(number)s (valid %(start)s to %(end)s)", number=self.name,
                          start=self.issue_date or "-", end=self.expiry_date or "-")

    def _md_usage(self):
        """Transactions that used this certificate, as display names."""
        self.ensure_one()
        names = set()
        for model in ("purchase.order.line", "sale.order.line"):
            lines = self.env[model].sudo().search([("md_certificate_id", "=", self.id)], limit=5)
            names.update(lines.order_id.mapped("display_name"))
        return sorted(names)

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_used(self):
        for cert in self:
            used = cert._md_usage() or cert.with_context(active_test=False).product_tmpl_ids.mapped("display_name")
            if used or cert.renewal_ids:
                raise UserError(self.env._(
                    "Certificate %(number)s is used by %(records)s and cannot be deleted; archive it instead.",
                    number=cert.name, records=", ".join(used or cert.renewal_ids.mapped("display_name"))))

    def _md_correction_default(self):
        return {"attachment": self.attachment, "attachment_name": self.attachment_name}

    def _md_create_correction(self, reason):
        """The correction takes the original's place on its products; the original is archived."""
        products = self.product_tmpl_ids
        correction = super()._md_create_correction(reason)
        products.write({"md_certificate_id": correction.id})
        self.active = False
        return correction

    def action_revoke(self):
        return self.env["md.compliance"]._md_revoke_action(self)
