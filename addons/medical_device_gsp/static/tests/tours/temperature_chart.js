/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("md_gsp_temperature_chart", {
    steps: () => [
        {
            content: "Open the chart of the cold room from its location form",
            trigger: ".o_form_view button[name=action_md_temperature_chart]",
            run: "click",
        },
        {
            content: "The chart is titled with the room and the range it must keep",
            trigger: ".o_last_breadcrumb_item:contains(TR Chart Fridge):contains(2 to 8 °C)",
        },
        {
            trigger: ".o_graph_view .o_graph_button[data-mode=line].active",
        },
        {
            content: "The readings are drawn",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "The hourly highest is offered as a measure",
            trigger: ".o_graph_view button:contains(Measures)",
            run: "click",
        },
        {
            trigger: ".dropdown-menu .o_menu_item.selected:contains(Temperature):not(:contains(Highest)):not(:contains(Lowest))",
        },
        {
            trigger: ".dropdown-menu .o_menu_item:not(.selected):contains(Highest Temperature)",
            run: "click",
        },
        {
            trigger: ".dropdown-menu .o_menu_item.selected:contains(Highest Temperature)",
        },
        {
            content: "Close the menu and keep the chart in view",
            trigger: ".o_graph_view button:contains(Measures)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.dropdown-menu .o_menu_item)) .o_graph_renderer canvas",
        },
        {
            content: "Let the new line finish its animation, so the picture shows the values",
            trigger: ".o_graph_renderer canvas",
            run: () => new Promise((resolve) => setTimeout(resolve, 1500)),
        },
    ],
});
