/** @odoo-module **/
// The first-run screens of the demo database: each tour waits until the screen shows what a new user
// should see there, which is also the picture the README uses.
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

tours.add("md_docs_acceptance", { steps: () => [
    { trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:nth-child(2)" },
    { trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_cell:contains(SY-B1120)" },
    { trigger: ".o_form_view .o_statusbar_buttons button[name=action_accept_all]" },
]});

tours.add("md_docs_excursion", { steps: () => [
    { trigger: ".o_form_view .o_field_widget[name=lot_ids] .o_data_cell:contains(AR2409017)" },
    { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=to_evaluate]" },
]});

tours.add("md_docs_recall", { steps: () => [
    { trigger: ".o_form_view .o_notebook a[name=notices]", run: "click" },
    { trigger: ".o_form_view .o_field_widget[name=notice_ids] .o_data_row:nth-child(4)" },
]});

tours.add("md_docs_capa", { steps: () => [
    { trigger: ".o_form_view .o_notebook a[name=actions]", run: "click" },
    { trigger: ".o_form_view .o_field_widget[name=action_ids] .o_data_row:nth-child(2)" },
    { trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=action]" },
]});

tours.add("md_docs_device", { steps: () => [
    { trigger: ".o_form_view .o_notebook a[name=medical_device]", run: "click" },
    { trigger: ".o_form_view .o_field_widget[name=md_certificate_id]" },
]});

tours.add("md_docs_supplier", { steps: () => [
    { trigger: ".o_form_view .o_notebook a[name=md_qualification]", run: "click" },
    { trigger: ".o_form_view .o_field_widget[name=md_licence_ids] .o_data_row" },
]});

tours.add("md_docs_temperature", { steps: () => [
    { trigger: ".o_form_view button[name=action_md_temperature_chart]", run: "click" },
    { trigger: ".o_graph_view .o_graph_button[data-mode=line].active" },
    { trigger: ".o_graph_renderer canvas" },
    // Let the chart finish drawing before the picture.
    { trigger: "body", run: () => new Promise((resolve) => setTimeout(resolve, 1500)) },
]});

tours.add("md_docs_sign_prompt", { steps: () => [
    { trigger: ".o_form_view .o_statusbar_buttons button[name=action_accept_all]", run: "click" },
    { trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:nth-child(2) .o_data_cell[name=qty_accepted]:contains(500)" },
    { trigger: ".o_form_view .o_statusbar_buttons button[name=action_sign_acceptance]", run: "click" },
    { trigger: ".modal .o_field_widget[name=password] input" },
    { trigger: ".modal footer button[name=action_sign]" },
]});
