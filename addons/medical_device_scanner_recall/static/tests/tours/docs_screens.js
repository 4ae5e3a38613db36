import { registry } from "@web/core/registry";
import { openTask, scan } from "@medical_device_scanner/../tests/tours/helpers";

registry.category("web_tour.tours").add("md_scanner_docs_recall", {
    steps: () => [
        ...openTask("recall"),
        { content: "The notice to the hospital", trigger: ".o_md_scanner_record:contains(宁波)", run: "click" },
        { trigger: ".o_md_scanner_screen .o_md_scanner_line" },
        scan("(01)06901234567809(21)XM3018-B2404-006", "A stent the hospital sends back"),
        { content: "The outcome is on screen", trigger: ".o_md_scanner_feedback" },
    ],
});
