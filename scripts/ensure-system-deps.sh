#!/usr/bin/env bash
# Installs the Debian packages the test suite runs against (real MariaDB, PHP, PHPUnit, Chromium)
# when they are missing. Idempotent: does nothing on a machine that has them.
set -euo pipefail
missing=()
[ -x /usr/sbin/mariadbd ] || command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
command -v phpunit >/dev/null 2>&1 || missing+=(phpunit)
php_modules=$(php -m 2>/dev/null || true)
for ext in curl mbstring zip xml; do
  grep -qix "$ext" <<<"$php_modules" || missing+=("php-$ext")
done
# the PHPUnit stand-in of SuiteCRM's database is an in-memory SQLite PDO
grep -qix "pdo_sqlite" <<<"$php_modules" || missing+=(php-sqlite3)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
