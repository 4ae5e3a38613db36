import logging
import random
import re
import string
from urllib.parse import quote

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import RecallCommon

_logger = logging.getLogger(__name__)

SEED = 18
# Odoo's CSRF token (an HMAC and a time) differs from one page to the next, and the page's own address
# (in the language selector) is the one requested; nothing else may differ.
VARYING_RE = re.compile(r"[0-9a-f]{40}o\d+|/md/recall/ack/[^\"]*")
BAD_QUANTITIES = ["", " ", "two", "nan", "NaN", "-nan", "inf", "-Infinity", "1e999", "-1e999", "-1", "-0.5",
                  "1e308", "99999", "0x10", "1/2", "1..2", "<b>1</b>", "1' OR '1'='1", "1; DROP TABLE md_recall_notice",
                  "\x00", "1\x00", "7" * 40, "9" * 5000, "١٢٣٤٥", "None", "[]", "{}"]
TEXTS = ["Dr. Wang", "", " ", "<script>alert(1)</script>", "' OR 1=1 --", "Robert'); DROP TABLE md_recall;--",
         "\x00", "王医生\x00", "x" * 5000, "%s %d %(name)s", "{{ 7*7 }}", "${7*7}", "\u202e", "\ud7ff"]
ALPHABET = string.ascii_letters + string.digits + "-_.~!$&'()*+,;=:@%/?#[]<>\"{}|\\^` \x00é中"


