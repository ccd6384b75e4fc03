#!/usr/bin/env bash
# Makes docs/images/sso-panel.png: the demo's single sign-on panel on the app of another site (other.localhost),
# after the one click that signed it in through the SSO's popup, from a real Chromium run of the e2e test that drives
# it (tests/e2e/SingleSignOnCrossSite.cs, which saves the panel when BRIDGE_SSO_SCREENSHOT names a file).
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1
output="$PWD/docs/images/sso-panel.png"
mkdir -p "$(dirname "$output")"
rm -f "$output"
dotnet build tests/e2e
BRIDGE_BROWSERS=chromium BRIDGE_SSO_SCREENSHOT="$output" dotnet test tests/e2e --no-build \
  --filter "FullyQualifiedName~SingleSignOnCrossSiteInChromium.TheDemoShowsTheKnownFailureAndUnknownThenOneClickSignsTheAppIn"
[ -f "$output" ] || { echo "The test passed but saved no screenshot at $output."; exit 1; }
echo "Saved $output"
