package ginapp

import (
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
)

type Task struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type Store interface {
	Get(id string) (*Task, error)
	Delete(id string) error
}

type API struct{ store Store }

// ---- positives ----

func (a *API) getTask(c *gin.Context) {
	t, err := a.store.Get(c.Param("id"))
	if err != nil {
		c.AbortWithStatusJSON(http.StatusNotFound, gin.H{"error": err.Error()}) // want `c.AbortWithStatusJSON aborts the middleware chain but not this handler, which goes on` `error text from store.Get is sent to the client`
	}
	c.JSON(http.StatusOK, t)
}

func (a *API) deleteTask(c *gin.Context) {
	a.store.Delete(c.Param("id")) // want `error from store.Delete is discarded in handler deleteTask`
	c.Status(http.StatusNoContent)
}

func (a *API) bindIgnored(c *gin.Context) {
	var t Task
	c.BindJSON(&t) // want `error from c.BindJSON is discarded in handler bindIgnored`
	c.JSON(http.StatusCreated, t)
}

func (a *API) jsonNoReturn(c *gin.Context) {
	t, err := a.store.Get(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "internal error"}) // want `c.JSON writes an error response but the handler goes on`
	}
	c.JSON(http.StatusOK, t)
}

func (a *API) leakString(c *gin.Context) {
	if err := a.store.Delete(c.Param("id")); err != nil {
		c.String(http.StatusInternalServerError, "delete failed: %v", err) // want `error text from store.Delete is sent to the client`
		return
	}
	c.Status(http.StatusNoContent)
}

func (a *API) upload(c *gin.Context) {
	f, err := c.FormFile("file")
	if err != nil {
		c.AbortWithError(http.StatusBadRequest, err) // want `c.AbortWithError aborts the middleware chain but not this handler`
	}
	_ = c.SaveUploadedFile(f, "/tmp/upload") // want `error from c.SaveUploadedFile is discarded in handler upload`
}

// ---- negatives ----

func (a *API) createTask(c *gin.Context) {
	var t Task
	if err := c.ShouldBindJSON(&t); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	if t.Title == "" {
		c.AbortWithStatusJSON(http.StatusUnprocessableEntity, gin.H{"error": errors.New("title is required").Error()})
		return
	}
	if _, err := a.store.Get(t.ID); err != nil {
		fmt.Fprintln(os.Stderr, err)
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Writer.WriteString("ok")
	c.JSON(http.StatusCreated, t)
}

func (a *API) lastAbort(c *gin.Context) {
	if err := a.store.Delete(c.Param("id")); err != nil {
		_ = c.Error(err)
		c.AbortWithStatus(http.StatusInternalServerError)
	}
}

func (a *API) successBranch(c *gin.Context) {
	if c.Query("verbose") != "" {
		c.Header("X-Verbose", "1")
		c.Status(http.StatusAccepted)
	}
	c.String(http.StatusOK, "done")
}

// middleware is no handler of a request's work, but a gin HandlerFunc all
// the same: it aborts and returns.
func middleware(c *gin.Context) {
	if c.GetHeader("Authorization") == "" {
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	c.Next()
}

// abortThenNext is correct gin: c.Next() after an abort runs nothing.
func abortThenNext(c *gin.Context) {
	if c.GetHeader("Authorization") == "" {
		c.AbortWithStatus(http.StatusUnauthorized)
	}
	c.Next()
}

// abortThenWork goes on working after the abort.
func abortThenWork(c *gin.Context) {
	if c.GetHeader("Authorization") == "" {
		c.AbortWithStatus(http.StatusUnauthorized) // want `c.AbortWithStatus aborts the middleware chain but not this handler`
	}
	c.Set("user", c.GetHeader("Authorization"))
	c.Next()
}
