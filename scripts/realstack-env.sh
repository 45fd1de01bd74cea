# Source me (bash): exports where scripts/realstack-build.sh put the real-stack binaries.
#   REALSTACK_BIN_DIR  the cache folder of the versions pinned in realstack/versions.env
#   KUBECTL            $KUBECTL if already set, else the kubectl built there
# Changes no shell options of the caller.
_realstack_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_realstack_k8s="$(sed -n 's/^K8S_VERSION=//p' "$_realstack_root/realstack/versions.env")"
_realstack_etcd="$(sed -n 's/^ETCD_VERSION=//p' "$_realstack_root/realstack/versions.env")"
export REALSTACK_BIN_DIR="${REALSTACK_BIN_DIR:-${ACK_FLEET_CACHE:-$HOME/.cache/ack-lambda-fleet}/realstack/k8s-$_realstack_k8s-etcd-$_realstack_etcd/bin}"
export KUBECTL="${KUBECTL:-$REALSTACK_BIN_DIR/kubectl}"
unset _realstack_root _realstack_k8s _realstack_etcd
