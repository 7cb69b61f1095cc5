# Shared by bin/run and bin/test: find Python >= 3.12 and prepare .venv from requirements.lock.
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
