package handler

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"

	"crosspkg/httputil"
	"crosspkg/model"
)

type Handler struct {
	resp httputil.Responder
}

func find(r *http.Request) *model.User { return &model.User{ID: 7} }

func (h *Handler) GetUser(w http.ResponseWriter, r *http.Request) {
	httputil.WriteJSON(w, http.StatusOK, find(r)) // want `response writes User\.PasswordHash \(json "password_hash"\) to the client`
}

func (h *Handler) GetTeam(w http.ResponseWriter, r *http.Request) {
	var t model.Team
	httputil.OK(w, t) // want `response writes Team\.Members\[\]\.PasswordHash`
}

func (h *Handler) GetEnvelope(w http.ResponseWriter, r *http.Request) {
	h.resp.Send(w, []*model.User{find(r)}) // want `response writes \[\]User\.PasswordHash`
}

func (h *Handler) Export(w http.ResponseWriter, r *http.Request) {
	u := find(r)
	httputil.Encode(w, u) // want `User\.PasswordHash`
	var buf bytes.Buffer
	httputil.Encode(&buf, u) // want `User\.PasswordHash`
	w.Write(buf.Bytes())
}

func (h *Handler) Raw(w http.ResponseWriter, r *http.Request) {
	b, _ := json.Marshal(find(r)) // want `User\.PasswordHash`
	httputil.Blob(w, b)
}

func (h *Handler) Typed(w http.ResponseWriter, r *http.Request) {
	httputil.WriteUser(w, find(r))
	httputil.WriteSafeUser(w, *find(r))
}

// Negatives.

func (h *Handler) Public(w http.ResponseWriter, r *http.Request) {
	httputil.Data(w, find(r).Public())
}

func (h *Handler) Cleared(w http.ResponseWriter, r *http.Request) {
	u := find(r)
	u.PasswordHash = ""
	u.TOTPSecret = nil
	httputil.OK(w, u)
}

func (h *Handler) ClearedOneOnly(w http.ResponseWriter, r *http.Request) {
	u := find(r)
	u.PasswordHash = ""
	httputil.OK(w, u) // want `response writes User\.TOTPSecret \(json "totp_secret"\)`
}

func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {
	var u model.User
	if err := httputil.Decode(r, &u); err != nil {
		httputil.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "bad request"})
		return
	}
	httputil.Encode(os.Stderr, u)
	httputil.OK(w, u.Public())
}

func (h *Handler) Archive(w http.ResponseWriter, r *http.Request) {
	u := find(r)
	if err := httputil.Save("/var/backups/user.json", u); err != nil {
		httputil.WriteJSON(w, http.StatusInternalServerError, map[string]string{"error": "backup failed"})
		return
	}
	httputil.Log(u)
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) Members(w http.ResponseWriter, r *http.Request) {
	var t model.Team
	out := make([]model.Public, 0, len(t.Members))
	for _, m := range t.Members {
		out = append(out, m.Public())
	}
	h.resp.Send(w, out)
}

func (h *Handler) Blob(w http.ResponseWriter, r *http.Request) {
	b, _ := json.Marshal(find(r).Public())
	httputil.Blob(w, b)
}
