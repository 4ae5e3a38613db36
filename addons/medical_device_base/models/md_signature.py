import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

GENESIS = "0" * 64
# What a signature asserts; its digest covers exactly these values.
DIGEST_FIELDS = ("previous_digest", "content_digest", "res_model", "res_id", "signer_id",
                 "signer_name", "signed_at", "meaning", "comment")

MEANINGS = [
    ("reviewed", "Reviewed"),
    ("approved", "Approved"),
    ("released", "Released"),
    ("rejected", "Rejected"),
    ("closed", "Closed"),
    ("verified", "Verified"),
    ("authored", "Authored"),
    ("accepted", "Accepted"),
]


def canonical_json(data):
    """One byte string per content: sorted keys, no blanks, UTF-8 kept as is."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class MdSignature(models.Model):
    """An electronic signature (21 CFR 11.50/11.70) bound to a record by its content digest.

    Signatures form one hash chain over the database: each carries the digest of
    the one before, so deleting, inserting or editing a signature outside the
    ORM breaks the chain and :meth:`verify` reports it.
    """

    _name = "md.signature"
    _description = "Electronic Signature"
    _order = "id desc"
    _rec_name = "record_name"

    res_model = fields.Char(string="Document Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", required=True,
                                      readonly=True, index=True)
    record_name = fields.Char(string="Document", readonly=True)
    signer_id = fields.Many2one("res.users", string="Signed By", required=True, readonly=True,
                                ondelete="restrict", index=True)
    signer_name = fields.Char(string="Printed Name", required=True, readonly=True,
                              help="The signer's full name as it was at signing time.")
    signed_at = fields.Datetime(string="Signed At (UTC)", required=True, readonly=True)
    meaning = fields.Selection(MEANINGS, required=True, readonly=True)
    comment = fields.Text(readonly=True)
    content = fields.Text(string="Signed Content", readonly=True,
                          help="Canonical serialisation of the signed fields at signing time.")
    content_digest = fields.Char(string="Content SHA-256", required=True, readonly=True)
    previous_id = fields.Many2one("md.signature", string="Previous Signature", readonly=True,
                                  ondelete="restrict")
    previous_digest = fields.Char(string="Previous SHA-256", required=True, readonly=True)
    digest = fields.Char(string="Signature SHA-256", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, default=lambda self: self.env.company)
    manifestation = fields.Char(compute="_compute_manifestation")

    @api.model
    def _md_meaning_labels(self):
        return dict(self._fields["meaning"]._description_selection(self.env))

    @api.depends("signer_name", "signed_at", "meaning")
    @api.depends_context("lang")
    def _compute_manifestation(self):
        meanings = self._md_meaning_labels()
        for sig in self:
            sig.manifestation = self.env._(
                "%(name)s, %(when)s UTC, %(meaning)s",
                name=sig.signer_name, when=fields.Datetime.to_string(sig.signed_at),
                meaning=meanings.get(sig.meaning, sig.meaning))

    # Digests -----------------------------------------------------------------

    @api.model
    def _md_digest(self, vals):
        """Digest of everything a signature asserts, including its predecessor's digest."""
        payload = {key: vals[key] or "" for key in DIGEST_FIELDS}
        payload["signed_at"] = fields.Datetime.to_string(vals["signed_at"])
        return sha256_hex(canonical_json(payload))

    def _md_stored_digest_vals(self):
        self.ensure_one()
        return dict({key: self[key] for key in DIGEST_FIELDS}, signer_id=self.signer_id.id)

    # Creation ----------------------------------------------------------------

    @api.model
    def _md_create(self, record, meaning, comment=None):
        """Sign ``record`` as the current user; the caller has checked the password."""
        record.ensure_one()
        content = canonical_json(record._md_signed_content())
        # Serialise signers so that two concurrent signatures cannot both chain
        # onto the same predecessor.
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext('md.signature chain'))")
        previous = self.sudo().search([], order="id desc", limit=1)
        user = self.env.user
        vals = {
            "res_model": record._name,
            "res_id": record.id,
            "record_name": record.display_name,
            "signer_id": user.id,
            "signer_name": user.name,
            "signed_at": fields.Datetime.now(),
            "meaning": meaning,
            "comment": comment or False,
            "content": content,
            "content_digest": sha256_hex(content),
            "previous_id": previous.id or False,
            "previous_digest": previous.digest or GENESIS,
            "company_id": record.company_id.id if "company_id" in record._fields else self.env.company.id,
        }
        vals["digest"] = self._md_digest(vals)
        return self.sudo().with_context(md_signature_create=True).create(vals).sudo(False)

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su and self.env.context.get("md_signature_create")):
            raise UserError(self.env._("Signatures are created only by signing a record."))
        return super().create(vals_list)

    def write(self, vals):
        raise UserError(self.env._("An electronic signature cannot be changed."))

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        raise UserError(self.env._("An electronic signature cannot be deleted."))

    # Verification ------------------------------------------------------------

    @api.model
    def verify(self):
        """Recompute every digest and the chain from the database.

        Returns a list of dicts ``{signature, res_model, res_id, problem}`` with
        ``problem`` one of ``content`` (the signed record differs from what was
        signed), ``missing`` (the signed record is gone), ``signature`` (the
        signature row was altered), ``chain`` (a signature was removed or
        inserted before this one).
        """
        if not self.env.su and not self.env.user.has_group("medical_device_base.group_md_auditor"):
            raise AccessError(self.env._("Only auditors may verify the signatures."))
        self.env.flush_all()
        self.env.invalidate_all()
        signatures = self.sudo().search([], order="id")
        problems = []
        expected_previous = GENESIS
        by_model = {}
        for sig in signatures:
            by_model.setdefault(sig.res_model, []).append(sig)
        current = {}
        for model, sigs in by_model.items():
            if model not in self.env:
                continue
            records = self.env[model].sudo().with_context(active_test=False).browse({s.res_id for s in sigs}).exists()
            for rec in records:
                current[(model, rec.id)] = sha256_hex(canonical_json(rec._md_signed_content()))
        for sig in signatures:
            def report(problem, sig=sig):
                problems.append({"signature": sig, "res_model": sig.res_model,
                                 "res_id": sig.res_id, "problem": problem})
            if sig.previous_digest != expected_previous:
                report("chain")
            if self._md_digest(sig._md_stored_digest_vals()) != sig.digest \
                    or sha256_hex(sig.content or "") != sig.content_digest:
                report("signature")
            now = current.get((sig.res_model, sig.res_id))
            if now is None:
                report("missing")
            elif now != sig.content_digest:
                report("content")
            expected_previous = sig.digest
        return problems

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
