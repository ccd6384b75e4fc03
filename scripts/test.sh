#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what is missing (Debian's chromium and firefox-esr when
# run as root, the npm packages from package-lock.json), then `dotnet test Bridge.sln`, and ends with the line
# "N passed, N failed, N skipped" summed over all test assemblies.
#   BRIDGE_BROWSERS=chromium,firefox,webkit   engines to test (default chromium,firefox)
set -uo pipefail
cd "$(dirname "$0")/.."

engines="${BRIDGE_BROWSERS:-chromium,firefox}"
packages=()
case ",$engines," in *,chromium,*) [ -x /usr/bin/chromium ] || [ -n "${BRIDGE_CHROMIUM_PATH:-}" ] || packages+=(chromium) ;; esac
case ",$engines," in *,firefox,*) [ -x /usr/bin/firefox-esr ] || [ -n "${BRIDGE_FIREFOX_PATH:-}" ] || packages+=(firefox-esr) ;; esac
if [ "${#packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${packages[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null \
      || { echo "apt-get could not install ${packages[*]}"; exit 1; }
  else
    echo "Missing ${packages[*]}: install them (sudo apt-get install ${packages[*]}), or point BRIDGE_CHROMIUM_PATH /"
    echo "BRIDGE_FIREFOX_PATH at a browser; without either, Playwright's own browsers are used if installed."
  fi
fi

if [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || { echo "npm ci failed"; exit 1; }
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test Bridge.sln 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One "Passed!/Failed! - Failed: a, Passed: b, Skipped: c, Total: d" line per test assembly.
summary=$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+' "$log" |
  sed -E 's/.*Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+).*/\1 \2 \3/' |
  awk '{ f += $1; p += $2; s += $3; n++ } END { if (n) printf "%d passed, %d failed, %d skipped\n", p, f, s }')
if [ -z "$summary" ]; then
  echo "No test results were reported (dotnet test exited with $status)."
  [ "$status" -ne 0 ] || status=1
  echo "0 passed, 1 failed, 0 skipped"
  exit "$status"
fi
echo "$summary"
exit "$status"
