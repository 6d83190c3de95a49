// Package filelock takes exclusive locks on files: advisory flock on Unix,
// LockFileEx on Windows. The system drops a lock when its process dies, so
// a kill -9 never leaves a stale one behind.
package filelock
