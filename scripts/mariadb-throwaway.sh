#!/usr/bin/env bash
# A throwaway MariaDB for tests: its own data directory and port on 127.0.0.1, root without a password.
#   scripts/mariadb-throwaway.sh start [dir]   prints TEST_MYSQL_URL=mysql://root@127.0.0.1:PORT/mysql
#   scripts/mariadb-throwaway.sh stop [dir]
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:-${TMPDIR:-/tmp}/employees-mariadb}

case "$cmd" in
  start)
    if ! command -v mariadbd >/dev/null 2>&1; then
      echo "mariadbd not found: install it with 'apt-get install -y mariadb-server'" >&2
      exit 1
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    mariadb-install-db --user=root --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db >"$dir/install.log" 2>&1
    mariadbd --no-defaults --user=root --datadir="$dir/data" --port="$port" --bind-address=127.0.0.1 \
      --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --skip-name-resolve \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --innodb-buffer-pool-size=256M --max-connections=500 >"$dir/server.log" 2>&1 &
    for _ in $(seq 1 100); do
      if mariadb-admin --no-defaults -h127.0.0.1 -P"$port" -uroot ping >/dev/null 2>&1; then
        echo "$port" >"$dir/port"
        echo "TEST_MYSQL_URL=mysql://root@127.0.0.1:$port/mysql"
        exit 0
      fi
      sleep 0.2
    done
    echo "MariaDB did not start; see $dir/server.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/mysqld.pid" ]; then
      pid=$(cat "$dir/mysqld.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop [dir]" >&2; exit 2 ;;
esac
