package echoapp

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"example.com/frameworks/model"
)

func getUser(c echo.Context) error {
	u := model.Find(c.Param("id"))
	return c.JSON(http.StatusOK, u) // want `response writes User\.PasswordHash \(json "password_hash"\) to the client, exposing a secret`
}

func getUserPretty(c echo.Context) error {
	return c.JSONPretty(http.StatusOK, []*model.User{model.Find("1")}, "  ") // want `response writes \[\]User\.PasswordHash`
}

func getUserP(c echo.Context) error {
	return c.JSONP(http.StatusOK, "cb", model.Find("1")) // want `User\.PasswordHash`
}

func getUserBlob(c echo.Context) error {
	b, err := json.Marshal(model.Find("1")) // want `User\.PasswordHash`
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, b)
}

func getUserResponse(c echo.Context) error {
	b, _ := json.Marshal(model.Find("1")) // want `User\.PasswordHash`
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	_, err := c.Response().Write(b)
	return err
}

func getUserMap(c echo.Context) error {
	return c.JSON(http.StatusOK, echo.Map{"user": model.Find("1")}) // want `User\.PasswordHash`
}

// respond is the project's echo helper.
func respond(c echo.Context, status int, v any) error { // want respond:"writes body: param 2"
	return c.JSON(status, v)
}

func getViaHelper(c echo.Context) error {
	return respond(c, http.StatusOK, model.Find(c.Param("id"))) // want `User\.PasswordHash`
}

// Negatives.

func signup(c echo.Context) error {
	var req model.SignupRequest
	if err := c.Bind(&req); err != nil {
		return c.JSON(http.StatusBadRequest, echo.Map{"error": "invalid request"})
	}
	return c.JSON(http.StatusCreated, echo.Map{"email": req.Email})
}

func getUserDTO(c echo.Context) error {
	u := model.Find(c.Param("id"))
	return respond(c, http.StatusOK, model.UserResponse{ID: u.ID, Email: u.Email})
}

func getUserCleared(c echo.Context) error {
	u := *model.Find(c.Param("id"))
	u.PasswordHash = ""
	u.APIKey = ""
	return c.JSON(http.StatusOK, u)
}

func login(c echo.Context) error {
	return c.JSON(http.StatusOK, &model.TokenResponse{AccessToken: "a", RefreshToken: "r"})
}

func audit(c echo.Context) error {
	b, _ := json.Marshal(model.Find("1"))
	c.Logger().Info(string(b))
	return c.NoContent(http.StatusNoContent)
}

func stored(c echo.Context) error {
	return c.JSON(http.StatusOK, &model.Stored{ID: 1, Password: "p"})
}

func response(c echo.Context) error {
	return c.JSONPretty(http.StatusOK, model.Find("1").Response(), "  ")
}

func clearedList(c echo.Context) error {
	users := []model.User{*model.Find("1")}
	for i := range users {
		users[i].PasswordHash = ""
	}
	ids := make([]int64, 0, len(users))
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	return c.JSON(http.StatusOK, echo.Map{"ids": ids})
}

func blobOfDTO(c echo.Context) error {
	b, err := json.Marshal(model.Find("1").Response())
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, b)
}

func buffered(c echo.Context) error {
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(model.Find("1"))
	c.Logger().Debug(buf.String())
	return c.String(http.StatusOK, "ok")
}
