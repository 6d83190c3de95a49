// Package drill is what a practice incident needs besides the incident
// itself: scenario files (what the "incident" is, and scripted events such
// as a channel that fails five minutes in), and scheduled drills from cron
// specs with a pure function that says which reminders are due.
//
// Scenario files live in a folder (`drills/` beside config.toml, or
// `[drills] dir`), one per scenario, named NAME.toml or NAME.md:
//
//	title    = "Primary database fails over"
//	severity = 2
//	estimate = "30m-90m"
//	impact   = "EU customers cannot check out"
//	known    = "the primary stopped answering at 09:40"
//
//	[[event]]
//	at      = "5m"            # after the declaration
//	kind    = "channel_fails" # the channel's sends fail for a while
//	channel = "ops"
//	for     = "10m"
//
//	[[event]]
//	at   = "12m"
//	kind = "message"           # a desktop notification to the engineer
//	text = "Your VP asks: is it fixed yet?"
//
// A Markdown scenario holds the same keys as TOML front matter between two
// lines of +++ at the top of the file; the text below is the scenario's
// briefing, and becomes what is known when the front matter sets no known.
//
// Due-ness is a pure function of the schedules, when each was last handled
// and the clock (Due), as the engine's schedule is: a laptop asleep across
// two slots gets one reminder when it wakes, not two.
package drill
