//go:build tools

// Package tools pins the upstream main packages that scripts/realstack-build.sh builds with
// `go build k8s.io/kubernetes/cmd/<name>`: main packages cannot be imported by code, but a
// build-tagged import keeps them (and their dependencies) in this module's go.mod/go.sum.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
