// Package usesbroken is fine itself but imports a broken package.
package usesbroken

import "example.com/chain/broken"

// M uses broken.
var M = broken.N + 1
