package httpapi_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/dandang/dandang/clearance"
)

// BenchmarkGrade runs one command, grading a clearance case (CL08), called
// directly and over HTTP (a keep-alive client against httptest.NewServer
// on the loopback, memdb behind), in one run: the difference is what the
// HTTP layer adds — decoding, the actor, If-Match, the answer's view and
// its encoding, and the loopback round trip.
func BenchmarkGrade(b *testing.B) {
	grades := []string{"pending", "suspected", "key"}
	b.Run("direct", func(b *testing.B) {
		w := newWorld(b)
		c := w.open("SC-2023-117")
		actor := users["court-group"]
		ref := clearance.Ref{CaseID: c.Case.ID, Version: c.Case.Version}
		ctx := context.Background()
		i := 0
		for b.Loop() {
			got, err := w.clearance.Grade(ctx, actor, clearance.GradeInput{Ref: ref, Grade: clearance.Grade(grades[i%3]), Note: "按程序分级"})
			if err != nil {
				b.Fatal(err)
			}
			ref.Version = got.Version
			i++
		}
	})
	// handler: the HTTP layer alone, through ServeHTTP without a network.
	b.Run("handler", func(b *testing.B) {
		w := newWorld(b)
		c := w.open("SC-2023-117")
		path := casePath(c.Case.ID, "/grade")
		version := c.Case.Version
		i := 0
		for b.Loop() {
			req := httptest.NewRequest("POST", path, strings.NewReader(`{"grade":"`+grades[i%3]+`","note":"按程序分级"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-User", "court-group")
			req.Header.Set("If-Match", `"`+strconv.Itoa(version)+`"`)
			rec := httptest.NewRecorder()
			w.api.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
			version++
			i++
		}
	})
	b.Run("http", func(b *testing.B) {
		w := newWorld(b)
		c := w.open("SC-2023-117")
		url := w.srv.URL + casePath(c.Case.ID, "/grade")
		client := w.srv.Client()
		version := c.Case.Version
		bodies := make([][]byte, 3)
		for i, g := range grades {
			bodies[i] = []byte(`{"grade":"` + g + `","note":"按程序分级"}`)
		}
		i := 0
		for b.Loop() {
			req, _ := http.NewRequest("POST", url, bytes.NewReader(bodies[i%3]))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-User", "court-group")
			req.Header.Set("If-Match", `"`+strconv.Itoa(version)+`"`)
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status %d", resp.StatusCode)
			}
			version, _ = strconv.Atoi(resp.Header.Get("ETag")[1 : len(resp.Header.Get("ETag"))-1])
			i++
		}
	})
}
