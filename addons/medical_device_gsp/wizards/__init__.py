from . import md_quality_change_wizard
from . import md_env_reading_import
from . import md_env_sensor_token
