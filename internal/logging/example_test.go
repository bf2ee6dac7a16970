package logging_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/logging"
)

func ExampleLogger_For() {
	lg, err := logging.New(logging.Config{Debug: []string{"mempool"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer lg.Close()
	mlog := lg.For("mempool")
	mlog.Debug("accepted", "txid", "ab12") // written: -debug=mempool
	lg.For("net").Debug("ignored")         // not written
	fmt.Println(lg.Categories()["mempool"], lg.Categories()["net"])
	// Output: true false
}
