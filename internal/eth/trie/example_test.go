package trie_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/eth/trie"
)

// Build a trie, commit it, reopen it from its root and prove a key.
func Example() {
	t := trie.NewEmpty()
	_ = t.Update([]byte("do"), []byte("verb"))
	_ = t.Update([]byte("dog"), []byte("puppy"))
	_ = t.Update([]byte("doge"), []byte("coin"))
	_ = t.Update([]byte("horse"), []byte("stallion"))
	root, nodes := t.Commit()
	fmt.Printf("root %x\n", root)

	db := trie.NewMemoryDB()
	if err := nodes.WriteTo(db); err != nil {
		fmt.Println(err)
		return
	}
	reopened, err := trie.New(root, db)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := reopened.Get([]byte("dog"))
	fmt.Printf("dog = %s\n", v)

	proof, _ := reopened.Prove([]byte("doge"))
	v, err = trie.VerifyProof(root, []byte("doge"), proof)
	fmt.Printf("proved doge = %s (%v)\n", v, err)
	// Output:
	// root 5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84
	// dog = puppy
	// proved doge = coin (<nil>)
}

type list [][]byte

func (l list) Len() int                             { return len(l) }
func (l list) AppendIndex(dst []byte, i int) []byte { return append(dst, l[i]...) }

// The root of an ordered list, as for a block's transactions.
func ExampleDeriveSha() {
	root := trie.DeriveSha(list{[]byte("first"), []byte("second")}, nil)
	fmt.Printf("%x\n", root)
	fmt.Println(trie.DeriveSha(list{}, nil) == trie.EmptyRoot)
	// Output:
	// 9a24107683ca4d502fa550f76557dd41fc98c1d602c1b63e1c0d0fbe626dc751
	// true
}
