package rlp_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/rlp"
)

// A hand-written encoder and decoder for a two-field structure.
func Example() {
	type account struct {
		Nonce   uint64
		Balance [4]uint64 // a uint256
	}
	a := account{Nonce: 7, Balance: [4]uint64{1000}}

	enc, mark := rlp.StartList(nil)
	enc = rlp.AppendUint64(enc, a.Nonce)
	enc = rlp.AppendUint256(enc, &a.Balance)
	enc = rlp.EndList(enc, mark)
	fmt.Printf("%x\n", enc)

	var b account
	r := rlp.NewListReader(enc)
	b.Nonce = r.Uint64()
	b.Balance = r.Uint256()
	if err := r.Finish(); err != nil {
		fmt.Println(err)
	}
	fmt.Println(b == a)

	// Non-canonical input is rejected with a kind usable with errors.Is.
	_, _, err := rlp.SplitUint64([]byte{0x82, 0x00, 0x07})
	fmt.Println(err)
	// Output:
	// c4078203e8
	// true
	// rlp: non-canonical integer (leading zero bytes)
}

func ExampleSplit() {
	b := []byte{0xc8, 0x83, 'c', 'a', 't', 0x83, 'd', 'o', 'g', 0x01}
	_, content, rest, _ := rlp.Split(b)
	for len(content) > 0 {
		var s []byte
		s, content, _ = rlp.SplitString(content)
		fmt.Printf("%s ", s)
	}
	fmt.Printf("rest=%x\n", rest)
	// Output: cat dog rest=01
}
