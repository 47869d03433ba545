// Package ratelimit reports routers that serve requests with no rate
// limiting, authentication endpoints first.
//
// # Analyzer noratelimit
//
// noratelimit: routers without rate limiting (rule no-rate-limit)
//
// A router (a ServeMux, chi, gorilla, gin or echo router with its groups and
// mounts, as the route model sees it) is reported when no route it serves has
// a rate-limiting middleware in its chain — one that answers 429 Too Many
// Requests (inferred from its code, or a known library such as httprate,
// tollbooth or echo's RateLimiter). The message names the authentication
// endpoints it serves (login, signup, token, password reset, one-time codes),
// because unlimited attempts there let passwords and tokens be guessed. When
// some routes are limited but an authentication endpoint is not, that
// endpoint is reported at its registration instead.
//
//	mux := http.NewServeMux()
//	mux.HandleFunc("POST /login", s.login) // nothing answers 429
//	http.ListenAndServe(":8080", mux)
//
// Not reported: routers whose routes are all limited, limits enforced outside
// the program (a reverse proxy or API gateway: suppress the finding with a
// reason), and route functions of a library package that no analysed caller
// mounts.
package ratelimit
