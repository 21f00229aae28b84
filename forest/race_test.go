//go:build race

package forest_test

// raceEnabled lets the slow data tests step aside under -race, which makes
// them ten times slower and checks nothing about their numbers.
const raceEnabled = true
