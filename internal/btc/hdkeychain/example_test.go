package hdkeychain_test

import (
	"fmt"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
	"github.com/twinchain/twinchain/internal/btc/hdkeychain"
)

func ExampleMnemonicToSeed() {
	seed, err := hdkeychain.MnemonicToSeed("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	master, _ := hdkeychain.NewMaster(seed, chaincfg.RegTest())
	path, _ := hdkeychain.ParsePath("m/84'/1'/0'")
	account, _ := master.DerivePath(path)
	fmt.Println(hdkeychain.FormatPath(path), account.Neuter().String()[:4])
	// Output: m/84h/1h/0h tpub
}
