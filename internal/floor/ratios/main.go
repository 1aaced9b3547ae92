// Ratios runs every command benchmark of every process beside the floor
// (internal/floor's BenchmarkPropose), round after round in one run, and
// prints each as the median of its per-round ratios to the floor; then the
// live heap per closed case, and, when DANDANG_POSTGRES_URL is set, the
// PostgreSQL paths as ratios to bare pgx doing the same round trips.
//
//	go run ./internal/floor/ratios              # 5 rounds, heap at 10k cases
//	go run ./internal/floor/ratios -rounds 9 -heap100k -queries
//	go run ./internal/floor/ratios -before /tmp/main   # a checkout of another commit, alternately
//	go run ./internal/floor/ratios -clients 3          # and 8 PostgreSQL clients against pgbench
//
// Each package's test binary is built once; the rounds alternate between
// them, so that a slower minute on a shared machine weighs on every figure
// alike. The machine's load (from /proc/loadavg) is printed before and
// after.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// suite is the benchmarks of one package run in each round.
type suite struct {
	pkg, bench, benchtime string
}

var (
	floor    = suite{"./internal/floor", "^BenchmarkPropose$", "20000x"}
	commands = []suite{
		{"./clearance", "^Benchmark(Command_|Lifecycle$)", "2000x"},
		{"./accusation", "^BenchmarkFind$", "2000x"},
		{"./accusation", "^BenchmarkReceive$/^stored=1000$", "2000x"},
		{"./tolerance", "^Benchmark(Distinguish|Decide)$", "2000x"},
		{"./followup", "^Benchmark(Visit|OpenAndPlan|AddMonths)$", "2000x"},
		{"./adapters/memdb", "^Benchmark(StoreSave|GoMemdb)$", "20000x"},
	}
	postgres = suite{"./adapters/postgres", "^Benchmark(StoreSave|BareSave|Command|BareCommand|Lifecycle|BareLifecycle|GetDecode|GetSQL|Pair)$", "300x"}
	pgPairs  = [][2]string{{"StoreSave", "BareSave"}, {"Command", "BareCommand"}, {"Lifecycle", "BareLifecycle"}, {"GetDecode", "GetSQL"}}
)

