#!/usr/bin/env bash
# Builds the Teams app package (a zip of manifest.json, color.png and outline.png) for upload in Teams
# (Apps > Manage your apps > Upload an app) or the Teams Developer Portal.
# Usage: infra/teams/package.sh BOT_ID [TEAMS_APP_ID] [WEBSITE_URL] [OUT_ZIP]
#   BOT_ID        the bot's MicrosoftAppId (GUID)
#   TEAMS_APP_ID  the Teams app id (GUID); defaults to BOT_ID, a common choice for a bot-only app
#   WEBSITE_URL   https URL with /privacy and /terms pages; defaults to https://github.com/chatnetops
#   OUT_ZIP       defaults to infra/teams/build/chatnetops-teams.zip
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
guid='^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'
bot_id="${1:-}"
if [[ ! "$bot_id" =~ $guid ]]; then
  echo "usage: $0 BOT_ID [TEAMS_APP_ID] [WEBSITE_URL] [OUT_ZIP]  (BOT_ID = MicrosoftAppId, a GUID)" >&2
  exit 2
fi
app_id="${2:-$bot_id}"
if [[ ! "$app_id" =~ $guid ]]; then
  echo "TEAMS_APP_ID must be a GUID; got '$app_id'" >&2
  exit 2
fi
website="${3:-https://github.com/chatnetops}"
if [[ ! "$website" =~ ^https:// ]]; then
  echo "WEBSITE_URL must start with https://; got '$website'" >&2
  exit 2
fi
out="${4:-$here/build/chatnetops-teams.zip}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -e "s|\${{BOT_ID}}|$bot_id|g" -e "s|\${{TEAMS_APP_ID}}|$app_id|g" -e "s|\${{WEBSITE_URL}}|${website%/}|g" \
  "$here/manifest.json" > "$work/manifest.json"
if grep -q '\${{' "$work/manifest.json"; then
  echo "manifest.json still has unfilled placeholders:" >&2
  grep -n '\${{' "$work/manifest.json" >&2
  exit 1
fi
cp "$here/color.png" "$here/outline.png" "$work/"
mkdir -p "$(dirname "$out")"
rm -f "$out"
if command -v zip >/dev/null 2>&1; then
  (cd "$work" && zip -q -X "$out" manifest.json color.png outline.png)
else
  python3 - "$work" "$out" <<'PY'
import sys, zipfile, os
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("manifest.json", "color.png", "outline.png"):
        z.write(os.path.join(src, name), name)
PY
fi
echo "$out"
