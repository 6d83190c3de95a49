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
//	/api/incident.json the View below, with Access-Control-Allow-Origin: *
//	/feed.atom         Atom 1.0, one entry per message, newest first; entry
//	                   ids are urn:keepcool:message:<message id>
//	/banner.json       a Banner: one sentence for a product site
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
//	                 "estimate","previous_estimate" (estimate entries)}] newest first,
//	    "time_zone"          "CET", the zone the "…_text" fields name },
//	  "generated_at", "last_test_at", "last_test_text", "time_zone" }
//
// Every text is the engineer's untrusted plain text, sanitised (valid
// UTF-8, no control or bidi characters, cut at a few KB) but not escaped:
// each encoder escapes for itself (html/template, encoding/json,
// encoding/xml), and the script writes with textContent only. Times are RFC
// 3339 in the engine's offset; "…_text" fields are wall-clock labels in the
// configured zone ([incident] timezone), naming it, with the weekday (and
// the date) when not on the latest message's day.
//
// An engine mounting the handler should register Page.Close with
// http.Server.RegisterOnShutdown: open streams never end by themselves.
package statuspage
