#!/bin/bash
# One-shot: install every add-on of the suite, with demo data, into "meddev".
# The add-ons are the Python distributions odoo-addon-medical_device_* installed in the image (docker/Dockerfile);
# each one's module is the odoo/addons/<module>/__manifest__.py it ships.
# Installing again on later starts is harmless: installed modules are left as they are.
set -euo pipefail
modules="$(python3 - <<'PY'
import importlib.metadata
import re

modules = set()
for dist in importlib.metadata.distributions():
    if (dist.metadata["Name"] or "").startswith("odoo-addon-medical_device_"):
        for path in dist.files or ():
            match = re.fullmatch(r"odoo/addons/(\w+)/__manifest__\.py", path.as_posix())
            if match:
                modules.add(match.group(1))
print(",".join(sorted(modules)))
PY
)"
if [ -z "$modules" ]; then
    echo "No odoo-addon-medical_device_* distribution is installed in this image." >&2
    exit 1
fi
echo "Installing: $modules"
exec odoo -c /etc/odoo/odoo.conf -d meddev -i "$modules" --stop-after-init
