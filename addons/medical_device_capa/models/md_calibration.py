from odoo import models


class MdCalibration(models.Model):
    _name = "md.calibration"
    _inherit = ["md.calibration", "md.capa.source.mixin"]

    def _md_capa_values(self):
        self.ensure_one()
        lines = [self.env._("%(calibration)s of %(instrument)s on %(date)s (certificate %(certificate)s): out of "
                            "tolerance.", calibration=self.name, instrument=self.instrument_name, date=self.date,
                            certificate=self.certificate_number or "-")]
        for point in self.point_ids.filtered(lambda p: not p.within_tolerance):
            lines.append(self.env._(
                "%(point)s: %(measured)s %(unit)s against %(nominal)s, deviation %(deviation)s beyond ±%(tolerance)s.",
                point=point.name, measured=point.measured, unit=point.unit or "", nominal=point.nominal,
                deviation=round(point.deviation, 4), tolerance=point.tolerance))
        if self.impact_summary:
            lines.append(self.impact_summary)
        return {
            "title": self.env._("Calibration %(calibration)s out of tolerance: %(instrument)s",
                                calibration=self.name, instrument=self.instrument_name),
            "description": "\n".join(lines),
            "company_id": self.company_id.id,
        }

    def _md_capa_problems(self, model):
        # What was found is final once signed; a calibration within tolerance has nothing to correct.
        if not self.md_signed:
            return [self.env._("%s is not signed yet; its result is final once signed.", self.name)]
        if self.md_corrected:
            return [self.env._("%s has been corrected; open it from the correction.", self.name)]
        if self.result != "fail":
            return [self.env._("%s is within tolerance: there is nothing to correct.", self.name)]
        return []
