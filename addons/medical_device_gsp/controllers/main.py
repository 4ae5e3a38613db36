import json
import logging
import math

from werkzeug.exceptions import RequestEntityTooLarge, abort

from odoo import fields, http
from odoo.http import request

from ..utils.env_readings import ReadingError, load_json, readings_from_json

_logger = logging.getLogger(__name__)

# Bodies Odoo would parse as a form before the endpoint is called; the endpoint takes JSON only.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class MdEnvReadingController(http.Controller):
    """Readings posted by data loggers and gateways, each authenticated by its own token.

    POST /md/env/readings with ``Authorization: Bearer <token>`` and
    ``{"readings": [{"sensor": "code", "timestamp": "2026-11-22T08:00:00Z",
    "temperature": 4.2, "humidity": 55}]}``. A batch is stored whole or not at all.

    Every refusal is a 4xx with a JSON body ``{"error": ...}``: 413 for a body larger
    than ``medical_device_gsp.env_api_max_bytes`` or a batch of more than
    ``medical_device_gsp.env_api_max_readings``, 415 for a form, 429 for an address
    blocked after too many wrong tokens (``env_api_max_failures`` within
    ``env_api_failure_window`` seconds block it ``env_api_block_seconds``), 401 for a
    wrong token, 400 for anything else that is not a valid batch.
    """

    def _md_body_limit(self):
        """Odoo calls this (the route's ``max_content_length``) before it reads anything of the body.

        A body announced too large, or a form (which Odoo would parse before the
        endpoint runs), is refused here. werkzeug then stops reading one byte past
        the limit, Content-Length or not, so that a body cut there is known too large.
        """
        limit = request.env["md.env.api.failure"].sudo()._md_setting("max_bytes")
        httprequest = request.httprequest
        if httprequest.content_length is not None and httprequest.content_length > limit:
            abort(self._md_too_large(limit))
        if httprequest.mimetype in FORM_TYPES:
            abort(self._reply(415, {"error": "send the readings as JSON (Content-Type: application/json)"}))
        return limit + 1

    # Routes without authentication start read-only unless told otherwise; this one writes.
    @http.route("/md/env/readings", type="http", auth="none", methods=["POST"], csrf=False, save_session=False,
                readonly=False, max_content_length=_md_body_limit)
    def post_readings(self):
        headers = request.httprequest.headers
        address = (request.httprequest.remote_addr or "-")[:64]
        Failure = request.env["md.env.api.failure"].sudo()
        blocked_until = Failure._md_blocked_until(address)
        if blocked_until:
            # Not even a right token is tried while the block lasts.
            _logger.warning("Readings endpoint: refused a post from %s, blocked until %s UTC after repeated wrong "
                            "tokens.", address, blocked_until)
            return self._reply(429, {"error": "too many invalid tokens from this address; try again later"},
                               [("Retry-After", self._md_seconds_until(blocked_until, Failure))])
        token = headers.get("Authorization", "").removeprefix("Bearer ").strip() or headers.get("X-MD-Token", "")
        device = request.env["md.env.sensor"].sudo()._md_authenticate(token)
        if not device:
            count, blocked_until = Failure._md_record_failure(address)
            # Never the token itself: a near miss in the log would help whoever guesses.
            _logger.warning("Readings endpoint: invalid or missing token from %s (%s failed attempts within %s s)%s.",
                            address, count, Failure._md_setting("failure_window"),
                            f"; blocked until {blocked_until} UTC" if blocked_until else "")
            return self._reply(401, {"error": "invalid or missing token"})
        Reading = request.env["md.env.reading"].sudo().with_company(device.company_id).with_context(
            lang=device.company_id.partner_id.lang or "en_US")
        limit = Failure._md_setting("max_bytes")
        try:
            data = request.httprequest.get_data()
        except RequestEntityTooLarge:
            return self._md_too_large(limit)
        if len(data) > limit:  # a body without Content-Length, cut one byte past the limit
            return self._md_too_large(limit)
        try:
            readings = readings_from_json(load_json(data or b"null"), now=fields.Datetime.now(),
                                          max_readings=Failure._md_setting("max_readings"))
            result = Reading._md_ingest(readings, device=device, source="api")
        except ReadingError as exc:
            request.env.cr.rollback()
            status = 413 if exc.code == "too_many_readings" else 400
            return self._reply(status, {"error": Reading._md_error_message(exc), "row": exc.row})
        return self._reply(200, {"stored": result["stored"], "duplicates": result["duplicates"]})

    def _md_too_large(self, limit):
        return self._reply(413, {"error": f"the request is larger than {limit} bytes; send smaller batches"})

    @staticmethod
    def _md_seconds_until(moment, Failure):
        return str(max(1, math.ceil((moment - Failure._md_clock()).total_seconds())))

    @staticmethod
    def _reply(status, body, headers=()):
        return request.make_response(json.dumps(body), headers=[("Content-Type", "application/json"), *headers],
                                     status=status)
