package memdb

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"
	"time"
	"unsafe"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// packed is the history of an ended case kept in one block: most cases of
// a long-lived store have ended, and their records are read seldom (a
// history, a verification, an audit) but held for good. A record as a
// struct costs about 300 bytes before its strings, and each of its two
// hashes 64 bytes of hex; packed, a record is its payload, its hashes as
// 32 raw bytes each, and a byte or two for each other field.
//
// data holds the records in order; tab the strings they name (kind, ID,
// actor, command, states, reason, rules), each once on the DB; locs the distinct locations of their times.
// A packed history is never changed: a save appends to an unpacked copy
// and packs anew.
//
// When the store's case type has a shape, the block holds the case too,
// after the records, from caseAt (-1 when it does not).
type packed struct {
	data   []byte
	tab    *strTable // the DB's: every string a record or the case names
	locs   []*time.Location
	n      int
	metaAt int        // where the case's meta starts, when caseAt is not -1
	caseAt int        // where the case starts
	sh     *caseShape // the shapes of the case and its meta, when caseAt is not -1
	leafAt int        // where the log's leaves of the records start (varint deltas), when above 0
}

// withLeaves returns p with the log's leaf of each record (in order, each
// after the one before) kept in its block, as their differences. p must be
// new, read by no one yet.
func (p *packed) withLeaves(leaves []int64) *packed {
	if len(leaves) == 0 {
		return p
	}
	b := make([]byte, len(p.data), len(p.data)+len(leaves)*2+2*binary.MaxVarintLen64)
	copy(b, p.data)
	p.leafAt = len(b)
	b = binary.AppendUvarint(b, uint64(len(leaves)))
	prev := int64(0)
	for _, l := range leaves {
		b = binary.AppendVarint(b, l-prev)
		prev = l
	}
	p.data = slices.Clip(b)
	return p
}

// leaves returns a copy of the leaves withLeaves kept (their number
// first in the block), or nil.
func (p *packed) leaves() []int64 {
	if p.leafAt == 0 {
		return nil
	}
	d := decoder{b: p.data[p.leafAt:], p: p}
	n := int(d.uvarint())
	out := make([]int64, 0, n)
	prev := int64(0)
	for range n {
		prev += d.varint()
		out = append(out, prev)
	}
	return out
}

// caseShape is the shape of a store's case type and of kit.Meta: the block
// of an ended case holds its meta too, so that a query reads that alone
// of the cases it does not select.
type caseShape struct{ c, meta *shape }

// The forms of a hash in a packed record.
const (
	hashEmpty = iota // ""
	hashRaw          // 64 lowercase hex digits, kept as their 32 bytes
	hashStr          // anything else, kept as a string of tab
	hashPrev         // the previous record's hash (a PrevHash that links)
)

// The forms of a payload in a packed record.
const (
	payloadNil = iota // nil
	payloadRaw        // its bytes
	payloadRef        // the bytes after the opening every command's input has (see cutRef)
)

// The opening of a command's input as JSON, its dandang.Ref first:
// refStart, the case ID, refVersion, the version the command was given.
const (
	refStart   = `{"caseId":"`
	refVersion = `","version":`
)

// appendRef appends the opening of the payload of the record seq of case
// id: the input of the command that made it, given the version before.
func appendRef(b []byte, id string, seq int) []byte {
	b = append(append(append(b, refStart...), id...), refVersion...)
	return strconv.AppendInt(b, int64(seq-1), 10)
}

// cutRef returns the payload after the opening appendRef gives, when it
// opens so: a packed record keeps the rest alone.
func cutRef(payload []byte, id string, seq int) ([]byte, bool) {
	var buf [64]byte
	return bytes.CutPrefix(payload, appendRef(buf[:0], id, seq))
}

// packScratch is what pack builds a block in.
type packScratch struct {
	b    []byte
	tab  *strTable
	locs []*time.Location
}

// str appends s as its index in the DB's string table, plus one; or, when
// s is a hash in hex (a head, a state hash), which no other block names, a
// 0 and its 32 bytes, so that the table holds only strings that blocks
// share or keep (kinds, states, actors, organs, rules, IDs).
func (sc *packScratch) str(s string) {
	if len(s) == 2*hashSize && isLowerHex(s) {
		sc.b = append(sc.b, 0)
		sc.b, _ = hex.AppendDecode(sc.b, []byte(s))
		return
	}
	sc.b = binary.AppendUvarint(sc.b, uint64(sc.tab.intern(s))+1)
}

const hashSize = 32 // a SHA-256 hash's bytes

