package echoapp

import (
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/labstack/echo/v4"
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

// fail is the project's echo error helper: it answers 500 with the text.
func fail(c echo.Context, err error) error { // want fail:"responder: writer 0, status 500, sends \\[1\\]"
	return c.JSON(http.StatusInternalServerError, map[string]string{"error": err.Error()})
}

// internal logs the error and answers 500 without it.
func internal(c echo.Context, err error) error { // want internal:"responder: writer 0, status 500"
	log.Print(err)
	return c.NoContent(http.StatusInternalServerError)
}

// badRequest builds an echo error that echo sends with its message.
func badRequest(msg string) *echo.HTTPError { // want badRequest:"responder: sends \\[0\\]"
	return echo.NewHTTPError(http.StatusBadRequest, msg)
}

// ---- positives ----

func (a *API) getTask(c echo.Context) error {
	t, err := a.store.Get(c.Param("id"))
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound, err.Error()) // want `error text from store.Get is sent to the client`
	}
	return c.JSON(http.StatusOK, t)
}

func (a *API) leakErrorValue(c echo.Context) error {
	if err := a.store.Delete(c.Param("id")); err != nil {
		return echo.NewHTTPError(http.StatusInternalServerError, err) // want `error text from store.Delete is sent to the client`
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *API) leakHelper(c echo.Context) error {
	if err := a.store.Delete(c.Param("id")); err != nil {
		return fail(c, err) // want `error text from store.Delete is sent to the client`
	}
	_, err := a.store.Get(c.Param("id"))
	if err != nil {
		return badRequest(fmt.Sprintf("lookup: %v", err)) // want `error text from store.Get is sent to the client`
	}
	return nil
}

func (a *API) noReturn(c echo.Context) error {
	t, err := a.store.Get(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusNotFound, map[string]string{"error": "not found"}) // want `c.JSON writes an error response but the handler goes on`
	}
	return c.JSON(http.StatusOK, t)
}

func (a *API) helperNoReturn(c echo.Context) error {
	t, err := a.store.Get(c.Param("id"))
	if err != nil {
		internal(c, err) // want `internal writes an error response but the handler goes on`
	}
	return c.JSON(http.StatusOK, t)
}

func (a *API) dropped(c echo.Context) error {
	var t Task
	c.Bind(&t) // want `error from c.Bind is discarded in handler dropped`

	a.store.Delete(t.ID) // want `error from store.Delete is discarded in handler dropped`
	return c.NoContent(http.StatusNoContent)
}

// ---- negatives ----

func (a *API) createTask(c echo.Context) error {
	var t Task
	if err := c.Bind(&t); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	if t.Title == "" {
		return badRequest(errors.New("title is required").Error())
	}
	if _, err := a.store.Get(t.ID); err != nil {
		return err // echo answers 500 with its status text
	}
	if err := a.store.Delete(t.ID); err != nil {
		return internal(c, err)
	}
	if err := a.store.Delete(t.ID); err != nil {
		return echo.NewHTTPError(http.StatusInternalServerError).SetInternal(err)
	}
	// A write whose error is dropped, like w.Write: not reported.
	c.JSON(http.StatusCreated, t)
	return nil
}

func (a *API) lastWrite(c echo.Context) error {
	if err := a.store.Delete(c.Param("id")); err != nil {
		c.NoContent(http.StatusInternalServerError)
	}
	return nil
}
