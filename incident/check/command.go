package check

import (
	"regexp"
	"strings"
)

// tools are programs whose name opens many a command line and few
// sentences.
var tools = map[string]bool{
	"kubectl": true, "k": true, "k9s": true, "helm": true, "docker": true, "podman": true, "git": true,
	"ssh": true, "scp": true, "rsync": true, "curl": true, "wget": true, "systemctl": true, "journalctl": true,
	"terraform": true, "tf": true, "aws": true, "gcloud": true, "az": true, "psql": true, "mysql": true,
	"redis-cli": true, "mongo": true, "mongosh": true, "cd": true, "ls": true, "cat": true, "grep": true,
	"rg": true, "tail": true, "less": true, "vim": true, "vi": true, "nano": true, "rm": true, "mv": true,
	"cp": true, "chmod": true, "chown": true, "ps": true, "kill": true, "pkill": true, "top": true,
	"htop": true, "ping": true, "dig": true, "nslookup": true, "make": true, "go": true, "npm": true,
	"npx": true, "yarn": true, "pip": true, "python": true, "python3": true, "ansible": true,
	"ansible-playbook": true, "echo": true, "export": true, "source": true, "tmux": true, "watch": true,
	"nc": true, "telnet": true, "openssl": true, "jq": true, "awk": true, "sed": true, "find": true,
	"df": true, "du": true, "free": true, "netstat": true, "ss": true, "iptables": true, "nginx": true,
	"apt": true, "apt-get": true, "yum": true, "dnf": true, "brew": true, "oc": true, "istioctl": true,
	"argocd": true, "flux": true, "stern": true, "kubectx": true, "kubens": true, "keepcool": true,
}

var (
	// prompt is a shell prompt left at the start of a pasted line: "$ ",
	// "user@host:~$ ", "PS C:\> ", ">>> ". A root prompt ("# ") counts
	// only before a known program: elsewhere it is a Markdown heading.
	prompt = regexp.MustCompile(`^([\w.-]+@[\w.-]+(:\S*)?\s*[$#%>]\s|[$%]\s|PS [A-Za-z]:\\[^>]*>\s|>>>\s)`)
	// flag is a command-line option: -n, -it, --namespace, --force=true.
	flag = regexp.MustCompile(`^(-[A-Za-z]{1,3}|--[A-Za-z][A-Za-z0-9-]+(=\S*)?)$`)
	// shellSyntax is what only a shell line contains: pipes, redirects,
	// && and ||, $(…), $VAR, a trailing backslash.
	shellSyntax = regexp.MustCompile(`(^|\s)(\||&&|\|\||>>?|2>&1|<)(\s|$)|\$\(|\$\{?[A-Z_][A-Z0-9_]*\b|\s\\$`)
	// plainWord is a token that could be a command's argument: no capital
	// at the start, no sentence punctuation at the end.
	plainWord = regexp.MustCompile(`^[a-z0-9_./:@=~-][A-Za-z0-9_./:@=~*-]*$`)
)

// looksCommand says whether one cleaned line looks like a shell command,
// and if so, how to show it without repeating it whole (it may carry a
// secret): the program's name and "…".
func looksCommand(line string) (shown string, ok bool) {
	words := strings.Fields(line)
	if prompt.MatchString(line) || strings.HasPrefix(line, "sudo ") || len(words) > 1 && words[0] == "#" && tools[words[1]] {
		return firstWord(words) + " …", true
	}
	if len(words) == 0 {
		return "", false
	}
	flags, plain := 0, 0
	for _, w := range words {
		if flag.MatchString(w) {
			flags++
		}
		if plainWord.MatchString(w) {
			plain++
		}
	}
	allPlain := plain == len(words)
	switch {
	case tools[words[0]] && (flags > 0 || shellSyntax.MatchString(line) || allPlain && len(words) <= 3 && !saysHow(words[len(words)-1])):
		// kubectl get pods -n prod; git status; tail -f x | grep y — not "ssh access restored"
	case flags > 0 && allPlain && len(words) <= 8:
		// the tail of a command whose start went elsewhere: "t pods -n prod"
	case shellSyntax.MatchString(line) && allPlain:
		// grep ERROR app.log | wc -l
	default:
		return "", false
	}
	return words[0] + " …", true
}

// statusWords end a short sentence about a tool ("ssh works again", "git
// push failed") rather than a command.
var statusWords = map[string]bool{
	"down": true, "up": true, "ok": true, "back": true, "fine": true, "works": true, "working": true,
	"failing": true, "again": true, "now": true, "done": true, "slow": true, "broken": true, "green": true, "red": true,
}

// saysHow reports whether a short line's last word says how something is,
// as a sentence would: a past participle or a status word.
func saysHow(last string) bool {
	last = strings.ToLower(strings.TrimRight(last, ".!"))
	return statusWords[last] || len(last) > 3 && strings.HasSuffix(last, "ed")
}

// firstWord is the program a prompted or sudo line runs.
func firstWord(words []string) string {
	for i, w := range words {
		if w == "sudo" || strings.ContainsAny(w, "$#%>") || strings.Contains(w, "@") || i == 0 && w == "PS" {
			continue
		}
		if strings.HasSuffix(w, ">") {
			continue
		}
		return w
	}
	return "a prompt"
}
