# Sourced by .ci/run: install (as root, Debian's package) and start a throw-away PostgreSQL server on a free
# loopback port, and export NIANBAO_TEST_POSTGRES_URL for the store tests. Any failure only warns: those tests skip.
start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || { echo "postgresql not installed: PostgreSQL store tests will skip"; return 0; }
    else
      echo "postgresql not available: PostgreSQL store tests will skip"; return 0
    fi
  fi
  local bin dir port run
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  dir=$(mktemp -d /tmp/nianbao-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  run=""
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; run="runuser -u postgres --"; fi
  if $run "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 \
     && $run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
     && $run "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres nianbao_test; then
    export NIANBAO_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/nianbao_test"
    PG_STOP="$run $bin/pg_ctl -D $dir/data -m fast stop; rm -rf $dir"
    trap 'eval "$PG_STOP" >/dev/null 2>&1 || true' EXIT
    echo "PostgreSQL test server on 127.0.0.1:$port"
  else
    echo "PostgreSQL did not start (see $dir): PostgreSQL store tests will skip"
  fi
}
