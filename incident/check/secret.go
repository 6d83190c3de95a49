package check

import (
	"regexp"
	"strings"
	"unicode"
)

// secretPattern is one kind of secret and how it looks. what names it
// without showing it.
type secretPattern struct {
	what   string
	re     *regexp.Regexp
	verify func(lastGroup string) bool // nil: every match counts
}

// secretPatterns are well-known token formats and the shapes secrets take
// in pasted config, headers and URLs. Go's regexp is linear: hostile input
// cannot make these slow.
var secretPatterns = []secretPattern{
	{"a private key (-----BEGIN … PRIVATE KEY-----)", regexp.MustCompile(`-----BEGIN[A-Z0-9 ]*PRIVATE KEY`), nil},
	{"a Slack token (xox…-)", regexp.MustCompile(`\bxox[abposre]-[A-Za-z0-9-]{10,}`), nil},
	{"a Slack app token (xapp-)", regexp.MustCompile(`\bxapp-[0-9]-[A-Za-z0-9-]{10,}`), nil},
	{"a Slack webhook URL", regexp.MustCompile(`hooks\.slack\.com/(services|workflows|triggers)/[A-Za-z0-9/_-]{10,}`), nil},
	{"a Discord webhook URL", regexp.MustCompile(`discord(app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]{10,}`), nil},
	{"a GitHub token (ghp_…)", regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{30,}`), nil},
	{"a GitHub token (github_pat_…)", regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{22,}`), nil},
	{"a GitLab token (glpat-…)", regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`), nil},
	{"an AWS access key (AKIA…)", regexp.MustCompile(`\b(AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b`), nil},
	{"a Google API key (AIza…)", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`), nil},
	{"a Stripe key (sk_live_…)", regexp.MustCompile(`\b[rs]k_(live|test)_[0-9A-Za-z]{16,}`), nil},
	{"an API key (sk-…)", regexp.MustCompile(`\bsk-(proj-|ant-)?[A-Za-z0-9_-]{32,}`), nil},
	{"an npm token (npm_…)", regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}`), nil},
	{"a JSON Web Token (eyJ…)", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`), nil},
	{"an Authorization header", regexp.MustCompile(`(?i)\b(proxy-)?authorization\s*:\s*((basic|bearer|digest|token|negotiate|ntlm|apikey|aws4-hmac-sha256)\s+\S|[A-Za-z0-9._~+/=-]{16,})`), nil},
	{"a bearer token", regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{16,}`), nil},
	{"a password in a URL (user:password@)", regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/:@]+:[^\s/@]+@`), nil},
	{"a password or key (password=…)", regexp.MustCompile(`(?i)\b` + secretWords + `["']?\s*=\s*["']?[^\s"',;&]{3,}`), nil},
	{"a password or key (\"password\": \"…\")", regexp.MustCompile(`(?i)["']` + secretWords + `["']\s*:\s*["'][^\s"']{4,}["']`), nil},
	{"a password or key (password: …)", regexp.MustCompile(`(?i)\b` + secretWords + `\s*:\s*([^\s"',;]{8,})`), generated},
}

// secretWords are the names under which secrets sit in config and
// headers.
const secretWords = `(passw(or)?d|pwd|passphrase|secret|client[_-]?secret|token|access[_-]?token|auth[_-]?token|refresh[_-]?token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key)`

// looksSecret says which kind of secret s seems to hold, if any.
func looksSecret(s string) (what string, ok bool) {
	for _, p := range secretPatterns {
		for _, m := range p.re.FindAllStringSubmatch(s, -1) {
			if p.verify == nil || p.verify(m[len(m)-1]) {
				return p.what, true
			}
		}
	}
	return "", false
}

// generated tells a value that looks machine-made ("token: 3f9a6c21e0")
// from prose that merely names one ("token: rotated", "password: reset
// for everyone"): letters and digits both.
func generated(v string) bool {
	return strings.ContainsAny(v, "0123456789") && strings.IndexFunc(v, unicode.IsLetter) >= 0
}
