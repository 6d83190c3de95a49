// Package postmortem is what an incident teaches afterwards: its complete
// timeline (every note, status change, estimate revision, prompt, holding
// message, shield change, checklist tick and each message's delivery per
// channel) and its figures (time to first update, punctuality per
// promise, estimate accuracy), rendered as Markdown that reads well as a
// raw file and as JSON. Pure: it reads a journal's events, never a clock.
package postmortem
