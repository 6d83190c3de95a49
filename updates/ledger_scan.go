package updates

import (
	"bytes"
	"encoding/json"

	"github.com/keepcool/keepcool/incident"
)

// The outbox's events as the ledger reads them at a start: the few members
// it needs picked out of each event's data as written (incident.Members),
// the general way (encoding/json) whenever an event is not as this keepcool
// writes it.

// scanQueued reads an EventQueued's message id and kind, the message as
// stored and its channels, without decoding the message.
func scanQueued(data []byte) (id string, kind Kind, msg []byte, channels [][]byte, ok bool) {
	fast := incident.Members(data, func(name, v []byte) bool {
		switch string(name) {
		case "message":
			msg = v
		case "channels":
			channels, ok = scanStrings(v)
			return ok
		}
		return true
	})
	if fast && ok && msg != nil {
		if id, kind, ok = scanMessage(msg); ok {
			return id, kind, msg, channels, true
		}
	}
	var q struct { // the general way
		Message  json.RawMessage `json:"message"`
		Channels []string        `json:"channels"`
	}
	if json.Unmarshal(data, &q) != nil {
		return "", "", nil, nil, false
	}
	if id, kind, ok = scanMessage(q.Message); !ok {
		return "", "", nil, nil, false
	}
	channels = channels[:0]
	for _, c := range q.Channels {
		channels = append(channels, []byte(c))
	}
	return id, kind, q.Message, channels, true
}

// scanMessage reads a stored message's id and kind.
func scanMessage(msg []byte) (id string, kind Kind, ok bool) {
	ok = true
	if incident.Members(msg, func(name, v []byte) bool {
		switch string(name) {
		case "id":
			id, ok = unquote(v)
		case "kind":
			var k string
			k, ok = unquote(v)
			kind = Kind(k)
		}
		return ok && (id == "" || kind == "")
	}) && ok {
		return id, kind, true
	}
	var m struct {
		ID   string `json:"id"`
		Kind Kind   `json:"kind"`
	}
	err := json.Unmarshal(msg, &m)
	return m.ID, m.Kind, err == nil
}

// scanDelivered reads an EventDelivered's message id and channel.
func scanDelivered(data []byte) (id string, channel []byte, ok bool) {
	ok = true
	if incident.Members(data, func(name, v []byte) bool {
		switch string(name) {
		case "message_id":
			id, ok = unquote(v)
		case "channel":
			channel, ok = plainBytes(v)
		}
		return ok
	}) && ok && channel != nil {
		return id, channel, true
	}
	var d Delivered
	if json.Unmarshal(data, &d) != nil {
		return "", nil, false
	}
	return d.MessageID, []byte(d.Channel), true
}

// scanStrings reads a JSON array of strings without escapes.
func scanStrings(v []byte) ([][]byte, bool) {
	if len(v) < 2 || v[0] != '[' || v[len(v)-1] != ']' {
		return nil, false
	}
	var out [][]byte
	for v = v[1 : len(v)-1]; len(v) > 0; {
		end := bytes.IndexByte(v[min(1, len(v)):], '"') + 2
		s, ok := plainBytes(v[:max(end, 0)])
		if !ok {
			return nil, false
		}
		out, v = append(out, s), v[end:]
		if len(v) > 0 {
			if v[0] != ',' || len(v) == 1 {
				return nil, false
			}
			v = v[1:]
		}
	}
	return out, true
}

// plainBytes is the text of a JSON string without escapes.
func plainBytes(v []byte) ([]byte, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' || bytes.IndexByte(v, '\\') >= 0 {
		return nil, false
	}
	return v[1 : len(v)-1], true
}

// unquote is the text of a JSON string as a string.
func unquote(v []byte) (string, bool) {
	if s, ok := plainBytes(v); ok {
		return string(s), true
	}
	var s string
	return s, json.Unmarshal(v, &s) == nil
}
