// Package handlers implements the service's endpoints over an in-memory task list.
package handlers

import (
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Task is one to-do item.
type Task struct {
	ID    int    `json:"id"`
	Title string `json:"title" binding:"required"`
	Done  bool   `json:"done"`
}

// Tasks serves the task endpoints.
type Tasks struct {
	mu    sync.Mutex
	items []Task
}

// NewTasks returns an empty task list.
func NewTasks() *Tasks { return &Tasks{} }

func (t *Tasks) List(c *gin.Context) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c.JSON(http.StatusOK, t.items)
}

func (t *Tasks) Create(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
	var in Task
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "a task needs a title"})
		return
	}
	t.mu.Lock()
	in.ID = len(t.items) + 1
	t.items = append(t.items, in)
	t.mu.Unlock()
	c.JSON(http.StatusCreated, in)
}

// task returns the task named by the id parameter; the caller holds t.mu.
func (t *Tasks) task(c *gin.Context) (*Task, bool) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil || id < 1 || id > len(t.items) {
		return nil, false
	}
	return &t.items[id-1], true
}

func (t *Tasks) Get(c *gin.Context) {
	t.mu.Lock()
	defer t.mu.Unlock()
	it, ok := t.task(c)
	if !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": "task not found"})
		return
	}
	c.JSON(http.StatusOK, it)
}

func (t *Tasks) Update(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
	var in Task
	if err := c.ShouldBindJSON(&in); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "a task needs a title"})
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	it, ok := t.task(c)
	if !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": "task not found"})
		return
	}
	it.Title, it.Done = in.Title, in.Done
	c.JSON(http.StatusOK, it)
}

// Export returns a handler writing all tasks in format ("csv" or "json").
func (t *Tasks) Export(format string) gin.HandlerFunc {
	return func(c *gin.Context) {
		t.mu.Lock()
		defer t.mu.Unlock()
		if format == "json" {
			c.JSON(http.StatusOK, t.items)
			return
		}
		c.Header("Content-Type", "text/csv")
		for _, it := range t.items {
			c.String(http.StatusOK, "%d,%q,%t\n", it.ID, it.Title, it.Done)
		}
	}
}

// Users serves login and user administration.
type Users struct {
	names []string
}

// NewUsers returns the user directory.
func NewUsers() *Users { return &Users{names: []string{"ada", "grace"}} }

func (u *Users) Login(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"token": "issued-elsewhere"})
}

func (u *Users) Me(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"name": c.GetString("caller")})
}

func (u *Users) List(c *gin.Context) {
	c.JSON(http.StatusOK, u.names)
}

func (u *Users) Delete(c *gin.Context) {
	c.Status(http.StatusNoContent)
}

// Health returns a liveness probe reporting version and uptime.
func Health(version string) gin.HandlerFunc {
	started := time.Now()
	return func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"version": version, "uptime": time.Since(started).String()})
	}
}

// Ping answers "pong".
func Ping(c *gin.Context) {
	c.String(http.StatusOK, "pong")
}

// Debug reports runtime statistics.
func Debug(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"goroutines": runtime.NumGoroutine()})
}
