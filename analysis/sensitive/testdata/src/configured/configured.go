// Package configured checks that sensitive.fields of .prodready.yaml add
// to the built-in list of secrets.
package configured

import (
	"encoding/json"
	"net/http"
)

type Customer struct {
	Name        string `json:"name"`
	PinCode     string `json:"pin"`
	DateOfBirth string `json:"date_of_birth"`
	Nickname    string `json:"nickname"`
}

func getCustomer(w http.ResponseWriter, r *http.Request) {
	var c Customer
	json.NewEncoder(w).Encode(c) // want `response writes Customer\.PinCode \(json "pin"\)`
}

func getBirthday(w http.ResponseWriter, r *http.Request) {
	var c Customer
	c.PinCode = ""
	json.NewEncoder(w).Encode(c) // want `response writes Customer\.DateOfBirth \(json "date_of_birth"\)`
}

func getNickname(w http.ResponseWriter, r *http.Request) {
	var c Customer
	json.NewEncoder(w).Encode(Customer{Name: c.Name, Nickname: c.Nickname})
}
