import { registry } from "@web/core/registry";
import { openTask, scan } from "@medical_device_scanner/../tests/tours/helpers";

registry.category("web_tour.tours").add("md_scanner_docs_return", {
    steps: () => [
        ...openTask("return"),
        { content: "The return waiting for its goods", trigger: ".o_md_scanner_record:first", run: "click" },
        { trigger: ".o_md_scanner_screen .o_md_scanner_line" },
        scan("(01)06901234567892(10)SY-A0415", "A box of syringes the hospital sends back"),
        { content: "The outcome is on screen", trigger: ".o_md_scanner_feedback" },
    ],
});
