// Command etcd is the etcd server built from go.etcd.io/etcd/server/v3 at the version pinned
// in realstack/versions.env. Upstream's own main (module go.etcd.io/etcd/v3) is the same
// one-liner around etcdmain.Main; depending on the server module directly keeps the
// dependency graph to what the server needs.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
