#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd from the Go module proxy with the machine's Go, at the
# versions pinned in realstack/versions.env, into
#   ${ACK_FLEET_CACHE:-$HOME/.cache/ack-lambda-fleet}/realstack/k8s-<v>-etcd-<v>/bin/
# Idempotent: a binary that is already there is not rebuilt, so a second run takes seconds.
# Prints the time of each step; exits non-zero if any binary could not be built.
#
# A cold build on 2 cores takes many minutes: run it in the background and poll, e.g.
#   nohup scripts/realstack-build.sh >/tmp/realstack-build.log 2>&1 &
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../realstack/versions.env
source "$ROOT/realstack/versions.env"

CACHE="${ACK_FLEET_CACHE:-$HOME/.cache/ack-lambda-fleet}"
BIN="$CACHE/realstack/k8s-$K8S_VERSION-etcd-$ETCD_VERSION/bin"
# Never let `go` fetch another toolchain: the machine's Go is the only one allowed.
export GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false"

command -v go >/dev/null || { echo "realstack-build: 'go' is not on PATH" >&2; exit 1; }
started=$SECONDS
step() { # name seconds-at-start
  echo "realstack-build: $1 done in $((SECONDS - $2)) s"
}

echo "realstack-build: $(go version); k8s $K8S_VERSION, etcd $ETCD_VERSION -> $BIN"
mkdir -p "$BIN"

all_present() {
  [[ -x "$BIN/kube-apiserver" && -x "$BIN/kubectl" && -x "$BIN/etcd" ]]
}
if all_present; then
  echo "realstack-build: all binaries present, nothing to build ($((SECONDS - started)) s)"
  exit 0
fi

t=$SECONDS
"$ROOT/scripts/realstack-gomod.sh"
step "go.mod generation" "$t"

# Version stamps as in kubernetes' hack/lib/version.sh (kube::version::ldflags): the same
# variables in client-go and component-base, so `kube-apiserver --version`, /version and
# `kubectl version` report the real release rather than v0.0.0-master.
minor="${K8S_VERSION#v1.}"
minor="${minor%%.*}"
build_date="$(date -u +'%Y-%m-%dT%H:%M:%SZ')"
k8s_ldflags="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done

# Each binary is built into a temporary name and renamed only on success, so an interrupted
# build never leaves a half-written binary that the next run would take as present.
build() { # dir output package ldflags
  local dir="$1" out="$2" pkg="$3" ldflags="$4" t=$SECONDS
  if [[ -x "$BIN/$out" ]]; then
    echo "realstack-build: $out present, skipped"
    return 0
  fi
  echo "realstack-build: building $out ($pkg) ..."
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$BIN/.$out.partial" "$pkg")
  mv -f "$BIN/.$out.partial" "$BIN/$out"
  step "$out" "$t"
}

build "$ROOT/realstack/go/etcd" etcd . "-s -w"
build "$ROOT/realstack/go/k8s" kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$k8s_ldflags"
build "$ROOT/realstack/go/k8s" kubectl k8s.io/kubernetes/cmd/kubectl "$k8s_ldflags"

all_present || { echo "realstack-build: some binaries are missing in $BIN" >&2; exit 1; }
"$ROOT/scripts/realstack-versions.sh" "$BIN"
echo "realstack-build: all done in $((SECONDS - started)) s"
