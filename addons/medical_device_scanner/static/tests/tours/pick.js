import { registry } from "@web/core/registry";
import {
    expectAccepted,
    expectLine,
    expectRefused,
    openRecord,
    openTask,
    scan,
} from "@medical_device_scanner/../tests/tours/helpers";

registry.category("web_tour.tours").add("md_scanner_pick", {
    steps: () => [
        ...openTask("pick"),
        ...openRecord("TOUR-PICK"),
        { content: "The screen asks for the location", trigger: ".o_md_scanner_prompt:contains(Scan the location)" },
        scan("(01)06909999000012(10)PK-A", "Goods before the location"),
        expectRefused("Scan the location first"),
        scan("PK-SHELF-1", "The shelf"),
        expectAccepted("Picking from GTW/Stock/Shelf 1"),
        scan("(01)06909999000012(10)PK-HOLD", "A held lot on the same shelf"),
        expectRefused("PK-HOLD is On Hold, not Released."),
        { trigger: ".o_md_scanner.o_md_flash_error, .o_md_scan_refused" },
        scan("(01)06909999000012(10)PK-A", "The reserved lot"),
        expectAccepted("PK-A: 3 picked"),
        expectLine("Test Syringe", "3 / 3"),
    ],
});
