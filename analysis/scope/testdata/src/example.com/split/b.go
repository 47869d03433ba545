package split

import nethttp "net/http"

// doc is a row of docs.
type doc struct {
	ID       int64
	TenantID int64
}

func (h *H) get(rw nethttp.ResponseWriter, req *nethttp.Request) {
	var d doc
	// The id comes from the path.
	if err := h.db.QueryRow("SELECT id, tenant_id FROM docs WHERE id = ?", req.PathValue("id")).Scan(&d.ID, &d.TenantID); err != nil { // want `doc id from the request path`
		nethttp.NotFound(rw, req)
		return
	}
}

// rename has a local named like the sibling's user variable.
func (h *H) rename(rw nethttp.ResponseWriter, req *nethttp.Request) {
	me := req.URL.Query().Get("title")
	h.db.Exec("UPDATE docs SET title = ? WHERE id = ?", me, req.FormValue("id")) // want `doc id from the request form`
}

// getTitle scans only the title: no owner field to check, so only the
// query can be scoped.
func (h *H) getTitle(rw nethttp.ResponseWriter, req *nethttp.Request) {
	var d doc
	var title string
	_ = h.db.QueryRow("SELECT id, title FROM docs WHERE id = ?", req.PathValue("id")).Scan(&d.ID, &title) // want `doc id from the request path`
}
