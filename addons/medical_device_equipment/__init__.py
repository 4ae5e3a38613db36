from . import models
from . import wizards


def post_init_hook(env):
    """Equipment registered before the add-on is in use already, or scrapped: it needs no acceptance."""
    env.cr.execute("""
        UPDATE maintenance_equipment
           SET md_state = CASE WHEN scrap_date IS NOT NULL THEN 'scrapped' ELSE 'in_service' END
         WHERE md_state IS NULL""")
