// Package echoapp serves users with echo and sqlx (? placeholders): a query
// value spliced into the text, a table named by the client.
package echoapp

import (
	"net/http"

	"github.com/jmoiron/sqlx"
	"github.com/labstack/echo/v4"
)

type User struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

type API struct{ db *sqlx.DB }

func (a *API) Register(e *echo.Echo) {
	e.GET("/users", a.byName)
	e.GET("/count", a.count)
}

func (a *API) byName(c echo.Context) error {
	var us []User
	name := c.QueryParam("name")
	if err := a.db.SelectContext(c.Request().Context(), &us, "SELECT id, name FROM users WHERE name = '"+name+"'"); err != nil { // want `SQL text is built with \+ from name \(from the query string\)`
		return err
	}
	return c.JSON(http.StatusOK, us)
}

func (a *API) count(c echo.Context) error {
	var n int
	table := c.QueryParam("table")
	if err := a.db.GetContext(c.Request().Context(), &n, "SELECT count(*) FROM "+table); err != nil { // want `from table \(from the query string\), which is used as an identifier \(FROM\)`
		return err
	}
	return c.JSON(http.StatusOK, n)
}

// --- negatives ---

func (a *API) byID(c echo.Context) error {
	var u User
	if err := a.db.GetContext(c.Request().Context(), &u, "SELECT id, name FROM users WHERE id = ?", c.Param("id")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}
