#!/usr/bin/env bash
# Builds helm from the Go module proxy with the machine's Go, at the version pinned in
# deploy/tools.env, into
#   ${ACK_FLEET_CACHE:-$HOME/.cache/ack-lambda-fleet}/bin/helm-<version>
# Idempotent: a binary that is already there (and answers `helm version`) is not rebuilt.
# Exits non-zero, saying why, if it could not be built.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../deploy/tools.env
source "$ROOT/deploy/tools.env"
: "${HELM_VERSION:?deploy/tools.env sets no HELM_VERSION}"

CACHE="${ACK_FLEET_CACHE:-$HOME/.cache/ack-lambda-fleet}"
BIN="$CACHE/bin"
OUT="$BIN/helm-$HELM_VERSION"
started=$SECONDS

if [[ -x "$OUT" ]] && "$OUT" version --short >/dev/null 2>&1; then
  echo "helm-build: $OUT present ($("$OUT" version --short)), nothing to build"
  exit 0
fi
command -v go >/dev/null || { echo "helm-build: 'go' is not on PATH" >&2; exit 1; }
# Only the machine's Go; module mode with helm's own go.mod (go install pkg@version).
export GOTOOLCHAIN=local GOFLAGS="-buildvcs=false"

major="${HELM_VERSION%%.*}" # v3
module="helm.sh/helm/$major"
# The Kubernetes version `helm template` and `helm lint` assume (.Capabilities.KubeVersion),
# derived from helm's client-go as helm's Makefile does (K8S_MODULES_MAJOR_VER/MINOR_VER);
# without it the built-in default is 1.20.
clientgo="$(go mod download -json "$module@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
[[ -f "$clientgo" ]] || { echo "helm-build: cannot download $module@$HELM_VERSION from the module proxy" >&2; exit 1; }
k8s_minor="$(sed -n 's/^[[:space:]]*k8s\.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$clientgo" | head -1)"
[[ -n "$k8s_minor" ]] || { echo "helm-build: no k8s.io/client-go requirement in helm's go.mod" >&2; exit 1; }

ldflags="-s -w -X $module/internal/version.version=$HELM_VERSION -X $module/internal/version.gitTreeState=clean"
for pkg in pkg/lint/rules pkg/chartutil; do
  ldflags+=" -X $module/$pkg.k8sVersionMajor=1 -X $module/$pkg.k8sVersionMinor=$k8s_minor"
done

echo "helm-build: $(go version); $module@$HELM_VERSION (Kubernetes 1.$k8s_minor) -> $OUT"
mkdir -p "$BIN"
tmp="$(mktemp -d "$BIN/.helm-build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# Built into a temporary folder and renamed on success: an interrupted build leaves no binary
# that a later run would take as present.
CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "$ldflags" "$module/cmd/helm@$HELM_VERSION"
mv -f "$tmp/helm" "$OUT"
"$OUT" version --short
echo "helm-build: done in $((SECONDS - started)) s"
