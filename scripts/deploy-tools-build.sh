#!/usr/bin/env bash
# The deployment tests' tools, from the Go module proxy with the machine's Go, at the versions
# pinned in deploy/tools.env, into ${ACK_FLEET_CACHE:-$HOME/.cache/ack-lambda-fleet}:
#   bin/helm-<version>                                  helm, built
#   crds/prometheus-operator-<version>/*.yaml           ServiceMonitor and PrometheusRule CRDs
#   bin/oauth2-proxy-<version>                          oauth2-proxy (the chart's sidecar), built
# Idempotent: what is already there (and works) is not made again; a second run takes a second.
# Exits non-zero, saying why, if anything could not be made.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../deploy/tools.env
source "$ROOT/deploy/tools.env"
: "${HELM_VERSION:?deploy/tools.env sets no HELM_VERSION}"
: "${PROMETHEUS_OPERATOR_VERSION:?deploy/tools.env sets no PROMETHEUS_OPERATOR_VERSION}"
: "${OAUTH2_PROXY_VERSION:?deploy/tools.env sets no OAUTH2_PROXY_VERSION}"

CACHE="${ACK_FLEET_CACHE:-$HOME/.cache/ack-lambda-fleet}"
BIN="$CACHE/bin"
OUT="$BIN/helm-$HELM_VERSION"
CRDS="$CACHE/crds/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION"
started=$SECONDS

command -v go >/dev/null || { echo "deploy-tools: 'go' is not on PATH" >&2; exit 1; }
# Only the machine's Go; module mode with each tool's own go.mod (go install pkg@version).
export GOTOOLCHAIN=local GOFLAGS="-buildvcs=false"

# Prints the folder of module@version in the module cache, downloading it if needed.
module_dir() {
  go mod download -json "$1@$2" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

if [[ -f "$CRDS/monitoring.coreos.com_servicemonitors.yaml" && -f "$CRDS/monitoring.coreos.com_prometheusrules.yaml" ]]; then
  echo "deploy-tools: Prometheus Operator CRDs present in $CRDS"
else
  dir="$(module_dir github.com/prometheus-operator/prometheus-operator "$PROMETHEUS_OPERATOR_VERSION")"
  [[ -d "$dir/example/prometheus-operator-crd" ]] || { echo "deploy-tools: no example/prometheus-operator-crd in prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" >&2; exit 1; }
  mkdir -p "$CRDS"
  for kind in servicemonitors prometheusrules; do
    install -m 0644 "$dir/example/prometheus-operator-crd/monitoring.coreos.com_$kind.yaml" "$CRDS/"
  done
  echo "deploy-tools: Prometheus Operator $PROMETHEUS_OPERATOR_VERSION CRDs -> $CRDS"
fi

# Builds module's command into $BIN/<name>-<version> (a temporary name first, renamed on success:
# an interrupted build leaves no binary that a later run would take as present).
go_build() { # name package@version ldflags binary-that-go-install-writes
  local name="$1" pkg="$2" ldflags="$3" binary="$4" tmp
  tmp="$(mktemp -d "$BIN/.$name-build.XXXXXX")"
  CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "$ldflags" "$pkg" || { rm -rf "$tmp"; return 1; }
  mv -f "$tmp/$binary" "$BIN/$name"
  rm -rf "$tmp"
}
mkdir -p "$BIN"

O2P="$BIN/oauth2-proxy-$OAUTH2_PROXY_VERSION"
if [[ -x "$O2P" ]] && "$O2P" --version >/dev/null 2>&1; then
  echo "deploy-tools: $O2P present"
else
  t=$SECONDS
  echo "deploy-tools: building oauth2-proxy $OAUTH2_PROXY_VERSION -> $O2P"
  o2p_module=github.com/oauth2-proxy/oauth2-proxy/v7
  go_build "oauth2-proxy-$OAUTH2_PROXY_VERSION" "$o2p_module@$OAUTH2_PROXY_VERSION" "-s -w -X $o2p_module/pkg/version.VERSION=$OAUTH2_PROXY_VERSION" oauth2-proxy
  "$O2P" --version
  echo "deploy-tools: oauth2-proxy built in $((SECONDS - t)) s"
fi

if [[ -x "$OUT" ]] && "$OUT" version --short >/dev/null 2>&1; then
  echo "deploy-tools: $OUT present ($("$OUT" version --short)), nothing to build ($((SECONDS - started)) s)"
  exit 0
fi

major="${HELM_VERSION%%.*}" # v3
module="helm.sh/helm/$major"
# The Kubernetes version `helm template` and `helm lint` assume (.Capabilities.KubeVersion),
# derived from helm's client-go as helm's Makefile does (K8S_MODULES_MAJOR_VER/MINOR_VER);
# without it the built-in default is 1.20.
helm_gomod="$(go mod download -json "$module@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
[[ -f "$helm_gomod" ]] || { echo "deploy-tools: cannot download $module@$HELM_VERSION from the module proxy" >&2; exit 1; }
k8s_minor="$(sed -n 's/^[[:space:]]*k8s\.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$helm_gomod" | head -1)"
[[ -n "$k8s_minor" ]] || { echo "deploy-tools: no k8s.io/client-go requirement in helm's go.mod" >&2; exit 1; }

ldflags="-s -w -X $module/internal/version.version=$HELM_VERSION -X $module/internal/version.gitTreeState=clean"
for pkg in pkg/lint/rules pkg/chartutil; do
  ldflags+=" -X $module/$pkg.k8sVersionMajor=1 -X $module/$pkg.k8sVersionMinor=$k8s_minor"
done

echo "deploy-tools: $(go version); $module@$HELM_VERSION (Kubernetes 1.$k8s_minor) -> $OUT"
go_build "helm-$HELM_VERSION" "$module/cmd/helm@$HELM_VERSION" "$ldflags" helm
"$OUT" version --short
echo "deploy-tools: helm built, all done in $((SECONDS - started)) s"
