#!/usr/bin/env bash
# Create development secrets in var/ once; production supplies its own (see docs/configuration.md).
set -euo pipefail
mkdir -p var
umask 077
[ -s var/secret_key ] || python3 -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
[ -s var/master_key ] || python3 -c "import secrets,base64; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())" > var/master_key
