package ginapp

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
)

type input struct {
	Name string `json:"name" form:"name"`
}

func Routes() *gin.Engine {
	r := gin.New()
	r.POST("/bind", bindJSON)
	r.POST("/should", shouldBind)
	r.POST("/raw", rawData)
	r.POST("/with", bindWithJSON)
	r.POST("/upload", upload)
	r.POST("/own-limit", ownLimit)
	r.GET("/search", query)
	r.GET("/search2", queryWith)
	r.POST("/read", readLimited)
	r.POST("/raw-checked", rawChecked)

	limitedGroup := r.Group("/limited", limitBody(1<<20))
	limitedGroup.POST("/bind", behindMiddleware)
	v1 := limitedGroup.Group("/v1")
	v1.Group("/items").POST("", behindMiddleware)
	return r
}

func bindJSON(c *gin.Context) {
	var in input
	if err := c.BindJSON(&in); err != nil { // want `request body is bound by c.BindJSON without a size limit`
		return
	}
}

func shouldBind(c *gin.Context) {
	var in input
	if err := c.ShouldBind(&in); err != nil { // want `request body is bound by c.ShouldBind without a size limit`
		c.JSON(http.StatusBadRequest, gin.H{"error": "bad input"})
		return
	}
}

func rawData(c *gin.Context) {
	data, _ := c.GetRawData() // want `request body is read by c.GetRawData without a size limit`
	_ = data
}

func bindWithJSON(c *gin.Context) {
	var in input
	_ = c.ShouldBindWith(&in, binding.JSON) // want `request body is bound by c.ShouldBindWith without a size limit`
}

func upload(c *gin.Context) {
	f, err := c.FormFile("file") // want `multipart request body is parsed by c.FormFile without a size limit`
	_, _ = f, err
}

func rawChecked(c *gin.Context) {
	data, err := c.GetRawData() // want `request body is read by c.GetRawData without a size limit`
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	c.Data(http.StatusOK, "application/octet-stream", data)
}

// Negatives.

func ownLimit(c *gin.Context) { // want ownLimit:"limitsbody\\[0\\]"
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20)
	var in input
	_ = c.ShouldBindJSON(&in)
}

func query(c *gin.Context) {
	var in input
	_ = c.ShouldBindQuery(&in)
}

func queryWith(c *gin.Context) {
	var in input
	_ = c.ShouldBindWith(&in, binding.Query)
}

func readLimited(c *gin.Context) {
	data, _ := io.ReadAll(io.LimitReader(c.Request.Body, 1<<20))
	_ = data
}

func limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

func behindMiddleware(c *gin.Context) {
	var in input
	_ = c.ShouldBindJSON(&in)
}
