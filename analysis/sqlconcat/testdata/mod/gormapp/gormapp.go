// Package gormapp uses gorm: raw SQL and condition strings.
package gormapp

import (
	"net/http"

	"gorm.io/gorm"
)

type Task struct {
	ID    uint
	Title string
}

type H struct{ db *gorm.DB }

func (h *H) list(w http.ResponseWriter, r *http.Request) {
	var ts []Task
	sort := r.URL.Query().Get("sort")
	h.db.Order(sort).Find(&ts) // want `SQL text is built in the gorm call Order from sort \(from the query string\), which is used as an identifier \(ORDER BY\)`
	title := r.FormValue("title")
	h.db.Where("title = '" + title + "'").Find(&ts)                              // want `SQL text is built with \+ from title \(from the request form\); a crafted value`
	h.db.Raw("SELECT * FROM tasks WHERE title LIKE '%" + title + "%'").Scan(&ts) // want `SQL text is built with \+ from title`
	h.db.Where(title).Find(&ts)                                                  // want `the gorm call Where runs title \(from the request form\) as SQL text`
	h.db.Select("id, " + r.FormValue("col")).Find(&ts)                           // want `which is used as an identifier \(SELECT\)`

	// Negatives: conditions with ? and values as arguments, constant
	// orders, struct conditions.
	h.db.Where("title = ?", title).Find(&ts)
	h.db.Where("title LIKE ?", "%"+title+"%").Order("id desc").Find(&ts)
	h.db.Where(&Task{Title: title}).First(&ts)
	h.db.Raw("SELECT * FROM tasks WHERE title = ?", title).Scan(&ts)
	if col := r.URL.Query().Get("col"); col == "title" || col == "id" {
		h.db.Order(col).Find(&ts)
	}
	dir := "asc"
	if r.FormValue("desc") != "" {
		dir = "desc"
	}
	h.db.Order("id " + dir).Find(&ts)
}
