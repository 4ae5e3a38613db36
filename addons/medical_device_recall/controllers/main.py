from odoo import http
from odoo.exceptions import UserError
from odoo.http import request


class MdRecallAckController(http.Controller):
    """The consignee's acknowledgement of a recall notice through the link in its e-mail.

    The token in the link is the only credential: it opens one notice, only its
    digest is stored, and it works once.
    """

    def _notice(self, token):
        notice = request.env["md.recall.notice"].sudo()._md_find_by_token(token)
        if notice:
            request.update_context(lang=notice.partner_id.lang or notice.company_id.partner_id.lang or "en_US")
            notice = notice.with_env(request.env(su=True))
        return notice

    def _page(self, notice, status=200, **values):
        response = request.render("medical_device_recall.recall_ack_page", dict(values, notice=notice))
        response.status_code = status
        return response

    @http.route("/md/recall/ack/<string:token>", type="http", auth="public", methods=["GET"], website=True,
                sitemap=False)
    def ack_form(self, token, **kwargs):
        notice = self._notice(token)
        if not notice:
            return self._page(notice, 404, error=request.env._("This link is not valid."))
        # Once acknowledged, or once its recall has ended, the link has done its work.
        if notice.state != "sent" or notice.recall_id.state != "ongoing":
            return self._page(notice, 410, used=True)
        return self._page(notice, token=token)

    # The token authenticates the post; there is no session to protect with a CSRF token.
    @http.route("/md/recall/ack/<string:token>", type="http", auth="public", methods=["POST"], csrf=False,
                website=True, sitemap=False, readonly=False)
    def ack_submit(self, token, **post):
        notice = self._notice(token)
        if not notice:
            return self._page(notice, 404, error=request.env._("This link is not valid."))
        # Once acknowledged, or once its recall has ended, the link has done its work.
        if notice.state != "sent" or notice.recall_id.state != "ongoing":
            return self._page(notice, 410, used=True)
        quantities = {line.id: (post.get(f"on_hand_{line.id}", ""), post.get(f"returned_{line.id}", ""))
                      for line in notice.line_ids}
        try:
            notice._md_acknowledge(quantities, post.get("name", ""), note=post.get("note"), via="link")
        except UserError as exc:
            request.env.cr.rollback()
            return self._page(notice, 400, error=exc.args[0], post=post, token=token)
        return self._page(notice, done=True)
