from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestSignatureChain(MdCommon):
    """Truncation and reordering of the signature chain are visible (21 CFR 11.10(a), (e))."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auditor = new_test_user(cls.env, "md_chain_auditor", name="Ai Auditor", email="ai.auditor@example.com",
                                    groups="base.group_user,medical_device_base.group_md_auditor")
        cls.Signature = cls.env["md.signature"]
        cls.Head = cls.env["md.signature.head"]
        cls.cert_third = cls.env["md.certificate"].create({
            "name": "国械注准20203140999", "device_name": "Catheter", "holder_id": cls.maker.id,
            "issue_date": cls.cert_syringe.issue_date, "expiry_date": cls.cert_syringe.expiry_date})
        # Three signatures at the end of whatever chain the database holds.
        cls.sig_a = cls.cert_syringe.with_user(cls.qa_user)._md_sign("approved")
        cls.sig_b = cls.cert_stent.with_user(cls.qa_user)._md_sign("approved")
        cls.sig_c = cls.cert_third.with_user(cls.qa_user)._md_sign("approved")

    def _problems(self):
        return sorted((p["problem"], p["signature"].id or p["res_id"]) for p in self.Signature.verify())

    def _sql(self, query, *params):
        self.env.cr.execute(query, params)

    def test_numbers_follow_without_gaps_and_are_covered_by_the_digest(self):
        self.assertEqual(self.sig_b.sequence, self.sig_a.sequence + 1)
        self.assertEqual(self.sig_c.sequence, self.sig_b.sequence + 1)
        self.assertEqual(self.Signature._md_chain_head(), self.sig_c)
        self.assertEqual(self.sig_c.digest_version, 2)
        numbers = self.Signature.sudo().search([], order="sequence").mapped("sequence")
        self.assertEqual(numbers, list(range(1, len(numbers) + 1)))
        self.assertFalse(self.Signature.verify(), "a clean chain reports nothing")

    def test_edited_meaning(self):
        self._sql("UPDATE md_signature SET meaning = 'rejected' WHERE id = %s", self.sig_b.id)
        self.assertEqual(self._problems(), [("signature", self.sig_b.id)])

    def test_deleted_in_the_middle(self):
        number = self.sig_b.sequence
        self._sql("UPDATE md_signature SET previous_id = %s WHERE id = %s", self.sig_a.id, self.sig_c.id)
        self._sql("DELETE FROM md_signature WHERE id = %s", self.sig_b.id)
        self.assertEqual(self._problems(), [
            ("chain", self.sig_c.id), ("gap", self.sig_c.id), ("unsigned", self.cert_stent.id)])
        gap = next(p for p in self.Signature.verify() if p["problem"] == "gap")
        self.assertEqual(gap["detail"], "#%(n)s to #%(n)s missing" % {"n": number})

    def test_deleted_tail_after_head_posted(self):
        head = self.Head.sudo()._md_post_head()
        self.assertEqual((head.sequence, head.digest), (self.sig_c.sequence, self.sig_c.digest))
        self._sql("DELETE FROM md_signature WHERE id = %s", self.sig_c.id)
        self.assertEqual(self._problems(), [("truncated", head.id), ("unsigned", self.cert_third.id)])
        # Hiding the signed state as well leaves the chain itself intact, but not the posted head.
        self._sql("UPDATE md_certificate SET md_signed = FALSE WHERE id = %s", self.cert_third.id)
        problems = self.Signature.verify()
        self.assertEqual([p["problem"] for p in problems], ["truncated"])
        self.assertIn("the chain now ends at #%s" % self.sig_b.sequence, problems[0]["detail"])

    def test_rewritten_head_contradicts_posted_head(self):
        head = self.Head.sudo()._md_post_head()
        # A forger who recomputes the last digest makes the row consistent again, not the posted copy.
        vals = self.sig_c._md_stored_digest_vals()
        vals["meaning"] = "rejected"
        self._sql("UPDATE md_signature SET meaning = 'rejected', digest = %s WHERE id = %s",
                  self.Signature._md_digest(vals), self.sig_c.id)
        self.assertEqual(self._problems(), [("truncated", self.sig_c.id)])
        self.assertEqual(self.Signature.verify()[0]["res_id"], head.id)

    def test_reordered_ids(self):
        # Swap the rows of the last two signatures: numbers and chain stay, creation order does not.
        b, c = self.sig_b.id, self.sig_c.id
        self._sql("UPDATE md_signature SET previous_id = NULL WHERE id = %s", c)
        self._sql("UPDATE md_signature SET id = -1 WHERE id = %s", b)
        self._sql("UPDATE md_signature SET id = %s WHERE id = %s", b, c)
        self._sql("UPDATE md_signature SET id = %s WHERE id = -1", c)
        self._sql("UPDATE md_signature SET previous_id = %s WHERE id = %s", c, b)
        self.assertEqual(self._problems(), [("order", b)])

    def test_reordered_numbers(self):
        a, b = self.sig_a, self.sig_b
        self._sql("UPDATE md_signature SET sequence = CASE id WHEN %s THEN %s ELSE %s END WHERE id IN (%s, %s)",
                  a.id, b.sequence, a.sequence, a.id, b.id)
        problems = self._problems()
        self.assertIn(("order", a.id), problems)
        self.assertIn(("signature", a.id), problems)
        self.assertIn(("signature", b.id), problems)
        self.assertIn(("chain", b.id), problems)

    def test_duplicate_number(self):
        self._sql("UPDATE md_signature SET sequence = %s WHERE id = %s", self.sig_b.sequence, self.sig_c.id)
        self.assertEqual(self._problems(), [("duplicate", self.sig_c.id), ("signature", self.sig_c.id)])

    def test_signatures_made_before_numbering_stay_valid(self):
        # Version 1 digests (made before numbering) leave the number out; their number is still checked.
        vals = dict(self.sig_c._md_stored_digest_vals(), digest_version=1)
        self._sql("UPDATE md_signature SET digest_version = 1, digest = %s WHERE id = %s",
                  self.Signature._md_digest(vals), self.sig_c.id)
        self.assertFalse(self.Signature.verify())
        self._sql("UPDATE md_signature SET sequence = sequence + 1 WHERE id = %s", self.sig_c.id)
        self.assertEqual(self._problems(), [("gap", self.sig_c.id)])

    def test_signed_state_needs_its_meaning(self):
        # A model names the states that need a signature of a given meaning.
        Cert = type(self.env["md.certificate"])
        with patch.object(Cert, "_md_required_signatures", [([("id", "=", self.cert_stent.id)], "reviewed")]):
            problems = self.Signature.verify()
        self.assertEqual([(p["problem"], p["res_id"]) for p in problems], [("unsigned", self.cert_stent.id)])
        self.assertEqual(problems[0]["detail"], 'needs a signature "Reviewed"')
        self.assertFalse(problems[0]["signature"])

    def test_head_posted_to_auditors(self):
        channel = self.env.ref("medical_device_base.channel_md_signature_chain")
        self.assertIn(self.auditor.partner_id, channel.channel_member_ids.partner_id)
        self.Head.sudo()._cron_post_head()
        head = self.Head.sudo().search([], limit=1)
        self.assertEqual(head.sequence, self.sig_c.sequence)
        self.assertIn("ai.auditor@example.com", head.mail_id.email_to)
        self.assertIn(self.sig_c.digest, str(head.mail_id.body_html))
        self.assertFalse(head.mail_id.auto_delete, "the e-mail is kept as sent")
        self.assertIn(self.sig_c.digest, str(channel.message_ids[0].body))
        self.assertIn("#%s" % self.sig_c.sequence, str(channel.message_ids[0].body))
        # Heads are posted by the scheduler only and never changed.
        with self.assertRaisesRegex(UserError, "posted by the scheduler"):
            self.Head.with_user(self.qa_user)._md_post_head()
        with self.assertRaises(UserError):  # AccessError is a UserError
            self.Head.with_user(self.qa_user).create({"sequence": 1, "digest": "0" * 64, "posted_at": head.posted_at})
        for user in (self.auditor, self.qa_user):
            with self.assertRaises(UserError):  # AccessError is a UserError
                head.with_user(user).write({"sequence": 1})
            with self.assertRaises(UserError):  # AccessError is a UserError
                head.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            head.write({"sequence": 1})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            head.unlink()
        with self.assertRaises(AccessError):
            head.with_user(self.buyer).read(["digest"])
        self.assertEqual(head.with_user(self.auditor).digest, self.sig_c.digest)

    def test_chain_head_printed_with_signatures(self):
        html = str(self.env["ir.qweb"]._render("medical_device_base.report_md_signatures",
                                               {"record": self.cert_syringe}))
        self.assertRegex(html, r"Chain head at printing: #<span>%s</span>, SHA-256 <span>%s</span>" % (
            self.sig_c.sequence, self.sig_c.digest))

    def test_verification_screen_lists_truncation(self):
        self.Head.sudo()._md_post_head()
        self._sql("DELETE FROM md_signature WHERE id = %s", self.sig_c.id)
        verification = self.env["md.signature.verification"].with_user(self.auditor).create({})
        verification.action_run()
        self.assertEqual(sorted(verification.line_ids.mapped("problem")), ["truncated", "unsigned"])
        unsigned = verification.line_ids.filtered(lambda l: l.problem == "unsigned")
        self.assertEqual((unsigned.res_model, unsigned.res_id), ("md.certificate", self.cert_third.id))
        self.assertEqual(unsigned.record_name, self.cert_third.display_name)
        self.assertEqual(verification.head_sequence, self.sig_b.sequence)
        self.assertTrue(verification.last_posted_id)
