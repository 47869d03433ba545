package httpmodel

// knownMiddleware classifies middleware of libraries whose source is not
// analysed (they load from export data). Keys are FuncName results.
var knownMiddleware = map[string]Kind{
	// chi
	"github.com/go-chi/chi/v5/middleware.Logger":          KindLogging,
	"github.com/go-chi/chi/v5/middleware.RequestLogger":   KindLogging,
	"github.com/go-chi/chi/v5/middleware.Throttle":        KindRateLimit,
	"github.com/go-chi/chi/v5/middleware.ThrottleBacklog": KindRateLimit,
	"github.com/go-chi/chi/v5/middleware.RequestSize":     KindBodyLimit,
	"github.com/go-chi/chi/v5/middleware.BasicAuth":       KindAuth,
	"github.com/go-chi/chi/middleware.Logger":             KindLogging,
	"github.com/go-chi/chi/middleware.Throttle":           KindRateLimit,
	"github.com/go-chi/httprate.Limit":                    KindRateLimit,
	"github.com/go-chi/httprate.LimitAll":                 KindRateLimit,
	"github.com/go-chi/httprate.LimitByIP":                KindRateLimit,
	"github.com/go-chi/httprate.LimitByRealIP":            KindRateLimit,
	"github.com/go-chi/httplog/v2.RequestLogger":          KindLogging,
	"github.com/go-chi/httplog.RequestLogger":             KindLogging,
	"github.com/go-chi/jwtauth/v5.Authenticator":          KindAuth,
	"github.com/go-chi/jwtauth.Authenticator":             KindAuth,
	// gin
	"github.com/gin-gonic/gin.Logger":                                     KindLogging,
	"github.com/gin-gonic/gin.LoggerWithConfig":                           KindLogging,
	"github.com/gin-gonic/gin.LoggerWithFormatter":                        KindLogging,
	"github.com/gin-gonic/gin.LoggerWithWriter":                           KindLogging,
	"github.com/gin-gonic/gin.BasicAuth":                                  KindAuth,
	"github.com/gin-gonic/gin.BasicAuthForRealm":                          KindAuth,
	"github.com/gin-contrib/requestid.New":                                0,
	"github.com/gin-contrib/zap.Ginzap":                                   KindLogging,
	"github.com/gin-contrib/logger.SetLogger":                             KindLogging,
	"github.com/ulule/limiter/v3/drivers/middleware/gin.NewMiddleware":    KindRateLimit,
	"github.com/ulule/limiter/v3/drivers/middleware/stdlib.NewMiddleware": KindRateLimit,
	"github.com/labstack/echo/v4/middleware.Logger":                       KindLogging,
	"github.com/labstack/echo/v4/middleware.LoggerWithConfig":             KindLogging,
	"github.com/labstack/echo/v4/middleware.RequestLoggerWithConfig":      KindLogging,
	"github.com/labstack/echo/v4/middleware.BasicAuth":                    KindAuth,
	"github.com/labstack/echo/v4/middleware.BasicAuthWithConfig":          KindAuth,
	"github.com/labstack/echo/v4/middleware.KeyAuth":                      KindAuth,
	"github.com/labstack/echo/v4/middleware.KeyAuthWithConfig":            KindAuth,
	"github.com/labstack/echo/v4/middleware.JWT":                          KindAuth,
	"github.com/labstack/echo/v4/middleware.JWTWithConfig":                KindAuth,
	"github.com/labstack/echo-jwt/v4.JWT":                                 KindAuth,
	"github.com/labstack/echo-jwt/v4.WithConfig":                          KindAuth,
	"github.com/labstack/echo/v4/middleware.RateLimiter":                  KindRateLimit,
	"github.com/labstack/echo/v4/middleware.RateLimiterWithConfig":        KindRateLimit,
	"github.com/labstack/echo/v4/middleware.BodyLimit":                    KindBodyLimit,
	"github.com/labstack/echo/v4/middleware.BodyLimitWithConfig":          KindBodyLimit,
	"github.com/gorilla/handlers.LoggingHandler":                          KindLogging,
	"github.com/gorilla/handlers.CombinedLoggingHandler":                  KindLogging,
	"github.com/gorilla/handlers.CustomLoggingHandler":                    KindLogging,
	"github.com/didip/tollbooth/v7.LimitHandler":                          KindRateLimit,
	"github.com/didip/tollbooth/v7.LimitFuncHandler":                      KindRateLimit,
	"github.com/didip/tollbooth.LimitHandler":                             KindRateLimit,
	"github.com/didip/tollbooth.LimitFuncHandler":                         KindRateLimit,
	"net/http.TimeoutHandler":                                             0,
	"net/http.MaxBytesHandler":                                            KindBodyLimit,
}

// handlerArg gives, for wrapper functions of libraries whose handler argument
// is not the first, its index.
var handlerArg = map[string]int{
	"github.com/gorilla/handlers.LoggingHandler":         1,
	"github.com/gorilla/handlers.CombinedLoggingHandler": 1,
	"github.com/gorilla/handlers.CustomLoggingHandler":   1,
	"github.com/didip/tollbooth/v7.LimitHandler":         1,
	"github.com/didip/tollbooth.LimitHandler":            1,
}
