#!/usr/bin/env bash
# Offline validation of the Azure deployment (no subscription needed):
#   1. bicep build + bicep lint of every .bicep file under infra/ - fails on any warning or error
#   2. main.parameters.json <-> main.bicep parameters, UPPER_SNAKE outputs
#   3. azure.yaml against azd's published schema (infra/schemas/azure.yaml.json)
#   4. static checks of the Dockerfiles (multi-stage, .NET 10 images, non-root, inventory/)
# Needs only dotnet (to restore the Bicep CLI NuGet package) and node + npm (ajv, yaml).
# Usage: bash infra/validate.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
AJV_VERSION=8.20.0
AJV_FORMATS_VERSION=3.0.1
YAML_VERSION=2.9.1

work="$(mktemp -d "${TMPDIR:-/tmp}/chatnetops-infra.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log() { printf '==> %s\n' "$*"; }

# --- Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package ------------------------
nuget_root="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$nuget_root/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  log "restoring Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION (dotnet restore)"
  mkdir -p "$work/restore"
  cat > "$work/restore/BicepCli.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
CSPROJ
  # An empty Directory.Build.props/.targets keeps any parent-directory MSBuild files out.
  echo '<Project />' > "$work/restore/Directory.Build.props"
  echo '<Project />' > "$work/restore/Directory.Build.targets"
  echo '<Project />' > "$work/restore/Directory.Packages.props"
  dotnet restore "$work/restore/BicepCli.csproj" --nologo -v quiet
fi
if [[ ! -f "$bicep" ]]; then
  echo "ERROR: bicep not found at $bicep after restore" >&2
  exit 1
fi
if [[ ! -x "$bicep" ]]; then
  cp "$bicep" "$work/bicep"
  chmod +x "$work/bicep"
  bicep="$work/bicep"
fi
log "$("$bicep" --version)"

# --- 1. bicep build + lint ---------------------------------------------------------------------
mapfile -t bicep_files < <(cd "$root" && find infra -name '*.bicep' -not -path '*/node_modules/*' | sort)
if [[ ${#bicep_files[@]} -eq 0 ]]; then
  echo "ERROR: no .bicep files under infra/" >&2
  exit 1
fi

failed=0
run_bicep() { # $1 = label, rest = command; fails on non-zero exit or any Warning/Error diagnostic
  local label="$1"; shift
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  if [[ -n "$out" ]]; then printf '%s\n' "$out"; fi
  if [[ $rc -ne 0 ]] || grep -Eq ' : (Warning|Error) ' <<<"$out"; then
    echo "FAIL $label (exit $rc)" >&2
    failed=$((failed + 1))
  fi
}
# Build a copy so the generated ARM JSON never lands in the repository; one CLI start per step.
mkdir -p "$work/src"
cp -R "$root/infra" "$work/src/infra"
rm -rf "$work/src/infra/node_modules"
run_bicep "bicep build" "$bicep" build --no-restore --pattern "$work/src/infra/**/*.bicep"
run_bicep "bicep lint" "$bicep" lint --no-restore --pattern "$root/infra/**/*.bicep"
for f in "${bicep_files[@]}"; do
  if [[ ! -f "$work/src/${f%.bicep}.json" ]]; then
    echo "FAIL bicep build produced no ARM JSON for $f" >&2
    failed=$((failed + 1))
  fi
done
if [[ $failed -ne 0 ]]; then
  echo "ERROR: $failed bicep build/lint step(s) reported errors or warnings" >&2
  exit 1
fi
log "bicep build + lint: ${#bicep_files[@]} file(s), 0 warnings, 0 errors"

# --- 2. parameters and outputs -----------------------------------------------------------------
node "$here/scripts/check-parameters.cjs" "$work/src/infra/main.json" "$here/main.parameters.json"

# --- 3. azure.yaml against the azd schema ------------------------------------------------------
log "installing ajv@$AJV_VERSION ajv-formats@$AJV_FORMATS_VERSION yaml@$YAML_VERSION (temp dir)"
mkdir -p "$work/node"
npm install --prefix "$work/node" --no-audit --no-fund --no-save --loglevel=error \
  "ajv@$AJV_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" "yaml@$YAML_VERSION" >/dev/null
NODE_PATH="$work/node/node_modules" node "$here/scripts/validate-azure-yaml.cjs" \
  "$root/azure.yaml" "$here/schemas/azure.yaml.json"

# --- 4. Dockerfiles ----------------------------------------------------------------------------
docker_failed=0
check_dockerfile() { # $1 = Dockerfile, $2 = expected runtime image
  local file="$root/$1" runtime="$2"
  local -a patterns=(
    '^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build'
    "^FROM ${runtime//./\\.} AS final"
    '^USER \$APP_UID'
    '^COPY inventory/ /app/inventory/'
    '^COPY --from=build '
    '^COPY cards/ cards/'
  )
  for p in "${patterns[@]}"; do
    if ! grep -Eq "$p" "$file"; then
      echo "ERROR $1: missing line matching /$p/" >&2
      docker_failed=1
    fi
  done
}
check_dockerfile src/ChatNetOps.Bot/Dockerfile mcr.microsoft.com/dotnet/aspnet:10.0
check_dockerfile src/ChatNetOps.Worker/Dockerfile mcr.microsoft.com/dotnet/runtime:10.0
grep -Eq '^EXPOSE 8080' "$root/src/ChatNetOps.Bot/Dockerfile" || { echo "ERROR bot Dockerfile must EXPOSE 8080" >&2; docker_failed=1; }
if [[ $docker_failed -ne 0 ]]; then exit 1; fi
log "Dockerfiles: multi-stage, .NET 10 images, non-root, inventory/ included"

# --- 5. every alert endpoint secret (docs/alerts.md) reaches the bot as a Key Vault reference ----------
alert_failed=0
for setting in Alerts__Alertmanager__BearerToken Alerts__Alertmanager__Password Alerts__AzureMonitor__Password Alerts__Grafana__Secret Alerts__Webhook__Secret; do
  if ! grep -Eq "vault: [A-Za-z]+, env: '$setting'" "$here/modules/bot-app.bicep"; then
    echo "ERROR infra/modules/bot-app.bicep: the alert secret $setting is not a Key Vault reference (alertSecretSpecs)" >&2
    alert_failed=1
  fi
done
if [[ $alert_failed -ne 0 ]]; then exit 1; fi
log "alert endpoint secrets: every one a Key Vault reference"

log "infra validation passed"
