package main

import (
	"io"

	"github.com/twinchain/twinchain/internal/btc/corevectors"
)

// btcRunners maps the single-file runner commands to their implementations.
var btcRunners = map[string]func(path string, w io.Writer) (int, int, error){
	"scripttests":  corevectors.RunScriptTests,
	"sighashtests": corevectors.RunSighashTests,
}

func runTxTests(path string, valid bool, w io.Writer) (int, int, error) {
	return corevectors.RunTxTests(path, valid, w)
}

func runScriptAssets(paths []string, w io.Writer) (int, int, error) {
	return corevectors.RunScriptAssets(paths, w)
}
