package memdb_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/kv/memdb"
)

// Example shows the kv.Store contract every backend shares: a batch
// applied atomically, then a prefix scan from a start key.
func Example() {
	db := memdb.New()
	defer db.Close()

	b := db.NewBatch()
	for _, k := range []string{"b1", "a1", "a3", "a2"} {
		_ = b.Put([]byte(k), []byte("v-"+k))
	}
	if err := b.Write(true); err != nil {
		fmt.Println(err)
		return
	}
	it := db.NewIterator([]byte("a"), []byte("2"))
	defer it.Release()
	for it.Next() {
		fmt.Printf("%s=%s\n", it.Key(), it.Value())
	}
	if err := it.Error(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a2=v-a2
	// a3=v-a3
}
