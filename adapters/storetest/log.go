package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/audit"
	"github.com/dandang/dandang/kit"
	"golang.org/x/mod/sumdb/note"
)

// LogEnv is a fresh, empty database with its Merkle log, as the log suite
// sees it.
type LogEnv struct {
	Env
	Log audit.Log
}

// Bound seals the record that takes c one version further after prev (nil
// for the first record), binding c's state as stored (XC11), as the
// engine does: c is under data contract 1, its version and head updated.
func Bound(kind string, c *Toy, prev *dandang.Record, cmd string) dandang.Record {
	c.Contract = 1
	c.Version++
	c.Head = ""
	state, _ := kit.StateHash(c) // a Toy always encodes
	r := dandang.Record{CaseKind: kind, CaseID: c.ID, At: t0.Add(time.Duration(c.Version) * time.Minute),
		Actor:   dandang.ActorRef{ID: "u1", OrganID: c.Organ.ID, Level: c.Organ.Level, Role: dandang.PetitionOffice},
		Command: cmd, From: string(c.State), To: string(c.State), Rules: []string{"CL01"}, Payload: []byte(`{}`),
		StateHash: state}
	r.Seal(prev)
	c.Head = r.Hash
	return r
}

// Saved saves a toy of kind with id and n bound records (one save for the
// first, one for the rest) and returns it and its records.
func Saved(t testing.TB, s kit.Store[*Toy], kind, id string, n int) (*Toy, []dandang.Record) {
	t.Helper()
	c, recs, err := save(s, kind, id, n)
	if err != nil {
		t.Fatal(err)
	}
	return c, recs
}

// save is Saved for a goroutine other than the test's, which may not stop
// the test: it returns the error.
func save(s kit.Store[*Toy], kind, id string, n int) (*Toy, []dandang.Record, error) {
	ctx := context.Background()
	c, _ := NewToy(kind, id, "o1", "330723", "s-"+id)
	c.Version = 0
	recs := []dandang.Record{Bound(kind, c, nil, "open")}
	if err := s.Save(ctx, c, 0, recs, nil); err != nil {
		return nil, nil, fmt.Errorf("Save(%s, prev 0) = %w", id, err)
	}
	for i := 1; i < n; i++ {
		recs = append(recs, Bound(kind, c, &recs[i-1], fmt.Sprintf("step%d", i)))
	}
	if n > 1 {
		if err := s.Save(ctx, c, 1, recs[1:], nil); err != nil {
			return nil, nil, fmt.Errorf("Save(%s, prev 1) = %w", id, err)
		}
	}
	return c, recs, nil
}

