package updates

// ReadOnlyTester is a channel whose test only reads from its service: a
// hosted status page or incident tool, where a post would reach the
// service's subscribers or responders. `keepcool channels test` says the
// service answered, not that a message was delivered.
type ReadOnlyTester interface {
	Channel
	TestsReadOnly() bool
}

// TestsReadOnly reports whether ch's test only reads (ReadOnlyTester).
func TestsReadOnly(ch Channel) bool {
	t, ok := ch.(ReadOnlyTester)
	return ok && t.TestsReadOnly()
}
