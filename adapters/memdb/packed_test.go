package memdb

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/google/go-cmp/cmp"
)

// chain returns n records of one case as a store keeps them: each sealed
// on its predecessor, so that every PrevHash links.
func chain(n int, at time.Time, note string, payload []byte) []dandang.Record {
	recs := make([]dandang.Record, n)
	var prev *dandang.Record
	for i := range recs {
		r := dandang.Record{CaseKind: "toy", CaseID: "c1", At: at.Add(time.Duration(i) * time.Hour),
			Actor:   dandang.ActorRef{ID: "p1", Name: "张三", OrganID: "o1", Level: dandang.Level(i % 3), Role: "staff"},
			Command: "step", From: "open", To: "open", Reason: note, Rules: []string{"XC01", "XC11"},
			Payload: payload, StateHash: strings.Repeat("ab", 32)}
		r.Seal(prev)
		recs[i] = r
		prev = &recs[i]
	}
	return recs
}

// An ended case's history is packed (XC01: every record kept): unpacked,
// it is the records saved, field for field, whatever they hold.
func TestPackKeepsEveryRecordXC01(t *testing.T) {
	china := time.FixedZone("CST", 8*3600)
	recs := chain(5, time.Date(2026, 3, 1, 9, 0, 0, 123000, china), "理由", []byte(`{"a":1}`))
	recs[1].Rules, recs[1].Payload = nil, nil                // absent
	recs[2].Rules, recs[2].Payload = []string{}, []byte{}    // present and empty
	recs[3].At = time.Date(1960, 1, 1, 0, 0, 0, 1, time.UTC) // before 1970, another location
	recs[3].StateHash = "ABCDEF"                             // not a hash the seal writes
	recs[4].PrevHash = strings.ToUpper(recs[3].Hash)         // a link that does not link
	recs[4].Hash = ""
	recs[0].Payload = []byte(`{"caseId":"c1","version":0,"forms":["written"]}`) // a command's input: its ref opens it
	recs[3].Payload = []byte(`{"caseId":"c1","version":3`)                      // the opening alone
	recs[4].Payload = []byte(`{"caseId":"c1","version":3}`)                     // another version than the record's
	got := pack(recs).unpack()
	if !reflect.DeepEqual(got, recs) {
		t.Fatalf("unpacked\n%+v\nwant\n%+v", got, recs)
	}
	if len(pack(nil).unpack()) != 0 {
		t.Fatal("an empty history unpacks to records")
	}
}

// Unpacked records are the caller's: changing them changes nothing of the
// packed history (XC01).
func TestUnpackedIsACopyXC01(t *testing.T) {
	recs := chain(3, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), "", []byte(`{"a":1}`))
	p := pack(recs)
	got := p.unpack()
	got[0].Payload[0], got[0].Rules[0] = 'x', "XX"
	got[0].Payload = append(got[0].Payload, '!')
	got[0].Rules = append(got[0].Rules, "YY")
	if again := p.unpack(); !reflect.DeepEqual(again, recs) {
		t.Fatalf("the packed history changed: %+v", again)
	}
}

// FuzzPack packs a chain of records made of the fuzzer's strings and
// bytes and checks that it unpacks to the same records.
func FuzzPack(f *testing.F) {
	f.Add(uint8(3), int64(1_700_000_000), uint32(0), "理由", "XC01", []byte(`{"forms":["written"]}`), "")
	f.Add(uint8(1), int64(-1), uint32(999_999_999), "", "", []byte(nil), strings.Repeat("0f", 32))
	f.Fuzz(func(t *testing.T, n uint8, sec int64, nsec uint32, reason, rule string, payload []byte, hash string) {
		recs := chain(int(n%20), time.Unix(sec, int64(nsec%1_000_000_000)).In(time.FixedZone("x", int(sec%50000))), reason, payload)
		for i := range recs {
			if i%2 == 1 {
				recs[i].Rules = append(recs[i].Rules, rule)
				recs[i].StateHash, recs[i].PrevHash = hash, hash
			}
		}
		if got := pack(recs).unpack(); !reflect.DeepEqual(got, recs) {
			t.Fatalf("unpacked\n%+v\nwant\n%+v", got, recs)
		}
	})
}

// An ended case keeps the log's leaf of each record in its packed block:
// packed, any number of leaves reads back as it was given.
func TestPackedLeaves(t *testing.T) {
	for _, leaves := range [][]int64{nil, {0}, {5, 6, 7}, {1, 90, 91, 4000, 1 << 40}, {3, 4}} {
		p := pack([]dandang.Record{{CaseKind: "k", CaseID: "c", Seq: 1}, {CaseKind: "k", CaseID: "c", Seq: 2}, {CaseKind: "k", CaseID: "c", Seq: 3}})
		records := p.unpack()
		got := p.withLeaves(leaves).leaves()
		if len(leaves) == 0 {
			leaves = nil
		}
		if !slices.Equal(got, leaves) {
			t.Errorf("leaves %v read back as %v", leaves, got)
		}
		if diff := cmp.Diff(records, p.unpack()); diff != "" {
			t.Errorf("records changed by the leaves (-before +after):\n%s", diff)
		}
	}
}
