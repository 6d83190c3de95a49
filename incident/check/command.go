package check

import (
	"regexp"
	"strings"
)

var (
	// prompt is a shell prompt left at the start of a pasted line: "$ ",
	// "user@host:~$ ", "PS C:\> ", ">>> ", and database prompts
	// ("mysql> ", "orders=# ", "127.0.0.1:6379> "). A root prompt ("# ")
	// counts only before a known program: elsewhere it is a Markdown
	// heading.
	prompt = regexp.MustCompile(`^([\w.-]+@[\w.-]+(:\S*)?\s*[$#%>]\s|[$%]\s|PS [A-Za-z]:\\[^>]*>\s|>>>\s|(mysql|sqlite)>\s|[\w-]+=[#>]\s|[\w.-]+:\d+>\s)`)
	// flag is a command-line option: -n, -it, --namespace, --force=true.
	flag = regexp.MustCompile(`^(-[A-Za-z]{1,3}|--[A-Za-z][A-Za-z0-9-]+(=\S*)?)$`)
	// shellSyntax is what only a shell line contains: pipes, redirects,
	// && and ||, $(…), $VAR, a trailing backslash.
	shellSyntax = regexp.MustCompile(`(^|\s)(\||&&|\|\||>>?|2>&1|<)(\s|$)|\$\(|\$\{?[A-Z_][A-Z0-9_]*\b|\s\\$`)
	// plainWord is a token that could be a command's argument: no capital
	// at the start, no sentence punctuation at the end.
	plainWord = regexp.MustCompile(`^[a-z0-9_./:@=~-][A-Za-z0-9_./:@=~*-]*$`)
	// argShape is an argument only a command line has: a path, a URL, a
	// file name, a glob, name=value, user@host, a statement's ;.
	argShape = regexp.MustCompile(`^((~|\.{1,2})?/[\w.~-]|[a-z][a-z0-9+.-]*://\S|[\w.-]+/\S*\.\w{1,5}$|[\w-]+\.(log|txt|json|ya?ml|conf|cfg|ini|toml|env|sh|py|go|js|ts|sql|csv|pem|key|crt|service|gz|tgz|tar|zip)$|[\w./-]*\*[\w./-]*$|[A-Za-z_][\w.-]*=\S|[\w.-]+@[\w-]+(\.[\w-]+)*(:\S*)?$|\S+;$)`)
	// quoted is a quoted argument: its words are not the line's words.
	quoted = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	// pid is a process ID, a job or a signal after kill: 4121, %1, -9,
	// -HUP.
	pid = regexp.MustCompile(`^(%?\d+|-\d{1,2}|-[A-Z]{3,7})$`)
)

// looksCommand says whether one cleaned line looks like a shell command
// or a SQL statement (what), and if so, how to show it without repeating
// it whole (it may carry a secret): the program's name or the statement's
// keyword, and "…".
func looksCommand(line string) (what, shown string, ok bool) {
	words := strings.Fields(line)
	if len(words) == 0 {
		return "", "", false
	}
	if prompt.MatchString(line) || words[0] == "sudo" || len(words) > 1 && words[0] == "#" && isProgram(words[1]) {
		return "a shell command", firstWord(words) + " …", true
	}
	if kw, ok := sqlStatement(line); ok {
		return "a SQL statement", kw + " …", true
	}
	if shellLine(line, words) {
		return "a shell command", words[0] + " …", true
	}
	return "", "", false
}

// shellLine reports a line shaped like a command for a shell.
func shellLine(line string, words []string) bool {
	s := shapeOf(line, words)
	if s.prose {
		return false
	}
	p, known := programs[words[0]]
	switch {
	case known && (s.flags > 0 || s.shell || s.args > 0):
		// kubectl get pods -n prod; tail -f x | grep y; aws s3 ls s3://backups
	case known && len(words) > 1 && p.subs[words[1]] && s.allPlain && len(words) <= 8 && (len(words) == 2 || !saysHow(words[len(words)-1])):
		// git push origin main; helm rollback checkout 41 — not "git history shows…"
	case known && p.pids && len(words) > 1 && allMatch(words[1:], pid):
		// kill 4121
	case known && !p.english && len(p.subs) == 0 && s.allPlain && len(words) <= 3 && !saysHow(words[len(words)-1]):
		// psql orders; ssh web-3 — not "ssh access restored"
	case known && !p.english && len(words) == 1:
		// kubectl
	case s.flags > 0 && s.allPlain && len(words) <= 8:
		// the tail of a command whose start went elsewhere: "t pods -n prod"
	case s.shell && s.allPlain:
		// grep ERROR app.log | wc -l
	default:
		return false
	}
	return true
}

// isProgram reports a known program's name.
func isProgram(w string) bool {
	_, ok := programs[w]
	return ok
}

// shape is what a line's words look like.
type shape struct {
	flags    int  // -n, --force
	args     int  // paths, URLs, globs, name=value, …
	shell    bool // pipes, redirects, $VAR
	allPlain bool // every word could be an argument
	prose    bool // a word only a sentence has, outside quotes
}

func shapeOf(line string, words []string) shape {
	s := shape{shell: shellSyntax.MatchString(line), allPlain: true}
	for _, w := range words {
		if flag.MatchString(w) {
			s.flags++
		}
		if argShape.MatchString(w) {
			s.args++
		}
		if !plainWord.MatchString(w) {
			s.allPlain = false
		}
	}
	unquoted := strings.Fields(quoted.ReplaceAllString(line, " "))
	for i, w := range unquoted {
		if i > 0 && proseWord(w) || i == len(unquoted)-1 && i > 0 && endsSentence(w) {
			s.prose = true
			break
		}
	}
	return s
}

func allMatch(ws []string, re *regexp.Regexp) bool {
	for _, w := range ws {
		if !re.MatchString(w) {
			return false
		}
	}
	return true
}

// functionWords are words a sentence has and a command line almost never
// does as an argument.
var functionWords = words("the a an is are was were be been being it its it's we our us you they their them " +
	"this that these those and but so because of to from with for on in at by as now still again already just " +
	"also too then than after before since until will would should could can did does has have had not " +
	"no yes went broke ran took made got came fell left lost found show shows showed says said seem seems look looks " +
	"need needs some any every most nothing everything something unusual fine clean yet only very much many few")

// word is a word of letters, as a sentence has, maybe with its
// punctuation.
var word = regexp.MustCompile(`^[A-Za-z']+[.,!?:;]*$`)

// proseWord reports a word that makes a line a sentence: a function word
// or a past participle ("rolled", "fixed").
func proseWord(w string) bool {
	if !word.MatchString(w) {
		return false
	}
	w = strings.ToLower(strings.TrimRight(w, ".,!?:;"))
	return functionWords[w] || len(w) > 3 && strings.HasSuffix(w, "ed")
}

// endsSentence reports a last word ending a sentence: "done.", "ok!" —
// but not ".", "./..." (git add ., go test ./...).
func endsSentence(w string) bool {
	return word.MatchString(w) && strings.ContainsAny(w[len(w)-1:], ".!?") && strings.Trim(w, ".!?") != ""
}

// statusWords end a short sentence about a tool ("ssh works again", "git
// push failed", "psql pool full") rather than a command.
var statusWords = words("down up ok back fine works working failing again now done slow broken green red on off " +
	"stuck hung hanging pending flaky healthy unhealthy full empty high low stable normal unreachable unavailable " +
	"errors timeouts issues outage problems latency failures retries")

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
