//go:build unix

package boundedfile

import "syscall"

// nonBlock makes opening a FIFO return at once instead of waiting for a
// writer; it changes nothing for a regular file's reads.
const nonBlock = syscall.O_NONBLOCK