// TestKey returns a fresh Ed25519 signer and its verifier named name.
func TestKey(t testing.TB, name string) (note.Signer, note.Verifier) {
	t.Helper()
	skey, vkey, err := note.GenerateKey(rand.Reader, name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

// Log runs the conformance suite of a store's Merkle log (XC01): every
// record saved, of every kind, is a leaf, numbered without gaps in the
// order saves commit, nothing for a refused save; proofs and a store-wide
// Verify hold against signed checkpoints; a bundle exported checks.
func Log(t *testing.T, newEnv func(t *testing.T) LogEnv) {
	ctx := context.Background()
	t.Run("XC01_EveryRecordIsALeaf", func(t *testing.T) {
		env := newEnv(t)
		_, a := Saved(t, env.Store, ToyKind, "a", 3)
		_, b := Saved(t, env.Other, OtherKind, "a", 2)
		// A refused save appends nothing.
		c, _ := NewToy(ToyKind, "a", "o1", "330723")
		if err := env.Store.Save(ctx, c, 0, []dandang.Record{Next(ToyKind, c, nil, "open")}, nil); !errors.Is(err, dandang.Conflict) {
			t.Fatalf("Save of an existing case = %v, want Conflict", err)
		}
		tree, err := env.Log.Tree(ctx)
		if err != nil || tree.N != 5 {
			t.Fatalf("Tree = %v, %v; want 5 leaves", tree, err)
		}
		seen := map[int64]bool{}
		for _, cs := range []struct {
			kind string
			recs []dandang.Record
		}{{ToyKind, a}, {OtherKind, b}} {
			leaves, err := env.Log.CaseLeaves(ctx, cs.kind, "a")
			if err != nil || len(leaves) != len(cs.recs) {
				t.Fatalf("CaseLeaves(%s) = %v, %v", cs.kind, leaves, err)
			}
			for i, l := range leaves {
				got, err := env.Log.Leaves(ctx, l, l+1)
				if err != nil || seen[l] || got[0] != audit.LeafHash(&cs.recs[i]) {
					t.Errorf("%s record %d: leaf %d = %v, %v; want its own leaf", cs.kind, i+1, l, got, err)
				}
				seen[l] = true
			}
		}
		if _, err := env.Log.CaseLeaves(ctx, ToyKind, "none"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("CaseLeaves of no case = %v, want NotFound", err)
		}
	})
	t.Run("XC01_ProofsAgainstCheckpoints", func(t *testing.T) {
		env := newEnv(t)
		signer, key := TestKey(t, "test.log")
		cp := &audit.Checkpointer{Log: env.Log, Origin: "test.log", Signer: signer}
		_, recs := Saved(t, env.Store, ToyKind, "a", 4)
		old, err := cp.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		Saved(t, env.Other, OtherKind, "b", 3)
		signed, err := cp.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, err := audit.Open(signed, key)
		if err != nil || c.Size != 7 {
			t.Fatalf("Open = %+v, %v; want 7 leaves", c, err)
		}
		o, _ := audit.Open(old, key)
		p, err := audit.ProveConsistency(ctx, env.Log, o, c)
		if err != nil || !audit.CheckConsistency(o, c, p) {
			t.Errorf("consistency of %d to %d: %v", o.Size, c.Size, err)
		}
		leaves, _ := env.Log.CaseLeaves(ctx, ToyKind, "a")
		for i, l := range leaves {
			p, err := audit.ProveRecord(ctx, env.Log, c, l)
			if err != nil || !audit.CheckRecord(c, l, &recs[i], p) {
				t.Errorf("record %d at leaf %d: proof does not hold (%v)", i+1, l, err)
			}
		}
		if err := audit.Verify(ctx, env.Log, c); err != nil {
			t.Errorf("Verify of an untampered store = %v", err)
		}
		if err := audit.Consistent(ctx, env.Log, key, old, signed); err != nil {
			t.Errorf("Consistent = %v", err)
		}
		ex := &audit.Exporter{Log: env.Log, Key: key, Sources: []audit.Source{audit.From(Toys, env.Store)}}
		b, err := ex.Case(ctx, signed, ToyKind, "a", old)
		if err != nil {
			t.Fatal(err)
		}
		if r := b.Check(key, old); !r.OK() {
			t.Errorf("Check of a fresh bundle:\n%s", r.Text("en"))
		}
	})
	t.Run("XC01_ConcurrentSavesNumberLeavesWithoutGaps", func(t *testing.T) {
		env := newEnv(t)
		const n = 8
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := save(env.Store, ToyKind, fmt.Sprintf("c%d", i), 3); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		signer, key := TestKey(t, "test.log")
		signed, err := (&audit.Checkpointer{Log: env.Log, Origin: "test.log", Signer: signer}).Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := audit.Open(signed, key)
		if c.Size != 3*n {
			t.Errorf("log of %d leaves, want %d", c.Size, 3*n)
		}
		if err := audit.Verify(ctx, env.Log, c); err != nil {
			t.Errorf("Verify = %v", err)
		}
	})
	// A history read under load does not cry tamper: records saved while
	// Verify reads the log are later than its checkpoint, not forged.
	t.Run("XC01_VerifyBesideSaves", func(t *testing.T) {
		env := newEnv(t)
		Saved(t, env.Store, ToyKind, "first", 2)
		signer, key := TestKey(t, "test.log")
		signed, err := (&audit.Checkpointer{Log: env.Log, Origin: "test.log", Signer: signer}).Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := audit.Open(signed, key)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					if _, _, err := save(env.Store, ToyKind, fmt.Sprintf("w%d-%d", w, i), 3); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		for range 20 {
			if err := audit.Verify(ctx, env.Log, c); err != nil {
				t.Errorf("Verify beside saves = %v", err)
				break
			}
		}
		close(stop)
		wg.Wait()
	})
}

// Superuser changes a database behind the library's back, for [Tampers].
type Superuser interface {
	// Rewrite replaces the ToyKind case id and its history by what f
	// returns for them; records keep the leaf of the one at their place
	// before, and one added has none.
	Rewrite(t testing.TB, id string, f func(c *Toy, recs []dandang.Record) (*Toy, []dandang.Record))
	// Delete deletes the ToyKind case id and its history.
	Delete(t testing.TB, id string)
	// RewriteLeaf sets the log's leaf n to another hash.
	RewriteLeaf(t testing.TB, n int64)
}

// tamper is a change a superuser makes to the case "victim" of 4 records
// (between a case saved before and one after); verify is whether
// audit.Verify on the store finds it (a case row edited is the services'
// Verify's to find).
type tamper struct {
	name   string
	do     func(t testing.TB, su Superuser, leaves []int64)
	verify bool
}

var tampers = []tamper{
	{"RecordEdited", func(t testing.TB, su Superuser, _ []int64) {
		su.Rewrite(t, "victim", func(c *Toy, recs []dandang.Record) (*Toy, []dandang.Record) {
			recs[1].Reason = "rewritten"
			return c, recs
		})
	}, true},
	{"LastRecordDeletedHeadRewound", func(t testing.TB, su Superuser, _ []int64) {
		su.Rewrite(t, "victim", func(c *Toy, recs []dandang.Record) (*Toy, []dandang.Record) {
			recs = recs[:len(recs)-1]
			c.Version, c.Head = len(recs), recs[len(recs)-1].Hash
			return c, recs
		})
	}, true},
	{"CaseDeleted", func(t testing.TB, su Superuser, _ []int64) { su.Delete(t, "victim") }, true},
	{"CaseRowEdited", func(t testing.TB, su Superuser, _ []int64) {
		su.Rewrite(t, "victim", func(c *Toy, recs []dandang.Record) (*Toy, []dandang.Record) {
			c.Notes = []string{"改写"}
			return c, recs
		})
	}, false},
	{"LeafRewritten", func(t testing.TB, su Superuser, leaves []int64) { su.RewriteLeaf(t, leaves[1]) }, true},
	{"ChainRewrittenAndRehashed", func(t testing.TB, su Superuser, _ []int64) {
		su.Rewrite(t, "victim", func(c *Toy, recs []dandang.Record) (*Toy, []dandang.Record) {
			c.Version = 0
			out := []dandang.Record{}
			for i, r := range recs {
				var prev *dandang.Record
				if i > 0 {
					prev = &out[i-1]
				}
				n := Bound(ToyKind, c, prev, r.Command)
				n.Reason = "rewritten"
				n.Seal(prev)
				c.Head = n.Hash
				out = append(out, n)
			}
			return c, out
		})
	}, true},
	{"ForgedRecordAppended", func(t testing.TB, su Superuser, _ []int64) {
		su.Rewrite(t, "victim", func(c *Toy, recs []dandang.Record) (*Toy, []dandang.Record) {
			return c, append(recs, Bound(ToyKind, c, &recs[len(recs)-1], "forged"))
		})
	}, true},
}

// Tampers runs each kind of tampering on a fresh database after a
// checkpoint was taken, and checks that it is found (XC01): by
// audit.Verify against that checkpoint (all but an edited case row, which
// the services' Verify finds), and always by the offline check of the
// period's bundle exported after the tamper, against a fresh checkpoint
// and the one taken before. su acts on env's database.
func Tampers(t *testing.T, newEnv func(t *testing.T) (LogEnv, Superuser)) {
	ctx := context.Background()
	for _, tt := range tampers {
		t.Run("XC01_"+tt.name, func(t *testing.T) {
			env, su := newEnv(t)
			Saved(t, env.Store, ToyKind, "before", 2)
			Saved(t, env.Store, ToyKind, "victim", 4)
			Saved(t, env.Store, ToyKind, "after", 2)
			leaves, err := env.Log.CaseLeaves(ctx, ToyKind, "victim")
			if err != nil {
				t.Fatal(err)
			}
			signer, key := TestKey(t, "test.log")
			cpr := &audit.Checkpointer{Log: env.Log, Origin: "test.log", Signer: signer}
			old, err := cpr.Checkpoint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			oc, _ := audit.Open(old, key)
			if err := audit.Verify(ctx, env.Log, oc); err != nil {
				t.Fatalf("Verify before the tamper = %v", err)
			}
			tt.do(t, su, leaves)
			verr := audit.Verify(ctx, env.Log, oc)
			if tt.verify && verr == nil {
				t.Errorf("audit.Verify against the checkpoint taken before found nothing")
			}
			signed, err := cpr.Checkpoint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ex := &audit.Exporter{Log: env.Log, Key: key, Sources: []audit.Source{audit.From(Toys, env.Store)}}
			b, err := ex.Period(ctx, signed, dandang.Period{From: t0.Add(-time.Hour), To: t0.Add(24 * time.Hour)}, old)
			if err != nil {
				t.Fatalf("Period export after the tamper = %v", err)
			}
			r := b.Check(key, old)
			if r.OK() {
				t.Errorf("the bundle's check found nothing:\n%s", r.Text("en"))
			} else {
				t.Logf("audit.Verify: %v; bundle: %s", verr, r.Fails.Text("en"))
			}
		})
	}
}
