from odoo import api, models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _md_is_device_receipt(self):
        self.ensure_one()
        return (self.product_id.is_medical_device and self.location_id.usage == "supplier"
                and self.location_dest_id.usage == "internal")

    @api.model
    def _md_quarantine_for(self, product, source, dest):
        """The quarantine location a device coming from a supplier into ``dest`` must land in, if any."""
        # Only receipts aimed at saleable stock are redirected: a multi-step
        # reception's input location already keeps goods out of reservation.
        if not product.is_medical_device or source.usage != "supplier" or dest.usage != "internal" \
                or dest.md_zone not in ("released", "dispatch"):
            return self.env["stock.location"]
        return dest.warehouse_id.md_quarantine_location_id

    def _skip_push(self):
        # Moves of a quality decision (acceptance, status change) put goods exactly
        # where the decision says; a push rule must not carry them further.
        # Only those internal moves (made as superuser) may skip the routes.
        return super()._skip_push() or bool(self.env.su and self.env.context.get("md_quality_relocation"))

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        # Show the quarantine as destination from the start, not only at validation.
        for move in moves.filtered(lambda m: m.state not in ("done", "cancel")):
            quarantine = self._md_quarantine_for(move.product_id, move.location_id, move.location_dest_id)
            if quarantine:
                move.location_dest_id = quarantine
        return moves
