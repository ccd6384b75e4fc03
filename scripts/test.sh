#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what is missing (Debian's chromium, firefox-esr and
# redis-server, for the SSO's test on Redis, when run as root; the npm packages from package-lock.json), then
# `dotnet test Bridge.sln` (which also compiles the TypeScript and its unit tests), then those tests
# (`node --test src/bridge-ts/obj-ts/tests/`), and ends with the line "N passed, N failed, N skipped" summed over all
# test assemblies, the node tests (node's todo tests count as skipped) and one smoke run of the benchmark, which counts
# as one test: it must run and write its report, not meet any goal. Exits non-zero if any of the three failed.
#   BRIDGE_BROWSERS=chromium,firefox,webkit   engines to test (default chromium,firefox)
set -uo pipefail
cd "$(dirname "$0")/.."

engines="${BRIDGE_BROWSERS:-chromium,firefox}"
packages=()
case ",$engines," in *,chromium,*) [ -x /usr/bin/chromium ] || [ -n "${BRIDGE_CHROMIUM_PATH:-}" ] || packages+=(chromium) ;; esac
case ",$engines," in *,firefox,*) [ -x /usr/bin/firefox-esr ] || [ -n "${BRIDGE_FIREFOX_PATH:-}" ] || packages+=(firefox-esr) ;; esac
# The single sign-on service's test on Redis (tests/e2e/SingleSignOnOnRedis.cs) starts its own redis-server; it skips without one.
[ -x /usr/bin/redis-server ] || packages+=(redis-server)
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
node_tap="$(mktemp)"
bench_out="$(mktemp -d)"
trap 'rm -rf "$log" "$node_tap" "$bench_out"' EXIT
dotnet test Bridge.sln 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One "Passed!/Failed! - Failed: a, Passed: b, Skipped: c, Total: d" line per test assembly.
read -r passed failed skipped assemblies < <(
  grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+' "$log" |
    sed -E 's/.*Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+).*/\1 \2 \3/' |
    awk '{ f += $1; p += $2; s += $3; n++ } END { printf "%d %d %d %d\n", p, f, s, n }')
if [ "$assemblies" -eq 0 ]; then
  echo "No test results were reported (dotnet test exited with $status)."
  [ "$status" -ne 0 ] || status=1
  failed=$((failed + 1))
fi

# The TypeScript unit tests, as `dotnet test` has just compiled them (src/bridge-ts/test into
# src/bridge-ts/obj-ts/tests, beside the modules they test in src/bridge-ts/obj-ts/src). The spec report goes to the
# console, the TAP report to a file for its "# pass N" ... counts.
echo
echo "node --test src/bridge-ts/obj-ts/tests/"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$node_tap" src/bridge-ts/obj-ts/tests/
node_status=$?
read -r node_passed node_failed node_skipped node_reported < <(
  awk '/^# (pass|fail|cancelled|skipped|todo) [0-9]+$/ { count[$2] = $3; n++ }
       END { printf "%d %d %d %d\n", count["pass"], count["fail"] + count["cancelled"], count["skipped"] + count["todo"], n }' \
    "$node_tap")
if [ "$node_reported" -eq 0 ]; then
  echo "No test results were reported (node --test exited with $node_status)."
  [ "$node_status" -ne 0 ] || node_status=1
  node_failed=$((node_failed + 1))
elif [ "$node_status" -ne 0 ] && [ "$node_failed" -eq 0 ]; then
  echo "node --test exited with $node_status."
  node_failed=1
fi
[ "$node_status" -eq 0 ] || [ "$status" -ne 0 ] || status=$node_status

# The benchmark as a smoke test (dotnet run builds it: `dotnet test` builds only the test projects): a short run in Chromium, cross-site, with counts below even
# --quick's (every workload runs, a few times), that must finish and write its report, raw numbers and chart. Its numbers are not judged (timing goals are never test assertions), and
# it writes to a temporary folder, not bench/results.
echo
echo "Benchmark smoke run (bench/Bridge.Benchmark --quick, Chromium, cross-site)"
bench_passed=0
bench_failed=0
bench_skipped=0
case ",$engines," in *,chromium,*) bench_engine=chromium ;; *) bench_engine="" ;; esac
if [ -z "$bench_engine" ]; then
  # The benchmark draws its chart in Chromium, which this run was told not to use.
  bench_skipped=1
  echo "Skipped: BRIDGE_BROWSERS=$engines leaves out chromium."
elif timeout 300 dotnet run --project bench/Bridge.Benchmark -- \
     --quick --engines chromium --runs 1 --sites cross --latency 20 --post 20 --delayed-post 5 --concurrent 128 \
     --fresh-pages 1 --memory-large-mib 0 --out "$bench_out/latest.md" >"$bench_out/log" 2>&1 \
   && [ -s "$bench_out/latest.md" ] && [ -s "$bench_out/latest.json" ] && [ -s "$bench_out/latest.png" ]; then
  bench_passed=1
  echo "Passed: the benchmark ran and wrote latest.md, latest.json and latest.png."
else
  bench_failed=1
  echo "Failed: the benchmark's smoke run did not finish or wrote no report; its last lines:"
  tail -n 40 "$bench_out/log"
  [ "$status" -ne 0 ] || status=1
fi

# The failed tests again, each with its error message (up to its stack trace, at most 12 lines), just above the
# summary, where a log cut to its last lines still shows them.
failed_tests="$(awk '/^ +Failed [A-Za-z_][A-Za-z0-9_.]*/ { shown = 1; lines = 0 }
                     /^ +Stack Trace:/ { shown = 0 }
                     shown && lines++ < 12 { print }' "$log")"
if [ -n "$failed_tests" ]; then
  echo
  echo "Failed tests (dotnet test; the stack traces are above):"
  echo "$failed_tests"
fi
if [ "$node_failed" -ne 0 ]; then
  echo "Failed node tests: see the lines marked ✖ above."
fi
echo
echo "$((passed + node_passed + bench_passed)) passed, $((failed + node_failed + bench_failed)) failed, $((skipped + node_skipped + bench_skipped)) skipped"
exit "$status"
