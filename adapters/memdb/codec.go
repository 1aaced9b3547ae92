package memdb

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"time"
	"unsafe"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// shape packs and unpacks a value of one type at a pointer, field by
// field: the case of an ended case is kept packed beside its history (see
// packed), in the same block and string table, and unpacked on every read
// into memory the reader owns, as Clone would give it.
//
// A shape is compiled once per store from the case type by reflection and
// then reads and writes memory through unsafe pointers: strings go to the
// block's string table, times keep their wall clock, monotonic reading and
// location pointer exactly, nil and empty slices and maps stay apart.
// Types that hold an interface, a func, a chan or an unsafe pointer have no
// shape, and a store of them keeps its ended cases as they are.
type shape struct {
	enc func(e *packScratch, p unsafe.Pointer)
	dec func(d *decoder, p unsafe.Pointer)
}

// timeLayout mirrors time.Time's fields, which a shape copies as they are.
type timeLayout struct {
	wall uint64
	ext  int64
	loc  *time.Location
}

var timeType = reflect.TypeFor[time.Time]()

// checkTimeLayout makes sure time.Time is laid out as timeLayout says, so
// that a Go release that changes it leaves the store keeping its ended
// cases as structs rather than copying the wrong words: the same size,
// the location where timeLayout has it, and a time copied word for word
// equal to the original, location included.
func checkTimeLayout() error {
	if unsafe.Sizeof(timeLayout{}) != timeType.Size() {
		return fmt.Errorf("time.Time is %d bytes, not %d", timeType.Size(), unsafe.Sizeof(timeLayout{}))
	}
	loc := time.FixedZone("probe", 5*3600+1800)
	for _, t := range []time.Time{time.Date(2026, 12, 3, 17, 4, 5, 6, loc), time.Date(1, 1, 1, 0, 0, 0, 0, loc), time.Date(2200, 1, 1, 0, 0, 0, 0, loc)} {
		tl := *(*timeLayout)(unsafe.Pointer(&t))
		u := *(*time.Time)(unsafe.Pointer(&tl))
		if tl.loc != loc || u != t || u.Location() != loc || u.String() != t.String() {
			return fmt.Errorf("time.Time is not laid out as wall, ext, loc")
		}
	}
	return nil
}

// shapeOf compiles the shape of t; the error names the first field that
// has no shape.
func shapeOf(t reflect.Type) (*shape, error) {
	return (&shapeCompiler{seen: map[reflect.Type]*shape{}}).compile(t)
}

type shapeCompiler struct {
	seen map[reflect.Type]*shape // compiled or being compiled: recursive types refer to their own
}

