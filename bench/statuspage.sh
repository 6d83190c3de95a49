#!/usr/bin/env bash
# Status page throughput: wrk against keepcool's live page (rendered per
# request from the incident) and against nginx serving the same page saved
# as a static file, alternated twice in one run. Loopback only.
#
#   bash bench/statuspage.sh [bin/keepcool]
set -euo pipefail
BIN=$(readlink -f "${1:-bin/keepcool}")
DUR=${DUR:-10s}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

kc_port=$(free_port)
export KEEPCOOL_HOME=$tmp/home
mkdir -p "$KEEPCOOL_HOME"
printf '[statuspage]\nlisten = "127.0.0.1:%s"\n' "$kc_port" > "$KEEPCOOL_HOME/config.toml"
"$BIN" daemon > "$tmp/daemon.log" 2>&1 &
for _ in $(seq 100); do "$BIN" status >/dev/null 2>&1 && break; sleep 0.05; done
"$BIN" start "Checkout returns 500s" --eta 30m-90m --severity 2 --impact "EU customers cannot pay" >/dev/null
for i in 1 2 3 4 5 6; do "$BIN" note "Progress note $i: rolled back deploy 412, watching error rates" >/dev/null; done

mkdir -p "$tmp/www"
curl -fsS "http://127.0.0.1:$kc_port/" -o "$tmp/www/index.html"
ng_port=$(free_port)
cat > "$tmp/nginx.conf" <<CONF
worker_processes 1;
error_log $tmp/nginx-error.log;
pid $tmp/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp; proxy_temp_path $tmp; fastcgi_temp_path $tmp; uwsgi_temp_path $tmp; scgi_temp_path $tmp;
  server { listen 127.0.0.1:$ng_port; root $tmp/www; }
}
CONF
/usr/sbin/nginx -c "$tmp/nginx.conf" -g 'daemon off;' &
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$ng_port/" >/dev/null 2>&1 && break; sleep 0.05; done

echo "page: $(wc -c < "$tmp/www/index.html") bytes; wrk -t2 -c50 -d$DUR; 1 nginx worker; keepcool GOMAXPROCS default (2 cores)"
rps() { wrk -t2 -c50 -d"$DUR" "$1" | awk '/Requests\/sec/ {print $2}'; }
for round in 1 2; do
  echo "round $round: keepcool $(rps "http://127.0.0.1:$kc_port/") req/s, nginx static $(rps "http://127.0.0.1:$ng_port/") req/s"
done
