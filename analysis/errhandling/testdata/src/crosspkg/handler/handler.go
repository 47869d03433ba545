package handler

import (
	"errors"
	"net/http"

	"crosspkg/httputil"
	"crosspkg/store"
	"crosspkg/validate"
)

func getTask(w http.ResponseWriter, r *http.Request) {
	t, err := store.GetTask(r.PathValue("id"))
	if err != nil {
		httputil.Error(w, http.StatusNotFound, err.Error()) // want `httputil.Error writes an error response but the handler goes on` `error text from store.GetTask is sent to the client`
	}
	httputil.WriteJSON(w, http.StatusOK, t)
}

func deleteTask(w http.ResponseWriter, r *http.Request) {
	if err := store.DeleteTask(r.PathValue("id")); err != nil {
		httputil.Fail(w, err) // want `httputil.Fail writes an error response but the handler goes on` `error text from store.DeleteTask is sent to the client`
	}
	httputil.WriteJSON(w, http.StatusNoContent, nil)
}

func leakInJSON(w http.ResponseWriter, r *http.Request) {
	_, err := store.GetTask(r.PathValue("id"))
	if err != nil {
		httputil.WriteJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()}) // want `error text from store.GetTask is sent to the client`
		return
	}
}

func dropped(w http.ResponseWriter, r *http.Request) {
	store.DeleteTask(r.PathValue("id")) // want `error from store.DeleteTask is discarded in handler dropped`
	httputil.WriteJSON(w, http.StatusNoContent, nil)
}

// Negatives.

func createTask(w http.ResponseWriter, r *http.Request) {
	title := r.FormValue("title")
	if err := validate.Task(title, r.FormValue("owner")); err != nil {
		httputil.Error(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	if err := validate.Title(title); errors.Is(err, validate.ErrEmpty) {
		httputil.Error(w, http.StatusBadRequest, err.Error())
		return
	}
	t, err := store.GetTask(title)
	if err != nil {
		httputil.InternalError(w, err)
		return
	}
	if t.Title == "" {
		httputil.WriteJSON(w, http.StatusOK, t)
	}
	httputil.Render(w, t)
}

func logged(w http.ResponseWriter, r *http.Request) {
	if err := store.DeleteTask(r.PathValue("id")); err != nil {
		httputil.InternalError(w, err)
		return
	}
	if r.URL.Query().Get("x") != "" {
		httputil.InternalError(w, errors.New("x"))
	}
}
