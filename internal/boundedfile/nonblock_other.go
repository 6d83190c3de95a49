//go:build !unix

package boundedfile

// nonBlock is nothing where the system has no O_NONBLOCK (Windows: a
// named pipe is not a file in a folder there).
const nonBlock = 0
