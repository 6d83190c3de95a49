package api

// PathPostmortem (GET, ?id=&format=md|json) answers with an incident's
// post-mortem (the latest incident's when id is empty): the Markdown
// written next to its journal at resolve, or the same as JSON (figures,
// promises, estimates, the timeline's entries with kind, at, text and
// channel, and the sections for people).
const PathPostmortem = "/v1/postmortem"
