import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.sql import column_exists, create_column

GENESIS = "0" * 64
# What a signature asserts; its digest covers exactly these values. Version 1
# (signatures made before the chain was numbered) leaves the number out; version 2
# covers it too, so renumbering a signature made since then changes its digest.
DIGEST_FIELDS = ("previous_digest", "content_digest", "res_model", "res_id", "signer_id",
                 "signer_name", "signed_at", "meaning", "comment")
DIGEST_VERSION = 2
DIGEST_FIELDS_BY_VERSION = {1: DIGEST_FIELDS, 2: DIGEST_FIELDS + ("sequence",)}
# Problems md.signature.verify() reports, with what they mean.
PROBLEMS = [
    ("content", "Signed content altered"),
    ("signature", "Signature altered"),
    ("chain", "Chain broken (signature removed or inserted)"),
    ("missing", "Signed record deleted"),
    ("unsigned", "Signed state without its signature"),
    ("gap", "Signature number missing"),
    ("duplicate", "Signature number used twice"),
    ("order", "Signatures reordered"),
    ("truncated", "Chain shorter than or different from a posted head"),
]

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

    Each signature also carries a gap-free number (``sequence``), given under the
    chain lock. Signatures made before numbering existed were numbered in id order
    when the column was added and keep their version 1 digest (number not covered);
    every later one has a version 2 digest that covers its number. The head of the
    chain (number and digest) is posted to the auditors every day and printed on
    signed documents, so removing the last signatures contradicts those copies.
    """

    _name = "md.signature"
    _inherit = ["md.evidence.mixin"]
    _description = "Electronic Signature"
    _order = "sequence desc, id desc"
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
    sequence = fields.Integer(string="Number", required=True, readonly=True, index=True, copy=False,
                              help="Position in the signature chain: 1, 2, 3… without gaps.")
    digest_version = fields.Integer(required=True, readonly=True, default=DIGEST_VERSION, copy=False,
                                    help="1: the digest leaves the number out (signatures made before numbering); "
                                         "2: the digest covers the number.")
    manifestation = fields.Char(compute="_compute_manifestation")

    def _auto_init(self):
        # Number the signatures made before numbering existed, in the order they were made (id order
        # is the order of the chain); their digests (version 1) keep leaving the number out.
        cr = self.env.cr
        if column_exists(cr, self._table, "id") and not column_exists(cr, self._table, "sequence"):
            create_column(cr, self._table, "sequence", "int4")
            create_column(cr, self._table, "digest_version", "int4")
            cr.execute("""
                UPDATE md_signature s SET sequence = n.rank, digest_version = 1
                  FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM md_signature) n
                 WHERE n.id = s.id""")
        return super()._auto_init()

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
        version = vals.get("digest_version") or 1
        fields_ = DIGEST_FIELDS_BY_VERSION.get(version, DIGEST_FIELDS_BY_VERSION[DIGEST_VERSION])
        payload = {key: vals[key] or "" for key in fields_}
        payload["signed_at"] = fields.Datetime.to_string(vals["signed_at"])
        return sha256_hex(canonical_json(payload))

    def _md_stored_digest_vals(self):
        self.ensure_one()
        return dict({key: self[key] for key in DIGEST_FIELDS_BY_VERSION[DIGEST_VERSION]},
                    signer_id=self.signer_id.id, digest_version=self.digest_version)

    @api.model
    def _md_chain_head(self):
        """The last signature of the chain (highest number)."""
        return self.sudo().search([], order="sequence desc, id desc", limit=1)

    # Creation ----------------------------------------------------------------

    @api.model
    def _md_create(self, record, meaning, comment=None):
        """Sign ``record`` as the current user; the caller has checked the password."""
        record.ensure_one()
        content = canonical_json(record._md_signed_content())
        # Serialise signers so that two concurrent signatures cannot both chain
        # onto the same predecessor.
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext('md.signature chain'))")
        previous = self._md_chain_head()
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
            "sequence": (previous.sequence or 0) + 1,
            "digest_version": DIGEST_VERSION,
        }
        vals["digest"] = self._md_digest(vals)
        return self._md_evidence_create(vals).sudo(False)

    def _md_evidence_refusal(self, operation):
        return {
            "create": self.env._("Signatures are created only by signing a record."),
            "write": self.env._("An electronic signature cannot be changed."),
            "unlink": self.env._("An electronic signature cannot be deleted."),
        }[operation]

    # Not even uninstalling the add-on deletes a signature.
    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        raise UserError(self._md_evidence_refusal("unlink"))

    # Verification ------------------------------------------------------------

    @api.model
    def verify(self):
        """Recompute every digest, the chain and its numbering from the database.

        Returns a list of dicts ``{signature, res_model, res_id, record_name, problem, detail}``
        with ``problem`` one of ``content`` (the signed record differs from what was signed),
        ``missing`` (the signed record is gone), ``signature`` (the signature row was altered),
        ``chain`` (a signature was removed or inserted before this one), ``gap`` / ``duplicate``
        (a number of the chain is missing or used twice), ``order`` (numbers and creation order
        disagree: signatures were reordered), ``unsigned`` (a record in a signed state has no
        signature with the meaning that state needs) and ``truncated`` (a head posted to the
        auditors is beyond the end of the chain or has another digest than the chain now shows).
        """
        if not self.env.su and not self.env.user.has_group("medical_device_base.group_md_auditor"):
            raise AccessError(self.env._("Only auditors may verify the signatures."))
        self.env.flush_all()
        self.env.invalidate_all()
        # Verifying the chain reads all of it, in order.
        # pylint: disable-next=no-search-all
        signatures = self.sudo().search([], order="sequence, id")
        problems = []

        def report(problem, sig=None, res_model=None, res_id=None, record_name=None, detail=None):
            sig = sig or self.sudo().browse()
            problems.append({"signature": sig, "res_model": res_model or sig.res_model,
                             "res_id": res_id or sig.res_id, "record_name": record_name or sig.record_name,
                             "problem": problem, "detail": detail or False})

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
        expected_previous = GENESIS
        last = None
        for sig in signatures:
            expected_number = last.sequence + 1 if last else 1
            if last and sig.sequence == last.sequence:
                report("duplicate", sig, detail=self.env._("#%s", sig.sequence))
            elif sig.sequence > expected_number:
                report("gap", sig, detail=self.env._("#%(first)s to #%(last)s missing",
                                                     first=expected_number, last=sig.sequence - 1))
            if last and sig.id < last.id:
                report("order", sig, detail=self.env._("#%(number)s was made before #%(previous)s",
                                                       number=sig.sequence, previous=last.sequence))
            if sig.previous_digest != expected_previous:
                report("chain", sig)
            if self._md_digest(sig._md_stored_digest_vals()) != sig.digest \
                    or sha256_hex(sig.content or "") != sig.content_digest:
                report("signature", sig)
            now = current.get((sig.res_model, sig.res_id))
            if now is None:
                report("missing", sig)
            elif now != sig.content_digest:
                report("content", sig)
            expected_previous = sig.digest
            last = sig
        for record, meaning in self._md_unsigned_records(signatures):
            label = self._md_meaning_labels().get(meaning) if meaning else False
            report("unsigned", res_model=record._name, res_id=record.id, record_name=record.display_name,
                   detail=label and self.env._("needs a signature \"%s\"", label))
        for head, sig in self._md_contradicted_heads(signatures):
            report("truncated", sig, res_model="md.signature.head", res_id=head.id,
                   record_name=head.display_name, detail=self.env._(
                       "Head #%(number)s posted on %(date)s; the chain now ends at #%(end)s",
                       number=head.sequence, date=fields.Datetime.to_string(head.posted_at),
                       end=max(signatures.mapped("sequence"), default=0)))
        return problems

    @api.model
    def _md_unsigned_records(self, signatures):
        """(record, meaning) for each record whose state needs a signature it does not have."""
        signed = {(sig.res_model, sig.res_id, sig.meaning) for sig in signatures}
        signed_any = {(model, res_id) for model, res_id, _meaning in signed}
        found = {}
        for name in sorted(self.env["md.signable.mixin"]._inherit_children):
            if name not in self.env:
                continue
            Model = self.env[name].sudo().with_context(active_test=False)
            if Model._abstract or Model._transient or not Model._auto:
                continue
            for domain, meaning in Model._md_signature_requirements():
                for record in Model.search(domain, order="id"):
                    ok = (name, record.id, meaning) in signed if meaning else (name, record.id) in signed_any
                    if not ok:
                        found.setdefault((name, record.id), (record, meaning))
        return list(found.values())

    @api.model
    def _md_contradicted_heads(self, signatures):
        """(head, signature) for each posted head the chain no longer shows as it was posted."""
        by_number = {}
        for sig in signatures:
            by_number.setdefault(sig.sequence, self.sudo().browse())
            by_number[sig.sequence] |= sig
        contradicted, seen = [], set()
        # Every head ever posted is compared with the chain.
        # pylint: disable-next=no-search-all
        for head in self.env["md.signature.head"].sudo().search([], order="sequence desc, id desc"):
            if (head.sequence, head.digest) in seen:
                continue
            seen.add((head.sequence, head.digest))
            sigs = by_number.get(head.sequence, self.sudo().browse())
            if head.digest not in sigs.mapped("digest"):
                contradicted.append((head, sigs[:1]))
        return contradicted

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
