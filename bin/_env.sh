# Shared by bin/run, bin/test and .ci/run: find Python >= 3.12, prepare .venv from requirements.lock, and install the
# Debian packages and start the loopback services that a fresh machine lacks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  for candidate in python3 python3.13 python3.12; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  for candidate in "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 /usr/bin/python3.13 /usr/bin/python3.12; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  echo "Dialog needs Python 3.12 or newer; none found." >&2
  return 1
}

ensure_venv() {
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
  fi
  # Reinstall only when the lock file changed since the last install.
  local stamp=.venv/.requirements.lock.sha
  local want; want="$(sha256sum requirements.lock | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
    echo "$want" > "$stamp"
  fi
  mkdir -p var/static var/media
}

# Debian packages Dialog uses besides Python's: WeasyPrint's text layout (reports' PDFs) and a font with Polish
# letters; with `test`, also the browser of the browser tests and the Redis of tests/core/test_redis.py.
ensure_system_packages() {
  local need=()
  fc-list 2>/dev/null | grep -i dejavu >/dev/null || need+=(fonts-dejavu-core)
  ldconfig -p 2>/dev/null | grep libpangoft2 >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
  if [ "${1:-}" = test ]; then
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
    command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  fi
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing Debian packages: ${need[*]} (install them: sudo apt-get install ${need[*]})" >&2
    return 0
  fi
  echo "Installing Debian packages: ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

# Redis on loopback for the tests of the shared cache: started (nothing kept on disk) if none answers.
ensure_redis() {
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
  command -v redis-server >/dev/null 2>&1 || return 0
  redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 1; done
}
