package engine

// faults is, for an engine under test, what some of its appends fail with,
// as a full disk fails them: its EventQueued appends (a command's event was
// stored, its message's record was not) and its delivery records. Only
// tests set it (publish_test.go), under e.mu.
type faults struct {
	queue, record error // EventQueued; the outbox's records
}
