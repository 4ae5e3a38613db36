import math

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

# A quantity typed in the form; anything longer is not one.
MAX_QUANTITY_LENGTH = 32


class MdRecallAckController(http.Controller):
    """The consignee's acknowledgement of a recall notice through the link in its e-mail.

    The token in the link is the only credential: it opens one notice, only its
    digest is stored, and it works once. A link that opens nothing — a wrong
    token, a used one, one whose recall has ended — gets one and the same answer,
    so that the answer tells nothing about whether a notice is behind it.
    """

    def _notice(self, token):
        """The notice the link may still acknowledge, or an empty recordset."""
        notice = request.env["md.recall.notice"].sudo()._md_find_by_token(token)
        # Once acknowledged, or once its recall has ended, the link has done its work.
        if not notice or notice.state != "sent" or notice.recall_id.state != "ongoing":
            return request.env["md.recall.notice"]
        request.update_context(lang=notice.partner_id.lang or notice.company_id.partner_id.lang or "en_US")
        return notice.with_env(request.env(su=True))

    def _page(self, notice, status=200, **values):
        response = request.render("medical_device_recall.recall_ack_page", dict(values, notice=notice))
        response.status_code = status
        return response

    def _refused(self):
        # Nothing of the notice, not even its language: the same page for every link that opens nothing.
        return self._page(request.env["md.recall.notice"], 404,
                          error=request.env._("This link is not valid or can no longer be used."))

    # Not multilang: its canonical-URL redirect loops on a token that does not quote back the same way.
    @http.route("/md/recall/ack/<string:token>", type="http", auth="public", methods=["GET"], website=True,
                multilang=False, sitemap=False)
    def ack_form(self, token, **kwargs):
        notice = self._notice(token)
        if not notice:
            return self._refused()
        return self._page(notice, token=token)

    # The token authenticates the post; there is no session to protect with a CSRF token.
    @http.route("/md/recall/ack/<string:token>", type="http", auth="public", methods=["POST"], csrf=False,
                website=True, multilang=False, sitemap=False, readonly=False)
    def ack_submit(self, token, **post):
        notice = self._notice(token)
        if not notice:
            return self._refused()
        # Only text fields count: an uploaded file in place of a field is no value.
        post = {key: value for key, value in post.items() if isinstance(value, str)}
        quantities = {line.id: (self._quantity(post.get(f"on_hand_{line.id}", "")),
                                self._quantity(post.get(f"returned_{line.id}", "")))
                      for line in notice.line_ids}
        # PostgreSQL stores no NUL character in text; in a quantity it is simply no number.
        name, note = (post.get(key, "").replace("\x00", "") for key in ("name", "note"))
        try:
            notice._md_acknowledge(quantities, name, note=note, via="link")
        except UserError as exc:
            request.env.cr.rollback()
            return self._page(notice, 400, error=exc.args[0], post=post, token=token)
        return self._page(notice, done=True)

    # A "token" with a slash is no link of ours either; answered here rather than by Odoo's fallback,
    # which looks the path up as an attachment (and fails on a NUL character in it).
    @http.route("/md/recall/ack/<path:token>", type="http", auth="public", methods=["GET", "POST"], csrf=False,
                website=True, multilang=False, sitemap=False)
    def ack_other(self, token, **kwargs):
        return self._refused()

    @staticmethod
    def _quantity(value):
        """``value`` when it is a finite number, else empty text, which the acknowledgement refuses as no number.

        float() also reads "nan" and "inf", which no count of devices is.
        """
        if len(value) > MAX_QUANTITY_LENGTH:
            return ""
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            return value
        return value if math.isfinite(number) else ""
