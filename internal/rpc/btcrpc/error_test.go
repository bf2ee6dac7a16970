package btcrpc

import (
	"errors"
	"testing"

	"github.com/twinchain/twinchain/internal/btc/chaincfg"
)

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no params", Config{}},
		{"no chain", Config{Params: chaincfg.RegTest()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if !errors.Is(err, ErrBadConfig) {
				t.Fatalf("err %v, want ErrBadConfig", err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Description == "" {
				t.Fatalf("errors.As: %v", err)
			}
		})
	}
}
