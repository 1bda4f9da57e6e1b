#!/usr/bin/env bash
# Compiles and lints the Bicep templates with the Bicep CLI from NuGet.
#
# - Installs Azure.Bicep.CommandLine.linux-x64 into .tools/nuget (a PackageDownload restore of a tiny
#   project under .tools/bicep) unless it is already there: idempotent and fast when installed.
# - Builds infra/main.bicep into artifacts/infra/main.json (read by tests/Revocation.Infra.Tests).
# - Lints every .bicep file under infra/.
# - Fails (non-zero) on ANY warning or error: `bicep lint` exits 0 on warnings, so the output is checked too.
set -euo pipefail

BICEP_VERSION="0.49.2"
PACKAGE_ID="Azure.Bicep.CommandLine.linux-x64"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${repo_root}/.tools"
packages_dir="${tools_dir}/nuget"
bicep="${packages_dir}/azure.bicep.commandline.linux-x64/${BICEP_VERSION}/tools/bicep"
out_dir="${repo_root}/artifacts/infra"

if [[ ! -f "${bicep}" ]]; then
  echo "bicep.sh: installing ${PACKAGE_ID} ${BICEP_VERSION} into ${packages_dir}"
  project_dir="${tools_dir}/bicep"
  mkdir -p "${project_dir}"
  # A stand-alone project: empty Directory.Build.props/targets/Packages.props beside it stop MSBuild
  # from importing the repo's own (central package management, analyzers, warnings as errors).
  printf '<Project />\n' > "${project_dir}/Directory.Build.props"
  printf '<Project />\n' > "${project_dir}/Directory.Build.targets"
  printf '<Project />\n' > "${project_dir}/Directory.Packages.props"
  cat > "${project_dir}/bicep-download.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="${PACKAGE_ID}" Version="[${BICEP_VERSION}]" />
  </ItemGroup>
</Project>
CSPROJ
  dotnet restore "${project_dir}/bicep-download.csproj" --packages "${packages_dir}" --nologo -v quiet
fi
if [[ ! -x "${bicep}" ]]; then
  chmod +x "${bicep}"
fi

export BICEP_TRACING_ENABLED=false
export DOTNET_CLI_TELEMETRY_OPTOUT=1

mkdir -p "${out_dir}"
log="$(mktemp)"
trap 'rm -f "${log}"' EXIT

status=0
echo "bicep.sh: $("${bicep}" --version)"
echo "bicep.sh: build infra/main.bicep -> artifacts/infra/main.json"
if ! "${bicep}" build "${repo_root}/infra/main.bicep" --outfile "${out_dir}/main.json" >"${log}" 2>&1; then
  status=1
fi
cat "${log}"
if grep -Eq 'Warning|Error' "${log}"; then
  status=1
fi

while IFS= read -r -d '' file; do
  rel="${file#"${repo_root}/"}"
  echo "bicep.sh: lint ${rel}"
  if ! "${bicep}" lint "${file}" >"${log}" 2>&1; then
    status=1
  fi
  cat "${log}"
  if grep -Eq 'Warning|Error' "${log}"; then
    status=1
  fi
done < <(find "${repo_root}/infra" -name '*.bicep' -print0 | sort -z)

if [[ ${status} -ne 0 ]]; then
  echo "bicep.sh: FAILED (warnings or errors above)" >&2
  exit 1
fi
echo "bicep.sh: OK (no warnings, no errors)"