// isLowerHex reports whether s is all lower-case hex digits, as
// hex.EncodeToString writes them.
func isLowerHex(s string) bool {
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// loc appends l as its index in the block's table of locations.
func (sc *packScratch) loc(l *time.Location) {
	li := slices.Index(sc.locs, l)
	if li < 0 {
		li = len(sc.locs)
		sc.locs = append(sc.locs, l)
	}
	sc.b = binary.AppendUvarint(sc.b, uint64(li))
}

// pack returns the records packed.
// pack returns the records packed, on a string table of their own.
func pack(recs []dandang.Record) *packed { return packCase(newStrTable(), recs, nil, nil, nil) }

// packCase returns the records packed, and the case at c and its meta m
// with them when sh is not nil (c and m are not read when it is).
func packCase(tab *strTable, recs []dandang.Record, sh *caseShape, c unsafe.Pointer, m *kit.Meta) *packed {
	sc := &packScratch{b: make([]byte, 0, 4<<10), tab: tab}
	p := &packed{n: len(recs), caseAt: -1, tab: tab}
	hash := func(h, prev string) {
		switch {
		case h == "":
			sc.b = append(sc.b, hashEmpty)
		case prev != "" && h == prev:
			sc.b = append(sc.b, hashPrev)
		case isHex32(h):
			sc.b = append(sc.b, hashRaw)
			sc.b, _ = hex.AppendDecode(sc.b, []byte(h)) // isHex32: no error
		default:
			sc.b = append(sc.b, hashStr)
			sc.str(h)
		}
	}
	prevHash := ""
	for i := range recs {
		r := &recs[i]
		sc.str(r.CaseKind)
		sc.str(r.CaseID)
		sc.b = binary.AppendVarint(sc.b, int64(r.Seq))
		sc.b = binary.AppendVarint(sc.b, r.At.Unix())
		sc.b = binary.AppendUvarint(sc.b, uint64(r.At.Nanosecond()))
		sc.loc(r.At.Location())
		sc.str(r.Actor.ID)
		sc.str(r.Actor.Name)
		sc.str(r.Actor.OrganID)
		sc.b = binary.AppendVarint(sc.b, int64(r.Actor.Level))
		sc.str(string(r.Actor.Role))
		sc.str(r.Command)
		sc.str(r.From)
		sc.str(r.To)
		sc.str(r.Reason)
		if r.Rules == nil {
			sc.b = binary.AppendUvarint(sc.b, 0)
		} else {
			sc.b = binary.AppendUvarint(sc.b, uint64(len(r.Rules))+1)
			for _, rule := range r.Rules {
				sc.str(rule)
			}
		}
		switch rest, ok := cutRef(r.Payload, r.CaseID, r.Seq); {
		case r.Payload == nil:
			sc.b = append(sc.b, payloadNil)
		case ok:
			sc.b = append(sc.b, payloadRef)
			sc.b = binary.AppendUvarint(sc.b, uint64(len(rest)))
			sc.b = append(sc.b, rest...)
		default:
			sc.b = append(sc.b, payloadRaw)
			sc.b = binary.AppendUvarint(sc.b, uint64(len(r.Payload)))
			sc.b = append(sc.b, r.Payload...)
		}
		hash(r.StateHash, "")
		hash(r.PrevHash, prevHash)
		hash(r.Hash, "")
		prevHash = r.Hash
	}
	if sh != nil {
		p.metaAt, p.sh = len(sc.b), sh
		sh.meta.enc(sc, unsafe.Pointer(m))
		p.caseAt = len(sc.b)
		sh.c.enc(sc, c)
	}
	// The block and the tables keep no spare capacity; the scratch keeps
	// its own for the next pack, unless a huge history grew it.
	p.data, p.locs = slices.Clone(sc.b), slices.Clone(sc.locs)
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
		if form := d.bytes(1)[0]; form != payloadNil {
			if payloads == nil {
				payloads = make([]byte, 0, len(p.data)+p.n*(len(refStart)+len(refVersion)+len(r.CaseID)+8))
			}
			at := len(payloads)
			if form == payloadRef {
				payloads = appendRef(payloads, r.CaseID, r.Seq)
			}
			payloads = append(payloads, d.bytes(int(d.uvarint()))...)
			r.Payload = payloads[at:len(payloads):len(payloads)]
		}
		r.StateHash = d.hash("")
		r.PrevHash = d.hash(prevHash)
		r.Hash = d.hash("")
		prevHash = r.Hash
	}
	return out
}

// unpackCase writes the case the block holds to c, in memory the caller
// owns.
func (p *packed) unpackCase(c unsafe.Pointer) {
	d := decoder{b: p.data[p.caseAt:], p: p}
	p.sh.c.dec(&d, c)
}

// unpackMeta returns the meta of the case the block holds.
func (p *packed) unpackMeta() kit.Meta {
	var m kit.Meta
	d := decoder{b: p.data[p.metaAt:], p: p}
	p.sh.meta.dec(&d, unsafe.Pointer(&m))
	return m
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

func (d *decoder) str() string {
	i := d.uvarint()
	if i == 0 {
		return hex.EncodeToString(d.bytes(hashSize))
	}
	return d.p.tab.get(i - 1)
}

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
