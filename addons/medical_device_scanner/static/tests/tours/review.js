import { registry } from "@web/core/registry";
import {
    clickAction,
    expectAccepted,
    expectLine,
    expectRefused,
    openRecord,
    openTask,
    scan,
} from "@medical_device_scanner/../tests/tours/helpers";

registry.category("web_tour.tours").add("md_scanner_review", {
    steps: () => [
        ...openTask("review"),
        ...openRecord("TOUR-REVIEW"),
        scan("(01)06909999000012(10)RV-HOLD", "A held lot is not what may leave"),
        expectRefused("RV-HOLD is On Hold, not Released."),
        { trigger: ".o_md_scanner.o_md_flash_error, .o_md_scan_refused" },
        scan("(01)06909999000012(10)RV-A", "The lot picked"),
        expectAccepted("RV-A: confirmed"),
        expectLine("RV-A", "3 / 3"),
        { trigger: ".o_md_scanner_summary:contains(1 of 1 lines scanned)" },
        clickAction("sign"),
        {
            content: "The signature asks for the password again",
            trigger: ".modal .o_field_widget[name=statement]:contains(Kai Keeper)",
        },
        {
            trigger: ".modal .o_field_widget[name=password] input",
            run: "edit md_keeper",
        },
        {
            trigger: ".modal footer button[name=action_sign]",
            run: "click",
        },
        {
            content: "Signed: the review leaves the list",
            trigger: "body:not(:has(.modal)) .o_md_scanner_records:not(:has(.o_md_scanner_record:contains(TOUR-REVIEW)))",
        },
    ],
});
