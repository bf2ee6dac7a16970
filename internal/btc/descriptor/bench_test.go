package descriptor

import (
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

func benchExpand(b *testing.B, desc string) {
	d := mustParse(b, desc, chaincfg.MainNet())
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := d.Expand(uint32(i) & 0x7fffffff); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExpandWPKHXpub(b *testing.B) {
	benchExpand(b, "wpkh([ffffffff/84h/0h/0h]"+xpubD+"/0/*)")
}

func BenchmarkExpandTRXpub(b *testing.B) {
	benchExpand(b, "tr([ffffffff/86h/0h/0h]"+xpubD+"/0/*)")
}

func BenchmarkExpandTRTree(b *testing.B) {
	benchExpand(b, "tr("+xpubD+"/0/*,{pk("+xpubA+"/*),pk("+xpubE+"/*)})")
}

func BenchmarkParseWPKH(b *testing.B) {
	s := "wpkh([ffffffff/84h/0h/0h]" + xpubD + "/0/*)#"
	sum, _ := Checksum(s[:len(s)-1])
	s += sum
	params := chaincfg.MainNet()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(s, params); err != nil {
			b.Fatal(err)
		}
	}
}
