//go:build tools

// Package pulumilanguageyaml pins the YAML language host this project builds from Go
// modules (see scripts/install-engine.sh): pulumi-yaml's cmd/pulumi-language-yaml, with
// its github.com/pulumi/pulumi/pkg/v3 and sdk/v3 lifted to the CLI's release (the one
// scripts/pulumi-cli builds), so the host and the engine speak the same protocol.
// install-engine.sh checks that both modules name the same release.
package pulumilanguageyaml

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
	// The package the host's version is stamped into with
	// -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=vX".
	_ "github.com/pulumi/pulumi-yaml/pkg/version"
)
