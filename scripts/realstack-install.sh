#!/usr/bin/env bash
# Installs what the real-stack tests need on a clean Debian machine (run as root, e.g. from
# .ci/run): openssl (apt), moto[server] (PyPI, version pinned in realstack/versions.env), then
# builds kube-apiserver, kubectl and etcd with scripts/realstack-build.sh (Go >= 1.26 must be
# on PATH: Debian's golang package is too old and no other download source is reachable).
# Idempotent and quick when everything is already there. Exits non-zero if anything is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../realstack/versions.env
source "$ROOT/realstack/versions.env"
PYTHON="${REALSTACK_PYTHON:-python3}"
started=$SECONDS

apt_updated=0
apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "realstack-install: need root to apt-get install $*" >&2
    return 1
  fi
  if [[ $apt_updated -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. openssl: realstack/pki.ts makes the apiserver's CA and serving certificate with it.
command -v openssl >/dev/null || apt_install openssl ca-certificates
command -v openssl >/dev/null || { echo "realstack-install: openssl is missing" >&2; exit 1; }

# 2. moto's server (moto.server needs the [server] extra: flask, flask-cors, ...).
command -v "$PYTHON" >/dev/null || apt_install python3 python3-pip
"$PYTHON" -m pip --version >/dev/null 2>&1 || apt_install python3-pip
installed_moto="$("$PYTHON" -c 'import moto, flask, flask_cors; print(moto.__version__)' 2>/dev/null || true)"
if [[ "$installed_moto" != "$MOTO_VERSION" ]]; then
  echo "realstack-install: pip install moto[server]==$MOTO_VERSION (found: ${installed_moto:-none})"
  # Debian's own python3 refuses pip installs outside a venv (PEP 668); this is a CI machine.
  PIP_BREAK_SYSTEM_PACKAGES=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$PYTHON" -m pip install --quiet "moto[server]==$MOTO_VERSION"
fi
"$PYTHON" -c 'import moto.server' || { echo "realstack-install: moto.server cannot be imported" >&2; exit 1; }

# 3. Go, then the binaries.
if ! command -v go >/dev/null; then
  echo "realstack-install: 'go' (>= 1.26) is not on PATH; it cannot be installed from here" >&2
  exit 1
fi
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
if [[ -z "$go_minor" || "$go_minor" -lt 26 ]]; then
  echo "realstack-install: Go $(go env GOVERSION) is too old; k8s $K8S_VERSION needs Go >= 1.26" >&2
  exit 1
fi
bash "$ROOT/scripts/realstack-build.sh"

echo "realstack-install: ready in $((SECONDS - started)) s (moto $MOTO_VERSION, k8s $K8S_VERSION, etcd $ETCD_VERSION)"
