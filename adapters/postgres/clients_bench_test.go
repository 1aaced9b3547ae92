package postgres_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
)

var clientsFor = flag.Duration("clients.for", 5*time.Second, "how long each phase of BenchmarkClients runs")

// BenchmarkClients runs 8 clients on two store instances (two pools on
// one schema, 4 clients each), each taking clearance cases from open to
// closed (11 commands each) for -clients.for, then `pgbench -b
// simple-update -c 8 -j 2` on the same server for as long, alternately,
// b.N times (run it with -benchtime 3x). It reports the commands per
// second, the command latency's median and 99th percentile, pgbench's tps
// and the ratio of the two (target: at least 1). It is skipped when no
// pgbench is found (PATH, then /usr/lib/postgresql/*/bin).
//
//	go test ./adapters/postgres -run '^$' -bench '^BenchmarkClients$' -benchtime 3x
func BenchmarkClients(b *testing.B) {
	pgbench, err := exec.LookPath("pgbench")
	if err != nil {
		found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
		if len(found) == 0 {
			b.Skip("no pgbench")
		}
		pgbench = found[len(found)-1]
	}
	name, url := schema(b)
	dbs := []*postgres.DB{instance(b, url, name), instance(b, url, name)}
	if _, err := dbs[0].Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	// pgbench's tables go in a schema of their own, dropped with it.
	bname, _ := schema(b)
	pg := func(args ...string) string {
		cmd := exec.Command(pgbench, append(args, url)...)
		cmd.Env = append(os.Environ(), "PGOPTIONS=-c search_path="+bname)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("pgbench %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	pg("-i", "-q", "-s", "1")
	tpsLine := regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

	var cmds, tps []float64
	var lat []time.Duration
	for round := range b.N {
		n, l := clients(b, dbs, fmt.Sprintf("r%d", round), *clientsFor)
		cmds = append(cmds, float64(n)/clientsFor.Seconds())
		lat = append(lat, l...)
		m := tpsLine.FindStringSubmatch(pg("-n", "-b", "simple-update", "-c", "8", "-j", "2", "-T", strconv.Itoa(int(clientsFor.Seconds()))))
		if m == nil {
			b.Fatal("pgbench printed no tps")
		}
		t, _ := strconv.ParseFloat(m[1], 64)
		tps = append(tps, t)
	}
	slices.Sort(lat)
	var ratios []float64
	for i := range cmds {
		ratios = append(ratios, cmds[i]/tps[i])
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(mean(cmds), "cmds/s")
	b.ReportMetric(mean(tps), "pgbench-tps")
	b.ReportMetric(mean(ratios), "ratio")
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	}
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// clients runs 8 clients, alternately on the instances, for d, and
// returns the commands they completed and each command's latency.
func clients(b *testing.B, dbs []*postgres.DB, prefix string, d time.Duration) (int, []time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var all []time.Duration
	var wg sync.WaitGroup
	for i := range 8 {
		svc, err := clearance.NewService(clearance.Config{Store: postgres.NewStore(dbs[i%len(dbs)], clearance.Cases),
			Clock: dandang.NewFixedClock(t0), Directory: directory})
		if err != nil {
			b.Fatal(err)
		}
		wg.Go(func() {
			var lat []time.Duration
			for k := 0; ctx.Err() == nil; k++ {
				if err := lifecycle(ctx, svc, fmt.Sprintf("%s-c%d-%d", prefix, i, k), &lat, nil); err != nil && ctx.Err() == nil {
					b.Error(err)
					return
				}
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return len(all), all
}

// lifecycle takes a new case from open to closed, as env.closed does,
// appending each command's latency to lat and, unless each is nil, calling
// each with the case each command returned.
func lifecycle(ctx context.Context, svc *clearance.Service, report string, lat *[]time.Duration, each func(*clearance.Case)) error {
	s := subject("s-" + report)
	steps := []func(c *clearance.Case) (*clearance.Case, error){
		func(*clearance.Case) (*clearance.Case, error) {
			return svc.Open(ctx, office, clearance.NewCase{
				Report:      clearance.Report{ID: report, Named: true, ConcludedAt: t0.Add(-time.Hour)},
				Subject:     s,
				Allegations: []dandang.Allegation{{ID: "1", SubjectID: s.ID, Summary: "拖延办案", Finding: dandang.Unfounded}},
			})
		},
		func(c *clearance.Case) (*clearance.Case, error) {
			return svc.Plan(ctx, office, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written}, Effects: []clearance.Effect{clearance.OnRights}})
		},
		func(c *clearance.Case) (*clearance.Case, error) {
			return svc.Consult(ctx, office, clearance.ConsultInput{Ref: ref(c), Agreed: true, Forms: []clearance.Form{clearance.Written}, Opinion: "同意"})
		},
		func(c *clearance.Case) (*clearance.Case, error) {
			return svc.Propose(ctx, office, clearance.ProposeInput{Ref: ref(c)})
		},
		func(c *clearance.Case) (*clearance.Case, error) {
			return svc.Approve(ctx, leader, clearance.DecisionInput{Ref: ref(c)})
		},
		func(c *clearance.Case) (*clearance.Case, error) {
			return svc.ServeNotice(ctx, office, clearance.NoticeInput{Ref: ref(c)})
		},
		func(c *clearance.Case) (*clearance.Case, error) {
			return svc.GiveFeedback(ctx, office, clearance.FeedbackInput{Ref: ref(c), Accepted: true})
		},
	}
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		steps = append(steps, func(c *clearance.Case) (*clearance.Case, error) {
			return svc.File(ctx, office, clearance.FileInput{Ref: ref(c), Filing: f})
		})
	}
	steps = append(steps, func(c *clearance.Case) (*clearance.Case, error) {
		return svc.Close(ctx, office, clearance.CloseInput{Ref: ref(c)})
	})
	var c *clearance.Case
	for _, step := range steps {
		start := time.Now()
		next, err := step(c)
		if err != nil {
			return err
		}
		*lat = append(*lat, time.Since(start))
		c = next
		if each != nil {
			each(c)
		}
	}
	return nil
}
