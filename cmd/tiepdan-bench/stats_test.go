package main

import (
	"testing"
	"time"

	"tiepdan/internal/citizen"
)

func TestPercentile(t *testing.T) {
	var l latencies
	for i := 100; i >= 1; i-- { // 1..100 ms, unsorted
		l = append(l, time.Duration(i)*time.Millisecond)
	}
	l.sort()
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50}, {99, 99}, {100, 100}, {1, 1}, {99.5, 100}} {
		if got := l.percentile(c.p); got != c.want*time.Millisecond {
			t.Errorf("p%v = %v, want %v ms", c.p, got, c.want)
		}
	}
	if got := (latencies{}).percentile(50); got != 0 {
		t.Errorf("empty: %v", got)
	}
	one := latencies{7 * time.Millisecond}
	if got := one.percentile(99); got != 7*time.Millisecond {
		t.Errorf("one value: %v", got)
	}
}

func TestCCCDIsValid(t *testing.T) {
	m := newBodyMaker(1, 1)
	for range 1000 {
		n := m.cccd()
		info, problem := citizen.ParseCCCD(n, time.Now())
		if problem != "" {
			t.Fatalf("%q: %s", n, problem)
		}
		if info.BirthYear < 1960 || info.BirthYear > 1999 {
			t.Fatalf("%q: born %d", n, info.BirthYear)
		}
	}
}