func (sc *shapeCompiler) compile(t reflect.Type) (*shape, error) {
	if s, ok := sc.seen[t]; ok {
		return s, nil
	}
	s := &shape{}
	sc.seen[t] = s
	if t == timeType {
		if err := checkTimeLayout(); err != nil {
			return nil, err
		}
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			tl := (*timeLayout)(p)
			e.b = binary.AppendUvarint(e.b, tl.wall)
			e.b = binary.AppendVarint(e.b, tl.ext)
			e.loc(tl.loc)
		}
		s.dec = func(d *decoder, p unsafe.Pointer) {
			tl := (*timeLayout)(p)
			tl.wall = d.uvarint()
			tl.ext = d.varint()
			tl.loc = d.p.locs[d.uvarint()]
		}
		return s, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			e.b = append(e.b, *(*byte)(p))
		}
		s.dec = func(d *decoder, p unsafe.Pointer) { *(*bool)(p) = d.bytes(1)[0] != 0 }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		get, set := intAccess(t.Size())
		s.enc = func(e *packScratch, p unsafe.Pointer) { e.b = binary.AppendVarint(e.b, get(p)) }
		s.dec = func(d *decoder, p unsafe.Pointer) { set(p, d.varint()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		get, set := intAccess(t.Size()) // sign-extended: small values stay short, and every value's bits come back
		s.enc = func(e *packScratch, p unsafe.Pointer) { e.b = binary.AppendVarint(e.b, get(p)) }
		s.dec = func(d *decoder, p unsafe.Pointer) { set(p, d.varint()) }
	case reflect.Float32:
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			e.b = binary.AppendUvarint(e.b, uint64(math.Float32bits(*(*float32)(p))))
		}
		s.dec = func(d *decoder, p unsafe.Pointer) { *(*float32)(p) = math.Float32frombits(uint32(d.uvarint())) }
	case reflect.Float64:
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			e.b = binary.AppendUvarint(e.b, math.Float64bits(*(*float64)(p)))
		}
		s.dec = func(d *decoder, p unsafe.Pointer) { *(*float64)(p) = math.Float64frombits(d.uvarint()) }
	case reflect.String:
		s.enc = func(e *packScratch, p unsafe.Pointer) { e.str(*(*string)(p)) }
		s.dec = func(d *decoder, p unsafe.Pointer) { *(*string)(p) = d.str() }
	case reflect.Struct:
		type field struct {
			off uintptr
			s   *shape
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Type.Size() == 0 {
				continue
			}
			fs, err := sc.compile(f.Type)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t, f.Name, err)
			}
			fields = append(fields, field{f.Offset, fs})
		}
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			for _, f := range fields {
				f.s.enc(e, unsafe.Add(p, f.off))
			}
		}
		s.dec = func(d *decoder, p unsafe.Pointer) {
			for _, f := range fields {
				f.s.dec(d, unsafe.Add(p, f.off))
			}
		}
	case reflect.Array:
		es, err := sc.compile(t.Elem())
		if err != nil {
			return nil, err
		}
		n, size := t.Len(), t.Elem().Size()
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			for i := range n {
				es.enc(e, unsafe.Add(p, uintptr(i)*size))
			}
		}
		s.dec = func(d *decoder, p unsafe.Pointer) {
			for i := range n {
				es.dec(d, unsafe.Add(p, uintptr(i)*size))
			}
		}
	case reflect.Pointer:
		es, err := sc.compile(t.Elem())
		if err != nil {
			return nil, err
		}
		elem := t.Elem()
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			q := *(*unsafe.Pointer)(p)
			if q == nil {
				e.b = append(e.b, 0)
				return
			}
			e.b = append(e.b, 1)
			es.enc(e, q)
		}
		s.dec = func(d *decoder, p unsafe.Pointer) {
			if d.bytes(1)[0] == 0 {
				*(*unsafe.Pointer)(p) = nil
				return
			}
			q := reflect.New(elem).UnsafePointer()
			es.dec(d, q)
			*(*unsafe.Pointer)(p) = q
		}
	case reflect.Slice:
		elem := t.Elem()
		if elem.Kind() == reflect.Uint8 && elem.Size() == 1 {
			s.enc = func(e *packScratch, p unsafe.Pointer) {
				b := *(*[]byte)(p)
				if b == nil {
					e.b = append(e.b, 0)
					return
				}
				e.b = binary.AppendUvarint(e.b, uint64(len(b))+1)
				e.b = append(e.b, b...)
			}
			s.dec = func(d *decoder, p unsafe.Pointer) {
				n := int(d.uvarint())
				if n == 0 {
					*(*[]byte)(p) = nil
					return
				}
				*(*[]byte)(p) = append(make([]byte, 0, n-1), d.bytes(n-1)...)
			}
			break
		}
		es, err := sc.compile(elem)
		if err != nil {
			return nil, err
		}
		size := elem.Size()
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			h := (*sliceHeader)(p)
			if h.data == nil {
				e.b = append(e.b, 0)
				return
			}
			e.b = binary.AppendUvarint(e.b, uint64(h.len)+1)
			for i := range h.len {
				es.enc(e, unsafe.Add(h.data, uintptr(i)*size))
			}
		}
		s.dec = func(d *decoder, p unsafe.Pointer) {
			n := int(d.uvarint())
			if n == 0 {
				*(*sliceHeader)(p) = sliceHeader{}
				return
			}
			n--
			data := reflect.MakeSlice(t, n, n).UnsafePointer()
			for i := range n {
				es.dec(d, unsafe.Add(data, uintptr(i)*size))
			}
			*(*sliceHeader)(p) = sliceHeader{data: data, len: n, cap: n}
		}
	case reflect.Map:
		ks, err := sc.compile(t.Key())
		if err != nil {
			return nil, err
		}
		vs, err := sc.compile(t.Elem())
		if err != nil {
			return nil, err
		}
		kt, vt := t.Key(), t.Elem()
		s.enc = func(e *packScratch, p unsafe.Pointer) {
			m := reflect.NewAt(t, p).Elem()
			if m.IsNil() {
				e.b = append(e.b, 0)
				return
			}
			e.b = binary.AppendUvarint(e.b, uint64(m.Len())+1)
			k, v := reflect.New(kt).Elem(), reflect.New(vt).Elem()
			for it := m.MapRange(); it.Next(); {
				k.SetIterKey(it)
				v.SetIterValue(it)
				ks.enc(e, k.Addr().UnsafePointer())
				vs.enc(e, v.Addr().UnsafePointer())
			}
		}
		s.dec = func(d *decoder, p unsafe.Pointer) {
			n := int(d.uvarint())
			if n == 0 {
				*(*unsafe.Pointer)(p) = nil
				return
			}
			n--
			m := reflect.MakeMapWithSize(t, n)
			k, v := reflect.New(kt).Elem(), reflect.New(vt).Elem()
			for range n {
				ks.dec(d, k.Addr().UnsafePointer())
				vs.dec(d, v.Addr().UnsafePointer())
				m.SetMapIndex(k, v)
			}
			*(*unsafe.Pointer)(p) = m.UnsafePointer() // a map is a pointer
		}
	default:
		return nil, fmt.Errorf("%s: a %s has no shape", t, t.Kind())
	}
	return s, nil
}

