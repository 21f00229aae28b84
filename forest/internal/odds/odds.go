// Package odds loads the outlier-detection benchmark sets (ODDS, as gzip CSV
// files whose last column is the label, 1 = anomaly) and computes ROC-AUC, for
// the forest package's parity tests, benchmarks and comparison command.
package odds

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"
)

// Names lists the data sets in the order reports show them.
var Names = []string{"http", "smtp", "shuttle", "cover", "mammography", "annthyroid", "pendigits", "breastw", "ionosphere"}

// Set is one data set: the feature rows and a label per row.
type Set struct {
	Name   string
	X      [][]float64
	Labels []bool // true = anomaly
}

// Dir returns the directory holding the data sets: ../shared/data/odds beside
// the repository, found by walking up from the working directory to a
// directory with a go.mod that has it beside (nested modules, such as
// forest/peers, are passed by). The ODDS_DIR environment variable overrides
// it.
func Dir() (string, error) {
	if dir := os.Getenv("ODDS_DIR"); dir != "" {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			data := filepath.Join(dir, "..", "shared", "data", "odds")
			if _, err := os.Stat(data); err == nil {
				return data, nil
			}
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("odds: no ../shared/data/odds beside a module above %s", wd)
		}
	}
}

// Load reads dir/name.csv.gz.
func Load(dir, name string) (*Set, error) {
	file, err := os.Open(filepath.Join(dir, name+".csv.gz"))
	if err != nil {
		return nil, err
	}
	defer file.Close()
	zr, err := gzip.NewReader(file)
	if err != nil {
		return nil, fmt.Errorf("odds: %s: %w", name, err)
	}
	set, err := parse(zr)
	if err != nil {
		return nil, fmt.Errorf("odds: %s: %w", name, err)
	}
	set.Name = name
	return set, nil
}

func parse(r io.Reader) (*Set, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	if !sc.Scan() {
		return nil, errors.New("no header")
	}
	header := strings.Split(sc.Text(), ",")
	if len(header) < 2 || header[len(header)-1] != "label" {
		return nil, fmt.Errorf("want a header ending in label, got %q", sc.Text())
	}
	dims := len(header) - 1
	set := &Set{}
	for line := 2; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) != dims+1 {
			return nil, fmt.Errorf("line %d: %d fields, want %d", line, len(fields), dims+1)
		}
		row := make([]float64, dims)
		for j := range row {
			v, err := strconv.ParseFloat(fields[j], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			row[j] = v
		}
		label, err := strconv.ParseFloat(fields[dims], 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		set.X = append(set.X, row)
		set.Labels = append(set.Labels, label == 1)
	}
	return set, sc.Err()
}

// AUC returns the area under the ROC curve of scores against labels
// (higher score = more anomalous), with tied scores counted half, as
// sklearn.metrics.roc_auc_score does. It returns NaN when one class is
// empty.
func AUC(scores []float64, labels []bool) float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case scores[a] < scores[b]:
			return -1
		case scores[a] > scores[b]:
			return 1
		}
		return 0
	})
	// Mann–Whitney U with mid-ranks for ties.
	var rankSum float64
	var positives int
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		midRank := float64(i+j+1) / 2 // ranks i+1 .. j
		for k := i; k < j; k++ {
			if labels[idx[k]] {
				rankSum += midRank
				positives++
			}
		}
		i = j
	}
	negatives := len(scores) - positives
	if positives == 0 || negatives == 0 {
		return math.NaN()
	}
	p, n := float64(positives), float64(negatives)
	return (rankSum - p*(p+1)/2) / (p * n)
}

// Reference is scikit-learn's ROC-AUC on each set, one value per seed, as
// the comparison command measures and commits it for the parity test.
type Reference struct {
	Sklearn string              `json:"sklearn"` // version
	Numpy   string              `json:"numpy"`   // version
	Sets    map[string]SetScore `json:"sets"`
}

// SetScore is the ROC-AUC of one set for seeds 0, 1, ...
type SetScore struct {
	Rows int       `json:"rows"`
	Dims int       `json:"dims"`
	AUCs []float64 `json:"aucs"`
}

// Tolerance is the agreement the project claims with scikit-learn: mean
// ROC-AUC over the same seed numbers within 0.01.
const Tolerance = 0.01

// Agreement compares two sets of per-seed ROC-AUCs. The two sides draw
// different trees for the same seed number, so their means differ by seed
// noise as well: diff is the difference of the means, noise three standard
// errors of that difference. within reports |diff| <= Tolerance, explained
// reports |diff| <= noise.
func Agreement(ours, reference []float64) (diff, noise float64, within, explained bool) {
	mo, so := MeanSD(ours)
	mr, sr := MeanSD(reference)
	diff = mo - mr
	noise = 3 * math.Sqrt(so*so/float64(len(ours))+sr*sr/float64(len(reference)))
	return diff, noise, math.Abs(diff) <= Tolerance, math.Abs(diff) <= noise
}

// MeanSD returns the mean and the sample standard deviation of v (0 for a
// single value).
func MeanSD(v []float64) (mean, sd float64) {
	if len(v) < 2 {
		return stat.Mean(v, nil), 0
	}
	return stat.MeanStdDev(v, nil)
}
