package api

import (
	"testing"
)

func TestSummarySaysWhatWasRefused(t *testing.T) {
	hook := Channel{Name: "hook", State: ChannelOK, Undelivered: 1, Reason: "HTTP 400 Bad Request: text too long"}
	ops := Channel{Name: "ops", State: ChannelRetrying, Pending: 2, Reason: "connection refused", Undelivered: 2}
	mail := Channel{Name: "mail", State: ChannelOK}
	tests := []struct {
		name  string
		chans []Channel
		want  string
	}{
		{"all well", []Channel{mail}, ""},
		{"one refused", []Channel{hook, mail},
			"hook rejected 1 message (HTTP 400 Bad Request: text too long)."},
		{"refused and not delivering", []Channel{hook, ops, mail},
			"1 of 3 channels is not delivering: ops (connection refused), 2 queued. hook rejected 1 message (HTTP 400 Bad Request: text too long); ops rejected 2 messages."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DeliveryOf(tt.chans)
			if got := d.Summary(); got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
			for _, c := range tt.chans {
				if c.NeedsAttention() != (c.Name != "mail") {
					t.Fatalf("%s: needs attention %v", c.Name, c.NeedsAttention())
				}
			}
		})
	}
}

func TestTestReplySentence(t *testing.T) {
	rejected := []Rejection{{Kind: "note", Answer: "HTTP 400 Bad Request: text too long"}}
	tests := []struct {
		r    TestReply
		want string
	}{
		{TestReply{}, "Test message delivered to hook."},
		{TestReply{Delivered: 3}, "Test message delivered to hook; then 3 queued messages delivered."},
		{TestReply{Delivered: 1, Rejected: rejected},
			"Test message delivered to hook; then 1 queued message was rejected (note: HTTP 400 Bad Request: text too long), and 1 queued message delivered."},
		{TestReply{Delivered: 1, Pending: 2, Error: "connection refused"},
			"Test message delivered to hook; then 1 queued message delivered; then the channel failed again (connection refused): 2 still queued."},
		{TestReply{Pending: 4}, "Test message delivered to hook; 4 still queued and on their way (keepcool status shows them)."},
	}
	for _, tt := range tests {
		if got := tt.r.Sentence("hook"); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
		if tt.r.Clean() != (tt.want == "Test message delivered to hook." || tt.r.Delivered == 3) {
			t.Errorf("%+v: clean %v", tt.r, tt.r.Clean())
		}
	}
}
