package auth

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

const (
	pbkdf2Iterations = 600_000
	pbkdf2KeyLen     = 32
)

// HashPassword derives a salted PBKDF2-SHA256 hash of password, encoded with its parameters.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, pbkdf2Iterations, pbkdf2KeyLen)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", pbkdf2Iterations, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the encoded hash.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter <= 0 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[2])
	if err != nil {
		return false
	}
	want, err := enc.DecodeString(parts[3])
	if err != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iter, len(want))
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(got, want) == 1
}

// A token is "<selector>.<verifier>": the selector finds the session, the verifier proves possession.
// Only the SHA-256 of a verifier is stored.

// NewSelector returns a random session selector.
func NewSelector() string {
	return rand.Text()
}

// NewToken returns a token for selector and the hash to store for it.
func NewToken(selector string) (token string, hash []byte) {
	verifier := rand.Text()
	return selector + "." + verifier, hashVerifier(verifier)
}

// ParseToken splits a token into its selector and verifier.
func ParseToken(token string) (selector, verifier string, ok bool) {
	selector, verifier, ok = strings.Cut(token, ".")
	return selector, verifier, ok && selector != "" && verifier != ""
}

// VerifyToken reports whether verifier hashes to hash, in constant time.
func VerifyToken(hash []byte, verifier string) bool {
	return subtle.ConstantTimeCompare(hash, hashVerifier(verifier)) == 1
}

func hashVerifier(verifier string) []byte {
	sum := sha256.Sum256([]byte(verifier))
	return sum[:]
}
