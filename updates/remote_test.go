package updates

import "testing"

func TestRemote(t *testing.T) {
	var r Remote[int]
	if _, ok := r.Get("inc-1"); ok {
		t.Fatal("empty Remote has inc-1")
	}
	r.Remember("inc-1", 12)
	if v, ok := r.Get("inc-1"); !ok || v != 12 {
		t.Errorf("Get(inc-1) = %d, %v; want 12, true", v, ok)
	}
	if _, ok := r.Get("inc-2"); ok {
		t.Error("inc-2 found")
	}
}
