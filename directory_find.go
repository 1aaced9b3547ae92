package dandang

import "fmt"

// WithManagers returns a copy of the directory that also holds the host's
// word on who manages whom (干部管理权限): assigned maps a subject's ID to
// the ID of the organ holding management authority over that subject, where
// the subject's level of management alone does not say it (a cadre
// seconded, a stationed group's unit). It refuses, with an Invalid error
// (rule XC07) naming the subject, an organ not in the directory.
func (d *Directory) WithManagers(assigned map[string]string) (*Directory, error) {
	const op = "dandang.Directory.WithManagers"
	out := *d
	out.managers = make(map[string]string, len(d.managers)+len(assigned))
	for k, v := range d.managers {
		out.managers[k] = v
	}
	for subject, organ := range assigned {
		if err := checkID(op, "Managers", subject); err != nil {
			return nil, err
		}
		if _, ok := d.organs[organ]; !ok {
			return nil, invalidf(op, "XC07", "Managers["+subject+"]", fmt.Sprintf("organ %q is not in the directory", organ))
		}
		out.managers[subject] = organ
	}
	return &out, nil
}

// Manager returns the organ holding management authority over s (干部管理
// 权限): the organ the host named for s ([Directory.WithManagers]); else the
// organ at the level s is managed at whose region covers s's; else, where
// the directory holds no organ at that level over s's post (townships not
// kept, say), the nearest organ above that level that covers it. The
// second result is false when no organ of the directory covers s.
//
// Work on a cadre is done by that organ, or one above it
// ([Directory.Manages]): who pursues accountability and decides tolerance
// (FT05), who imposes discipline and follows it up (FU08), as who approves
// a finding of malice is set by the level s is managed at (AC17).
func (d *Directory) Manager(s Subject) (Organ, bool) {
	if id, ok := d.managers[s.ID]; ok {
		return d.organs[id], true
	}
	var best Organ
	for _, id := range d.order {
		o := d.organs[id]
		if o.Level < s.ManagedAt || !o.Covers(s.Region) {
			continue
		}
		if best.ID == "" || o.Level < best.Level {
			best = o
		}
	}
	return best, best.ID != ""
}

// Manages reports whether the organ with id holds management authority
// over s: it is [Directory.Manager] of s, or an organ above it in the tree,
// which may take a lower organ's cadre up (提级管辖). An organ below the
// manager, or beside it, never does: a county organ does not act on a
// city-managed cadre.
func (d *Directory) Manages(id string, s Subject) bool {
	m, ok := d.Manager(s)
	return ok && d.Reaches(id, m.ID)
}
