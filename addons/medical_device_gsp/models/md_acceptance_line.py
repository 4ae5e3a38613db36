from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

CHECKS = [("pass", "Pass"), ("fail", "Fail")]
DELIVERY_NOTE_CHECKS = [("pass", "Received, Matches"), ("mismatch", "Does Not Match"), ("missing", "Missing")]


class MdAcceptanceLine(models.Model):
    """One lot or serial of an acceptance, with the particulars the acceptance record must show."""

    _name = "md.acceptance.line"
    _description = "Receiving Acceptance Line"
    _inherit = ["md.signable.mixin"]
    _order = "acceptance_id, id"

    _md_signed_fields = ["product_id", "model_spec", "certificate_number", "registrant", "registrant_licence",
                         "manufacturer", "manufacturer_licence", "lot_id", "production_date", "expiry_date",
                         "qty_received", "qty_accepted", "qty_rejected", "arrival_temperature",
                         "packaging_check", "label_check", "conclusion", "reason"]
    # Fields taken from the receipt; the inspector fills the rest.
    _md_inspection_fields = {"qty_accepted", "qty_rejected", "packaging_check", "label_check",
                             "delivery_note_check", "reason", "arrival_temperature"}

    acceptance_id = fields.Many2one("md.acceptance", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="acceptance_id.company_id", store=True)
    product_id = fields.Many2one("product.product", string="Device", required=True, readonly=True)
    model_spec = fields.Char(string="Model/Specification", readonly=True)
    certificate_number = fields.Char(string="Registration/Filing No.", readonly=True)
    certificate_id = fields.Many2one("md.certificate", string="Covering Certificate", readonly=True,
                                     ondelete="restrict",
                                     help="The certificate in force when the lot was produced.")
    registrant = fields.Char(string="Registrant/Filer", readonly=True)
    registrant_licence = fields.Char(string="Registrant Licence No.", readonly=True)
    manufacturer = fields.Char(readonly=True)
    manufacturer_licence = fields.Char(string="Manufacturer Licence No.", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, readonly=True, index=True)
    production_date = fields.Date(readonly=True)
    expiry_date = fields.Date(readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    location_id = fields.Many2one("stock.location", string="Quarantine Location", readonly=True)
    qty_received = fields.Float(string="Received", digits="Product Unit of Measure", readonly=True)
    qty_accepted = fields.Float(string="Accepted", digits="Product Unit of Measure")
    qty_rejected = fields.Float(string="Rejected", digits="Product Unit of Measure")
    cold_chain = fields.Boolean(readonly=True)
    arrival_temperature = fields.Float(string="Arrival Temperature (°C)", aggregator="avg")
    packaging_check = fields.Selection(CHECKS, string="Packaging")
    label_check = fields.Selection(CHECKS, string="Label")
    delivery_note_check = fields.Selection(
        DELIVERY_NOTE_CHECKS, string="Delivery Note",
        help="The supplier's delivery note (随货同行单) came with the goods and matches them: supplier, device, "
             "model, lot or serial, dates, quantity. Units can be accepted only when it does.")
    conclusion = fields.Selection(
        [("pending", "To Inspect"), ("accepted", "Accepted"), ("partial", "Partially Accepted"),
         ("rejected", "Rejected")], compute="_compute_conclusion", store=True)
    reason = fields.Text(help="Why units were rejected, or why units were accepted despite a failed check.")
    quality_state = fields.Selection(related="lot_id.md_quality_state", string="Lot Status")

    @api.depends("qty_received", "qty_accepted", "qty_rejected")
    def _compute_conclusion(self):
        for line in self:
            if float_compare(line.qty_accepted + line.qty_rejected, line.qty_received,
                             precision_rounding=line.uom_id.rounding or 0.001) != 0:
                line.conclusion = "pending"
            elif not line.qty_rejected:
                line.conclusion = "accepted"
            elif not line.qty_accepted:
                line.conclusion = "rejected"
            else:
                line.conclusion = "partial"

    @api.model
    def _md_values_from_move_lines(self, move_lines, picking, licences=None):
        first = move_lines[0]
        product, lot = first.product_id, first.lot_id
        # The certificate that covered the lot when it was made, not necessarily today's.
        cert = self.env["md.certificate"]._md_covering(product, lot.md_production_date) \
            or product.sudo().md_certificate_id
        holder = cert.holder_id
        maker = cert.manufacturer_id or holder
        return {
            "product_id": product.id,
            "model_spec": product._md_model_spec(),
            "certificate_number": cert.name,
            "certificate_id": cert.id,
            "registrant": holder.name,
            "registrant_licence": self._md_production_licence(holder, licences),
            "manufacturer": maker.name,
            "manufacturer_licence": self._md_production_licence(maker, licences),
            "lot_id": lot.id,
            "production_date": lot.md_production_date,
            # The date printed on the label: the expiry is stored as local midnight in UTC.
            "expiry_date": fields.Datetime.context_timestamp(self, lot.expiration_date).date()
            if lot.expiration_date else False,
            "uom_id": product.uom_id.id,
            "location_id": first.location_dest_id.id,
            "qty_received": sum(move_lines.mapped("quantity_product_uom")),
            "cold_chain": product.md_storage_condition in ("cold_chain", "frozen"),
            "arrival_temperature": picking.md_cc_arrival_temperature if product.md_storage_condition in (
                "cold_chain", "frozen") else 0.0,
        }

    @api.model
    def _md_production_licence(self, partner, cache=None):
        """Number of the partner's production licence or filing; ``cache`` spares a lookup per line."""
        if not partner:
            return False
        if cache is not None and partner.id in cache:
            return cache[partner.id]
        current = partner.sudo()._md_current_licences()
        licence = current.get("production_licence") or current.get("production_filing")
        number = licence.name if licence else False
        if cache is not None:
            cache[partner.id] = number
        return number

    def _md_completeness_problems(self):
        self.ensure_one()
        name = f"{self.product_id.display_name} {self.lot_id.name}"
        problems = []
        if min(self.qty_accepted, self.qty_rejected) < 0:
            problems.append(self.env._("%s: quantities cannot be negative.", name))
        if self.conclusion == "pending":
            problems.append(self.env._(
                "%(line)s: accepted (%(accepted)s) and rejected (%(rejected)s) must add up to the %(received)s received.",
                line=name, accepted=self.qty_accepted, rejected=self.qty_rejected, received=self.qty_received))
        if not self.packaging_check or not self.label_check:
            problems.append(self.env._("%s: record the packaging and label checks.", name))
        if self.qty_accepted > 0 and not self.delivery_note_check:
            problems.append(self.env._(
                "%s: record whether the supplier's delivery note came with the goods and matches them.", name))
        elif self.qty_accepted > 0 and self.delivery_note_check == "mismatch":
            problems.append(self.env._(
                "%s: the supplier's delivery note does not match the goods; the units can only be rejected.", name))
        elif self.qty_accepted > 0 and self.delivery_note_check == "missing":
            problems.append(self.env._(
                "%s: the goods came without the supplier's delivery note; the units can only be rejected.", name))
        needs_reason = self.qty_rejected > 0 or (self.qty_accepted > 0 and "fail" in (
            self.packaging_check, self.label_check))
        if needs_reason and len((self.reason or "").strip()) < 5:
            problems.append(self.env._("%s: give the reason for the rejection or for accepting despite a failed check.",
                                       name))
        return problems

    def _md_signed_content(self):
        content = super()._md_signed_content()
        # Signed with the line once recorded; lines signed before the check existed keep their digest.
        if self.delivery_note_check:
            content["delivery_note_check"] = self.delivery_note_check
        return content

    # Frozen with the acceptance -------------------------------------------------

    def write(self, vals):
        if not (self.env.su and self.env.context.get("md_signing")):
            signed = self.acceptance_id.filtered("md_signed")
            if signed:
                raise UserError(self.env._(
                    "%s is signed; its lines can no longer be changed. Create a correction with a reason instead.",
                    ", ".join(signed.mapped("name"))))
            if set(vals) - self._md_inspection_fields - {"md_signed"} and not self.env.su:
                raise UserError(self.env._("Only the inspection fields of an acceptance line can be changed."))
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        acceptances = self.env["md.acceptance"].browse({v.get("acceptance_id") for v in vals_list if v.get("acceptance_id")})
        if acceptances.filtered("md_signed"):
            raise UserError(self.env._("Lines cannot be added to a signed acceptance."))
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Acceptance lines are part of the record and cannot be deleted; "
                                   "accept zero and reject with a reason instead."))
