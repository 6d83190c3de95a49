// Package statuspage is keepcool's embedded default channel: a read-only
// live page for managers on a phone or a wall screen, served by the engine
// (loopback by default; with a token anywhere else).
//
// Routes, all GET, all relative to where the handler is mounted:
//
//	/                  the page: server-rendered HTML that works without
//	                   script; app.js then follows /events and updates the
//	                   page in place (textContent only), and rewrites every
//	                   time in the viewer's own zone, named ("3:52 AM EDT"),
//	                   saying which zone that is
//	/events            Server-Sent Events: a "state" event (data: the
//	                   incident.json body) on connect and after every Send,
//	                   ": heartbeat" comments every 15 s
//	/api/incident.json the View below
//	/feed.atom         Atom 1.0, one entry per message of every recent
//	                   incident (MaxRecent), newest first; entry ids are
//	                   tag:<host>,2026:keepcool/<message id>, links absolute
//	                   under public_url when it is set
//	/banner.json       a Banner: one sentence for a product site
//	/api/v2/summary.json, /api/v2/status.json, /api/v2/incidents.json,
//	/api/v2/incidents/unresolved.json
//	                   the same state in Atlassian Statuspage's public format
//	                   (see v2.go), for widgets written for Statuspage
//	/app.js, /style.css, /favicon.svg  embedded assets
//
// /api/incident.json (field names are a contract; fields may be added):
//
//	{ "incident": null | {
//	    "id", "title", "severity" (1–4), "status", "drill", "resolved",
//	    "engineer", "declared_at", "declared_at_text", "updated_at",
//	    "resolved_at", "resolved_at_text",
//	    "elapsed"            "53 min" (the duration once resolved),
//	    "impact", "known", "unknown", "plan"   the situation as declared,
//	    "estimate" {"min_at","max_at"}, "previous_estimate",
//	    "estimate_text"      "09:45–10:30 CET (revised from 09:30–10:15 CET)",
//	    "estimate_range"     "09:45–10:30 CET", "estimate_revised_from" "09:30–10:15 CET",
//	    "estimate_passed"    the upper bound is past,
//	    "next_update_by", "next_update_text" "Next update by 10:07 CET",
//	    "next_update_overdue",
//	    "summary", "root_cause"   once resolved,
//	    "latest"             the newest timeline entry,
//	    "timeline" [{"id","kind","at","time","label","body","detail",
//	                 "estimate","previous_estimate" (estimate entries)}] newest first:
//	                 the latest 50 entries, the declaration always among them,
//	    "notes_total"        how many entries the timeline has in all,
//	    "time_zone"          "CET", the zone the "…_text" fields name },
//	  "generated_at", "last_test_at", "last_test_text", "time_zone",
//	  "recent" [ the incidents before it, newest first, each shaped as
//	             "incident": a resolved one with its all-clear ] }
//
// The page keeps the last MaxRecent (10) incidents, whatever their age:
// the current one and, under "Past incidents", those before it with their
// all-clear. The engine seeds them at start; after that a declaration
// moves the current incident to the past. The /events stream carries
// "recent" without timelines.
//
// Every text is the engineer's untrusted plain text, sanitised (valid
// UTF-8, no control or bidi characters, cut at a few KB) but not escaped:
// each encoder escapes for itself (html/template, encoding/json,
// encoding/xml), and the script writes with textContent only. Times are RFC
// 3339 in the engine's offset; "…_text" fields are wall-clock labels in the
// configured zone ([incident] timezone), naming it, with the weekday (and
// the date) when not on the latest message's day.
//
// The page and every other route but /events and the assets are rendered
// once per state and clock second and the bytes served to every request
// until either changes, so a crowd of viewers costs one render a second.
//
// # Serving it
//
// Handler checks the token only. An engine serves it as
//
//	srv := Server(Guard(page.Handler(token), site))
//	srv.RegisterOnShutdown(page.Close) // open streams never end by themselves
//	srv.Serve(connlimit.Wrap(ln, connlimit.Limits{Total: MaxConns, PerPeer: MaxConnsPerPeer}))
//
// Guard answers only to the names in Site: on loopback, loopback names and
// addresses (localhost, 127.0.0.1, [::1], any port), [statuspage] hosts
// and public_url's host; off loopback also this machine's name and any IP
// address. Any other Host gets 421 Misdirected Request naming the setting
// that allows it: a name someone else's DNS points at 127.0.0.1 (DNS
// rebinding) must not let their web page read this one. CORS is opt-in:
// an Origin listed in [statuspage] cors gets Access-Control-Allow-Origin
// (its own origin) and Vary: Origin on the *.json routes; others get no
// CORS header. Every answer, refusals included, carries the security
// headers (CSP, nosniff, no-referrer, no-store).
//
// Server's timeouts close what the page no longer needs: 5 s for a
// request's head, 10 s for a whole request, 30 s for an answer to be
// taken, 30 s idle between requests. /events lifts the write deadline for
// its stream and guards each write instead (a viewer that stops reading
// for 30 s is dropped); its connection counts against the caps like any
// other. The caps (MaxConns 512 in all, MaxConnsPerPeer 64 from one remote
// address; loopback peers, the user's browser or a reverse
// proxy, count only in the total) keep the page's descriptors well below
// the process's limit, which the engine's control socket shares:
// connections over them are closed at accept.
//
// Site also makes the links: StakeholderURL (public_url; else the host's
// name for 0.0.0.0 or ::, the address for a specific one, none on
// loopback) and LocalURL (what this machine opens). Neither carries the
// token: the engine adds it to what it sends, never to what it journals
// or logs.
package statuspage
