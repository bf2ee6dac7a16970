package btcrpc

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twinchain/twinchain/internal/btc/chaingen"
)

// BenchmarkGetBlockVerbosity2Concurrent measures getblock verbosity 2
// requests per second from 16 concurrent clients over loopback HTTP,
// against a chaingen regtest chain whose last ten blocks hold 500
// transactions each (P2PKH, P2WPKH, P2TR and P2WSH spends, about 200 KB per
// block, ~1 MB of JSON per answer).
//
// "nocache" builds every answer; "cache" lets the service's getblock cache
// (keyed by block and tip) serve the repeated blocks.
func BenchmarkGetBlockVerbosity2Concurrent(b *testing.B) {
	gen, err := chaingen.GenerateChain(chaingen.Config{Seed: 11, Blocks: 110, TxsPerBlock: 500})
	if err != nil {
		b.Fatal(err)
	}
	raws := rawBlocks(gen.Blocks)
	b.Run("nocache", func(b *testing.B) { benchGetBlock(b, gen, raws, -1) })
	b.Run("cache", func(b *testing.B) { benchGetBlock(b, gen, raws, 0) })
}

func benchGetBlock(b *testing.B, gen *chaingen.Chain, raws [][]byte, cacheEntries int) {
	env := newTestEnv(b, raws, envOptions{blockCache: cacheEntries})
	var hashes []string
	var txs, bytes int
	for _, blk := range gen.Blocks[100:] {
		hashes = append(hashes, blk.BlockHash().String())
		txs += len(blk.Txs)
		bytes += blk.SerializeSize()
	}
	b.Logf("blocks: %d, %d txs, %d bytes", len(hashes), txs, bytes)
	const clients = 16
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	var next atomic.Int64
	var respBytes atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	bodies := make([]string, len(hashes))
	for i, h := range hashes {
		bodies[i] = `{"jsonrpc":"1.0","id":1,"method":"getblock","params":["` + h + `",2]}`
	}
	hc := &http.Client{Transport: tr}
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				// A load generator's client: send the request, read the
				// whole answer, do not parse it.
				req, _ := http.NewRequest(http.MethodPost, env.base+"/", strings.NewReader(bodies[i%int64(len(bodies))]))
				req.SetBasicAuth("u", "p")
				resp, err := hc.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
				respBytes.Add(n)
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	b.ReportMetric(float64(b.N)/el.Seconds(), "req/s")
	b.ReportMetric(float64(respBytes.Load())/float64(b.N), "B/resp")
}

// BenchmarkGetBlockJSON measures building and encoding one getblock
// verbosity 2 answer in process (no HTTP), for a 501-transaction block.
func BenchmarkGetBlockJSON(b *testing.B) {
	gen, err := chaingen.GenerateChain(chaingen.Config{Seed: 11, Blocks: 102, TxsPerBlock: 500})
	if err != nil {
		b.Fatal(err)
	}
	env := newTestEnv(b, rawBlocks(gen.Blocks), envOptions{blockCache: -1})
	hash := gen.Blocks[len(gen.Blocks)-1].BlockHash()
	info, err := env.chain.BlockInfo(hash)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v, err := env.svc.blockJSON(&info, 2)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := jsonMarshal(v); err != nil {
			b.Fatal(err)
		}
	}
}
