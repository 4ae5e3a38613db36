import logging
from datetime import timedelta

from odoo import api, fields, models, tools

_logger = logging.getLogger(__name__)

PARAM_PREFIX = "medical_device_gsp.env_api_"
# Defaults of the readings endpoint's limits (ir.config_parameter medical_device_gsp.env_api_<key>).
DEFAULTS = {
    "max_bytes": 5 * 1024 * 1024,   # larger requests get 413 before they are read
    "max_readings": 10000,          # larger batches get 413 before a row is parsed
    "max_failures": 10,             # wrong or missing tokens from one address within failure_window ...
    "failure_window": 60,           # ... seconds ...
    "block_seconds": 300,           # ... block that address (429) this long
}


class MdEnvApiFailure(models.Model):
    """A refused token at the readings endpoint: the memory of the endpoint's rate limit.

    Kept in the database, not in a worker's memory, so that every worker of a
    multi-process server sees the same failures, and written with a cursor of its
    own so that it survives whatever the request does with its transaction.
    Rows older than the window and the block are removed as new ones arrive.
    """

    _name = "md.env.api.failure"
    _description = "Refused Reading Post"
    _order = "failed_at desc, id desc"
    _log_access = False

    address = fields.Char(required=True, readonly=True)
    failed_at = fields.Datetime(string="Failed At (UTC)", required=True, readonly=True)
    blocked_until = fields.Datetime(string="Blocked Until (UTC)", readonly=True,
                                    help="Set on the failure that reached the limit.")

    def init(self):
        tools.create_index(self.env.cr, "md_env_api_failure_address_failed_at_idx", self._table,
                           ["address", "failed_at"])
        tools.create_index(self.env.cr, "md_env_api_failure_failed_at_idx", self._table, ["failed_at"])

    @api.model
    def _md_setting(self, key):
        """A limit of the endpoint from its system parameter; a missing or unusable value is the default."""
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + key)
        try:
            number = int(value)
        except (TypeError, ValueError):
            if value not in (None, False, ""):
                _logger.warning("System parameter %s%s=%r is not a whole number; using %s.",
                                PARAM_PREFIX, key, value, DEFAULTS[key])
            return DEFAULTS[key]
        return number if number > 0 else DEFAULTS[key]

    @api.model
    def _md_clock(self):
        return fields.Datetime.now()

    @api.model
    def _md_blocked_until(self, address):
        """When the block of ``address`` ends, or None when it may try a token."""
        self.env.cr.execute("SELECT max(blocked_until) FROM md_env_api_failure WHERE address = %s "
                            "AND blocked_until > %s", [address, self._md_clock()])
        return self.env.cr.fetchone()[0]

    @api.model
    def _md_record_failure(self, address):
        """Remember a refused token from ``address``; return (failures within the window, end of a new block)."""
        now = self._md_clock()
        window = timedelta(seconds=self._md_setting("failure_window"))
        block = timedelta(seconds=self._md_setting("block_seconds"))
        blocked_until = None
        # Its own transaction: the failure must be remembered even when the request's is rolled back.
        with self.env.registry.cursor() as cr:
            # Rows another request is already removing are left to it: no waiting, no deadlock.
            cr.execute("""DELETE FROM md_env_api_failure WHERE id IN (
                              SELECT id FROM md_env_api_failure
                               WHERE failed_at < %s AND (blocked_until IS NULL OR blocked_until < %s)
                                 FOR UPDATE SKIP LOCKED)""", [now - max(window, block), now])
            cr.execute("INSERT INTO md_env_api_failure (address, failed_at) VALUES (%s, %s) RETURNING id",
                       [address, now])
            failure_id = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM md_env_api_failure WHERE address = %s AND failed_at > %s",
                       [address, now - window])
            count = cr.fetchone()[0]
            if count >= self._md_setting("max_failures"):
                blocked_until = now + block
                cr.execute("UPDATE md_env_api_failure SET blocked_until = %s WHERE id = %s",
                           [blocked_until, failure_id])
        return count, blocked_until
