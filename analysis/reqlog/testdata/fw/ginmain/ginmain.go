// Package ginmain serves the engine package ginrouter builds.
package ginmain

import "example.com/fw/ginrouter"

func Main() {
	r := ginrouter.New() // want `router serves 1 routes with no request-logging middleware`
	r.Run(":8080")
}
