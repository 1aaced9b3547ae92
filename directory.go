package dandang

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Directory is the host's tree of organs (XC07): each organ with its ID,
// name, level, region and superior. Services take it in their config and
// look every actor's organ up in it; what a caller asserts about an organ's
// level, region or superior is never believed. A Directory is immutable and
// safe for concurrent use.
type Directory struct {
	organs   map[string]Organ
	children map[string][]string
	order    []string          // IDs in the order given
	managers map[string]string // subject ID → organ ID, the host's word (WithManagers)
}

// NewDirectory returns the directory of organs. It refuses, with an Invalid
// error (rule XC07) naming the organ at fault: an organ that does not
// validate ([Organ.Validate]); a repeated ID; a superior not in the
// directory; a root (no superior) below province level; an organ whose level
// is not strictly below its superior's, or whose region is not inside its
// superior's; and a cycle.
func NewDirectory(organs ...Organ) (*Directory, error) {
	const op = "dandang.NewDirectory"
	d := &Directory{organs: make(map[string]Organ, len(organs)), children: make(map[string][]string)}
	for i, o := range organs {
		field := fmt.Sprintf("Organs[%d]", i)
		if err := o.Validate(op, field); err != nil {
			return nil, err
		}
		if _, dup := d.organs[o.ID]; dup {
			return nil, invalidf(op, "XC07", field+".ID", fmt.Sprintf("organ %s listed twice", o.ID))
		}
		d.organs[o.ID] = o
		d.order = append(d.order, o.ID)
	}
	for i, id := range d.order {
		o := d.organs[id]
		field := fmt.Sprintf("Organs[%d]", i)
		if o.Superior == "" {
			if o.Level != Province {
				return nil, invalidf(op, "XC07", field+".Superior", fmt.Sprintf("%s is at %s level and has no superior: only a province's organ is a root", id, o.Level))
			}
			continue
		}
		up, ok := d.organs[o.Superior]
		switch {
		case !ok:
			return nil, invalidf(op, "XC07", field+".Superior", fmt.Sprintf("superior %s of %s is not in the directory", o.Superior, id))
		case o.Level >= up.Level:
			return nil, invalidf(op, "XC07", field+".Level", fmt.Sprintf("%s at %s level is not below its superior %s at %s level", id, o.Level, up.ID, up.Level))
		case !up.Covers(o.Region):
			return nil, invalidf(op, "XC07", field+".Region", fmt.Sprintf("region %s of %s is not inside its superior's %s", o.Region, id, up.Region))
		}
		d.children[o.Superior] = append(d.children[o.Superior], id)
	}
	// Levels strictly decrease downwards, so a path has at most four organs
	// and no cycle can pass the checks above; walk up anyway so that a
	// future change of the level rule cannot let one in silently.
	for i, id := range d.order {
		seen := map[string]bool{}
		for cur := id; cur != ""; cur = d.organs[cur].Superior {
			if seen[cur] {
				return nil, invalidf(op, "XC07", fmt.Sprintf("Organs[%d].Superior", i), fmt.Sprintf("%s is its own superior through %s", id, cur))
			}
			seen[cur] = true
		}
	}
	return d, nil
}

// ReadDirectory reads a directory from JSON: an array of organs, each
// {"id", "name", "level", "region", "superior"}, with level one of
// township, county, city and province. It returns what [NewDirectory]
// returns for them; malformed JSON or an unknown field is an Invalid error.
func ReadDirectory(r io.Reader) (*Directory, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var organs []Organ
	if err := dec.Decode(&organs); err != nil {
		return nil, &Error{Code: Invalid, Op: "dandang.ReadDirectory", Rule: "XC07", Message: "not a JSON array of organs", Err: err}
	}
	if dec.More() {
		return nil, invalidf("dandang.ReadDirectory", "XC07", "", "data after the array of organs")
	}
	return NewDirectory(organs...)
}

// Organs returns every organ, in the order given.
func (d *Directory) Organs() []Organ {
	out := make([]Organ, len(d.order))
	for i, id := range d.order {
		out[i] = d.organs[id]
	}
	return out
}

// Organ returns the organ with id.
func (d *Directory) Organ(id string) (Organ, bool) {
	o, ok := d.organs[id]
	return o, ok
}

// Above returns the organ at level on the way up from the organ with id:
// the organ itself when it sits at level, else its superior at that level.
// "Approved at county level" means by the handling organ's Above(County).
func (d *Directory) Above(id string, level Level) (Organ, bool) {
	for cur, ok := d.organs[id]; ok; cur, ok = d.organs[cur.Superior] {
		if cur.Level == level {
			return cur, true
		}
		if cur.Level > level {
			break
		}
	}
	return Organ{}, false
}

// Reaches reports whether the organ with id is the organ with ancestor or
// sits under it in the tree: what an actor of ancestor may see (XC07).
func (d *Directory) Reaches(ancestor, id string) bool {
	for cur, ok := d.organs[id]; ok; cur, ok = d.organs[cur.Superior] {
		if cur.ID == ancestor {
			return true
		}
	}
	return false
}

// Subtree returns the ID of the organ with id and of every organ under it,
// in depth-first order; nil for an unknown id.
func (d *Directory) Subtree(id string) []string {
	if _, ok := d.organs[id]; !ok {
		return nil
	}
	out := []string{id}
	for i := 0; i < len(out); i++ {
		out = append(out, d.children[out[i]]...)
	}
	return out
}

// Resolve returns the actor with its organ as the directory has it. It
// refuses, with rule XC07, an actor whose organ is not in the directory
// (Forbidden) and one that asserts a name, level, region or superior that
// differs from the directory's (Forbidden): only the organ's ID is taken
// from the caller.
func (d *Directory) Resolve(op string, a Actor) (Actor, error) {
	o, ok := d.organs[a.Organ.ID]
	if !ok {
		return Actor{}, &Error{Code: Forbidden, Op: op, Rule: "XC07", Field: "Actor.Organ.ID", Message: fmt.Sprintf("organ %q is not in the directory", a.Organ.ID)}
	}
	asserted := a.Organ
	var forged []string
	if asserted.Name != "" && asserted.Name != o.Name {
		forged = append(forged, "name")
	}
	if asserted.Level != 0 && asserted.Level != o.Level {
		forged = append(forged, "level")
	}
	if asserted.Region != "" && asserted.Region != o.Region {
		forged = append(forged, "region")
	}
	if asserted.Superior != "" && asserted.Superior != o.Superior {
		forged = append(forged, "superior")
	}
	if len(forged) > 0 {
		return Actor{}, &Error{Code: Forbidden, Op: op, Rule: "XC07", Field: "Actor.Organ",
			Message: fmt.Sprintf("the %s asserted for organ %s differ from the directory's", strings.Join(forged, ", "), o.ID)}
	}
	a.Organ = o
	a.Roles = slices.Clone(a.Roles)
	return a, nil
}
