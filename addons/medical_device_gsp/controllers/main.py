import json

from odoo import fields, http
from odoo.http import request

from ..utils.env_readings import ReadingError, readings_from_json


class MdEnvReadingController(http.Controller):
    """Readings posted by data loggers and gateways, each authenticated by its own token.

    POST /md/env/readings with ``Authorization: Bearer <token>`` and
    ``{"readings": [{"sensor": "code", "timestamp": "2026-11-22T08:00:00Z",
    "temperature": 4.2, "humidity": 55}]}``. A batch is stored whole or not at all.
    """

    # Routes without authentication start read-only unless told otherwise; this one writes.
    @http.route("/md/env/readings", type="http", auth="none", methods=["POST"], csrf=False, save_session=False,
                readonly=False)
    def post_readings(self):
        headers = request.httprequest.headers
        token = headers.get("Authorization", "").removeprefix("Bearer ").strip() or headers.get("X-MD-Token", "")
        Reading = request.env["md.env.reading"].sudo()
        device = request.env["md.env.sensor"].sudo()._md_authenticate(token)
        if not device:
            return self._reply(401, {"error": "invalid or missing token"})
        Reading = Reading.with_company(device.company_id).with_context(
            lang=device.company_id.partner_id.lang or "en_US")
        try:
            payload = json.loads(request.httprequest.get_data() or b"null")
        except (ValueError, UnicodeDecodeError):
            return self._reply(400, {"error": Reading._md_error_message(
                ReadingError(0, "bad_file", detail="body is not JSON"))})
        try:
            readings = readings_from_json(payload, now=fields.Datetime.now())
            result = Reading._md_ingest(readings, device=device, source="api")
        except ReadingError as exc:
            request.env.cr.rollback()
            return self._reply(400, {"error": Reading._md_error_message(exc), "row": exc.row})
        return self._reply(200, {"stored": result["stored"], "duplicates": result["duplicates"]})

    @staticmethod
    def _reply(status, body):
        return request.make_response(json.dumps(body), headers=[("Content-Type", "application/json")],
                                     status=status)
