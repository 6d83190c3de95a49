package check

import (
	"regexp"
)

// secretPattern is one kind of secret and how it looks. what names it
// without showing it.
type secretPattern struct {
	what string
	re   *regexp.Regexp
}

// secretPatterns are well-known token formats and the shapes secrets take
// in headers and URLs; assignments (NAME=value, "name": "value") are
// looked at by assignedSecret. Go's regexp is linear: hostile input
// cannot make these slow.
var secretPatterns = []secretPattern{
	{"a private key (-----BEGIN … PRIVATE KEY-----)", regexp.MustCompile(`-----BEGIN[A-Z0-9 ]*PRIVATE KEY`)},
	{"a Slack token (xox…-)", regexp.MustCompile(`\bxox[abposre]-[A-Za-z0-9-]{10,}`)},
	{"a Slack app token (xapp-)", regexp.MustCompile(`\bxapp-[0-9]-[A-Za-z0-9-]{10,}`)},
	{"a Slack webhook URL", regexp.MustCompile(`hooks\.slack\.com/(services|workflows|triggers)/[A-Za-z0-9/_-]{10,}`)},
	{"a Discord webhook URL", regexp.MustCompile(`discord(app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]{10,}`)},
	{"a GitHub token (ghp_…)", regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{30,}`)},
	{"a GitHub token (github_pat_…)", regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{22,}`)},
	{"a GitLab token (glpat-…)", regexp.MustCompile(`\bgl(pat|ptt|dt|rt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}`)},
	{"an AWS access key (AKIA…)", regexp.MustCompile(`\b(AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b`)},
	{"a Google API key (AIza…)", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`)},
	{"a Google OAuth token (ya29.…)", regexp.MustCompile(`\bya29\.[0-9A-Za-z_-]{20,}`)},
	{"a Stripe key (sk_live_…)", regexp.MustCompile(`\b[rs]k_(live|test)_[0-9A-Za-z]{16,}`)},
	{"an API key (sk-…)", regexp.MustCompile(`\bsk-(proj-|ant-)?[A-Za-z0-9_-]{32,}`)},
	{"an npm token (npm_…)", regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}`)},
	{"a PyPI token (pypi-…)", regexp.MustCompile(`\bpypi-AgE[A-Za-z0-9_-]{50,}`)},
	{"a Docker Hub token (dckr_pat_…)", regexp.MustCompile(`\bdckr_pat_[A-Za-z0-9_-]{20,}`)},
	{"a SendGrid key (SG.…)", regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`)},
	{"a Vault token (hvs.…)", regexp.MustCompile(`\bhv[sbr]\.[A-Za-z0-9_-]{24,}`)},
	{"a Shopify token (shpat_…)", regexp.MustCompile(`\bshp(at|ca|pa|ss)_[a-fA-F0-9]{32}`)},
	{"a DigitalOcean token (dop_v1_…)", regexp.MustCompile(`\bdo[por]_v1_[a-f0-9]{64}`)},
	{"a Hugging Face token (hf_…)", regexp.MustCompile(`\bhf_[A-Za-z]{34}\b`)},
	{"an Atlassian token (ATATT…)", regexp.MustCompile(`\bATATT3[A-Za-z0-9_=-]{20,}`)},
	{"a Grafana token (glsa_…)", regexp.MustCompile(`\bgl(sa|c)_[A-Za-z0-9_+/=-]{32,}`)},
	{"a Telegram bot token", regexp.MustCompile(`\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b`)},
	{"a JSON Web Token (eyJ…)", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)},
	{"an Authorization header", regexp.MustCompile(`(?i)\b(proxy-)?authorization\s*:\s*((basic|bearer|digest|token|negotiate|ntlm|apikey|aws4-hmac-sha256)\s+\S|[A-Za-z0-9._~+/=-]{16,})`)},
	{"a bearer token", regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{16,}`)},
	{"a Cookie header", regexp.MustCompile(`(?i)\b(set-)?cookie\s*:\s*[\w.-]+=[^\s;]{8,}`)},
	{"a password in a URL (user:password@)", regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/:@]*:[^\s/@$<{*]([^\s/@]*[^\s/@*>}])?@[\w\[]`)},
}

// looksSecret says which kind of secret s seems to hold, if any.
func looksSecret(s string) (what string, ok bool) {
	for _, p := range secretPatterns {
		if p.re.MatchString(s) {
			return p.what, true
		}
	}
	return assignedSecret(s)
}
