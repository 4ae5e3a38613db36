from odoo import fields, models


class MdExcursion(models.Model):
    _name = "md.excursion"
    _inherit = ["md.excursion", "md.capa.source.mixin"]

    def _md_capa_values(self):
        self.ensure_one()
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        where = self.location_id.display_name or self.picking_id.name or "-"
        lines = [
            self.env._("%(excursion)s: %(kind)s at %(where)s (sensor %(sensor)s).", excursion=self.name, kind=kind,
                       where=where, sensor=self.sensor_id.display_name),
            self.env._("From %(start)s to %(end)s UTC (%(minutes)s min).", start=fields.Datetime.to_string(self.start),
                       end=fields.Datetime.to_string(self.end) or "-", minutes=self.duration_minutes),
            self.env._("Allowed: %(low)s to %(high)s °C, humidity up to %(humidity)s %%.", low=self.temp_min_limit,
                       high=self.temp_max_limit, humidity=self.humidity_max_limit),
        ]
        if self.reading_count:
            lines.append(self.env._(
                "Measured: %(low)s to %(high)s °C, humidity up to %(humidity)s %% (%(count)s readings).",
                low=self.temp_min_seen, high=self.temp_max_seen, humidity=self.humidity_max_seen,
                count=self.reading_count))
        if self.lot_ids:
            exposed = ", ".join(f"{line.lot_id.display_name} ({line.quantity:g})" for line in self.lot_ids)
            lines.append(self.env._("Lots exposed: %s", exposed))
        lots = self.lot_ids.lot_id
        return {
            "title": self.env._("Excursion %(excursion)s: %(kind)s at %(where)s", excursion=self.name, kind=kind,
                                where=where),
            "description": "\n".join(lines),
            "product_id": self._md_single(lots.product_id).id,
            "lot_ids": lots.ids,
            "quantity": sum(self.lot_ids.mapped("quantity")) if len(lots.product_id) == 1 else 0.0,
            "company_id": self.company_id.id,
        }

    def _md_capa_problems(self, model):
        # Its window, extremes and exposed lots still change: they would be copied unfinished.
        # The exposed lots are already on hold, so containment does not wait for the end.
        if self.state == "open":
            return [self.env._("%s is still ongoing; open a nonconformance or CAPA once it has ended.", self.name)]
        return []
