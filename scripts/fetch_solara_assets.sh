#!/usr/bin/env bash
# Fill DIR with the npm packages the Solara page loads, so the dashboard works offline.
# Each spec is unpacked into DIR/<spec>, matching the server's URL path (<name>@<version>/...).
# Use with: SOLARA_ASSETS_PROXY_CACHE_DIR=DIR solara run app.py --production
set -euo pipefail
DIR=${1:-.solara-assets}
SPECS=(
  @widgetti/solara-vuetify-app@10.1.1      # page bundle (ipyvuetify 1.x)
  requirejs@2.3.6
  font-awesome@4.5.0
  @widgetti/vue-grid-layout@2.3.13-alpha.2  # SolaraViz grid
  vega@5 vega-lite@5 vega-embed@6           # Altair charts
)
mkdir -p "$DIR"
tmp=$(mktemp -d "$DIR/.tmp.XXXXXX")  # same filesystem: mv below is a rename
trap 'rm -rf "$tmp"' EXIT
for spec in "${SPECS[@]}"; do
  [ -d "$DIR/$spec" ] && continue
  tgz=$(cd "$tmp" && npm pack --silent "$spec" | tail -n 1)
  mkdir -p "$tmp/x" "$(dirname "$DIR/$spec")"
  tar -xzf "$tmp/$tgz" -C "$tmp/x" --strip-components=1
  mv "$tmp/x" "$DIR/$spec"   # complete or absent, never half-unpacked
  rm -f "$tmp/$tgz"
done
echo "Solara assets ready in $DIR"
