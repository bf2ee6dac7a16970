package progress_test

import (
	"os"
	"time"

	"github.com/twinchain/twinchain/internal/progress"
)

func Example() {
	r := progress.New(progress.Config{
		MeterConfig: progress.MeterConfig{Label: "import", Unit: "blocks", Total: 3},
		Out:         os.Stdout,
		Mode:        progress.ModeLines,
		Interval:    time.Hour, // only the final line here
	})
	for range 3 {
		r.Add(1)
	}
	r.Finish()
}
