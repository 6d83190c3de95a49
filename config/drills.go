package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/keepcool/keepcool/drill"
)

// Drills holds the [drills] table and the [[drill]] schedules.
type Drills struct {
	// Dir is the scenarios' folder as written ("~/drills", absolute, or
	// relative to config.toml's folder); "" is "drills" beside config.toml.
	Dir string
	// Schedules are the [[drill]] tables: when to remind the engineer to
	// run which scenario (Line is the table's header line).
	Schedules []drill.Schedule
}

// maxDrills bounds the [[drill]] tables.
const maxDrills = 64

// Path is the scenarios' folder. configFile is config.toml's path, home
// the user's home folder.
func (d Drills) Path(configFile, home string) string {
	path, _ := folderPath(d.Dir, "drills", configFile, home) // the same rules as [runbooks] dir
	return path
}

func drillsKeys() []string { return []string{"dir"} }

func drillKeys() []string { return []string{"schedule", "scenario"} }

func readDrills(t table, d Drills) Drills {
	t.only(drillsKeys())
	if dir, ok := readFolder(t, "drill scenarios", "drills"); ok {
		d.Dir = dir
	}
	return d
}

// drillSchedules reads the [[drill]] tables.
func (r *report) drillSchedules(v any) []drill.Schedule {
	list, ok := tableList(v)
	if !ok {
		r.errorf("drill", "drill must be written as [[drill]] (double brackets) above each schedule's keys (found %s)", typeName(v))
		return nil
	}
	if len(list) > maxDrills {
		r.errorf("drill."+strconv.Itoa(maxDrills), "there are %d [[drill]] tables; keepcool takes at most %d", len(list), maxDrills)
		list = list[:maxDrills]
	}
	var out []drill.Schedule
	for i, m := range list {
		path := "drill." + strconv.Itoa(i)
		t := table{r: r, m: m, path: path, prefix: fmt.Sprintf("drill #%d: ", i+1)}
		t.only(drillKeys())
		spec, okSpec := required(t, "schedule", `"0 10 * * TUE" (cron: minute hour day month weekday) or "@weekly"`)
		name, okName := required(t, "scenario", `"db-failover" (drills/db-failover.toml)`)
		if okName && !drill.ValidName(strings.TrimSpace(name)) {
			t.fail("scenario", `= %q is not a scenario's name; name its file without .toml or .md (a-z, 0-9, - and _), e.g. scenario = "db-failover"`, name)
			okName = false
		}
		if !okSpec || !okName {
			continue
		}
		s, err := drill.ParseSchedule(spec, strings.TrimSpace(name))
		if err != nil {
			t.fail("schedule", "%s", strings.TrimPrefix(err.Error(), "schedule "))
			continue
		}
		s.Line = r.loc.line(path)
		out = append(out, s)
	}
	return out
}

// required reads a string key that must be there, else says how to write it.
func required(t table, key, example string) (string, bool) {
	_, present := t.m[key]
	s, ok := t.str(key)
	if !ok && present {
		return "", false
	}
	if strings.TrimSpace(s) == "" {
		t.fail(key, "is required; add %s = %s", key, example)
		return "", false
	}
	return s, true
}

// checkScenarios warns about [[drill]] schedules whose scenario is not in
// the drills folder: the reminder would start nothing.
func (c *Config) checkScenarios(configFile string) {
	if len(c.Drills.Schedules) == 0 {
		return
	}
	home, _ := os.UserHomeDir()
	dir := c.Drills.Path(configFile, home)
	for _, s := range c.Drills.Schedules {
		if !drill.Exists(dir, s.Scenario) {
			c.Warnings = append(c.Warnings, problem{file: filepath.Base(configFile), line: s.Line,
				msg: fmt.Sprintf("drill: scenario %q is not in %s; its reminder would start nothing: write %s.toml (or .md) there, or fix the name", s.Scenario, dir, s.Scenario)}.Error())
		}
	}
}
