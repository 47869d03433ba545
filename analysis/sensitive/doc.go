// Package sensitive defines an Analyzer that reports HTTP responses whose
// body serialises a secret field.
//
// # Analyzer sensitivefield
//
// sensitivefield: report response bodies that expose a secret field
//
// A value is written as the response body when it is passed to
// json.NewEncoder(w).Encode where w is the http.ResponseWriter or a writer
// wrapping it (gzip.NewWriter(w), a struct holding w); when its
// json.Marshal bytes, or a bytes.Buffer it was encoded into, are written
// to the response (w.Write, fmt.Fprint, io.Copy, buf.WriteTo); when it is
// given to gin's c.JSON, IndentedJSON, PureJSON, SecureJSON, JSONP,
// AsciiJSON or AbortWithStatusJSON, or to echo's c.JSON, JSONPretty or
// JSONP (and, as bytes, to gin's c.Data or echo's c.JSONBlob and Blob); and
// when it is passed to one of the project's own helpers that does one of
// these with its parameter. Helpers are recognised by a WritesBody fact
// computed bottom-up, so writeJSON in an httputil package, called from
// the handlers package, counts, as do helpers calling helpers.
//
// The written value's type is walked the way encoding/json does: through
// pointers, slices, arrays, map values, named types and types of other
// packages, inlining untagged embedded structs, skipping unexported fields
// and fields tagged `json:"-"`, and letting the shallowest field of a JSON
// name win. A field is a secret when its Go name or JSON name, folded to
// lower case without underscores (PasswordHash, password_hash and
// passwordHash are all passwordhash), is one of:
//
//	password passwd passwordhash hashedpassword passworddigest
//	encryptedpassword passwordsalt secret secretkey clientsecret apisecret
//	appsecret webhooksecret signingsecret signingkey privatekey
//	encryptionkey secretaccesskey awssecretaccesskey ssn
//	socialsecuritynumber creditcard creditcardnumber cardnumber cvv cvc
//	cvv2 otp otpsecret totpsecret mfasecret twofactorsecret recoverycodes
//	backupcodes resettoken passwordresettoken verificationtoken
//	securityanswer
//
// or one of sensitive.fields in .prodready.yaml. Credentials the server
// issues to their owner,
//
//	token accesstoken refreshtoken idtoken authtoken bearertoken
//	sessiontoken sessionid sessionkey apikey apitoken jwt
//
// are secrets too, except in a struct whose name says it carries
// credentials (a word of it is token, login, signin, signup, register,
// auth, oauth, session, credential, jwt, key or refresh: LoginResponse,
// TokenPair) or in an anonymous struct, because handing out the token is
// what such a response is for.
//
// For example:
//
//	type User struct {
//		ID           int64  `json:"id"`
//		Email        string `json:"email"`
//		PasswordHash string `json:"password_hash"`
//	}
//
//	func getUser(w http.ResponseWriter, r *http.Request) {
//		u := load(r)
//		json.NewEncoder(w).Encode(u)
//	}
//
// reports "response writes User.PasswordHash (json "password_hash") to the
// client, exposing a secret" at u, with the field's declaration as related
// information. Paths name the way from the written type: Team.Members[].PasswordHash.
//
// Each finding carries the fix of pattern dto/response-struct: the value
// is converted to a response type without the secrets, the codebase's own
// (a toUserResponse function, a u.Public() method) when it has one, else
// one declared beside the handler. When that cannot apply (an anonymous
// struct, an any-typed variable, an embedded pointer) and the struct
// declaring the secret is in the analysed package, the fix is
// dto/omit-field, tagging the field json:"-". The result's FixSites offers
// both alternatives to the CLI and the language server.
//
// Deliberately not reported:
//
//   - Values that are only decoded (json.NewDecoder(r.Body).Decode(&req)):
//     a request type with a Password field is not an exposure, which is the
//     false positive that makes name-based linters get switched off.
//   - Writes to anything but the response: a file, a bytes.Buffer that is
//     not then written to the response, a log.
//   - Fields of types that cannot hold a secret (HasPassword bool,
//     PasswordChangedAt time.Time, floats, durations), and types with their
//     own MarshalJSON or MarshalText: a redacting type decides its output.
//   - Secret fields a composite literal at the write leaves unset
//     (User{ID: u.ID, Email: u.Email}): they are zero.
//   - Fields of an anonymous struct type: a response shape declared at
//     the response site sends what it sends on purpose (a TOTP secret
//     during enrolment).
//   - A value whose secret field was cleared or masked before the write:
//     an assignment of the zero value (u.PasswordHash = ""), of a constant
//     or of strings.Repeat of one ("********") that is a
//     statement of a block enclosing the write, earlier than it, with no
//     statement between that assigns u, passes it or its address anywhere,
//     calls a method on it, or writes the field (inside a loop the whole
//     loop body counts as between). A slice or array is cleared the same
//     way by a loop over it whose body clears every element's field and
//     does not set it again: for _, u := range users { u.PasswordHash = "" }
//     when the elements are pointers (a range over values clears copies),
//     users[i].PasswordHash = "" for any. Clearing in a branch, through an
//     alias (p := &u), through a method (u.Redact()), or before a goto, is
//     not recognised, and the write is reported.
//   - Writes in _test.go files, where fake servers answer with tokens.
package sensitive
