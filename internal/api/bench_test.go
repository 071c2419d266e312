package api_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// BenchmarkIntake records petitions through the router in-process: the
// whole path of POST /api/v1/petitions but the network.
func BenchmarkIntake(b *testing.B) {
	e := newEnv(&testing.T{})
	body := e.petitionBody()
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("POST", "/api/v1/petitions", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+e.tokens["reception"])
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", fmt.Sprint("k", n.Add(1)))
			w := httptest.NewRecorder()
			e.h.ServeHTTP(w, req)
			if w.Code != 201 {
				b.Fatalf("%d %s", w.Code, w.Body)
			}
		}
	})
}
