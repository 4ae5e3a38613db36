from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# Records that can start a nonconformance or a CAPA; the Reference fields of both list them. Bridges with
# other add-ons (returns, recalls) add their records with ``selection_add``.
SOURCE_MODELS = [
    ("md.acceptance.line", "Acceptance Line"),
    ("md.excursion", "Excursion"),
    ("md.complaint", "Complaint"),
    ("md.adverse.event", "Adverse Event"),
    ("md.nonconformance", "Nonconformance"),
    ("md.calibration", "Calibration"),
]


class MdCapaSourceMixin(models.AbstractModel):
    """A record that nonconformances and CAPAs can name as their source.

    Each source says what a new nonconformance or CAPA should be filled with
    (``_md_capa_values``) and what forbids opening one (``_md_capa_problems``).
    Nothing is stored on the source: the links are the ``source_ref`` of the
    nonconformances and CAPAs.
    """

    _name = "md.capa.source.mixin"
    _description = "Source of Nonconformances and CAPAs"

    md_nonconformance_count = fields.Integer(string="Nonconformance Count", compute="_compute_md_capa_counts")
    md_capa_count = fields.Integer(string="CAPA Count", compute="_compute_md_capa_counts")

    def _md_source_ref(self):
        self.ensure_one()
        return f"{self._name},{self.id}"

    def _compute_md_capa_counts(self):
        refs = [f"{self._name},{rec_id}" for rec_id in self._ids]
        counts = {}
        for model in ("md.nonconformance", "md.capa"):
            Model = self.env[model]
            # Counted as the user sees them, so a count always matches the list its button opens.
            rows = Model._read_group([("source_ref", "in", refs)], ["source_ref"], ["__count"]) \
                if refs and Model.has_access("read") else []
            counts[model] = dict(rows)
        for rec in self:
            ref = f"{rec._name},{rec.id}"
            rec.md_nonconformance_count = counts["md.nonconformance"].get(ref, 0)
            rec.md_capa_count = counts["md.capa"].get(ref, 0)

    # Hooks -------------------------------------------------------------------

    def _md_capa_values(self):
        """Default values of a nonconformance or CAPA opened from this record (both share these keys):
        title, description, product_id, lot_ids (ids), partner_id (the supplier), quantity, company_id.
        Keys the target model does not have are left out."""
        self.ensure_one()
        company = self["company_id"] if "company_id" in self._fields else self.env.company
        return {"title": self.display_name, "company_id": (company or self.env.company).id}

    def _md_capa_problems(self, model):
        """Messages that forbid opening a record of ``model`` from this one; empty when allowed."""
        if "state" in self._fields and self.state == "cancel":
            return [self.env._("%s is cancelled.", self.display_name)]
        return []

    def _md_own_capa_values(self, title):
        """Values of a source that records the device, lots and description itself (complaints, events)."""
        self.ensure_one()
        return {
            "title": title,
            "description": self.description,
            "product_id": self.product_id.id,
            "lot_ids": self.lot_ids.ids,
            "partner_id": self._md_single(self._md_lot_suppliers(self.lot_ids)).id,
            "company_id": self.company_id.id,
        }

    @api.model
    def _md_single(self, records):
        """The record when there is exactly one (a device, a supplier), else an empty recordset."""
        return records if len(records) == 1 else records.browse()

    @api.model
    def _md_lot_suppliers(self, lots):
        """Who the lots were bought from."""
        return self.env["res.partner"].union(*self._md_lot_supplier_map(lots).values()).sudo(False)

    @api.model
    def _md_lot_supplier_map(self, lots):
        """{lot: who it was bought from}: the partner of its latest receipt from a supplier (as superuser)."""
        suppliers = {}
        lines = self.env["stock.move.line"].sudo().search([
            ("lot_id", "in", lots.ids), ("state", "=", "done"), ("location_id.usage", "=", "supplier")],
            order="date desc")
        for line in lines:
            if line.lot_id not in suppliers:
                suppliers[line.lot_id] = (line.picking_partner_id or line.move_id.partner_id).commercial_partner_id
        return suppliers

    # Actions -----------------------------------------------------------------

    def _md_open_from_source(self, model):
        self.ensure_one()
        Target = self.env[model]
        Target.check_access("create")
        problems = self._md_capa_problems(model)
        if problems:
            raise UserError("\n".join(problems))
        values = dict(self._md_capa_values(), source_ref=self._md_source_ref())
        if "lot_ids" in values:
            values["lot_ids"] = [Command.set(values["lot_ids"])]
        return {
            "type": "ir.actions.act_window",
            "name": Target._description,
            "res_model": model,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {f"default_{key}": value for key, value in values.items() if key in Target._fields},
        }

    def action_md_open_nonconformance(self):
        return self._md_open_from_source("md.nonconformance")

    def action_md_open_capa(self):
        return self._md_open_from_source("md.capa")

    def _md_view_linked(self, model):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env[model]._description,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("source_ref", "=", self._md_source_ref())],
            "context": {"create": False},
        }

    def action_md_view_nonconformances(self):
        return self._md_view_linked("md.nonconformance")

    def action_md_view_capas(self):
        return self._md_view_linked("md.capa")

    @api.model
    def _md_source_selection(self):
        return SOURCE_MODELS
