// Package e2e tests the built keepcool binary from the outside, the way a
// user and their scripts use it: a real daemon process, a temporary
// KEEPCOOL_HOME, the CLI contract and its exit codes, and kill -9.
package e2e
