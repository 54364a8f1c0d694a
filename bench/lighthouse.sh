#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile preset) on the story form, with Debian chromium.
#   bash bench/lighthouse.sh [URL]   (the app must be running; see bench/README.md)
set -euo pipefail
URL="${1:-http://127.0.0.1:5000/cy/s/iwa/}"
here="$(cd "$(dirname "$0")" && pwd)"
npm_dir="$here/.node"
if [ ! -x "$npm_dir/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --no-audit --no-fund --silent lighthouse@12.2.3
fi
out="$here/results/lighthouse-$(echo "$URL" | tr -c 'a-z0-9' '-').json"
CHROME_PATH=/usr/bin/chromium "$npm_dir/node_modules/.bin/lighthouse" "$URL" \
  --quiet --output=json --output-path="$out" \
  --only-categories=performance,accessibility \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"
node -e '
const r = require(process.argv[1]);
const c = r.categories;
console.log(`performance ${Math.round(c.performance.score * 100)}  accessibility ${Math.round(c.accessibility.score * 100)}`);
for (const a of Object.values(r.audits)) if (a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary") console.log("  failing:", a.id, "-", a.title);
' "$out"
