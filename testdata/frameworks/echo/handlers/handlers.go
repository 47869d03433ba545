// Package handlers implements the service's endpoints over an in-memory task list.
package handlers

import (
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// Task is one to-do item.
type Task struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// Tasks serves the task endpoints.
type Tasks struct {
	mu    sync.Mutex
	items []Task
}

// NewTasks returns an empty task list.
func NewTasks() *Tasks { return &Tasks{} }

func (t *Tasks) List(c echo.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return c.JSON(http.StatusOK, t.items)
}

func bindTask(c echo.Context) (Task, error) {
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, 64<<10)
	var in Task
	if err := c.Bind(&in); err != nil || in.Title == "" {
		return in, echo.NewHTTPError(http.StatusBadRequest, "a task needs a title")
	}
	return in, nil
}

func (t *Tasks) Create(c echo.Context) error {
	in, err := bindTask(c)
	if err != nil {
		return err
	}
	t.mu.Lock()
	in.ID = len(t.items) + 1
	t.items = append(t.items, in)
	t.mu.Unlock()
	return c.JSON(http.StatusCreated, in)
}

// task returns the task named by the id parameter; the caller holds t.mu.
func (t *Tasks) task(c echo.Context) (*Task, error) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil || id < 1 || id > len(t.items) {
		return nil, echo.NewHTTPError(http.StatusNotFound, "task not found")
	}
	return &t.items[id-1], nil
}

func (t *Tasks) Get(c echo.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	it, err := t.task(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, it)
}

func (t *Tasks) Update(c echo.Context) error {
	in, err := bindTask(c)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	it, err := t.task(c)
	if err != nil {
		return err
	}
	it.Title, it.Done = in.Title, in.Done
	return c.JSON(http.StatusOK, it)
}

// Export returns a handler writing all tasks in format ("csv" or "json").
func (t *Tasks) Export(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		t.mu.Lock()
		defer t.mu.Unlock()
		if format == "json" {
			return c.JSON(http.StatusOK, t.items)
		}
		var b strings.Builder
		for _, it := range t.items {
			fmt.Fprintf(&b, "%d,%q,%t\n", it.ID, it.Title, it.Done)
		}
		return c.Blob(http.StatusOK, "text/csv", []byte(b.String()))
	}
}

// Users serves login and user administration.
type Users struct {
	names []string
}

// NewUsers returns the user directory.
func NewUsers() *Users { return &Users{names: []string{"ada", "grace"}} }

func (u *Users) Login(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"token": "issued-elsewhere"})
}

func (u *Users) Me(c echo.Context) error {
	caller, _ := c.Get("caller").(string)
	return c.JSON(http.StatusOK, map[string]string{"name": caller})
}

func (u *Users) List(c echo.Context) error {
	return c.JSON(http.StatusOK, u.names)
}

func (u *Users) Delete(c echo.Context) error {
	return c.NoContent(http.StatusNoContent)
}

// Health returns a liveness probe reporting version and uptime.
func Health(version string) echo.HandlerFunc {
	started := time.Now()
	return func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"version": version, "uptime": time.Since(started).String()})
	}
}

// Ping answers "pong".
func Ping(c echo.Context) error {
	return c.String(http.StatusOK, "pong")
}

// Debug reports runtime statistics.
func Debug(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]int{"goroutines": runtime.NumGoroutine()})
}
