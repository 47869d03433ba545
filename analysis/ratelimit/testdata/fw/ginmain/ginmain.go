// Package ginmain serves the engine package ginrouter builds.
package ginmain

import "example.com/fw/ginrouter"

func Main() {
	r := ginrouter.New() // want `router serves POST /login with no rate limiting`
	r.Run(":8080")
}
