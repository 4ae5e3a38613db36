import base64
import io

import xlsxwriter
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

CLASS_LABELS = {"1": "I", "2": "II", "3": "III"}
MIN_REASON_LENGTH = 10


def problems_error(header, problems, error=UserError):
    """The one error that lists every problem found, under its header: checks refuse once, before writing."""
    return error("\n".join([header] + [f"• {problem}" for problem in problems]))


class MdCompliance(models.AbstractModel):
    """Qualification checks shared by every flow that buys or sells devices.

    Checks collect every problem first and raise one error, so nothing is
    written when an order is refused.
    """

    _name = "md.compliance"
    _description = "Medical Device Compliance Checks"

    # Messages ----------------------------------------------------------------

    @api.model
    def _md_identifier_message(self, error):
        """Translated text for an IdentifierError from the pure parsers."""
        p = dict(error.params)
        if "position" in p:
            p["position"] += 1  # people count characters from 1
        messages = {
            "gtin_empty": lambda: self.env._("The UDI-DI is empty."),
            "gtin_check_digit": lambda: self.env._(
                "UDI-DI %(value)s has a wrong GTIN check digit: expected %(expected)s.", **p),
            "gtin_length": lambda: self.env._(
                "UDI-DI %(value)s has %(length)s digits; a GTIN has 8, 12, 13 or 14.", **p),
            "gtin_format": lambda: self.env._("UDI-DI %(value)s is not a GTIN: only digits are allowed.", **p),
            "hibc_character": lambda: self.env._("%(value)s contains a character not allowed in HIBC.", **p),
            "hibc_di_format": lambda: self.env._(
                "HIBC device identifier %(value)s must be a 4-character labeler code starting with a "
                "letter, a product number of 1 to 13 characters and a one-digit unit of measure.", **p),
            "ma_di_format": lambda: self.env._(
                "MA code %(value)s must look like MA.156.M0.100000.1234567.", **p),
            "di_format": lambda: self.env._(
                "Device identifier %(value)s must be 6 to 50 letters, digits, dots or dashes.", **p),
            "certificate_empty": lambda: self.env._("The certificate number is empty."),
            "certificate_pattern": lambda: self.env._(
                "%(number)s is neither a registration number (…械注准/进/许…) nor a filing number (…械备…号).", **p),
            "certificate_year": lambda: self.env._(
                "The year %(year)s in the certificate number is not a possible year of first registration or filing.", **p),
            "registration_authority": lambda: self.env._(
                "%(number)s: the issuing authority \"%(authority)s\" must be 国 or the one-character name of a province.", **p),
            "registration_form": lambda: self.env._(
                "%(number)s: after 械注 must come 准 (domestic), 进 (imported) or 许 (Hong Kong, Macao, Taiwan), not \"%(form)s\".", **p),
            "registration_digits": lambda: self.env._(
                "%(number)s: a registration number ends with 11 digits (year, class, category, serial), not \"%(digits)s\".", **p),
            "registration_class": lambda: self.env._(
                "%(number)s: the class digit must be 2 or 3, not %(device_class)s.", **p),
            "registration_category": lambda: self.env._(
                "%(number)s: the classification category %(category)s does not exist.", **p),
            "registration_provincial": lambda: self.env._(
                "%(number)s: the provincial authority %(authority)s registers domestic Class II devices only.", **p),
            "registration_national_class2": lambda: self.env._(
                "%(number)s: domestic Class II devices are registered by a province, not by 国.", **p),
            "filing_authority": lambda: self.env._(
                "%(number)s: the filing authority \"%(authority)s\" must be 国 or a province (plus city) short name such as 粤穗.", **p),
            "filing_digits": lambda: self.env._(
                "%(number)s: a filing number has the year and a serial number (8 or 9 digits) after 械备, not \"%(digits)s\".", **p),
            "filing_suffix": lambda: self.env._("%(number)s: a filing number ends with 号.", **p),
"udi_empty": lambda: self.env._("The scanned code is empty."),
            "udi_scheme": lambda: self.env._(
                "%(value)s is not a UDI: expected a GS1 code, an HIBC code (+…) or an MA code (MA.…).", **p),
            "gs1_unknown_ai": lambda: self.env._(
                "No GS1 Application Identifier starts at position %(position)s (\"%(ai)s\").", **p),
            "gs1_truncated": lambda: self.env._(
                "GS1 Application Identifier (%(ai)s) is truncated: it needs %(length)s characters, got \"%(value)s\".", **p),
            "gs1_format": lambda: self.env._(
                "\"%(value)s\" is not a valid value for GS1 Application Identifier (%(ai)s).", **p),
            "gs1_too_long": lambda: self.env._(
                "The value of GS1 Application Identifier (%(ai)s) is longer than %(max)s characters: \"%(value)s\".", **p),
            "gs1_check_digit": lambda: self.env._(
                "GTIN %(value)s in (%(ai)s) has a wrong check digit: expected %(expected)s.", **p),
            "gs1_date": lambda: self.env._(
                "%(value)s in GS1 Application Identifier (%(ai)s) is not a possible date.", **p),
            "gs1_duplicate_ai": lambda: self.env._(
                "GS1 Application Identifier (%(ai)s) appears twice with different values.", **p),
            "gs1_hri": lambda: self.env._(
                "%(value)s is not a well-formed GS1 human-readable code such as (01)…(17)…(10)….", **p),
            "hibc_format": lambda: self.env._("%(value)s is not a valid HIBC code.", **p),
            "hibc_check": lambda: self.env._(
                "The HIBC check character is wrong: expected %(expected)s, found %(found)s.", **p),
            "hibc_link": lambda: self.env._(
                "The HIBC secondary code does not belong to the primary code: link character %(found)s, "
                "expected %(expected)s.", **p),
            "hibc_date": lambda: self.env._("%(value)s in the HIBC code is not a possible date.", **p),
            "hibc_too_long": lambda: self.env._(
                "The HIBC lot or serial number %(value)s is longer than %(max)s characters.", **p),
            "ma_format": lambda: self.env._("%(value)s is not a valid MA code (MA.156.M0.…).", **p),
            "ma_date": lambda: self.env._("%(value)s in the MA code is not a possible date.", **p),
            "ma_unknown_key": lambda: self.env._(
                "The MA code has an unknown data element .%(key)s (known: .L .S .M .D .V .E).", **p),
            "classification_format": lambda: self.env._(
                "Classification code %(value)s must look like 14-01 (category-subcategory) or 6840 for IVD reagents.", **p),
        }
        return messages.get(error.code, lambda: self.env._("Invalid identifier: %s", error.code))()

    @api.model
    def _md_required_reason(self, reason, message):
        """The stripped reason, or ``message`` as a UserError when it is too short to explain anything."""
        reason = (reason or "").strip()
        if len(reason) < MIN_REASON_LENGTH:
            raise UserError(message)
        return reason

    # Exports -----------------------------------------------------------------

    @api.model
    def _md_xlsx_action(self, sheets, filename):
        """An XLSX attachment of [(sheet title, rows)] and the action that downloads it."""
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        for title, rows in sheets:
            sheet = workbook.add_worksheet(title[:31])
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    sheet.write(r, c, value, bold if r == 0 else None)
            sheet.set_column(0, max(len(row) for row in rows) - 1, 22)
        workbook.close()
        attachment = self.env["ir.attachment"].create({
            "name": filename, "datas": base64.b64encode(buffer.getvalue()),
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true",
                "target": "self"}

    # People ------------------------------------------------------------------

    @api.model
    def _md_qa_users(self):
        responsible = self.env.company.md_qa_responsible_id
        if responsible:
            return responsible
        group = self.env.ref("medical_device_base.group_md_qa_manager")
        root = self.env.ref("base.user_root")
        return group.users.filtered(
            lambda u: u.active and not u.share and u != root and self.env.company in u.company_ids).sorted("id")

    @api.model
    def _md_batch_activities(self, activity_xmlid, records, values, once=False):
        """One automated activity of a type per record, created at once.

        ``values(record)`` gives the user, deadline, summary and note of each. With ``once``, a record
        that already had one (still open, or marked done) gets none. Scheduled jobs raise them by the
        hundred: the activity menu shows them, one assignment e-mail each would not help.
        """
        activity_type = self.env.ref(activity_xmlid)
        if once and records:
            told = set(self.env["mail.activity"].sudo().with_context(active_test=False).search([
                ("res_model", "=", records._name), ("res_id", "in", records.ids),
                ("activity_type_id", "=", activity_type.id)]).mapped("res_id"))
            told.update(self.env["mail.message"].sudo().search([
                ("model", "=", records._name), ("res_id", "in", records.ids),
                ("mail_activity_type_id", "=", activity_type.id)]).mapped("res_id"))
            records = records.filtered(lambda record: record.id not in told)
        if not records:
            return self.env["mail.activity"]
        common = {"res_model_id": self.env["ir.model"]._get_id(records._name),
                  "activity_type_id": activity_type.id, "automated": True}
        return self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [dict(common, res_id=record.id, **values(record)) for record in records])

    @api.model
    def _md_qa_user_by_company(self, companies):
        """{company: the one QA user who hears of its deadlines and escalations}, empty when it has none."""
        return {company: self.with_company(company)._md_qa_users()[:1] for company in companies}

    @api.model
    def _md_is_qa_manager(self):
        return self.env.user.has_group("medical_device_base.group_md_qa_manager")

    # Checks ------------------------------------------------------------------

    @api.model
    def _md_order_problems(self, partner, products, date, role, destination=None):
        """Problems that forbid trading ``products`` with ``partner`` on ``date``; ``destination`` is the
        address the goods are delivered to, which a supplier's authorisation letter must cover.

        Buying also needs each device's certificate in force on ``date``.
        """
        return self._md_partner_problems(partner, products, date, role, destination, certificates=True)

    @api.model
    def _md_partner_problems(self, partner, products, date, role, destination=None, certificates=False):
        """Problems with ``partner`` (approval, licences and their scope, a supplier's quality agreement and
        authorisation letters) for trading ``products`` on ``date``; with ``certificates``, also each device's
        certificate in force on ``date`` (receiving judges each lot's certificate on its production date)."""
        devices = products.product_tmpl_id.filtered("is_medical_device")
        if not devices:
            return []
        partner = partner.commercial_partner_id.sudo()
        documents = self.env["md.supplier.document"]
        problems = []
        if role == "supplier" and not partner.md_supplier_approved:
            problems.append(self.env._("Supplier %s is not approved by QA.", partner.display_name))
        problems += partner._md_identity_problems(date, role)
        if role == "supplier":
            problems += documents._md_agreement_problems(partner, date)
        for device in devices.sudo():
            if role == "supplier":
                if certificates:
                    problems += device._md_certificate_problems(date)
                problems += documents._md_authorisation_check(partner, device, date, destination)[1]
            problems += partner._md_scope_problems(device, date, role)
        return problems

    @api.model
    def _md_grant_override(self, record, reason):
        """Let ``record``'s next confirmation in this transaction pass its compliance block.

        Called by the override wizard after its checks. The grant lives in the transaction, not in the
        context, so an RPC client cannot send one; it is used up by the confirmation it was made for.
        """
        if not self._md_is_qa_manager():
            raise UserError(self.env._("Only a QA manager may override a compliance block."))
        reason = self._md_required_reason(
            reason, self.env._("Write the reason for the override (at least %s characters).", MIN_REASON_LENGTH))
        self.env.cr.precommit.data.setdefault("md.compliance.override", {})[(record._name, record.id)] = reason

    @api.model
    def _md_enforce(self, record, partner, products, date, role):
        """Raise one error listing every problem, unless a QA manager granted an override."""
        problems = self._md_order_problems(partner, products, date, role,
                                           destination=record._md_compliance_destination())
        if not problems:
            return
        grants = self.env.cr.precommit.data.get("md.compliance.override", {})
        reason = grants.pop((record._name, record.id), None)
        if reason and self._md_is_qa_manager():
            record._md_workflow_write({
                "md_override_reason": reason,
                "md_override_user_id": self.env.user.id,
                "md_override_date": fields.Datetime.now(),
            })
            record.message_post(body=Markup("%s<br/>%s<ul>%s</ul>") % (
                self.env._("Compliance block overridden by %(user)s. Reason: %(reason)s",
                  user=self.env.user.name, reason=reason),
                self.env._("Problems overridden:"),
                Markup().join(Markup("<li>%s</li>") % escape(problem) for problem in problems),
            ))
            return
        raise UserError("\n".join(
            [self.env._("%s cannot be confirmed:", record.display_name)]
            + [f"• {problem}" for problem in problems]
            + [self.env._("A QA manager may confirm it with a written override reason.")]
        ))

    @api.model
    def _md_stamp_certificates(self, lines):
        """Keep on each confirmed order line the certificate in force on the order date, as evidence."""
        Certificate = self.env["md.certificate"]
        for line in lines.filtered(lambda l: l.product_id.is_medical_device and not l.md_certificate_id):
            date = fields.Date.context_today(line)
            line._md_workflow_write({"md_certificate_id": (Certificate._md_covering(line.product_id, date)
                                                           or line.product_id.md_certificate_id).id})

    @api.model
    def _md_override_action(self, record):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Compliance Block"),
            "res_model": "md.compliance.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": record._name, "default_res_id": record.id},
        }

    @api.model
    def _md_revoke_action(self, record):
        record.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revoke"),
            "res_model": "md.document.revoke",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": record._name, "default_res_id": record.id},
        }

    # Scheduler ---------------------------------------------------------------

    @api.model
    def _md_stamp_authorisations(self, lines, destination):
        """Keep on each confirmed purchase line the authorisation letter it was bought under, as evidence."""
        documents = self.env["md.supplier.document"]
        for line in lines.filtered(lambda l: l.product_id.is_medical_device and not l.md_authorisation_id):
            letter, _problems = documents._md_authorisation_check(
                line.order_id.partner_id, line.product_id.product_tmpl_id.sudo(),
                fields.Date.context_today(line), destination)
            if letter:
                line._md_workflow_write({"md_authorisation_id": letter.id})

    @api.model
    def _cron_expiry_watch(self):
        for model in ("md.certificate", "md.licence", "md.supplier.document"):
            self.env[model]._md_expiry_watch()
