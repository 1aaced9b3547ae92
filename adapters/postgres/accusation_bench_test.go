package postgres_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/kit"
)

// BenchmarkIntake receives one report, screening included, on PostgreSQL
// (DANDANG_POSTGRES_URL) as one store grows from 1,000 reports to 10,000
// and then to DANDANG_BENCH_PG_REPORTS (default 1,000,000: about half an
// hour on two cores), filled outside the timer by 8 workers with the
// statistics kept current: the screening lookups go through the btree of
// case_keys on the content hash and the pseudonym, so ns/op stays flat
// (AC05). The plan of the lookup is logged at each size.
func BenchmarkIntake(b *testing.B) {
	large := 1_000_000
	if v := os.Getenv("DANDANG_BENCH_PG_REPORTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10_000 {
			b.Fatalf("DANDANG_BENCH_PG_REPORTS=%q: a number of at least 10000", v)
		}
		large = n
	}
	db := fresh(b)
	ctx := context.Background()
	province := dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	city := dandang.Organ{ID: "wz", Name: "温州市纪委监委", Level: dandang.City, Region: "3303", Superior: "zj"}
	county := dandang.Organ{ID: "dt", Name: "洞头区纪委监委", Level: dandang.County, Region: "330305", Superior: "wz"}
	dir, err := dandang.NewDirectory(province, city, county)
	if err != nil {
		b.Fatal(err)
	}
	keys, _ := accusation.NewMemoryKeys("k1", []byte("0123456789abcdef0123456789abcdef"))
	at := time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China)
	svc, err := accusation.NewService(accusation.Config{Store: postgres.NewStore(db, accusation.Cases), Directory: dir, Clock: dandang.NewFixedClock(at), Keys: keys})
	if err != nil {
		b.Fatal(err)
	}
	staff := dandang.Actor{ID: "pet", Organ: dandang.Organ{ID: "dt"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	zeng := dandang.Subject{ID: "p-zeng", Kind: dandang.Person, Name: "曾国锋", ManagedAt: dandang.County, Region: "330305"}
	receive := func(id string, named bool, text string) error {
		in := accusation.NewReport{ID: id, Named: named, ReceivedAt: at, Subjects: []dandang.Subject{zeng},
			Allegations: []dandang.Allegation{{ID: "a1", SubjectID: zeng.ID, Summary: "收受红包"}}}
		conf := accusation.Confidential{Text: text}
		if named {
			conf.Reporter = accusation.Identity{Name: "举报人", IDNumber: id}
		}
		_, err := svc.Receive(ctx, staff, in, conf)
		return err
	}
	// analyze brings the planner's statistics up to date, as autovacuum
	// does in a running database. The screening lookup's plan does not
	// depend on them: set DANDANG_BENCH_NO_ANALYZE to see it stay flat on
	// tables grown in bulk that were never analyzed.
	analyze := func(sql string) {
		if os.Getenv("DANDANG_BENCH_NO_ANALYZE") != "" {
			return
		}
		if _, err := db.Pool().Exec(ctx, sql); err != nil {
			b.Fatal(err)
		}
	}
	stored := 0
	grow := func(to int) {
		start := time.Now()
		const workers, chunk = 8, 5_000
		for stored < to {
			end := min(to, stored+chunk)
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := stored + w; i < end; i += workers {
						if err := receive(fmt.Sprintf("s%08d", i), i%10 == 0, fmt.Sprintf("第%d件", i)); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			if err := <-errs; err != nil {
				b.Fatal(err)
			}
			stored = end
			analyze("ANALYZE cases, case_keys")
		}
		analyze("VACUUM ANALYZE cases, case_keys")
		b.Logf("store grown to %d reports in %s", stored, time.Since(start).Round(time.Millisecond))
		// The store's screening lookup, as Find writes it, and its plan as
		// the planner sees it now.
		sql, args := postgres.FindSQL(accusation.Kind, kit.Filter{Keys: map[string][]string{"content_hash": {"none"}}, OrganIDs: []string{"dt"}})
		rows, err := db.Pool().Query(ctx, "EXPLAIN "+sql, args...)
		if err != nil {
			b.Fatal(err)
		}
		plan := ""
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				b.Fatal(err)
			}
			plan += "\n\t" + line
		}
		rows.Close()
		b.Logf("screening plan at %d reports:%s", stored, plan)
	}
	n := 0
	sizes := []int{1_000, 10_000}
	if large > 10_000 {
		sizes = append(sizes, large)
	}
	for _, size := range sizes {
		grow(size)
		b.Run(fmt.Sprintf("stored=%d", size), func(b *testing.B) {
			for range b.N {
				n++
				if err := receive(fmt.Sprintf("b%08d", n), true, fmt.Sprintf("新举报%d", n)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
