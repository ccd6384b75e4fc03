#!/usr/bin/env bash
# A release without the publishing: packs Bridge.Relay (dotnet pack) and @bridge-relay/client (npm pack) into a
# temporary folder, checks that both carry package.json's version and that the changelog names it, and that each
# package holds what it should (and nothing of the demo). Publishes nothing; prints where the packages are.
#   bash scripts/release-dry-run.sh [output folder]
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

out="${1:-$(mktemp -d -t bridge-release-XXXXXX)}"
mkdir -p "$out/nuget" "$out/npm"
fail() { echo "release dry run: $*" >&2; exit 1; }

version="$(node -p 'require("./package.json").version')"
[ -n "$version" ] || fail "package.json has no version"
echo "Version $version (package.json)"

# dotnet build compiles the TypeScript, bundles the scripts the library embeds and writes dist/ for npm.
dotnet build src/Bridge.Relay -c Release -nologo -v quiet || fail "dotnet build failed"
dotnet pack src/Bridge.Relay -c Release --no-build -nologo -v quiet -o "$out/nuget" || fail "dotnet pack failed"
npm pack --pack-destination "$out/npm" --no-audit --no-fund >/dev/null || fail "npm pack failed"

nupkg="$out/nuget/Bridge.Relay.$version.nupkg"
tarball="$out/npm/bridge-relay-client-$version.tgz"
[ -f "$nupkg" ] || fail "no $nupkg: the NuGet package's version is not $version ($(ls "$out/nuget"))"
[ -f "$tarball" ] || fail "no $tarball: the npm package's version is not $version ($(ls "$out/npm"))"
nuspec_version="$(unzip -p "$nupkg" Bridge.Relay.nuspec | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')"
[ "$nuspec_version" = "$version" ] || fail "the nuspec says $nuspec_version, package.json $version"
npm_version="$(tar -xOzf "$tarball" package/package.json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).version))')"
[ "$npm_version" = "$version" ] || fail "the tarball's package.json says $npm_version, package.json $version"
grep -q "^## $version\b" CHANGELOG.md || fail "CHANGELOG.md has no section \"## $version\""

nuget_files="$(unzip -Z1 "$nupkg" | grep -v -e '^_rels/' -e '^package/' -e '^\[Content_Types\].xml$' | sort | tr '\n' ' ')"
[ "$nuget_files" = "Bridge.Relay.nuspec README.md lib/net10.0/Bridge.Relay.dll lib/net10.0/Bridge.Relay.xml " ] \
  || fail "the NuGet package holds $nuget_files"
unzip -p "$nupkg" lib/net10.0/Bridge.Relay.dll | grep -aq "Bridge.Client.relay.js" || fail "the relay script is not embedded"
! unzip -p "$nupkg" lib/net10.0/Bridge.Relay.dll | grep -aq -e "Bridge.Demo" -e "demo.js" -e "BridgeHost" \
  || fail "the library holds something of the demo"

npm_files="$(tar -tzf "$tarball" | sort)"
for file in package/package.json package/README.md package/LICENSE package/dist/bridge.js package/dist/bridge.mjs \
  package/dist/types/client/module.d.ts; do
  grep -qx "$file" <<<"$npm_files" || fail "the npm package has no $file"
done
unexpected="$(grep -v -e '^package/\(package.json\|README.md\|LICENSE\)$' -e '^package/dist/bridge\.m\?js$' \
  -e '^package/dist/types/\(client\|protocol\)/[a-z-]*\.d\.ts$' <<<"$npm_files" || true)"
[ -z "$unexpected" ] || fail "the npm package holds more than it should: $unexpected"

echo "Dry run OK, nothing published:"
echo "  $nupkg"
echo "  $tarball"
