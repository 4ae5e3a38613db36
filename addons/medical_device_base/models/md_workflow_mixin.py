from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import clean_context


class MdWorkflowMixin(models.AbstractModel):
    """Status fields that only the record's own buttons write.

    The buttons check the user and the record before they move it; a plain
    write (an import, an RPC call, a form showing the field) would skip those
    checks, so it is refused. The buttons write through ``_md_workflow_write``,
    as superuser with a context key: a client can send the key, not the
    superuser flag. The user stays the author of the change in the chatter.
    """

    _name = "md.workflow.mixin"
    _description = "Button-Driven Status"

    # Fields written only by the buttons (status, who and when).
    _md_workflow_fields = ()
    # Fields nobody changes once the record has left its open states, its own buttons included: what was
    # decided stays as decided. "__all__" freezes every field but the chatter's and the activities'.
    _md_frozen_fields = ()
    _md_state_field = "state"
    _md_open_states = ("draft",)

    def _md_workflow_internal(self):
        return self.env.su and self.env.context.get("md_workflow")

    def _md_workflow_env(self):
        """These records as the buttons write them, after their checks."""
        return self.sudo().with_context(clean_context(self.env.context), md_workflow=True)

    def _md_workflow_write(self, vals):
        # The status changes only for someone who may change the record at all.
        self.check_access("write")
        return self._md_workflow_env().write(vals)

    def _md_workflow_refusal(self, field_names):
        labels = sorted(self._fields[name]._description_string(self.env) for name in field_names)
        return UserError(self.env._(
            "%(fields)s of %(model)s change only through its buttons, which check the record first.",
            fields=", ".join(labels), model=self._description))

    @api.model_create_multi
    def create(self, vals_list):
        if self._md_workflow_fields and not self._md_workflow_internal():
            defaults = self.default_get(list(self._md_workflow_fields))
            given = {name for vals in vals_list for name in self._md_workflow_fields
                     if name in vals and (vals[name] or False) != (defaults.get(name) or False)}
            if given:
                raise self._md_workflow_refusal(given)
        return super().create(vals_list)

    def _md_frozen_error(self, records, field_names):
        """The refusal for changing ``field_names`` of ``records``, which have left their open states."""
        labels = sorted(self._fields[name]._description_string(self.env) for name in field_names)
        return UserError(self.env._("%(records)s is no longer open: %(fields)s can no longer be changed.",
                                    records=", ".join(records.mapped("display_name")),
                                    fields=", ".join(labels)))

    def _md_check_frozen(self, names):
        frozen = self._md_frozen_fields
        if not frozen:
            return
        touched = [name for name in names if not name.startswith(("message_", "activity_"))
                   and (frozen == "__all__" or name in frozen)]
        closed = touched and self.filtered(lambda rec: rec[self._md_state_field] not in self._md_open_states)
        if closed:
            raise self._md_frozen_error(closed, touched)

    def write(self, vals):
        given = set(self._md_workflow_fields) & set(vals)
        if given and not self._md_workflow_internal():
            raise self._md_workflow_refusal(given)
        self._md_check_frozen(vals)
        return super().write(vals)
