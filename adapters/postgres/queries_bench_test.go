package postgres_test

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/kit"
	"github.com/jackc/pgx/v5"
)

var queriesLarge = flag.Int("queries.large", 1_000_000, "the larger store size of BenchmarkQueries")

// BenchmarkQueries runs clearance's queries on PostgreSQL at 10,000 cases
// and at -queries.large (1,000,000) in one run: Find by subject (the
// lookup screening runs), Overdue, Stats of a month, and the first page
// of a listing. Each finds the same cases at both sizes: 50 closed in the
// month, 50 overdue and one alone with its subject, made by the service;
// the rest, copies of a case closed three months before and of one open with a
// deadline a year on, are written by SQL (generate_series), with a
// subject each. Flat means the same time at both sizes: each query walks
// its narrowest index (the subject's, the deadline's, the closing
// time's) and reads only the cases it returns.
//
//	go test ./adapters/postgres -run '^$' -bench '^BenchmarkQueries$' -benchtime 20x
func BenchmarkQueries(b *testing.B) {
	ctx := context.Background()
	db := fresh(b)
	clock := dandang.NewFixedClock(t0)
	svc, err := clearance.NewService(clearance.Config{Store: postgres.NewStore(db, clearance.Cases), Clock: clock, Directory: directory})
	if err != nil {
		b.Fatal(err)
	}
	e := &env{t: b, svc: svc}
	month := time.Date(2023, 10, 1, 0, 0, 0, 0, dandang.China) // after t0, when the reports concluded
	at := func(t time.Time) { clock.Set(t.Add(9 * time.Hour)) }
	for i := range 50 {
		at(month.AddDate(0, 0, i%28))
		e.closed(fmt.Sprintf("m%d", i))
		at(month)
		e.planned(fmt.Sprintf("due%d", i))
	}
	at(month)
	lone := e.planned("lone")
	// The templates of the rest: TMPL in their JSON becomes each copy's own.
	at(month.AddDate(0, -3, 0))
	e.closed("TMPLC")
	at(month.AddDate(1, 0, 0))
	e.planned("TMPLO")
	stored := 103
	fill := func(to int) {
		if to <= stored {
			return
		}
		// Half closed, half open, in batches, each its own transaction.
		for from := stored; from < to; from += 50_000 {
			n := min(50_000, to-from)
			if _, err := db.Pool().Exec(ctx, `INSERT INTO cases (kind, id, version, state, subject_ids, organ_id, organ_region, due, provisional, closed_at, priority, data)
				SELECT t.kind, replace(t.id, 'TMPL', x.tag), t.version, t.state, ARRAY[replace(t.subject_ids[1], 'TMPL', x.tag)], t.organ_id, t.organ_region,
					t.due, t.provisional, t.closed_at, t.priority, replace(t.data::text, 'TMPL', x.tag)::json
				FROM generate_series($1::int, $2::int) AS g(i)
				CROSS JOIN LATERAL (SELECT 'f' || g.i::text AS tag) AS x
				JOIN cases t ON t.kind = 'clearance' AND t.id = CASE WHEN g.i % 2 = 0 THEN 'TMPLC/s-TMPLC' ELSE 'TMPLO/s-TMPLO' END`,
				from, from+n-1); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := db.Pool().Exec(ctx, "ANALYZE cases"); err != nil {
			b.Fatal(err)
		}
		stored = to
	}
	now := month.AddDate(0, 2, 0)
	for _, size := range []int{10_000, *queriesLarge} {
		fill(size)
		clock.Set(now)
		reach := []string{county.ID}
		for _, q := range []struct {
			name   string
			want   int
			filter kit.Filter // the store's query, for its SQL alone
			run    func() (int, error)
		}{
			{"find-subject", 1, kit.Filter{SubjectID: lone.Subject.ID, OrganIDs: reach}, func() (int, error) {
				cs, err := svc.Find(ctx, office, clearance.Filter{SubjectID: lone.Subject.ID})
				return len(cs), err
			}},
			{"overdue", 51, kit.Filter{DueBefore: dandang.DayOf(now), OrganIDs: reach}, func() (int, error) {
				cs, err := svc.Overdue(ctx, office, now)
				return len(cs), err
			}},
			{"stats", 50, kit.Filter{ClosedFrom: month, ClosedTo: month.AddDate(0, 1, 0), OrganIDs: reach}, func() (int, error) {
				st, err := svc.Stats(ctx, office, dandang.Period{From: month, To: month.AddDate(0, 1, 0)})
				if err != nil {
					return 0, err
				}
				n := 0
				for _, o := range st.Organs {
					n += o.Cases
				}
				return n, nil
			}},
			{"list-page", 20, kit.Filter{Limit: 20, OrganIDs: reach}, func() (int, error) {
				cs, err := svc.Find(ctx, office, clearance.Filter{Limit: 20})
				return len(cs), err
			}},
		} {
			b.Run(fmt.Sprintf("%s/stored=%d", q.name, size), func(b *testing.B) {
				for range b.N {
					n, err := q.run()
					if err != nil {
						b.Fatal(err)
					}
					if n != q.want {
						b.Fatalf("%d found, want %d", n, q.want)
					}
				}
			})
			// The plan, and what it read, at this size.
			sql, args := postgres.FindSQL("clearance", q.filter)
			if rows, err := db.Pool().Query(ctx, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) "+sql, args...); err == nil {
				if plan, err := pgx.CollectRows(rows, pgx.RowTo[string]); err == nil {
					b.Logf("%s at %d cases:\n\t%s", q.name, size, strings.Join(plan, "\n\t"))
				}
			}
			// The same query's SQL alone: the rows scanned as Find scans
			// them, not decoded.
			b.Run(fmt.Sprintf("%s-sql/stored=%d", q.name, size), func(b *testing.B) {
				sql, args := postgres.FindSQL("clearance", q.filter)
				for range b.N {
					rows, err := db.Pool().Query(ctx, sql, args...)
					if err != nil {
						b.Fatal(err)
					}
					n := 0
					for rows.Next() {
						var (
							id, state, organ, region string
							version                  int
							subjects                 []string
							due                      *int32
							provisional, priority    bool
							closed                   *time.Time
							data                     []byte
						)
						if err := rows.Scan(&id, &version, &state, &subjects, &organ, &region, &due, &provisional, &closed, &priority, &data); err != nil {
							b.Fatal(err)
						}
						n++
					}
					if rows.Err() != nil || n != q.want {
						b.Fatalf("%d rows, %v; want %d", n, rows.Err(), q.want)
					}
				}
			})
		}
	}
}
