package engine

import (
	"errors"
	"net/http"
	"path/filepath"
	"testing"
)

// A calibration request with an estimate that cannot be read is refused
// before any journal is looked at: here the incidents folder is missing,
// and the answer is still the estimate's 400, not the folder's error.
func TestCalibrationReadsTheEstimateFirst(t *testing.T) {
	e := historyEngine(t, filepath.Join(t.TempDir(), "incidents")) // never made
	_, err := e.calibration("2", "whenever")
	var re *requestError
	if !errors.As(err, &re) || re.status != http.StatusBadRequest {
		t.Fatalf("calibration with a bad eta: %v; want a 400 about the eta", err)
	}
}
