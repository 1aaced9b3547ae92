package dandang

// Managing returns the organs of the directory that hold management
// authority over s ([Organ.Manages]), in the order the directory was given:
// the organs a case about s may be handed over to (CL22).
func (d *Directory) Managing(s Subject) []Organ {
	var out []Organ
	for _, id := range d.order {
		if o := d.organs[id]; o.Manages(s) {
			out = append(out, o)
		}
	}
	return out
}
