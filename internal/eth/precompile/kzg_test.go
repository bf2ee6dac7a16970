package precompile

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"sync"
	"testing"
)

// pointEvaluation1 is the vector of go-ethereum's
// core/vm/testdata/precompiles/pointEvaluation.json (current version; an
// early version held a vector made with a test setup, which the
// ceremony's setup rejects), also used by execution-spec-tests'
// benchmarks. pointEvaluation2 opens the same commitment at z = r - 1
// (from the point-evaluation checks of several EVM implementations).
const (
	pointEvaluation1 = "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b" +
		"564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d36306" +
		"24d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a1" +
		"8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7" +
		"873033e038326e87ed3e1276fd140253fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a"
	pointEvaluation2 = "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b" +
		"73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000" +
		"1522a4a7f34e1ea350ae07c29c96c7e79655aa926122e95fe69fcbd932ca49e9" +
		"8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7" +
		"a62ad71d14c5719385c0686f1871430475bf3a00f0aa3f7b8dd99a9abc2160744faf0070725e00b60ad9a026a15b1a8c"
	pointEvaluationOK = "0000000000000000000000000000000000000000000000000000000000001000" +
		"73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"
)

func TestPointEvaluation(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the KZG trusted setup")
	}
	good := unhex(t, pointEvaluation1)
	mutate := func(i int, b byte) string {
		in := bytes.Clone(good)
		in[i] = b
		return hexString(in)
	}
	runVectors(t, PointEvaluation{}, []vector{
		{name: "pointEvaluation1", gas: 50000, input: pointEvaluation1, want: pointEvaluationOK},
		{name: "z is r-1", gas: 50000, input: pointEvaluation2, want: pointEvaluationOK},
		{name: "z is r", gas: 50000, input: hexString(good[:32]) + "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001" +
			hexString(good[64:]), wantErr: ErrKZGProof},
		{name: "empty", gas: 50000, input: "", wantErr: ErrInvalidInputLength},
		{name: "191 bytes", gas: 50000, input: pointEvaluation1[:382], wantErr: ErrInvalidInputLength},
		{name: "193 bytes", gas: 50000, input: pointEvaluation1 + "00", wantErr: ErrInvalidInputLength},
		{name: "version 0x00", gas: 50000, input: mutate(0, 0x00), wantErr: ErrVersionedHashMismatch},
		{name: "version 0x02", gas: 50000, input: mutate(0, 0x02), wantErr: ErrVersionedHashMismatch},
		{name: "hash mismatch", gas: 50000, input: mutate(31, good[31]^1), wantErr: ErrVersionedHashMismatch},
		{name: "wrong claim", gas: 50000, input: mutate(95, good[95]^1), wantErr: ErrKZGProof},
		{name: "wrong point", gas: 50000, input: mutate(63, good[63]^1), wantErr: ErrKZGProof},
		{name: "z all ones", gas: 50000, input: hexString(good[:32]) + allFF + hexString(good[64:]),
			wantErr: ErrKZGProof},
		{name: "commitment not a point", gas: 50000, input: kzgWithCommitment(t, good, 0x81), wantErr: ErrKZGProof},
		{name: "proof not a point", gas: 50000, input: mutate(191, good[191]^1), wantErr: ErrKZGProof},
	})
}

func TestPointEvaluationConcurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the KZG trusted setup")
	}
	good := unhex(t, pointEvaluation1)
	want := unhex(t, pointEvaluationOK)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			out, err := PointEvaluation{}.Run(good)
			if err == nil && !bytes.Equal(out, want) {
				err = errors.New("wrong output")
			}
			if err != nil {
				errs <- err
				return
			}
			out[0] = 0xff // each caller owns its output
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := PrepareKZG(); err != nil {
		t.Fatal(err)
	}
}

// kzgWithCommitment returns in with the commitment replaced by b followed by
// 47 zero bytes and the versioned hash fixed to match, so that the check
// fails on the commitment itself.
func kzgWithCommitment(t *testing.T, in []byte, b byte) string {
	t.Helper()
	out := bytes.Clone(in)
	c := out[96:144]
	clear(c)
	c[0] = b
	h := sha256.Sum256(c)
	h[0] = 0x01
	copy(out, h[:])
	return hexString(out)
}
