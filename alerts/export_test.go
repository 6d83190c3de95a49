package alerts

// Reminding reports whether d knows notification id as a drill reminder:
// Show has returned and the id is recorded. A click the server relays
// before then (only a test clicks that fast) finds no reminder.
func Reminding(d *Drills, id uint32) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.reminders[id]
	return ok
}
