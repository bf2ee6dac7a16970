package keystore_test

import (
	"fmt"
	"os"

	"github.com/twinchain/twinchain/internal/eth/keystore"
)

// This example creates an account in a key directory with the light scrypt
// parameters, lists it and unlocks it.
func ExampleStore() {
	dir, err := os.MkdirTemp("", "keystore-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	s := &keystore.Store{Dir: dir, Params: keystore.Scrypt(keystore.LightScryptN, keystore.LightScryptP)}
	acct, err := s.NewAccount("correct horse battery staple")
	if err != nil {
		panic(err)
	}
	accts, _ := s.Accounts()
	fmt.Println("accounts:", len(accts), accts[0].Address == acct.Address)

	if _, err := s.Unlock(acct.Address, "wrong"); err != nil {
		fmt.Println("wrong password:", err)
	}
	key, err := s.Unlock(acct.Address, "correct horse battery staple")
	if err != nil {
		panic(err)
	}
	fmt.Println("unlocked:", key.Address == acct.Address)
	// Output:
	// accounts: 1 true
	// wrong password: could not decrypt key with given password
	// unlocked: true
}
