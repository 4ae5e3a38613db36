import { registry } from "@web/core/registry";
import {
    clickAction,
    expectAccepted,
    expectLine,
    expectRefused,
    openRecord,
    openTask,
    scan,
    setMode,
} from "@medical_device_scanner/../tests/tours/helpers";

const LOT = "(01)06909999000012(10)TOUR-ACC-1";

registry.category("web_tour.tours").add("md_scanner_accept", {
    steps: () => [
        ...openTask("accept"),
        ...openRecord("TOUR-ACCEPTANCE"),
        scan(`${LOT}(30)2`, "A box of two accepted"),
        expectAccepted("TOUR-ACC-1: 2 accepted"),
        expectLine("TOUR-ACC-1", "2 / 3"),
        scan("(01)06909999000012(10)TOUR-NOT-HERE", "A lot that is not on the acceptance"),
        expectRefused("TOUR-NOT-HERE is not on acceptance"),
        { trigger: ".o_md_scanner.o_md_flash_error, .o_md_scan_refused" },
        ...setMode("reject"),
        {
            content: "The reason of the rejection",
            trigger: "textarea.o_md_scanner_note",
            run: "edit One blister torn open",
        },
        scan(LOT, "One unit rejected"),
        expectAccepted("TOUR-ACC-1: 1 rejected"),
        expectLine("TOUR-ACC-1", "3 / 3"),
        clickAction("checks_pass"),
        { trigger: ".o_md_scanner_line .o_md_line_subtitle:contains(Pack ✓ Label ✓ Delivery Note ✓)" },
        clickAction("sign"),
        {
            content: "The signature asks for the password again",
            trigger: ".modal .o_field_widget[name=statement]:contains(Ivy Inspector)",
        },
        {
            trigger: ".modal .o_field_widget[name=password] input",
            run: "edit md_inspector",
        },
        {
            trigger: ".modal footer button[name=action_sign]",
            run: "click",
        },
        {
            content: "Signed: the acceptance leaves the list",
            trigger: "body:not(:has(.modal)) .o_md_scanner_records:not(:has(.o_md_scanner_record:contains(TOUR-ACCEPTANCE)))",
        },
    ],
});
