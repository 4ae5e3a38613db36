"""Calls through the web client's own channel, for tests that try things as a logged-in user.

Every refusal a role meets must hold there: the client chooses the whole ``context``.
"""
import json

from odoo.tools import mute_logger


class RpcCallMixin:
    """For an ``HttpCase``: ``_call`` posts one call to ``/web/dataset/call_kw`` as the authenticated user."""

    def _call(self, model, method, args, kwargs=None, context=None):
        """One call: (ok, result or error class name, error message)."""
        # The request runs on the test's cursor: it must see what the test wrote, and the test what it wrote.
        self.env.flush_all()
        payload = {"jsonrpc": "2.0", "method": "call", "id": 0, "params": {
            "model": model, "method": method, "args": args,
            "kwargs": dict(kwargs or {}, context=dict(context or {}))}}
        with mute_logger("odoo.http"):
            response = self.url_open("/web/dataset/call_kw", data=json.dumps(payload, default=str),
                                     headers={"Content-Type": "application/json"})
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.env.invalidate_all()
        body = response.json()
        if "error" in body:
            data = body["error"].get("data", {})
            return False, data.get("name"), data.get("message")
        return True, body.get("result"), None
