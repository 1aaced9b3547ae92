package memdb

import (
	"encoding/binary"
	"encoding/hex"
	"slices"
	"sync"
	"time"

	"github.com/dandang/dandang"
)

// packed is the history of an ended case kept in one block: most cases of
// a long-lived store have ended, and their records are read seldom (a
// history, a verification, an audit) but held for good. A record as a
// struct costs about 300 bytes before its strings, and each of its two
// hashes 64 bytes of hex; packed, a record is its payload, its hashes as
// 32 raw bytes each, and a byte or two for each other field.
//
// data holds the records in order; strs the distinct strings they name
// (kind, ID, actor, command, states, reason, rules), shared with the
// records they came from; locs the distinct locations of their times.
// A packed history is never changed: a save appends to an unpacked copy
// and packs anew.
type packed struct {
	data []byte
	strs []string
	locs []*time.Location
	n    int
}

// The forms of a hash in a packed record.
const (
	hashEmpty = iota // ""
	hashRaw          // 64 lowercase hex digits, kept as their 32 bytes
	hashStr          // anything else, kept as a string of strs
	hashPrev         // the previous record's hash (a PrevHash that links)
)

// packScratch is what pack builds a block in: kept between packs, so
// that a pack allocates the block and its string table alone.
type packScratch struct {
	b      []byte
	strs   []string
	strIdx map[string]int
}

var packScratches = sync.Pool{New: func() any { return &packScratch{strIdx: map[string]int{}} }}

// pack returns the records packed.
func pack(recs []dandang.Record) *packed {
	sc := packScratches.Get().(*packScratch)
	defer func() { clear(sc.strIdx); packScratches.Put(sc) }()
	p := &packed{n: len(recs)}
	strs, b := sc.strs[:0], sc.b[:0]
	str := func(s string) {
		i, ok := sc.strIdx[s]
		if !ok {
			i = len(strs)
			sc.strIdx[s] = i
			strs = append(strs, s)
		}
		b = binary.AppendUvarint(b, uint64(i))
	}
	hash := func(h, prev string) {
		switch {
		case h == "":
			b = append(b, hashEmpty)
		case prev != "" && h == prev:
			b = append(b, hashPrev)
		case isHex32(h):
			b = append(b, hashRaw)
			b, _ = hex.AppendDecode(b, []byte(h)) // isHex32: no error
		default:
			b = append(b, hashStr)
			str(h)
		}
	}
	prevHash := ""
	for i := range recs {
		r := &recs[i]
		str(r.CaseKind)
		str(r.CaseID)
		b = binary.AppendVarint(b, int64(r.Seq))
		loc := r.At.Location()
		li := slices.Index(p.locs, loc)
		if li < 0 {
			li = len(p.locs)
			p.locs = append(p.locs, loc)
		}
		b = binary.AppendVarint(b, r.At.Unix())
		b = binary.AppendUvarint(b, uint64(r.At.Nanosecond()))
		b = binary.AppendUvarint(b, uint64(li))
		str(r.Actor.ID)
		str(r.Actor.Name)
		str(r.Actor.OrganID)
		b = binary.AppendVarint(b, int64(r.Actor.Level))
		str(string(r.Actor.Role))
		str(r.Command)
		str(r.From)
		str(r.To)
		str(r.Reason)
		if r.Rules == nil {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, uint64(len(r.Rules))+1)
			for _, rule := range r.Rules {
				str(rule)
			}
		}
		if r.Payload == nil {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, uint64(len(r.Payload))+1)
			b = append(b, r.Payload...)
		}
		hash(r.StateHash, "")
		hash(r.PrevHash, prevHash)
		hash(r.Hash, "")
		prevHash = r.Hash
	}
	// The block and the table keep no spare capacity; the scratch keeps
	// its own for the next pack, unless a huge history grew it.
	p.data, p.strs = slices.Clone(b), slices.Clone(strs)
	clear(strs) // the scratch holds no string of this history
	if cap(b) <= 1<<16 {
		sc.b, sc.strs = b, strs
	}
	return p
}

// isHex32 reports whether h is 64 lowercase hex digits, which hex encoding
// gives back byte for byte from the 32 bytes they stand for.
func isHex32(h string) bool {
	if len(h) != 64 {
		return false
	}
	for i := 0; i < len(h); i++ {
		if c := h[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// unpack returns the records p holds, in memory the caller owns: the
// rules and payloads of all records in one allocation each, each record's
// slices capped at their length, as copyHistory gives them.
func (p *packed) unpack() []dandang.Record {
	out := make([]dandang.Record, p.n)
	d := decoder{b: p.data, p: p}
	// The rules and payloads take one allocation each: sized by a first
	// pass would cost a second decode, so they grow as needed.
	var rules []string
	var payloads []byte
	prevHash := ""
	for i := range out {
		r := &out[i]
		r.CaseKind = d.str()
		r.CaseID = d.str()
		r.Seq = int(d.varint())
		sec, nsec := d.varint(), int64(d.uvarint())
		r.At = time.Unix(sec, nsec).In(p.locs[d.uvarint()])
		r.Actor.ID = d.str()
		r.Actor.Name = d.str()
		r.Actor.OrganID = d.str()
		r.Actor.Level = dandang.Level(d.varint())
		r.Actor.Role = dandang.Role(d.str())
		r.Command = d.str()
		r.From = d.str()
		r.To = d.str()
		r.Reason = d.str()
		if n := int(d.uvarint()); n > 0 {
			if rules == nil {
				rules = make([]string, 0, 8*p.n)
			}
			at := len(rules)
			for range n - 1 {
				rules = append(rules, d.str())
			}
			r.Rules = rules[at:len(rules):len(rules)]
		}
		if n := int(d.uvarint()); n > 0 {
			if payloads == nil {
				payloads = make([]byte, 0, len(p.data))
			}
			at := len(payloads)
			payloads = append(payloads, d.bytes(n-1)...)
			r.Payload = payloads[at:len(payloads):len(payloads)]
		}
		r.StateHash = d.hash("")
		r.PrevHash = d.hash(prevHash)
		r.Hash = d.hash("")
		prevHash = r.Hash
	}
	return out
}

// decoder reads what pack wrote. The block is the store's own memory,
// written by pack alone: a short read is a defect, and panics.
type decoder struct {
	b []byte
	p *packed
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		panic("memdb: a packed history does not decode")
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		panic("memdb: a packed history does not decode")
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string { return d.p.strs[d.uvarint()] }

func (d *decoder) bytes(n int) []byte {
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) hash(prev string) string {
	form := d.bytes(1)[0]
	switch form {
	case hashEmpty:
		return ""
	case hashRaw:
		return hex.EncodeToString(d.bytes(32))
	case hashStr:
		return d.str()
	case hashPrev:
		return prev
	}
	panic("memdb: a packed history does not decode")
}
