package cli

// linkFlag sets one link of a declaration (api.StartRequest.Links): the
// flag --TYPE ID names the incident's counterpart in that tool.
type linkFlag struct {
	links *map[string]string
	typ   string
}

func (f linkFlag) String() string {
	if f.links == nil || *f.links == nil {
		return ""
	}
	return (*f.links)[f.typ]
}

func (f linkFlag) Set(v string) error {
	if *f.links == nil {
		*f.links = map[string]string{}
	}
	(*f.links)[f.typ] = v
	return nil
}

func (f linkFlag) Type() string { return "ID" }
