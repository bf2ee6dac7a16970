package testdata

import (
	"os"
	"testing"
)

func TestLocateEnv(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvVar, dir)
	got, err := Locate()
	if err != nil || got != dir {
		t.Fatalf("Locate() = %q, %v; want %q", got, err, dir)
	}
	t.Setenv(EnvVar, dir+"/missing")
	if _, err := Locate(); err == nil {
		t.Fatal("missing directory accepted")
	}
}

func TestLocateShared(t *testing.T) {
	os.Unsetenv(EnvVar)
	d := Dir(t)
	if _, err := os.Stat(d + "/bitcoin-core/SOURCES.md"); err != nil {
		t.Fatalf("shared testdata at %s lacks bitcoin-core: %v", d, err)
	}
}
