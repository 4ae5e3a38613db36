from . import controllers
from . import models
from . import wizards


def post_init_hook(env):
    """Lots of devices that existed before GSP control go on hold until QA releases them (signed)."""
    lots = env["stock.lot"].search([("md_quality_state", "=", False), ("product_id.is_medical_device", "=", True)])
    for company, company_lots in lots.grouped("company_id").items():
        company_lots.with_company(company or env.company)._md_change_quality_state(
            "hold", env._("Lot existed before GSP quality control was installed; QA must release it."),
            origin=env._("Installation"))
