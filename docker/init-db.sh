#!/bin/bash
# One-shot: install every add-on under /mnt/extra-addons, with demo data, into "meddev".
# Installing again on later starts is harmless: installed modules are left as they are.
set -euo pipefail
modules="$(cd /mnt/extra-addons && ls -d */ | tr -d / | while read -r m; do
    [ -f "/mnt/extra-addons/$m/__manifest__.py" ] && echo "$m"; done | paste -sd, -)"
echo "Installing: $modules"
exec odoo -c /etc/odoo/odoo.conf -d meddev -i "$modules" --stop-after-init
