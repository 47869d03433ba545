package ginrouter // want package:"reqlogfixes"

// ginrouter builds the engine package ginmain serves: the logger
// goes here, after the engine's creation, since gin's Use reaches only
// later routes.

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func tasks(c *gin.Context) { c.Status(http.StatusOK) }

// New returns the engine with its routes.
func New() *gin.Engine {
	g := gin.New()
	g.Use(gin.Recovery())
	g.GET("/tasks", tasks)
	return g
}
