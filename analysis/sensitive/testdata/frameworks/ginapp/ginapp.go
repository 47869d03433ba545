package ginapp

import (
	"encoding/json"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"example.com/frameworks/model"
)

func getUser(c *gin.Context) {
	u := model.Find(c.Param("id"))
	c.JSON(http.StatusOK, u) // want `response writes User\.PasswordHash \(json "password_hash"\) to the client, exposing a secret`
}

func getUserWrapped(c *gin.Context) {
	u := model.Find(c.Param("id"))
	c.JSON(http.StatusOK, gin.H{"user": u, "ok": true}) // want `response writes User\.PasswordHash`
}

func getUserIndented(c *gin.Context) {
	var users []model.User
	c.IndentedJSON(http.StatusOK, users) // want `response writes \[\]User\.PasswordHash`
}

func getUserPure(c *gin.Context) {
	u := model.Find(c.Param("id"))
	u.PasswordHash = ""
	c.PureJSON(http.StatusOK, u) // want `response writes User\.APIKey \(json "api_key"\)`
}

func getUserSecure(c *gin.Context) {
	c.SecureJSON(http.StatusOK, model.Find(c.Param("id"))) // want `User\.PasswordHash`
}

func getUserP(c *gin.Context) {
	c.JSONP(http.StatusOK, model.Find("1")) // want `User\.PasswordHash`
}

func getUserASCII(c *gin.Context) {
	c.AsciiJSON(http.StatusOK, model.Find("1")) // want `User\.PasswordHash`
}

func abort(c *gin.Context) {
	c.AbortWithStatusJSON(http.StatusConflict, gin.H{"existing": model.Find("1")}) // want `User\.PasswordHash`
}

func getUserData(c *gin.Context) {
	b, _ := json.Marshal(model.Find("1")) // want `User\.PasswordHash`
	c.Data(http.StatusOK, "application/json", b)
}

func getUserWriter(c *gin.Context) {
	json.NewEncoder(c.Writer).Encode(model.Find("1")) // want `User\.PasswordHash`
}

// respond is the project's gin helper.
func respond(c *gin.Context, v any) { // want respond:"writes body: param 1"
	c.JSON(http.StatusOK, gin.H{"data": v})
}

func getViaHelper(c *gin.Context) {
	respond(c, model.Find(c.Param("id"))) // want `User\.PasswordHash`
}

// Negatives.

func signup(c *gin.Context) {
	var req model.SignupRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid request"})
		return
	}
	c.JSON(http.StatusCreated, gin.H{"email": req.Email})
}

func getUserDTO(c *gin.Context) {
	u := model.Find(c.Param("id"))
	c.JSON(http.StatusOK, model.UserResponse{ID: u.ID, Email: u.Email})
}

func getUserCleared(c *gin.Context) {
	u := model.Find(c.Param("id"))
	u.PasswordHash = ""
	u.APIKey = ""
	respond(c, u)
}

func refresh(c *gin.Context) {
	c.JSON(http.StatusOK, model.TokenResponse{AccessToken: "a", RefreshToken: "r"})
}

func verified(c *gin.Context) {
	u := model.Find("1")
	c.JSON(http.StatusOK, gin.H{"verified": u.Verified, "has_password": u.PasswordHash != ""})
}

func logged(c *gin.Context) {
	b, _ := json.Marshal(model.Find("1"))
	c.Set("audit", string(b))
	c.Status(http.StatusNoContent)
}

func stored(c *gin.Context) {
	c.JSON(http.StatusOK, []model.Stored{{ID: 1, Password: "p"}})
}

func listCleared(c *gin.Context) {
	users := []model.User{*model.Find("1")}
	out := make([]model.UserResponse, 0, len(users))
	for _, u := range users {
		out = append(out, u.Response())
	}
	c.IndentedJSON(http.StatusOK, out)
}

func changePassword(c *gin.Context) {
	var req model.SignupRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	req.Password = ""
	c.JSON(http.StatusOK, req)
}

func staticJSON(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", []byte(`{"status":"ok"}`))
}

func toFile(c *gin.Context) {
	f, err := os.CreateTemp("", "export-*.json")
	if err != nil {
		c.Status(http.StatusInternalServerError)
		return
	}
	defer f.Close()
	json.NewEncoder(f).Encode(model.Find("1"))
	c.JSON(http.StatusOK, gin.H{"file": f.Name()})
}