@tagged("post_install", "-at_install")
class TestAckLinkFuzz(RecallCommon, HttpCase):
    """The acknowledgement link under wrong, used and random tokens and bad forms: no 5xx, nothing revealed,
    no notice changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.hospital_2.lang = "zh_CN"
        cls.lot_a = cls._supplied_lot("RL-FZ-A", 30)
        cls.lot_b = cls._supplied_lot("RL-FZ-B", 20)
        cls._deliver({cls.lot_a: 10, cls.lot_b: 4}, partner=cls.hospital)
        cls._deliver({cls.lot_b: 3}, partner=cls.hospital_2)
        cls.recall = cls._started(lot_ids=[Command.set((cls.lot_a | cls.lot_b).ids)])
        cls.notice = cls.recall.notice_ids.filtered(lambda n: n.partner_id == cls.hospital)
        cls.used_notice = cls.recall.notice_ids.filtered(lambda n: n.partner_id == cls.hospital_2)
        (cls.notice | cls.used_notice).with_user(cls.coordinator).action_send()
        cls.token = cls.notice._md_new_token()
        cls.used_token = cls.used_notice._md_new_token()

    def setUp(self):
        super().setUp()
        line = self.used_notice.line_ids
        response = self._request("POST", self.used_token, {f"on_hand_{line.id}": 1, f"returned_{line.id}": 2,
                                                           "name": "Dr. Li"})
        self.assertEqual((response.status_code, self.used_notice.state), (200, "acknowledged"))
        self.lines = self.notice.line_ids

    def _request(self, method, token, data=None, files=None):
        self.env.flush_all()
        url = "/md/recall/ack/" + quote(token, safe="")
        response = self.url_open(url, data=data, files=files) if method == "POST" else self.url_open(url)
        self.env.invalidate_all()
        return response

    def _state(self):
        """Everything the link could change."""
        self.env.invalidate_all()
        notices = self.env["md.recall.notice"].sudo().search([])
        return (
            notices.read(["state", "acknowledged_on", "acknowledged_by", "acknowledged_via", "acknowledgement_note",
                          "token_digest", "overdue"]),
            notices.line_ids.read(["qty_on_hand", "qty_returned"]),
            len(self.recall.message_ids),
        )

    def _form(self, rng):
        """A form for the open notice with at least one thing wrong."""
        form = {}
        for line in self.lines:
            form[f"on_hand_{line.id}"] = rng.choice(["0", "1", "2"])
            form[f"returned_{line.id}"] = rng.choice(["0", "1"])
        form["name"] = rng.choice(TEXTS)
        if rng.random() < 0.5:
            form["note"] = rng.choice(TEXTS)
        wrong = rng.choice(["quantity", "quantity", "missing", "name", "too_many"])
        key = rng.choice(sorted(k for k in form if k.startswith(("on_hand_", "returned_"))))
        if wrong == "quantity":
            form[key] = rng.choice(BAD_QUANTITIES)
        elif wrong == "missing":
            del form[key]
        elif wrong == "name":
            form["name"] = rng.choice(["", " ", "\x00", "\t\n"])
        else:
            form[key] = str(rng.choice([11, 21, 1e6]))
        return wrong, form

    def _random_token(self, rng):
        length = rng.choice([1, 5, 31, 32, 33, 99, 100, 101, 500, 2000])
        token = "".join(rng.choice(ALPHABET) for _i in range(length))
        if rng.random() < 0.2:  # one character off the real one
            position = rng.randrange(len(self.token))
            token = self.token[:position] + rng.choice(string.ascii_letters) + self.token[position + 1:]
            token = token if token != self.token else token + "x"
        return token

    @staticmethod
    def _routable(token):
        """Whether the link's URL surely reaches the acknowledgement route: no slash, no dot segment."""
        return "/" not in token and token not in (".", "..")

    def assertRefused(self, response, reference):
        self.assertEqual(response.status_code, 404, response.text[:300])
        self.assertEqual(VARYING_RE.sub("", response.text), reference)

    def test_refusals_look_alike(self):
        unknown = self._request("GET", "x" + self.used_token[1:])
        self.assertEqual(unknown.status_code, 404)
        self.assertIn("This link is not valid or can no longer be used.", unknown.text)
        reference = VARYING_RE.sub("", unknown.text)
        used = self._request("GET", self.used_token)
        self.assertRefused(used, reference)
        for text in ("Second Test Hospital", "RL-FZ", self.recall.name, "Dr. Li", 'lang="zh'):
            self.assertNotIn(text, used.text)
        line = self.used_notice.line_ids
        form = {f"on_hand_{line.id}": 0, f"returned_{line.id}": 3, "name": "Somebody"}
        self.assertRefused(self._request("POST", self.used_token, form), reference)
        self.assertRefused(self._request("POST", "x" + self.used_token[1:], form), reference)
        # Not even a path Odoo would look up as a file (where a NUL character made a server error).
        self.assertRefused(self._request("GET", f"{self.used_token}/x\x00y"), reference)
        self.assertRefused(self._request("POST", f"{self.used_token}/x", form), reference)
        # A link replaced by a resend, and the link of a closed recall, look the same.
        old = self.token
        self.notice.with_user(self.coordinator).action_send()
        self.assertRefused(self._request("GET", old), reference)
        self.token = self.notice._md_new_token()
        self.recall._md_workflow_env().write({"state": "closed"})
        self.assertRefused(self._request("GET", self.token), reference)
        self.assertRefused(self._request("POST", self.token, {"name": "x"}), reference)

    def test_quantities_that_are_no_count_refused(self):
        before = self._state()
        line_a, line_b = self.lines
        for value in ("nan", "NaN", "inf", "-inf", "1e999", "7" * 40, "1\x00"):
            form = {f"on_hand_{line_a.id}": value, f"returned_{line_a.id}": 0,
                    f"on_hand_{line_b.id}": 0, f"returned_{line_b.id}": 0, "name": "Dr. Wang"}
            response = self._request("POST", self.token, form)
            self.assertEqual(response.status_code, 400, value)
            self.assertIn("RL-FZ-A: quantities must be numbers.", response.text)
        self.assertEqual(self._state(), before)

    def test_files_and_nul_characters(self):
        line_a, line_b = self.lines
        quantities = {f"on_hand_{line_a.id}": "1", f"returned_{line_a.id}": "0",
                      f"on_hand_{line_b.id}": "0", f"returned_{line_b.id}": "0"}
        before = self._state()
        # A file where the name belongs is no name.
        response = self._request("POST", self.token, quantities, files={"name": ("name.txt", b"Dr. Wang")})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Give the name of the person confirming.", response.text)
        self.assertEqual(self._state(), before)
        # PostgreSQL stores no NUL character: it is dropped, not a server error.
        response = self._request("POST", self.token, dict(quantities, name="Dr.\x00 Wang", note="ok\x00"))
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual((self.notice.state, self.notice.acknowledged_by, self.notice.acknowledgement_note),
                         ("acknowledged", "Dr. Wang", "ok"))

    def test_fuzz_link(self):
        rng = random.Random(SEED)
        reference = VARYING_RE.sub("", self._request("GET", "not-a-token").text)
        before = self._state()
        counts = {"get": 0, "post_random": 0, "post_used": 0, "post_bad_form": 0}
        problems = []

        def check(label, response, expected):
            try:
                self.assertLess(response.status_code, 500)
                if expected == 404:
                    self.assertRefused(response, reference)
                elif expected:
                    self.assertEqual(response.status_code, expected, response.text[:200])
            except AssertionError as exc:
                problems.append(f"{label}: {exc!s:.300}")

        for _i in range(150):
            token = self._random_token(rng)
            counts["get"] += 1
            # Other paths need not get this page, but no 5xx either.
            expected = 404 if self._routable(token) else None
            check(f"GET {token[:40]!r}", self._request("GET", token), expected)
        for _i in range(150):
            token = self._random_token(rng)
            _wrong, form = self._form(rng)
            counts["post_random"] += 1
            expected = 404 if self._routable(token) else None
            check(f"POST {token[:40]!r}", self._request("POST", token, form), expected)
        for _i in range(50):
            line = self.used_notice.line_ids
            form = {f"on_hand_{line.id}": rng.choice(["0", "1", "nan"]), f"returned_{line.id}": "0",
                    "name": rng.choice(TEXTS)}
            counts["post_used"] += 1
            check("POST used token", self._request("POST", self.used_token, form), 404)
        for _i in range(250):
            wrong, form = self._form(rng)
            counts["post_bad_form"] += 1
            check(f"POST bad form ({wrong}) {form!r:.120}", self._request("POST", self.token, form), 400)
        _logger.info("Acknowledgement link fuzz: %s requests %s", sum(counts.values()), counts)
        self.assertFalse(problems, f"{len(problems)} problems: " + "\n".join(problems[:20]))
        self.assertEqual(self._state(), before)
