from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.medical_device_base.models.md_compliance import problems_error

ENGINEER_GROUP = "medical_device_equipment.group_md_device_engineer"
DEPARTMENT_HEAD_GROUP = "medical_device_equipment.group_md_department_head"
RISK_BY_CLASS = {"1": "low", "2": "medium", "3": "high"}


def equipment_state_selection(records):
    """Selection of the equipment status, read from the registry so that upper add-ons extend one place."""
    return records.env["maintenance.equipment"]._md_equipment_state_selection()


class MaintenanceEquipment(models.Model):
    _name = "maintenance.equipment"
    _inherit = ["maintenance.equipment", "md.workflow.mixin"]

    # The status, the date the equipment went into service and where it came from are written by the
    # processes that decide them.
    _md_workflow_fields = ("md_state", "md_acceptance_date", "md_picking_id", "md_purchase_line_id")
    _md_state_field = "md_state"

    md_product_id = fields.Many2one(
        "product.product", string="Device", index="btree_not_null", ondelete="restrict", tracking=True,
        domain=[("is_medical_device", "=", True)], check_company=True)
    md_udi_di = fields.Char(related="md_product_id.md_udi_di", string="UDI-DI", store=True, index="btree_not_null")
    md_lot_id = fields.Many2one(
        "stock.lot", string="Serial Number Record", index="btree_not_null", ondelete="restrict", tracking=True,
        domain="[('product_id', '=', md_product_id)]", check_company=True,
        help="The serial number as it was received into stock, when the equipment came through a receipt.")
    md_production_date = fields.Date(
        string="Production Date", compute="_compute_md_lot_dates", store=True, readonly=False)
    md_expiry_date = fields.Date(
        string="Expiry Date", compute="_compute_md_lot_dates", store=True, readonly=False,
        help="Use-by date printed on the label, for equipment that has one.")
    md_certificate_id = fields.Many2one(
        "md.certificate", string="Registration/Filing Certificate", compute="_compute_md_certificate_id",
        store=True, readonly=False, ondelete="restrict", tracking=True,
        help="By default the certificate of the device in force when it was produced.")
    md_class = fields.Selection(related="md_product_id.md_class", string="Device Class", store=True)
    md_manufacturer_id = fields.Many2one(
        "res.partner", string="Manufacturer", compute="_compute_md_manufacturer_id", store=True, readonly=False,
        tracking=True)
    md_service_partner_id = fields.Many2one("res.partner", string="Service Provider", tracking=True,
                                            help="Who maintains and repairs the equipment under contract.")
    md_department_id = fields.Many2one("md.equipment.department", string="Department", index="btree_not_null",
                                       tracking=True, check_company=True)
    md_purchase_date = fields.Date(string="Purchase Date")
    md_acceptance_date = fields.Date(string="In Service Since", readonly=True, copy=False, tracking=True,
                                     help="Date of the installation acceptance that put the equipment into service.")
    md_risk_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], string="Risk Level",
        compute="_compute_md_risk_level", store=True, readonly=False, tracking=True,
        help="By default from the device class (I low, II medium, III high); raise it for life support.")
    md_state = fields.Selection(equipment_state_selection, string="Status", readonly=True, copy=False, index=True,
                                tracking=True)
    md_picking_id = fields.Many2one("stock.picking", string="Receipt", readonly=True, copy=False,
                                    index="btree_not_null")
    md_purchase_line_id = fields.Many2one("purchase.order.line", string="Purchase Order Line", readonly=True,
                                          copy=False, index="btree_not_null")
    md_installation_ids = fields.One2many("md.equipment.installation", "equipment_id",
                                          string="Installation Acceptances")
    md_installation_count = fields.Integer(compute="_compute_md_installation_count")

    # The registry of statuses ---------------------------------------------------

    @api.model
    def _md_equipment_states(self):
        """Every equipment status, in display order: {code: properties}.

        ``label``: the name users read. ``in_use``: the equipment may be used on patients. ``decoration``:
        the colour of its badge. ``group``: who may set it with the status buttons, False when only its own
        process does (installation acceptance, calibration, disposal); ``sources``: the statuses it may be
        set from with those buttons.

        Upper add-ons (calibration, repair, disposal) add statuses and transitions by extending this method.
        """
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        return {
            "acceptance": {"label": _("In Acceptance"), "in_use": False, "decoration": "info",
                           "group": False, "sources": ()},
            "in_service": {"label": _("In Service"), "in_use": True, "decoration": "success",
                           "group": ENGINEER_GROUP, "sources": ("repair", "out_of_service")},
            "repair": {"label": _("Under Repair"), "in_use": False, "decoration": "warning",
                       "group": ENGINEER_GROUP, "sources": ("in_service", "out_of_service")},
            "out_of_service": {"label": _("Out of Service"), "in_use": False, "decoration": "danger",
                               "group": ENGINEER_GROUP, "sources": ("in_service", "repair")},
            "scrapped": {"label": _("Scrapped"), "in_use": False, "decoration": "muted",
                         "group": False, "sources": ()},
        }

    @api.model
    def _md_equipment_state_selection(self):
        return [(code, spec["label"]) for code, spec in self._md_equipment_states().items()]

    @api.model
    def _md_equipment_state_labels(self):
        return {code: spec["label"] for code, spec in self._md_equipment_states().items()}

    # Computes ---------------------------------------------------------------------

    @api.depends("md_lot_id")
    def _compute_md_lot_dates(self):
        for equipment in self:
            lot = equipment.md_lot_id
            if not lot:
                continue
            equipment.md_production_date = lot.md_production_date
            equipment.md_expiry_date = lot.expiration_date and fields.Datetime.context_timestamp(
                equipment, lot.expiration_date).date()

    @api.depends("md_product_id", "md_production_date")
    def _compute_md_certificate_id(self):
        Certificate = self.env["md.certificate"]
        for equipment in self:
            product = equipment.md_product_id
            if not product:
                continue
            covering = Certificate._md_covering(product, equipment.md_production_date) \
                if equipment.md_production_date else Certificate.browse()
            equipment.md_certificate_id = covering or product.md_certificate_id

    @api.depends("md_certificate_id")
    def _compute_md_manufacturer_id(self):
        for equipment in self:
            cert = equipment.md_certificate_id
            if cert:
                equipment.md_manufacturer_id = cert.manufacturer_id or cert.holder_id

    @api.depends("md_product_id")
    def _compute_md_risk_level(self):
        for equipment in self:
            if equipment.md_product_id.md_class:
                equipment.md_risk_level = RISK_BY_CLASS[equipment.md_product_id.md_class]

    def _compute_md_installation_count(self):
        counts = dict(self.env["md.equipment.installation"]._read_group(
            [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]))
        for equipment in self:
            equipment.md_installation_count = counts.get(equipment, 0)

    @api.constrains("md_lot_id", "md_product_id", "serial_no")
    def _check_md_serial(self):
        for equipment in self.filtered("md_lot_id"):
            lot = equipment.md_lot_id
            if lot.product_id != equipment.md_product_id or lot.name != equipment.serial_no:
                raise ValidationError(self.env._(
                    "%(equipment)s: the serial number record %(lot)s of %(product)s does not match the device "
                    "and serial number of the equipment.",
                    equipment=equipment.display_name, lot=lot.name, product=lot.product_id.display_name))

    @api.onchange("md_lot_id")
    def _onchange_md_lot_id(self):
        if self.md_lot_id:
            self.update({"serial_no": self.md_lot_id.name})

    @api.onchange("md_product_id")
    def _onchange_md_product_id(self):
        if self.md_product_id and not self.name:
            self.update({"name": self.md_product_id.name})

    # Creation -----------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # A status given by the caller is refused by md.workflow.mixin; new equipment awaits its acceptance.
        equipment = super().create(vals_list)
        equipment._md_workflow_env().write({"md_state": "acceptance"})
        return equipment

    @api.model
    def _md_duplicate_problems(self, pairs, company):
        """Refusals for (product, serial) pairs already registered; one query for all of them.

        Odoo keeps an equipment serial number unique over the database, so a serial registered in another
        company is refused too, without naming that equipment.
        """
        serials = {serial for _product, serial in pairs if serial}
        if not serials:
            return []
        existing = self.sudo().with_context(active_test=False).search_fetch(
            [("serial_no", "in", list(serials))], ["serial_no", "md_product_id", "company_id", "name"])
        by_serial = {equipment.serial_no: equipment for equipment in existing}
        problems = []
        for product, serial in pairs:
            equipment = by_serial.get(serial)
            if not equipment:
                continue
            if equipment.company_id and equipment.company_id != company:
                problems.append(self.env._("Serial number %(serial)s is already registered in another company.",
                                           serial=serial))
            else:
                problems.append(self.env._(
                    "Serial number %(serial)s of %(product)s is already registered as %(equipment)s.",
                    serial=serial, product=product.display_name, equipment=equipment.name))
        return problems

    # Scanning ----------------------------------------------------------------------

    @api.model
    def _md_udi_equipment_vals(self, code, company=None):
        """Values a scanned UDI gives an equipment record: device by its DI, serial number, dates."""
        company = company or self.env.company
        found = self.env["md.udi"].match(code)
        parsed, product = found["parsed"], found["product"]
        if not product:
            if parsed["di"]:
                raise UserError(self.env._(
                    "No device has the device identifier %s; add it to the device master data first.",
                    parsed["di"]))
            raise UserError(self.env._("This code has no device identifier; scan the label's product code."))
        if not product.is_medical_device:
            raise UserError(self.env._("%s is not a medical device.", product.display_name))
        serial = parsed["serial"]
        if not serial:
            raise UserError(self.env._(
                "The code of %s carries no serial number: equipment is registered one per serial number.",
                product.display_name))
        problems = self._md_duplicate_problems([(product, serial)], company)
        if problems:
            raise problems_error(self.env._("This equipment cannot be registered:"), problems)
        lot = found["lot"]
        if lot:
            self.env["stock.move.line"]._md_udi_check_lot(lot, product, parsed)
        vals = {"md_product_id": product.id, "serial_no": serial, "md_lot_id": lot.id,
                "md_production_date": parsed["production_date"] or False,
                "md_expiry_date": parsed["expiry"] or False}
        if lot:
            # The lot's own dates, which the scan agreed with, and those the label left out.
            vals.pop("md_production_date")
            vals.pop("md_expiry_date")
        return vals

    def md_scan_udi(self, code):
        """Fill this equipment, still in acceptance, from a scanned UDI."""
        self.ensure_one()
        self._md_check_engineer()
        if self.md_state != "acceptance":
            raise UserError(self.env._(
                "%s is no longer in acceptance: its device and serial number are those it was accepted with.",
                self.display_name))
        if self.serial_no or self.md_lot_id:
            raise UserError(self.env._("%(equipment)s already has the serial number %(serial)s.",
                                       equipment=self.display_name, serial=self.serial_no or self.md_lot_id.name))
        vals = self._md_udi_equipment_vals(code, self.company_id or self.env.company)
        self.write(vals)
        return True

    @api.model
    def md_register_udi(self, code, vals=None):
        """Register new equipment, in acceptance, from a scanned UDI; returns it (its id to an RPC client)."""
        self._md_check_engineer()
        company = self.env["res.company"].browse((vals or {}).get("company_id")) or self.env.company
        scanned = self._md_udi_equipment_vals(code, company)
        product = self.env["product.product"].browse(scanned["md_product_id"])
        return self.create(dict(vals or {}, name=product.name, **scanned))

    # Status -----------------------------------------------------------------------

    def _md_check_engineer(self):
        if not self.env.su and not self.env.user.has_group(ENGINEER_GROUP):
            raise AccessError(self.env._("Only device engineers may register equipment and change its status."))

    def _md_change_state(self, code, process=False):
        """Move to status ``code`` after checking the registry; ``process``: set by the process that owns the
        status (an installation acceptance), which has made its own checks."""
        states = self._md_equipment_states()
        spec = states.get(code)
        if not spec:
            raise UserError(self.env._("Unknown equipment status: %s", code))
        labels = self._md_equipment_state_labels()
        if not process:
            if not spec["group"]:
                raise UserError(self.env._("Equipment becomes %s only through its own process.", spec["label"]))
            if not self.env.user.has_group(spec["group"]):
                raise AccessError(self.env._("Only members of %(group)s may set equipment to %(state)s.",
                                             group=self.env.ref(spec["group"]).sudo().full_name,
                                             state=spec["label"]))
            problems = [self.env._("%(equipment)s is %(state)s.", equipment=equipment.display_name,
                                   state=labels.get(equipment.md_state, "-"))
                        for equipment in self if equipment.md_state not in spec["sources"]]
            problems += self._md_state_change_problems(code)
            if problems:
                raise problems_error(self.env._("The equipment cannot be set to %s:", spec["label"]), problems)
        self._md_workflow_write({"md_state": code})
        return True

    def _md_state_change_problems(self, code):
        """Hook: problems forbidding these records from taking status ``code`` (e.g. an overdue calibration)."""
        return []

    def action_md_out_of_service(self):
        return self._md_change_state("out_of_service")

    def action_md_repair(self):
        return self._md_change_state("repair")

    def action_md_return_to_service(self):
        return self._md_change_state("in_service")

    # Installation acceptance --------------------------------------------------------

    def action_md_installation(self):
        """Open the running installation acceptance, or start one."""
        self.ensure_one()
        installation = self.md_installation_ids.filtered(lambda i: i.state == "draft")[:1]
        if not installation:
            if self.md_state != "acceptance":
                raise UserError(self.env._("%s is not in acceptance.", self.display_name))
            installation = self.env["md.equipment.installation"].create({"equipment_id": self.id})
        return installation._md_form_action()

    def action_md_view_installations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Installation Acceptances"),
            "res_model": "md.equipment.installation",
            "view_mode": "list,form",
            "domain": [("equipment_id", "=", self.id)],
            "context": {"default_equipment_id": self.id},
        }

    def _md_list_action(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Equipment"),
            "res_model": "maintenance.equipment",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.ids)],
        }
