#!/usr/bin/env bash
# The deployment as far as a machine without a Docker engine can run it (issue 16):
#   0. compose.yaml's tokengate environment (with the env file example filled in) passes tokengate's production
#      configuration checks, and compose.yaml, deploy/nginx/compose/ and the Dockerfile agree (compose-config.test.mjs);
#   1. `nginx -t` on compose.yaml's nginx configuration (deploy/nginx/), its upstream names resolved to loopback;
#   2. that configuration on loopback in front of two `node dist/index.js` (production settings), and
#      .ci/deploy-check/proxy.test.mjs through it: round robin, GraphQL, the WebSocket upgrade, X-Forwarded-For;
#   3. the production tree the image installs (`npm ci --omit=dev` with patches/, dist/, assets/), started as
#      the image starts it: /health/ready must answer 200.
# The Dockerfile and compose.yaml themselves are not built or run here. Needs dist/ (npm run build); installs
# nginx with apt when missing (root). Everything it starts runs under one temporary folder and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [ ! -f dist/index.js ]; then
  echo "deploy-check: dist/index.js is missing: run npm run build first" >&2
  exit 1
fi
if ! command -v nginx >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nginx >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tokengate-deploy-check.XXXXXX")
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    for log in "$WORK"/*.log "$WORK"/nginx-run/error.log; do
      [ -f "$log" ] && { echo "--- $log (last lines)"; tail -n 20 "$log"; }
    done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# nginx's workers (user nobody when the master is root) must reach their temporary folders under $WORK.
chmod 755 "$WORK"

# A free loopback port (the kernel's pick; closed again at once).
free_port() {
  node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}

# Waits until GET url answers the status (tokengate starts in a few seconds; 60 s is generous under load).
wait_for() {
  node -e "
    const [url, status] = process.argv.slice(1);
    const until = Date.now() + 60_000;
    (async function poll() {
      try { if ((await fetch(url)).status === Number(status)) process.exit(0); } catch {}
      if (Date.now() > until) { console.error('deploy-check: no ' + status + ' from ' + url + ' within 60 s'); process.exit(1); }
      setTimeout(poll, 200);
    })();" "$1" "$2"
}

# An nginx configuration folder laid out as the official image lays /etc/nginx: nginx.conf including
# conf.d/*.conf inside http, conf.d/default.conf = deploy/nginx/tokengate.conf (byte for byte), and tokengate/
# with the two per-deployment files. Its pid, logs and temporary files stay inside the folder.
nginx_folder() {
  local dir=$1
  mkdir -p "$dir/conf.d" "$dir/tokengate"
  cp deploy/nginx/tokengate.conf "$dir/conf.d/default.conf"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include conf.d/*.conf;
}
EOF
}

echo "== deploy: compose.yaml and the Dockerfile agree with tokengate's configuration and with each other"
node --test --test-reporter=spec .ci/deploy-check/compose-config.test.mjs

echo "== deploy: nginx -t on compose.yaml's nginx configuration"
nginx_folder "$WORK/nginx-compose"
cp deploy/nginx/compose/*.conf "$WORK/nginx-compose/tokengate/"
# nginx resolves upstream names while it reads the configuration; compose's service names exist only on the
# compose network, so a private mount namespace maps them to loopback (the machine's /etc/hosts is untouched).
awk '$1 == "server" { sub(/:[0-9]+;?$/, "", $2); print "127.0.0.1 " $2 }' deploy/nginx/compose/upstream-servers.conf >"$WORK/hosts"
unshare_flags=-m
[ "$(id -u)" -eq 0 ] || unshare_flags=-rm
unshare "$unshare_flags" sh -c 'mount --bind "$1" /etc/hosts && exec nginx -t -q -e "$2/error.log" -p "$2" -c "$2/nginx.conf"' \
  sh "$WORK/hosts" "$WORK/nginx-compose"
echo "nginx -t: deploy/nginx/tokengate.conf with deploy/nginx/compose/ is valid"

echo "== deploy: two tokengate instances behind that nginx on loopback"
NGINX_PORT=$(free_port)
INSTANCE_PORTS=("$(free_port)" "$(free_port)")
# Production settings, as compose.yaml gives them, except the store: without MongoDB each process has its own
# in-memory one (STORE=memory), so the checks below only rely on what one request to one instance shows.
instance_env=(
  "PATH=$PATH"
  NODE_ENV=production
  STORE=memory
  "JWT_SECRET=$(node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))")"
  "DATA_ENCRYPTION_KEY=$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")"
  MAIL_TRANSPORT=disabled
  "PUBLIC_URL=http://127.0.0.1:$NGINX_PORT"
  TRUST_PROXY=1
  SHUTDOWN_DELAY=0
  PASSWORD_WORKERS=1
)
INSTANCE_LOGS=()
for i in 0 1; do
  log="$WORK/tokengate-$((i + 1)).log"
  INSTANCE_LOGS+=("$log")
  # cwd outside the repository: a developer's ./.env must not reach these processes.
  (cd "$WORK" && exec env -i "${instance_env[@]}" "PORT=${INSTANCE_PORTS[$i]}" node "$ROOT/dist/index.js") >"$log" 2>&1 &
  PIDS+=($!)
done

nginx_folder "$WORK/nginx-run"
echo "listen 127.0.0.1:$NGINX_PORT;" >"$WORK/nginx-run/tokengate/listen.conf"
printf 'server 127.0.0.1:%s;\n' "${INSTANCE_PORTS[@]}" >"$WORK/nginx-run/tokengate/upstream-servers.conf"
for port in "${INSTANCE_PORTS[@]}"; do wait_for "http://127.0.0.1:$port/health/ready" 200; done
nginx -e "$WORK/nginx-run/error.log" -p "$WORK/nginx-run" -c "$WORK/nginx-run/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_for "http://127.0.0.1:$NGINX_PORT/health/live" 200

NGINX_URL="http://127.0.0.1:$NGINX_PORT" INSTANCE_LOGS="${INSTANCE_LOGS[0]}:${INSTANCE_LOGS[1]}" \
  node --test --test-reporter=spec .ci/deploy-check/proxy.test.mjs

echo "== deploy: the production tree (npm ci --omit=dev), started as the image starts it"
PROD="$WORK/prod"
mkdir -p "$PROD"
cp -r package.json package-lock.json patches assets dist "$PROD/"
(cd "$PROD" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error)
# The patch applied by the postinstall (patch-package is a dependency), and no devDependency in the tree.
grep -q isPromiseLike "$PROD/node_modules/type-graphql/build/cjs/helpers/auth-middleware.js" \
  || { echo "deploy-check: patches/type-graphql was not applied by the production install" >&2; exit 1; }
for dev in pino-pretty jest typescript; do
  [ ! -e "$PROD/node_modules/$dev" ] || { echo "deploy-check: devDependency $dev is in the production tree" >&2; exit 1; }
done
# ES256 with a key file, as an operator mounts one; every other required production variable set.
mkdir -m 700 "$WORK/keys"
node -e "
  const { generateKeyPairSync } = require('node:crypto');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  require('node:fs').writeFileSync(process.argv[1], privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
" "$WORK/keys/es256.pem"
PROD_PORT=$(free_port)
(cd "$PROD" && exec env -i "${instance_env[@]}" "PORT=$PROD_PORT" JWT_ALGORITHM=ES256 "JWT_PRIVATE_KEY_FILE=$WORK/keys/es256.pem" \
  node dist/index.js) >"$WORK/production-tree.log" 2>&1 &
prod_pid=$!
PIDS+=("$prod_pid")
wait_for "http://127.0.0.1:$PROD_PORT/health/ready" 200
node -e "
  fetch(process.argv[1]).then((r) => r.json()).then((body) => {
    console.log('production tree: GET /health/ready ->', JSON.stringify(body));
    process.exit(body.status === 'ready' && body.checks.keys === true ? 0 : 1);
  });" "http://127.0.0.1:$PROD_PORT/health/ready"
kill -TERM "$prod_pid"
prod_status=0
wait "$prod_pid" || prod_status=$?
[ "$prod_status" -eq 0 ] || { echo "deploy-check: the production tree exited with $prod_status on SIGTERM" >&2; exit 1; }
echo "production tree: started, ready, stopped on SIGTERM with exit code 0"
echo "deploy-check: passed (the Dockerfile and compose.yaml were not built or run: no Docker engine here)"