// metaShape packs a kit.Meta field by field without reflection: a query
// reads the meta of every ended case it walks. TestMetaShapeKeepsEveryField
// fails when kit.Meta gains a field this does not pack.
func metaShape(ts *shape) *shape {
	strs := func(e *packScratch, ss []string) {
		if ss == nil {
			e.b = append(e.b, 0)
			return
		}
		e.b = binary.AppendUvarint(e.b, uint64(len(ss))+1)
		for _, s := range ss {
			e.str(s)
		}
	}
	readStrs := func(d *decoder) []string {
		n := int(d.uvarint())
		if n == 0 {
			return nil
		}
		ss := make([]string, n-1)
		for i := range ss {
			ss[i] = d.str()
		}
		return ss
	}
	return &shape{
		enc: func(e *packScratch, p unsafe.Pointer) {
			m := (*kit.Meta)(p)
			e.str(m.ID)
			e.b = binary.AppendVarint(e.b, int64(m.Version))
			e.str(m.State)
			strs(e, m.SubjectIDs)
			e.str(m.OrganID)
			e.str(m.OrganRegion)
			e.b = binary.AppendVarint(e.b, int64(m.Due))
			e.b = append(e.b, boolByte(m.Provisional), boolByte(m.Priority))
			ts.enc(e, unsafe.Pointer(&m.ClosedAt))
			e.str(m.Head)
			if m.Keys == nil {
				e.b = append(e.b, 0)
			} else {
				e.b = binary.AppendUvarint(e.b, uint64(len(m.Keys))+1)
				for k, v := range m.Keys {
					e.str(k)
					strs(e, v)
				}
			}
			strs(e, m.Unique)
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			m := (*kit.Meta)(p)
			m.ID = d.str()
			m.Version = int(d.varint())
			m.State = d.str()
			m.SubjectIDs = readStrs(d)
			m.OrganID = d.str()
			m.OrganRegion = d.str()
			m.Due = dandang.Day(d.varint())
			flags := d.bytes(2)
			m.Provisional, m.Priority = flags[0] != 0, flags[1] != 0
			ts.dec(d, unsafe.Pointer(&m.ClosedAt))
			m.Head = d.str()
			if n := int(d.uvarint()); n > 0 {
				m.Keys = make(map[string][]string, n-1)
				for range n - 1 {
					k := d.str()
					m.Keys[k] = readStrs(d)
				}
			}
			m.Unique = readStrs(d)
		},
	}
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// sliceHeader mirrors a slice's header.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// intAccess returns how to read an integer of size bytes sign-extended to
// 64 bits, and how to write one back truncated.
func intAccess(size uintptr) (get func(unsafe.Pointer) int64, set func(unsafe.Pointer, int64)) {
	switch size {
	case 1:
		return func(p unsafe.Pointer) int64 { return int64(*(*int8)(p)) }, func(p unsafe.Pointer, v int64) { *(*int8)(p) = int8(v) }
	case 2:
		return func(p unsafe.Pointer) int64 { return int64(*(*int16)(p)) }, func(p unsafe.Pointer, v int64) { *(*int16)(p) = int16(v) }
	case 4:
		return func(p unsafe.Pointer) int64 { return int64(*(*int32)(p)) }, func(p unsafe.Pointer, v int64) { *(*int32)(p) = int32(v) }
	}
	return func(p unsafe.Pointer) int64 { return *(*int64)(p) }, func(p unsafe.Pointer, v int64) { *(*int64)(p) = v }
}
