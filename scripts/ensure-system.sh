#!/usr/bin/env bash
# Install the Debian packages Hearth needs, only those that are missing (root or sudo).
set -euo pipefail
want=()
command -v chromium >/dev/null || want+=(chromium)
command -v turnserver >/dev/null || want+=(coturn)
command -v msgfmt >/dev/null || want+=(gettext)
# Tests run the safeguarding model on an emulated CPU without VNNI (test_model_on_other_cpus).
command -v qemu-x86_64 >/dev/null || want+=(qemu-user)
# bench/thread_page.py --wrk loads the server with it.
command -v wrk >/dev/null || want+=(wrk)
if [ "${1:-}" = "--services" ]; then
  command -v pg_ctlcluster >/dev/null || want+=(postgresql)
  command -v redis-server >/dev/null || want+=(redis-server)
fi
[ ${#want[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${want[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
