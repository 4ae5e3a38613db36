import logging
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .stock_location import SEGREGATED_ZONES, ZONES

_logger = logging.getLogger(__name__)

QA_GROUP = "medical_device_base.group_md_qa_manager"
KEEPER_GROUP = "medical_device_base.group_md_storage_keeper"


def quality_state_selection(records):
    """Selection of every field that holds a lot quality status: the lot's own and its snapshots.

    A callable selection is not stored in ``ir.model.fields.selection``, so
    uninstalling the add-on that brought a status (returns, recall) rewrites no
    stored value: a signed change to "returned" stays a signed change to
    "returned", and its signature still verifies. Such an orphan value shows
    its code where the label is gone.
    """
    return records.env["stock.lot"]._md_quality_state_selection()


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "md.workflow.mixin"]

    # Only an applied md.quality.change writes the status (``_md_apply``).
    _md_workflow_fields = ("md_quality_state",)

    md_is_device = fields.Boolean(related="product_id.is_medical_device", string="Is Medical Device")
    md_quality_state = fields.Selection(
        quality_state_selection, string="Quality Status", readonly=True, copy=False, index=True,
        help="Only released, unexpired lots are reserved and delivered. Changes go through "
             "Change Quality Status (release needs a QA signature) or a signed acceptance.")
    md_quality_line_ids = fields.One2many("md.quality.change.line", "lot_id", string="Status History")
    md_days_to_expiry = fields.Integer(string="Days to Expiry", compute="_compute_md_days_to_expiry")

    @api.depends("expiration_date")
    def _compute_md_days_to_expiry(self):
        today = fields.Date.context_today(self)
        for lot in self:
            lot.md_days_to_expiry = (lot.expiration_date.date() - today).days if lot.expiration_date else 0

    @api.model_create_multi
    def create(self, vals_list):
        # A status given by the caller is refused by md.workflow.mixin; a new
        # device lot starts in quarantine.
        lots = super().create(vals_list)
        new = lots.filtered(lambda lot: lot.md_is_device and not lot.md_quality_state)
        if new:
            new._md_workflow_env().write({"md_quality_state": "quarantine"})
        return lots

    def _md_workflow_refusal(self, field_names):
        if not self:
            return UserError(self.env._("A new lot starts in quarantine; its status changes through acceptance "
                                        "or Change Quality Status."))
        return UserError(self.env._(
            "The quality status of a lot changes only through a signed acceptance or "
            "Change Quality Status, so that every change is recorded."))

    # The registry of quality statuses -------------------------------------------

    @api.model
    def _md_quality_states(self):
        """Every lot quality status, in display order: {code: properties}.

        ``label``: the name users read. ``zones``: the GSP zones where a lot with
        this status may have stock. ``zone``: where its stock is moved when it
        takes the status elsewhere (None: it stays where it is). ``frees``: it
        makes stock available again, so only a signature sets it. ``holdable``:
        a failed check, an excursion or a nonconformance puts it on hold.
        ``group``: who may set it by hand (Change Quality Status), False when
        only its own process does; ``sources``: the statuses it may be set from
        by hand.

        Upper add-ons add their statuses (returned, recalled) by extending this
        method, and nothing else.
        """
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        every_zone = {code for code, _label in ZONES}
        return {
            "quarantine": {"label": _("Quarantine"), "zones": {"quarantine", "returns"}, "zone": "quarantine",
                           "frees": False, "holdable": True, "group": QA_GROUP, "sources": ("hold",)},
            "released": {"label": _("Released"), "zones": {"quarantine", "released", "dispatch"},
                         "zone": "released", "frees": True, "holdable": True, "group": QA_GROUP,
                         "sources": ("hold",)},
            "hold": {"label": _("On Hold"), "zones": every_zone, "zone": None, "frees": False, "holdable": False,
                     "group": KEEPER_GROUP, "sources": ("quarantine", "released")},
            "rejected": {"label": _("Rejected"), "zones": {"nonconforming", "returns"}, "zone": "nonconforming",
                         "frees": False, "holdable": False, "group": QA_GROUP, "sources": ("quarantine", "hold")},
        }

    @api.model
    def _md_quality_state_selection(self, manual=False):
        """[(code, label)] of the statuses; ``manual``: only those a user may set by hand."""
        return [(code, spec["label"]) for code, spec in self._md_quality_states().items()
                if not manual or spec["group"]]

    @api.model
    def _md_quality_states_with(self, flag):
        """Codes of the statuses whose property ``flag`` (frees, holdable) is set."""
        return tuple(code for code, spec in self._md_quality_states().items() if spec[flag])

    @api.model
    def _md_zone_states(self):
        """{zone: statuses a lot may have while it has stock there}."""
        accepted = defaultdict(set)
        for code, spec in self._md_quality_states().items():
            for zone in spec["zones"]:
                accepted[zone].add(code)
        return dict(accepted)

    @api.model
    def _md_quality_labels(self):
        return {code: spec["label"] for code, spec in self._md_quality_states().items()}

    @api.model
    def _md_delivery_problems(self, product, lot):
        """[(code, message)] forbidding delivery of ``lot`` of ``product`` to a customer.

        Shared by the outbound review and the last-line guard on every movement.
        """
        if not lot:
            return [("no_lot", self.env._("%s: no lot or serial number picked.", product.display_name))]
        problems = []
        if lot.md_quality_state != "released":
            problems.append(("lot_state", self.env._(
                "%(product)s %(lot)s is %(state)s, not Released.", product=product.display_name, lot=lot.name,
                state=self._md_quality_labels().get(lot.md_quality_state, "-"))))
        if lot.expiration_date and lot.expiration_date <= fields.Datetime.now():
            problems.append(("expired", self.env._("%(product)s %(lot)s expired on %(date)s.",
                                                   product=product.display_name, lot=lot.name,
                                                   date=lot.expiration_date.date())))
        return problems

    # Status changes ----------------------------------------------------------

    def _md_change_quality_state(self, new_state, reason, origin=False, signature=None, relocate=True):
        """Record and apply a status change of these lots in one step.

        Freeing states need the signature that authorises them (an acceptance's,
        say); a release asked for by hand goes through :meth:`_md_request_quality_state`.
        """
        if new_state in self._md_quality_states_with("frees") and not signature:
            raise UserError(self.env._("Releasing a lot needs an electronic signature."))
        change = self._md_request_quality_state(new_state, reason, origin=origin)
        change.sudo()._md_apply(signature, relocate=relocate)
        return change

    def _md_request_quality_state(self, new_state, reason, origin=False):
        """Create the change record, still to be applied (and signed when it frees stock)."""
        lots = self.filtered("md_is_device")
        if not lots:
            raise UserError(self.env._("Quality status applies to lots of medical devices only."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the status change."))
        unchanged = lots.filtered(lambda lot: lot.md_quality_state == new_state)
        if unchanged:
            raise UserError(self.env._("%(lots)s already have the status %(state)s.",
                                       lots=", ".join(unchanged.mapped("display_name")),
                                       state=self._md_quality_labels()[new_state]))
        return self.env["md.quality.change"]._md_workflow_env().create({
            "new_state": new_state,
            "reason": reason.strip(),
            "origin": origin or False,
            "user_id": self.env.user.id,
            "company_id": lots[0].company_id.id or self.env.company.id,
            "line_ids": [Command.create({"lot_id": lot.id, "old_state": lot.md_quality_state})
                         for lot in lots],
        }).sudo(False)

    @api.model
    def _md_hold_uninstalled_state(self, code):
        """Put on hold the lots in status ``code``, of an add-on being uninstalled.

        Without that add-on no process takes them out of a status the others
        do not know; on hold, QA decides on them with Change Quality Status.
        The change is recorded like any other. Changes already signed keep
        "``code``" as signed (their selection comes from this registry, so the
        uninstall rewrites nothing) and their signatures still verify.
        """
        lots = self.sudo().search([("md_quality_state", "=", code)])
        label = self._md_quality_labels().get(code, code)
        for company, company_lots in lots.grouped("company_id").items():
            company_lots.with_company(company or self.env.company)._md_change_quality_state(
                "hold", self.env._("Status %s removed with its add-on: on hold for QA's decision.", label),
                origin=self.env._("Add-on uninstalled"))
        return lots

    def _md_zone_mismatches(self):
        """Quants of these lots in a zone that does not accept their lot's status.

        Units segregated as nonconforming stay there whatever their lot's status
        (e.g. the damaged part of an accepted lot): they leave only to the
        supplier or to scrap, so that zone is not looked at.
        """
        accepted = self._md_zone_states()
        quants = self.env["stock.quant"].sudo().search([
            ("lot_id", "in", self.ids), ("location_id.usage", "=", "internal"), ("quantity", ">", 0),
            ("location_id.md_zone", "not in", (False, "nonconforming"))])
        return quants.filtered(lambda q: q.lot_id.md_quality_state not in accepted.get(q.location_id.md_zone, ()))

    def _md_relocate_to_zone(self, reference):
        """Move stock whose zone does not accept its lot's new status to the zone that does."""
        states = self._md_quality_states()
        plan = []
        for quant in self._md_zone_mismatches():
            warehouse = quant.location_id.warehouse_id
            zone = states.get(quant.lot_id.md_quality_state, {}).get("zone")
            target = warehouse and warehouse._md_zone_location(zone)
            if not target:
                warehouse._md_raise_missing_zones()
            plan.append((quant.lot_id, quant.quantity, quant.location_id, target))
        self._md_move_quantities(plan, reference)

    @api.model
    def _md_move_quantities(self, plan, reference, transfer=False):
        """Done moves for [(lot, quantity, source, destination)], in one batch.

        One move per product and route with a line per lot: per-move work is
        what makes large acceptances slow. ``transfer``: the moves of each
        warehouse go on one internal transfer (a picking people can open and
        print), instead of standing alone; the transfers are returned.
        """
        if not plan:
            return self.env["stock.picking"] if transfer else self.env["stock.move"]
        grouped = defaultdict(list)
        for lot, quantity, source, dest in plan:
            grouped[(lot.product_id, source, dest)].append((lot, quantity))
        vals_list = []
        for (product, source, dest), lots in grouped.items():
            company = source.company_id.id or self.env.company.id
            vals_list.append({
                "name": reference,
                "origin": reference,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": sum(quantity for _lot, quantity in lots),
                "location_id": source.id,
                "location_dest_id": dest.id,
                "company_id": company,
                "state": "confirmed",
                "picked": True,
                "move_line_ids": [Command.create({
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "quantity": quantity,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                    "lot_id": lot.id,
                    "company_id": company,
                    "picked": True,
                }) for lot, quantity in lots],
            })
        Move = self.env["stock.move"].sudo().with_context(md_quality_relocation=True)
        if not transfer:
            moves = Move.create(vals_list)
            moves._action_done()
            return moves
        by_warehouse = defaultdict(list)
        for vals, (_product, source, _dest) in zip(vals_list, grouped):
            by_warehouse[source.warehouse_id].append(vals)
        pickings = self.env["stock.picking"].sudo().with_context(md_quality_relocation=True)
        for warehouse, warehouse_vals in by_warehouse.items():
            sources = {vals["location_id"] for vals in warehouse_vals}
            dests = {vals["location_dest_id"] for vals in warehouse_vals}
            picking = pickings.create({
                "picking_type_id": warehouse.int_type_id.id,
                "origin": reference,
                "company_id": warehouse.company_id.id,
                "location_id": sources.pop() if len(sources) == 1 else warehouse.view_location_id.id,
                "location_dest_id": dests.pop() if len(dests) == 1 else warehouse.view_location_id.id,
            })
            for vals in warehouse_vals:
                vals["picking_id"] = picking.id
                for _command, _id, line_vals in vals["move_line_ids"]:
                    line_vals["picking_id"] = picking.id
            Move.create(warehouse_vals)
            picking._action_done()
            pickings |= picking
        return pickings

    def _md_check_zone_agreement(self):
        """Raise when a lot has stock in a zone that does not accept its status."""
        labels = self._md_quality_labels()
        zones = dict(self.env["stock.location"]._fields["md_zone"]._description_selection(self.env))
        problems = [self.env._(
            "%(lot)s is %(state)s but has stock in %(location)s (%(zone)s zone).",
            lot=quant.lot_id.display_name, state=labels.get(quant.lot_id.md_quality_state),
            location=quant.location_id.display_name, zone=zones.get(quant.location_id.md_zone))
            for quant in self._md_zone_mismatches()]
        if problems:
            raise UserError("\n".join(problems))

    # Expiry ------------------------------------------------------------------

    def _md_expired_on_shelf(self):
        """Quants of these lots, expired, still in a saleable part of a warehouse with GSP zones.

        Quarantine and returns keep their goods: acceptance and returns decide
        on those. Only statuses the nonconforming zone accepts (on hold,
        rejected…) are moved; a status of its own process (recalled, say) is
        left to that process.
        """
        now = fields.Datetime.now()
        # Statuses people set (on hold, rejected) that the nonconforming zone accepts; not those of a process.
        movable = {code for code, spec in self._md_quality_states().items()
                   if spec["group"] and "nonconforming" in spec["zones"]}
        lots = self.filtered(lambda lot: lot.md_is_device and lot.expiration_date and lot.expiration_date <= now
                             and lot.md_quality_state in movable)
        if not lots:
            return self.env["stock.quant"]
        quants = self.env["stock.quant"].sudo().search([
            ("lot_id", "in", lots.ids), ("quantity", ">", 0), ("location_id.usage", "=", "internal"),
            ("location_id.warehouse_id", "!=", False)])
        return quants.filtered(lambda q: q.location_id.md_zone not in SEGREGATED_ZONES)

    def _md_segregate_expired(self, change=None):
        """Move the expired stock of these lots into the nonconforming zone of its warehouse.

        One internal transfer per warehouse, linked to the status change that
        held the lots (``change``) and noted on each lot. A warehouse without
        GSP zones keeps its stock (on hold, so never reserved) and is logged.
        """
        plan = []
        for quant in self._md_expired_on_shelf():
            target = quant.location_id.warehouse_id.md_nonconforming_location_id
            if not target:
                _logger.warning("Expired lot %s stays in %s: its warehouse has no nonconforming zone.",
                                quant.lot_id.display_name, quant.location_id.display_name)
                continue
            plan.append((quant.lot_id, quant.quantity, quant.location_id, target))
        reference = change.name if change else self.env._("Expiry control")
        pickings = self._md_move_quantities(plan, reference, transfer=True)
        if not pickings:
            return pickings
        if change:
            change._md_workflow_env().write({"picking_ids": [Command.link(p.id) for p in pickings]})
        moved = self.browse({lot.id for lot, _qty, _src, _dest in plan})
        by_lot = defaultdict(list)
        for picking in pickings:
            for lot in picking.move_line_ids.lot_id:
                by_lot[lot.id].append(picking.name)
        moved._message_log_batch(bodies={
            lot.id: self.env._("Expired: moved to the nonconforming zone by %s.", ", ".join(by_lot[lot.id]))
            for lot in moved})
        return pickings

    @api.model
    def _cron_md_expiry_control(self):
        """Hold expired lots and move their stock to the nonconforming zone; near-expiry activities."""
        now = fields.Datetime.now()
        expired = self.search([("product_id.is_medical_device", "=", True), ("expiration_date", "<=", now)])
        holdable = self._md_quality_states_with("holdable")
        to_hold = expired.filtered(lambda lot: lot.md_quality_state in holdable)
        for company, lots in expired.grouped("company_id").items():
            company_hold = lots & to_hold
            change = None
            if company_hold:
                change = company_hold.with_company(company)._md_change_quality_state(
                    "hold", self.env._("Expired: held automatically by the daily expiry control."),
                    origin=self.env._("Expiry control"), relocate=False)
            # Lots held earlier (a failed check, say) that have expired since leave the shelf too.
            lots.with_company(company)._md_segregate_expired(change)
        self._md_near_expiry_activities()

    @api.model
    def _md_near_expiry_activities(self):
        """One activity per product whose lots have reached their alert date, for the storage keepers.

        This is the only reminder of device lots: product_expiry's own alert
        (:meth:`_alert_date_exceeded`) leaves them to it, and both read the
        lot's alert date.
        """
        activity_type = self.env.ref("medical_device_gsp.mail_activity_near_expiry")
        keepers = self.env.ref("medical_device_base.group_md_storage_keeper").users
        today = fields.Date.context_today(self)
        Report = self.env["md.near.expiry.report"]
        # Each company's storage keeper hears of the company's own stock.
        # pylint: disable-next=no-search-all
        for company in self.env["res.company"].search([]):
            rows = Report.search([("company_id", "=", company.id), ("near_expiry", "=", True)])
            by_product = defaultdict(Report.browse)
            for row in rows:
                by_product[row.product_id.product_tmpl_id] |= row
            users = company.md_storage_keeper_id or keepers.filtered(
                lambda u: u.active and not u.share and company in u.company_ids and u.id != 1)
            for template, product_rows in by_product.items():
                open_activities = template.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
                if open_activities:
                    continue
                first = min(product_rows.mapped("expiration_date"))
                note = "<br/>".join(
                    f"{row.lot_id.name} · {row.location_id.display_name} · {row.quantity:g} · "
                    f"{row.days_to_expiry}" for row in product_rows.sorted("expiration_date"))
                for user in users:
                    template.activity_schedule(
                        act_type_xmlid="medical_device_gsp.mail_activity_near_expiry",
                        date_deadline=min(first.date(), today + timedelta(days=7)),
                        summary=self.env._("%(count)s lot(s) expire within %(days)s days",
                                           count=len(product_rows.lot_id),
                                           days=template.alert_time or company.md_near_expiry_days),
                        note=note, user_id=user.id)

    # One near-expiry horizon ---------------------------------------------------

    def _md_alert_days(self, company=None):
        """Days before expiry at which this lot is near expiry: the product's alert time, else the horizon
        of the company (*Settings → Medical Devices*)."""
        self.ensure_one()
        company = company or self.company_id or self.env.company
        return self.product_id.product_tmpl_id.alert_time or company.md_near_expiry_days

    @api.depends("product_id", "expiration_date")
    def _compute_dates(self):
        result = super()._compute_dates()
        # A device lot's alert date follows one rule, whatever product_expiry shifted.
        for lot in self:
            if lot.product_id.is_medical_device and lot.product_id.use_expiration_date and lot.expiration_date:
                lot.alert_date = lot.expiration_date - timedelta(days=lot._md_alert_days())
        return result

    @api.model
    def _md_recompute_alert_dates(self, domain, company=None):
        """Set the alert date of the device lots matching ``domain`` by the rule, in one statement.

        Called when a company's horizon or a product's alert time changes, so
        that the list, the activities and product_expiry's filter follow it.
        Lots without a company take the horizon of ``company`` (default: the
        current one).
        """
        lots = self.sudo().with_context(active_test=False).search(
            expression.AND([domain, [("product_id.is_medical_device", "=", True),
                                     ("expiration_date", "!=", False)]]))
        if not lots:
            return
        self.env.flush_all()
        self.env.cr.execute("""
            UPDATE stock_lot l
               SET alert_date = l.expiration_date - make_interval(
                       days => COALESCE(NULLIF(pt.alert_time, 0), c.md_near_expiry_days, 0))
              FROM product_product pp, product_template pt, res_company c
             WHERE l.id = ANY(%s) AND pp.id = l.product_id AND pt.id = pp.product_tmpl_id
               AND c.id = COALESCE(l.company_id, %s)
        """, [lots.ids, (company or self.env.company).id])
        self.invalidate_model(["alert_date"])

    @api.model
    def _alert_date_exceeded(self):
        # Device lots are reminded once, per product, by the daily expiry control: marking them reminded
        # keeps product_expiry from raising a second activity for the same alert date.
        reached = self.sudo().search([("product_id.is_medical_device", "=", True),
                                      ("alert_date", "<=", fields.Date.today()),
                                      ("product_expiry_reminded", "=", False)])
        if reached:
            reached.write({"product_expiry_reminded": True})
        return super()._alert_date_exceeded()
