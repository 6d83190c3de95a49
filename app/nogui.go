//go:build !cgo

package app

import (
	"context"
	"errors"
)

// Run cannot open a window without cgo: fyne's drivers need it.
func Run(context.Context, string, Options) error {
	return errors.New("this keepcool was built without a GUI (cgo disabled); use the CLI")
}
