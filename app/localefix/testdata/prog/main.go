// Command prog links fyne's lang package after localefix, as keepcool does.
package main

import (
	"fmt"

	_ "github.com/keepcool/keepcool/app/localefix"

	"fyne.io/fyne/v2/lang"
)

func main() { fmt.Println(lang.SystemLocale()) }