func main() {
	rounds := flag.Int("rounds", 5, "rounds of every benchmark")
	heap100k := flag.Bool("heap100k", false, "measure the heap at 100k closed cases too (about 2 GB)")
	queries := flag.Bool("queries", false, "run the query benchmarks at two sizes (Find, Overdue, Stats, screening)")
	clients := flag.Int("clients", 0, "with DANDANG_POSTGRES_URL, this many rounds of 8 clients on two PostgreSQL instances beside pgbench -b simple-update, alternately")
	before := flag.String("before", "", "a checkout of another commit whose benchmarks run alternately with this tree's, each against its own floor")
	flag.Parse()
	trees := []string{"."}
	if *before != "" {
		trees = append(trees, *before)
	}
	load("before")
	dir, err := os.MkdirTemp("", "ratios")
	check(err)
	defer os.RemoveAll(dir)

	all := append([]suite{floor}, commands...)
	pg := os.Getenv("DANDANG_POSTGRES_URL") != ""
	if pg {
		all = append(all, postgres)
	}
	bins := map[string]string{}
	for _, t := range trees {
		for _, s := range all {
			bins[t+s.pkg] = build(dir, t, s.pkg)
		}
	}
	ratios := map[string][]float64{} // tree NUL benchmark -> its ratio to the tree's floor in each round
	ns := map[string][]float64{}
	paired := map[string][][3]float64{} // tree NUL postgres.Pair/… -> store, bare, ratio in each round
	var order []string
	for r := range *rounds {
		fmt.Fprintf(os.Stderr, "round %d/%d\n", r+1, *rounds)
		for _, t := range trees {
			got := map[string]float64{}
			for _, s := range all {
				for name, m := range run(bins[t+s.pkg], t, s) {
					if strings.HasPrefix(name, "postgres.Pair/") {
						paired[t+"\x00"+name] = append(paired[t+"\x00"+name], [3]float64{m["store-ns/op"], m["bare-ns/op"], m["ratio"]})
						continue
					}
					got[name] = m["ns/op"]
				}
			}
			f := got["floor.Propose"]
			for name, v := range got {
				if !slices.Contains(order, name) {
					order = append(order, name)
				}
				ns[t+"\x00"+name] = append(ns[t+"\x00"+name], v)
				ratios[t+"\x00"+name] = append(ratios[t+"\x00"+name], v/f)
			}
		}
	}
	slices.Sort(order)
	for _, t := range trees {
		fmt.Printf("\n%s: commands against the floor (median of %d rounds; floor.Propose %s)\n", t, *rounds, dur(median(ns[t+"\x00floor.Propose"])))
		for _, name := range order {
			if strings.HasPrefix(name, "postgres.") {
				continue
			}
			fmt.Printf("  %-40s %10s  %6.2f×\n", name, dur(median(ns[t+"\x00"+name])), median(ratios[t+"\x00"+name]))
		}
	}
	if pg {
		for _, t := range trees {
			fmt.Printf("\n%s: PostgreSQL against bare pgx doing the same round trips (median of per-round ratios)\n", t)
			for _, p := range pgPairs {
				a, b := ns[t+"\x00postgres."+p[0]], ns[t+"\x00postgres."+p[1]]
				var rs []float64
				for i := range min(len(a), len(b)) {
					rs = append(rs, a[i]/b[i])
				}
				fmt.Printf("  %-14s %10s vs %-14s %10s  %5.2f×\n", p[0], dur(median(a)), p[1], dur(median(b)), median(rs))
			}
			fmt.Printf("  paired op by op, alternately (BenchmarkPair; median of rounds):\n")
			for _, k := range slices.Sorted(maps.Keys(paired)) {
				name, ok := strings.CutPrefix(k, t+"\x00postgres.Pair/")
				if !ok {
					continue
				}
				var st, ba, r []float64
				for _, v := range paired[k] {
					st, ba, r = append(st, v[0]), append(ba, v[1]), append(r, v[2])
				}
				fmt.Printf("  %-14s %10s vs bare %10s  %5.2f×\n", name, dur(median(st)), dur(median(ba)), median(r))
			}
		}
		if *clients > 0 {
			fmt.Printf("\n8 clients on two PostgreSQL instances against pgbench -b simple-update, alternately (%d rounds of 5 s each)\n", *clients)
			for _, t := range trees {
				s := suite{"./adapters/postgres", "^BenchmarkClients$", fmt.Sprintf("%dx", *clients)}
				for name, m := range run(bins[t+s.pkg], t, s) {
					fmt.Printf("  %-20s %-20s %8.0f commands/s (p50 %.1f ms, p99 %.1f ms) vs %8.0f tps  %5.2f×\n", t, name,
						m["cmds/s"], m["p50-µs"]/1e3, m["p99-µs"]/1e3, m["pgbench-tps"], m["ratio"])
				}
			}
		}
	} else {
		fmt.Printf("\nPostgreSQL: DANDANG_POSTGRES_URL is not set, not measured\n")
	}

	fmt.Printf("\nlive heap per closed clearance case with its full history\n")
	heaps := []string{"10000"}
	if *heap100k {
		heaps = append(heaps, "100000")
	}
	for _, n := range heaps {
		for _, t := range trees {
			cl := build(dir, t, "./clearance")
			for name, m := range run(cl, t, suite{"./clearance", "^BenchmarkHeapClosedCases/cases=" + n + "$", "1x"}) {
				fmt.Printf("  %-20s %-40s %8.0f B\n", t, name, m["B-live/case"])
			}
		}
	}
	if *queries {
		fmt.Printf("\nqueries at two sizes in one run\n")
		for _, s := range []suite{
			{"./clearance", "^BenchmarkQueries$", "20x"},
			{"./accusation", "^BenchmarkStatistics$", "20x"},
		} {
			for _, t := range trees {
				b := build(dir, t, s.pkg)
				res := run(b, t, s)
				names := slices.Sorted(func(yield func(string) bool) {
					for k := range res {
						if !yield(k) {
							return
						}
					}
				})
				for _, name := range names {
					fmt.Printf("  %-20s %-50s %10s\n", t, name, dur(res[name]["ns/op"]))
				}
			}
		}
	}
	load("after")
}

// build compiles the test binary of pkg in tree into dir.
func build(dir, tree, pkg string) string {
	out := filepath.Join(dir, strings.NewReplacer("/", "_", ".", "_").Replace(tree+pkg)+".test")
	if _, err := os.Stat(out); err == nil {
		return out
	}
	cmd := exec.Command("go", "test", "-c", "-o", out, pkg)
	cmd.Dir = tree
	cmd.Stderr = os.Stderr
	check(cmd.Run())
	return out
}

var line = regexp.MustCompile(`^Benchmark(\S+?)(-\d+)?\s+\d+\s+(.*)$`)

// run runs s's benchmarks once in the package's directory in tree and returns each
// benchmark's metrics by name (package.Name) and unit.
func run(bin, tree string, s suite) map[string]map[string]float64 {
	cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", s.bench, "-test.benchtime", s.benchtime, "-test.benchmem")
	cmd.Dir = filepath.Join(tree, s.pkg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		// What ran is still reported; the failure is told.
		os.Stderr.Write(out.Bytes())
		fmt.Fprintf(os.Stderr, "ratios: %s %s: %v\n", s.pkg, s.bench, err)
	}
	res := map[string]map[string]float64{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		f := strings.Fields(m[3])
		metrics := map[string]float64{}
		for i := 0; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				metrics[f[i+1]] = v
			}
		}
		res[filepath.Base(s.pkg)+"."+m[1]] = metrics
	}
	return res
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func dur(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func load(when string) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return
	}
	fmt.Printf("load %s: %s", when, b)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
}
