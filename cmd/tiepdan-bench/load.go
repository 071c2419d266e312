package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// loadResult is what a closed-loop load run measured.
type loadResult struct {
	OK, Errors   int
	Elapsed      time.Duration
	Latencies    latencies // every completed request, sorted
	ErrorSamples []string  // the first few failures
}

// RPS is successful requests per second.
func (r loadResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// requestFunc builds the i-th request of a client goroutine.
type requestFunc func(ctx context.Context, client, i int) (*http.Request, error)

const maxErrorSamples = 3

// drive runs clients goroutines that each send requests one after the
// other until d has passed; a request succeeds when it answers want.
// Requests still in flight at the deadline are awaited and counted.
func drive(ctx context.Context, hc *http.Client, clients int, d time.Duration, want int, newReq requestFunc) (loadResult, error) {
	ctx, cancel := context.WithTimeout(ctx, d+time.Minute)
	defer cancel()
	start := time.Now()
	stopAt := start.Add(d)

	results := make([]loadResult, clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[c]
			for i := 0; time.Now().Before(stopAt); i++ {
				req, err := newReq(ctx, c, i)
				if err != nil {
					errs[c] = err
					return
				}
				t0 := time.Now()
				status, body, err := do(hc, req)
				r.Latencies = append(r.Latencies, time.Since(t0))
				if ctx.Err() != nil {
					errs[c] = ctx.Err()
					return
				}
				switch {
				case err != nil:
					r.Errors++
					r.sample(err.Error())
				case status != want:
					r.Errors++
					r.sample(fmt.Sprintf("%d %s", status, body))
				default:
					r.OK++
				}
			}
		}()
	}
	wg.Wait()

	total := loadResult{Elapsed: time.Since(start)}
	for c, r := range results {
		if errs[c] != nil {
			return total, errs[c]
		}
		total.OK += r.OK
		total.Errors += r.Errors
		total.Latencies = append(total.Latencies, r.Latencies...)
		for _, s := range r.ErrorSamples {
			total.sample(s)
		}
	}
	total.Latencies.sort()
	return total, nil
}

func (r *loadResult) sample(s string) {
	if len(r.ErrorSamples) < maxErrorSamples {
		r.ErrorSamples = append(r.ErrorSamples, s)
	}
}

// do sends req and reads the whole answer, so the connection is reused;
// it keeps the body only for a status worth reporting (not 2xx).
func do(hc *http.Client, req *http.Request) (int, string, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, "", err
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 2048))
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, string(b), err
}

// newHTTPClient returns a client for up to clients concurrent requests to
// one host, keeping every connection alive between requests.
func newHTTPClient(clients int) *http.Client {
	return &http.Client{
		Timeout: time.Minute,
		Transport: &http.Transport{
			MaxIdleConns:        2 * clients,
			MaxIdleConnsPerHost: 2 * clients,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
}
