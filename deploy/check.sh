#!/usr/bin/env bash
# Checks the deployment files with the real tools, on a scratch copy (nothing is installed or
# started): systemd-analyze verify, nginx -t, caddy validate, docker compose config.
# Usage: deploy/check.sh   (Debian: apt-get install nginx-light caddy; compose: the docker
# compose plugin, or docker-compose from Debian). A missing tool is reported and skipped.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=0
pass() { echo "PASS  $1"; }
fail() { echo "FAIL  $1"; failed=1; }
skip() { echo "SKIP  $1"; }

# systemd: the units point at /opt/tablee/venv, which `verify` wants to exist; check copies
# that point at this checkout's virtualenv instead. Any warning counts as a failure.
canteen="$(command -v canteen || true)"
[[ -x "$root/.venv/bin/canteen" ]] && canteen="$root/.venv/bin/canteen"
if ! command -v systemd-analyze >/dev/null; then
  skip "systemd units: systemd-analyze not found"
elif [[ -z "$canteen" ]]; then
  skip "systemd units: no canteen command installed to point the copies at"
else
  venv="$(dirname "$(dirname "$canteen")")"
  mkdir -p "$scratch/systemd"
  for unit in "$here"/systemd/*; do
    sed "s#/opt/tablee/venv#$venv#g" "$unit" >"$scratch/systemd/$(basename "$unit")"
  done
  if output="$(systemd-analyze verify "$scratch"/systemd/* 2>&1)" && [[ -z "$output" ]]; then
    pass "systemd-analyze verify: $(cd "$here/systemd" && echo *)"
  else
    fail "systemd-analyze verify"; echo "$output"
  fi
fi

# nginx: the site file inside a minimal nginx.conf, with a throw-away self-signed certificate.
if ! command -v nginx >/dev/null; then
  skip "nginx: not installed (apt-get install nginx-light)"
else
  mkdir -p "$scratch/nginx"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=tablee.example.org" \
    -keyout "$scratch/nginx/privkey.pem" -out "$scratch/nginx/fullchain.pem" >/dev/null 2>&1
  sed "s#/etc/letsencrypt/live/tablee.example.org#$scratch/nginx#g" "$here/nginx/tablee.conf" \
    >"$scratch/nginx/tablee.conf"
  cat >"$scratch/nginx/nginx.conf" <<CONF
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    include $scratch/nginx/tablee.conf;
}
CONF
  if output="$(nginx -t -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf" 2>&1)"; then
    pass "nginx -t: nginx/tablee.conf"
  else
    fail "nginx -t"; echo "$output"
  fi
fi

# Caddy.
if ! command -v caddy >/dev/null; then
  skip "Caddy: not installed (apt-get install caddy)"
elif output="$(HOME="$scratch" XDG_DATA_HOME="$scratch" XDG_CONFIG_HOME="$scratch" \
  TABLEE_DOMAIN=tablee.example.org caddy validate --adapter caddyfile --config "$here/Caddyfile" 2>&1)"; then
  pass "caddy validate: Caddyfile"
else
  fail "caddy validate"; echo "$output"
fi

# Compose, with the example settings.
compose=()
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
fi
if [[ ${#compose[@]} -eq 0 ]]; then
  skip "compose.yaml: neither the docker compose plugin nor docker-compose is installed"
elif output="$("${compose[@]}" --env-file "$here/env.compose.example" -f "$here/compose.yaml" config 2>&1)"; then
  pass "${compose[*]} config: compose.yaml"
else
  fail "${compose[*]} config"; echo "$output"
fi

exit "$failed"
