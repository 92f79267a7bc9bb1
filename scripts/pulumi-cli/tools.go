//go:build tools

// Package pulumicli pins the Pulumi CLI release this project builds from Go
// modules (see scripts/install-engine.sh). The version must equal the
// `pulumi==X` pin in pyproject.toml; install-engine.sh checks this.
//
// The CLI's own go.mod has replace directives, so `go install ...@version`
// refuses to build it; building from this module works because a dependency's
// replace directives are ignored.
package pulumicli

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
	// The package the release version is stamped into with
	// -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=vX".
	_ "github.com/pulumi/pulumi/sdk/v3/go/common/version"
)
