package forest_test

import (
	"fmt"
	"math"
	"time"

	"github.com/fluent-anomaly/fluent-bit-anomaly/forest"
)

// cloud returns n points of a round cluster around the origin, spread like a
// normal distribution of standard deviation 1. Each coordinate is a sum of
// three Weyl sequences (i times an irrational, modulo 1): deterministic,
// with no random generator.
func cloud(n int) [][]float64 {
	weyl := func(i int, alpha float64) float64 { return math.Mod(float64(i)*alpha, 1) }
	X := make([][]float64, n)
	for i := range X {
		x := weyl(i, math.Sqrt2) + weyl(i, math.Sqrt(3)) + weyl(i, math.Sqrt(5)) - 1.5
		y := weyl(i, math.Sqrt(6)) + weyl(i, math.Sqrt(7)) + weyl(i, math.Sqrt(11)) - 1.5
		X[i] = []float64{2 * x, 2 * y}
	}
	return X
}

func ExampleFit() {
	f, err := forest.Fit(cloud(500), forest.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	for _, x := range [][]float64{{0, 0}, {1, -0.5}, {4, 4}} {
		s := f.Score(x)
		fmt.Printf("%v: score %.2f, anomalous %v\n", x, s, s > f.Threshold())
	}
	// Output:
	// [0 0]: score 0.42, anomalous false
	// [1 -0.5]: score 0.46, anomalous false
	// [4 4]: score 0.72, anomalous true
}

// With a contamination rate the threshold is the matching quantile of the
// training scores: here the 5% most isolated grid points are flagged.
func ExampleFit_contamination() {
	X := cloud(500)
	f, err := forest.Fit(X, forest.Options{Contamination: 0.05, Seed: 1})
	if err != nil {
		panic(err)
	}
	flagged := 0
	for _, s := range f.ScoreBatch(nil, X) {
		if s > f.Threshold() {
			flagged++
		}
	}
	fmt.Printf("threshold %.3f flags %d of %d training points\n", f.Threshold(), flagged, len(X))
	// Output:
	// threshold 0.599 flags 25 of 500 training points
}

func ExampleForest_Explain() {
	f, err := forest.Fit(cloud(500), forest.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	// Far out along the second feature only.
	shares := f.Explain(nil, []float64{0.2, 5})
	fmt.Printf("feature 0: %.2f, feature 1: %.2f\n", shares[0], shares[1])
	// Output:
	// feature 0: 0.21, feature 1: 0.79
}

func ExampleForest_MarshalBinary() {
	f, err := forest.Fit(cloud(500), forest.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	b, err := f.MarshalBinary()
	if err != nil {
		panic(err)
	}
	var restored forest.Forest
	if err := restored.UnmarshalBinary(b); err != nil {
		panic(err)
	}
	x := []float64{4, 4}
	fmt.Println("same score:", restored.Score(x) == f.Score(x))
	fmt.Println("damaged bytes rejected:", restored.UnmarshalBinary(b[:len(b)-1]) != nil)
	// Output:
	// same score: true
	// damaged bytes rejected: true
}

func ExampleDetector() {
	d, err := forest.NewDetector(2, forest.DetectorOptions{Warmup: 100, Synchronous: true, Forest: forest.Options{Seed: 1}})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, x := range cloud(100) { // the warm-up
		if v := d.Observe(x, at.Add(time.Duration(i)*time.Second)); i == 0 {
			fmt.Printf("first vector: learning %v\n", v.Learning)
		}
	}
	for _, x := range [][]float64{{0.1, 0.2}, {-3.5, 4}} {
		v := d.Observe(x, at.Add(time.Hour))
		fmt.Printf("%v: score %.2f, flag %v\n", x, v.Score, v.Flag)
	}
	// Output:
	// first vector: learning true
	// [0.1 0.2]: score 0.42, flag false
	// [-3.5 4]: score 0.76, flag true
}
