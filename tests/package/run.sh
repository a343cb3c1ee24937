#!/usr/bin/env bash
# The Debian package on this machine: build it, install it, start the service, call /health,
# purge it, and check nothing is left. Needs root and dpkg (CI runs as root); exit 77 = skipped.
# Where systemd is not PID 1 (a container), the server is started exactly as the unit's
# ExecStart would be (its User, EnvironmentFiles and WorkingDirectory, read from the installed
# unit) and the unit is checked with `systemd-analyze verify` when that is available.
set -uo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
if [[ $(id -u) -ne 0 ]] || ! command -v dpkg-deb >/dev/null; then
  echo "package test: needs root and dpkg; skipped"
  exit 77
fi
# One install at a time on this machine (several checkouts may run their suites at once).
exec 9>/tmp/wolfix-package-test.lock
flock 9
if dpkg-query -W -f='${Status}' wolfix 2>/dev/null | grep -q "ok installed"; then
  echo "package test: a wolfix package is already installed here; refusing to touch it"
  exit 1
fi

tmp=$(mktemp -d)
pid=""
installed=0
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  if ((installed)); then
    [[ -d /run/systemd/system ]] && systemctl stop wolfix.service 2>/dev/null
    dpkg --purge wolfix >/dev/null 2>&1
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*"; fail=$((fail + 1)); fi; }
die() { echo "FAILED: $*"; exit 1; }

deb=$("$root/scripts/package-deb.sh" "$bin" "$tmp") || die "building the package"
check bash -c "dpkg-deb --info '$deb' >/dev/null"
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/wolfix ./lib/systemd/system/wolfix.service ./etc/wolfix/wolfix.env; do
  check grep -q " $f\$" <<<"$contents"
done

dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; die "dpkg -i"; }
installed=1
check bash -c 'getent passwd wolfix >/dev/null'
check test "$(stat -c %U:%a /var/lib/wolfix)" = wolfix:750
check test "$(stat -c %U:%G:%a /etc/wolfix/secrets.env)" = root:wolfix:640
check grep -Eq '^WOLFIX_JWT_SECRET=[0-9a-f]{96}$' /etc/wolfix/secrets.env
unit=/lib/systemd/system/wolfix.service
for opt in User=wolfix ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes \
  ReadWritePaths=/var/lib/wolfix; do
  check grep -qx "$opt" "$unit"
done

# An operator edits the port: port 0 here (the server logs the one it got), so a shop already on
# 8080 is not disturbed.
sed -i "s/^WOLFIX_LISTEN=.*/WOLFIX_LISTEN=127.0.0.1:0/" /etc/wolfix/wolfix.env

if [[ "$(ps -p 1 -o comm= 2>/dev/null)" == systemd ]]; then
  check systemctl start wolfix.service
else
  if command -v systemd-analyze >/dev/null; then
    # Offline verification; only complaints about our own unit count.
    systemd-analyze verify "$unit" >"$tmp/verify.log" 2>&1
    if grep -i "wolfix.service" "$tmp/verify.log" | grep -v "Command .* is not executable" >/dev/null; then
      cat "$tmp/verify.log"
      check false
    else
      pass=$((pass + 1))
    fi
  fi
  # The unit's ExecStart, as its User, with its EnvironmentFiles (in order) and WorkingDirectory.
  user=$(sed -n 's/^User=//p' "$unit")
  workdir=$(sed -n 's/^WorkingDirectory=//p' "$unit")
  exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
  envs=()
  while read -r f; do
    optional=0
    [[ "$f" == -* ]] && optional=1 && f=${f#-}
    if [[ -f "$f" ]]; then
      while IFS= read -r line; do
        [[ "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && envs+=("$line")
      done <"$f"
    elif ((!optional)); then
      die "EnvironmentFile $f is missing"
    fi
  done < <(sed -n 's/^EnvironmentFile=//p' "$unit")
  (cd "$workdir" && exec setpriv --reuid="$user" --regid="$user" --init-groups \
    env -i PATH=/usr/bin:/bin "${envs[@]}" $exec_start) >"$tmp/serve.log" 2>&1 &
  pid=$!
fi

server_log() {
  if [[ -n "$pid" ]]; then cat "$tmp/serve.log"; else journalctl -u wolfix.service --no-pager -q; fi
}
ok=0 port=""
for _ in $(seq 150); do
  port=$(server_log 2>/dev/null | grep -o '"port":[0-9]*' | tail -1 | cut -d: -f2)
  if [[ -n "$port" ]] && curl -sf "http://127.0.0.1:$port/health" | grep -q '"ok"'; then
    ok=1
    break
  fi
  [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null && break
  sleep 0.2
done
check test "$ok" = 1
((ok)) || server_log
# A working shop: the storefront and the API answer, and the database is in the state directory.
check bash -c "curl -sf http://127.0.0.1:$port/ | grep -q '<html'"
check bash -c "curl -sf http://127.0.0.1:$port/api/categories/parent >/dev/null"
check test -f /var/lib/wolfix/wolfix.db
check test "$(stat -c %U /var/lib/wolfix/wolfix.db)" = wolfix

if [[ -n "$pid" ]]; then
  kill -TERM "$pid"
  check wait "$pid"
  pid=""
else
  check systemctl stop wolfix.service
fi

# Removal keeps the configuration and the data; purge removes everything.
dpkg -r wolfix >/dev/null 2>&1 || die "dpkg -r"
check test ! -e /usr/bin/wolfix
check test -f /etc/wolfix/wolfix.env
check test -d /var/lib/wolfix
dpkg --purge wolfix >/dev/null 2>&1 || die "dpkg --purge"
installed=0
check test ! -e /etc/wolfix
check test ! -e /var/lib/wolfix
check test ! -e "$unit"
check bash -c "! getent passwd wolfix"
check bash -c "! getent group wolfix"
check bash -c "! dpkg-query -W -f='\${Status}' wolfix 2>/dev/null | grep -Eq 'ok (installed|config-files)'"

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
