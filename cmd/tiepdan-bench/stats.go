package main

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// latencies summarizes request durations.
type latencies []time.Duration

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of l,
// which must be sorted; 0 for no data.
func (l latencies) percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	rank := int(math.Ceil(float64(len(l))*p/100 - 1e-9)) // the epsilon absorbs float noise on exact ranks
	rank = min(max(rank, 1), len(l))
	return l[rank-1]
}

func (l latencies) sort() { slices.Sort(l) }

// ms formats a duration in milliseconds.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}
