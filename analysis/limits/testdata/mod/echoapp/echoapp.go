package echoapp

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

type input struct {
	Name string `json:"name"`
}

func Routes() *echo.Echo {
	e := echo.New()
	e.POST("/items", createItem)
	e.POST("/raw", readRaw)
	e.POST("/answered", answered)
	e.POST("/own", ownLimit)
	api := e.Group("/api", middleware.BodyLimit("1M"))
	api.POST("/items", limitedItem)
	v1 := api.Group("/v1")
	v1.Group("/items").POST("", limitedTwoGroupsDown)
	e.POST("/per-route", perRoute, middleware.BodyLimit("2M"))
	return e
}

func createItem(c echo.Context) error {
	var in input
	if err := c.Bind(&in); err != nil { // want `request body is bound by c.Bind without a size limit`
		return err
	}
	return c.JSON(http.StatusCreated, in)
}

func readRaw(c echo.Context) error {
	data, err := io.ReadAll(c.Request().Body) // want `request body is read by io.ReadAll without a size limit`
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/octet-stream", data)
}

func answered(c echo.Context) error {
	var in input
	if err := c.Bind(&in); err != nil { // want `request body is bound by c.Bind without a size limit`
		return c.JSON(http.StatusBadRequest, map[string]string{"error": "bad input"})
	}
	return c.NoContent(http.StatusNoContent)
}

// Negatives.

func ownLimit(c echo.Context) error { // want ownLimit:"limitsbody\\[0\\]"
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, 1<<20)
	var in input
	return c.Bind(&in)
}

func limitedItem(c echo.Context) error {
	var in input
	return c.Bind(&in)
}

func perRoute(c echo.Context) error {
	var in input
	return c.Bind(&in)
}

// limitedTwoGroupsDown is registered two groups below the BodyLimit.
func limitedTwoGroupsDown(c echo.Context) error {
	var in input
	return c.Bind(&in)
}
