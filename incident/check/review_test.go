package check

import (
	"slices"
	"strings"
	"testing"
)

// checkCase is one text and the warnings it must give.
type checkCase struct {
	name string
	text string
	want []Code // nil: nothing to say
}

func runCases(t *testing.T, f Field, cases []checkCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			ws, err := Text(f, tt.text)
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if got := codes(ws); !slices.Equal(got, tt.want) {
				t.Fatalf("%q: codes %v, want %v (%+v)", tt.text, got, tt.want, ws)
			}
			for _, w := range ws {
				if w.Field != f.Name || w.Message == "" || strings.Count(w.Message, ". ") > 1 {
					t.Errorf("warning %+v: want field %s and a short message", w, f.Name)
				}
			}
		})
	}
}

// What people write during an incident is never stopped, in any field,
// even when it starts with a word that names a program.
func TestCheckProse(t *testing.T) {
	prose := []string{
		"Kill switch for EU checkout is on",
		"kill switch for EU checkout is on",
		"Rolled back deploy 412, error rate falling",
		"We exported the logs to the vendor",
		"Git history shows the change went out at 09:12",
		"git history shows the change went out at 09:12",
		"Select customers in EU see errors",
		"select customers in EU see errors",
		"Select customers from EU saw errors at 05:10",
		"Make sure the CDN cache is purged before 10:00",
		"make sure the cache is warm",
		"Go live is postponed to tomorrow",
		"Watch the error rate with us on the status page",
		"Find out more on https://status.example.com",
		"Top 5 customers affected, account managers told",
		"top priority is EU checkout",
		"Free tier users unaffected",
		"Less than 1% of requests fail now",
		"Tail latency back to normal",
		"Source of the errors found: an expired certificate",
		"Export to the vendor is done",
		"Helm upgrade went fine",
		"helm upgrade went fine",
		"docker pull is slow on EU nodes",
		"docker pull slow",
		"terraform plan shows no drift",
		"aws console is down for some users",
		"git push fixed it",
		"git revert of 412 is out",
		"kubectl rollout restart fixed it for now",
		"psql pool full",
		"ssh works again",
		"Ping times normal across regions",
		"Update: payments are back",
		"Next update: 05:30 CET",
		"Auth: AADSTS50058 errors for SSO users",
		"Token refresh is failing for mobile clients",
		"secret_rotation: done",
		"API keys rotated for all partners",
		"Passwords reset for admin users, MFA enforced",
		"Errors from 05:00 to 05:40, ERROR rate now 0.1%",
		"Seeing ERROR and WARN in the gateway logs",
		"Fix in main.go:12 deployed",
		"Between 2026-11-30 05:00 and 06:00 checkout failed",
		"Drop in traffic at 05:10 explained by the CDN",
		"Delete from cache finished at 05:50",
		"Update orders set to retry automatically",
		"Rollback done",
		"Drop table migration postponed",
		"Exception handling fixed in the payment worker",
		"Panic over: payments are flowing again",
		"修复",
		"OK.",
		"Fixed",
		"We're back 🎉",
		"Zahlungen laufen wieder – wir beobachten 🙂",
		"Café payments are back",
		"Ran the failover; EU traffic on the standby now",
		"The -n flag was missing from the deploy script",
		"Cause: a bad config push at 04:58 (reverted)",
		"Only 3 of 40 hosts affected",
		"Restarted api-7d9f; watching",
		"Rolled back; watching",
		"Errors started at 2026-11-30 05:00:01 UTC",
		"Logs show ERROR, then WARN, then INFO as it recovered",
		"kubectl get pods shows 3 crashlooping",
		"docker logs show nothing unusual",
		"aws s3 outage in us-east-1",
		"gcloud auth broken for CI",
		"az login failing",
		"terraform apply blocked by a stale lock",
		"git pull requests delayed",
		"helm install pending",
		"helm history looks clean",
		"kubectl top nodes high",
		"systemctl restart helped",
		"go build broken on main",
		"delete from cache where needed",
		"Show tables of affected customers to support",
		"Create table for tracking refunds is ready",
		"Alter plan: roll forward instead",
		"Explain the delay to EU customers",
		"Grant access to the vendor once fixed",
		"Truncated logs are on the ticket",
		"Begin the failover at 06:00",
		"Commit 412 reverted",
		"DB connection string rotated",
		"The token endpoint is back",
		"Password resets work again",
		"ERROR budget for the month is spent",
		"Traceback shows the worker died",
		"Fixed a panic in the cart service",
		"Found it: at checkout (cart.js) a null price",
		"Users saw 'Error: timeout' at login",
		"Watching; next update by 05:30",
		"~50% of requests fail in EU",
		"See https://status.example.com/incidents/412 for details",
		"Check /status on the admin site",
		"50/50 traffic split to the standby",
		"Cost: $5k, refunds queued",
		"Errors: 0.1% (p99=2s)",
	}
	for _, f := range []Field{Note, Title, Why, Plan, Known} {
		t.Run(f.Name, func(t *testing.T) {
			for _, text := range prose {
				if f.Max > 0 && len([]rune(text)) > f.Max {
					continue
				}
				ws, err := Text(f, text)
				if err != nil || len(ws) > 0 {
					t.Errorf("%q: %+v %v, want nothing", text, ws, err)
				}
			}
		})
	}
}

// Gap 1: a multi-line log pasted into the prompt's one-line entry comes
// in as one line.
func TestCheckLogOnOneLine(t *testing.T) {
	runCases(t, Note, []checkCase{
		{"timestamps", "2026-11-30T06:00:01Z ERROR db timeout after 30s 2026-11-30T06:00:02Z ERROR db timeout after 30s 2026-11-30T06:00:03Z WARN pool exhausted", []Code{Paste}},
		{"syslog timestamps", "Nov 30 06:00:01 web-3 nginx[812]: upstream timed out Nov 30 06:00:02 web-3 nginx[812]: upstream timed out", []Code{Paste}},
		{"bracketed levels", "[ERROR] db timeout [ERROR] db timeout", []Code{Paste}},
		{"logfmt", "ts=06:00:01 level=error msg=timeout ts=06:00:02 level=error msg=timeout", []Code{Paste}},
		{"times and levels", "06:00:01 ERROR db timeout 06:00:02 WARN pool exhausted", []Code{Paste}},
		{"repeated bare levels", "ERROR db timeout ERROR db timeout WARN pool exhausted", []Code{Paste}},
		{"java frames", "java.lang.IllegalStateException: closed at com.acme.Pay.run(Pay.java:42) at com.acme.Main.main(Main.java:9)", []Code{Paste}},
		{"js frames", "TypeError: x is undefined at render (app.js:12:5) at main (app.js:40:1)", []Code{Paste}},
		{"python traceback", `Traceback (most recent call last): File "app.py", line 12, in <module> KeyError: 'id'`, []Code{Paste}},
		{"go panic", "panic: runtime error: index out of range goroutine 1 [running]: main.main() /src/main.go:12 +0x1d", []Code{Paste}},
		{"go frames", "main.handler() /src/api/h.go:40 +0x1d main.main() /src/main.go:12 +0x2f", []Code{Paste}},
		{"java exception in a thread", `Exception in thread "main" java.lang.NullPointerException`, []Code{Paste}},
	})
	runCases(t, Plan, []checkCase{
		{"a paragraph field too", "Roll back. 2026-11-30T06:00:01Z ERROR x 2026-11-30T06:00:02Z ERROR x", []Code{Paste}},
	})
	ws, _ := Text(Note, "2026-11-30T06:00:01Z ERROR a 2026-11-30T06:00:02Z ERROR b 2026-11-30T06:00:03Z WARN c")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "3 timestamps") || !strings.Contains(ws[0].Message, "log or a stack trace") {
		t.Errorf("message %+v: want what was seen", ws)
	}
}

// Gap 2: secrets in assignments and formats the first list missed.
func TestCheckSecretsMissed(t *testing.T) {
	runCases(t, Note, []checkCase{
		{"export of an AWS secret", "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", []Code{Secret, Command}},
		{"env line", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", []Code{Secret}},
		{"token variable", "GITHUB_TOKEN=abcdef0123456789abcdef was in the log", []Code{Secret}},
		{"db password variable", "DB_PASSWORD=hunter22 in the helm values", []Code{Secret}},
		{"PGPASSWORD", "PGPASSWORD=correcthorse", []Code{Secret}},
		{"api key variable", "STRIPE_API_KEY=rk_abc123def456", []Code{Secret}},
		{"private key variable", "JWT_PRIVATE_KEY=MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", []Code{Secret}},
		{"yaml", "aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", []Code{Secret}},
		{"yaml long word", "db_password: correcthorsebatterystaple", []Code{Secret}},
		{"json", `{"client_secret": "9f8e7d6c5b4a"}`, []Code{Secret}},
		{"camel case json", `{"apiKey": "abc123xyz789"}`, []Code{Secret}},
		{"toml", `api_token = "tok_live_abc123"`, []Code{Secret}},
		{"powershell", `$env:API_KEY = "abc123xyz789"`, []Code{Secret}},
		{"azure connection string", "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4==;", []Code{Secret}},
		{"header", "x-api-key: 7f3a9c2e1b4d", []Code{Secret}},
		{"github fine-grained", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ", []Code{Secret}},
		{"slack user token", "xoxp-123456789012-1234567890123-AbCdEfGhIjKl", []Code{Secret}},
		{"slack refresh token", "xoxe-1-My0xLTEyMzQ1Njc4OTAxMi0xMjM0NTY3ODkw", []Code{Secret}},
		{"gitlab", "glpat-abcdefghij0123456789", []Code{Secret}},
		{"gitlab trigger", "glptt-0123456789abcdef0123456789abcdef01234567", []Code{Secret}},
		{"jwt in prose", "the session was eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijklmnop", []Code{Secret}},
		{"google api key", "AIzaSyA1234567890abcdefghijklmnopqrstuv", []Code{Secret}},
		{"google oauth", "ya29.a0AfH6SMBx1234567890abcdefghij", []Code{Secret}},
		{"postgres url", "postgres://user:pass@db.internal:5432/orders", []Code{Secret}},
		{"redis url without a user", "redis://:s3cret@cache.internal:6379", []Code{Secret}},
		{"sendgrid", "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", []Code{Secret}},
		{"vault", "hvs.CAESIJ0123456789abcdefghijklmnop", []Code{Secret}},
		{"docker hub", "dckr_pat_0123456789abcdefghijklmno", []Code{Secret}},
		{"cookie", "Cookie: session=8f14e45fceea167a5a36dedd4bea2543", []Code{Secret}},
		{"password flag", "ran it with --password=hunter22 by mistake", []Code{Secret}},
		// Not secrets: names of secrets with placeholders, counts, paths.
		{"placeholder", "AWS_SECRET_ACCESS_KEY=<redacted>", nil},
		{"masked", "DB_PASSWORD=********", nil},
		{"reference", "GITHUB_TOKEN=${{ secrets.GH }}", nil},
		{"a count", "MAX_TOKENS=4096", nil},
		{"a ttl", "TOKEN_TTL=3600s", nil},
		{"a path", "SECRET_FILE=/run/secrets/db", nil},
		{"a network", "PRIVATE_SUBNET=10.0.0.0/8", nil},
		{"url with a placeholder password", "postgres://app:$PGPASSWORD@db.internal/orders", nil},
		{"url with a masked password", "postgres://app:****@db.internal/orders", nil},
		{"url with a port", "https://status.example.com:8443/incidents", nil},
	})
	for _, text := range []string{
		"export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"postgres://user:pass@db.internal:5432/orders",
		`{"client_secret": "9f8e7d6c5b4a"}`,
	} {
		ws, _ := Text(Note, text)
		for _, w := range ws {
			for _, part := range []string{"wJalr", "EXAMPLEKEY", "pass@", "9f8e7d"} {
				if strings.Contains(w.Message, part) {
					t.Errorf("%q: message %q repeats %q", text, w.Message, part)
				}
			}
		}
	}
	if ws, _ := Text(Note, "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"); len(ws) == 0 || !strings.Contains(ws[0].Message, "AWS_SECRET_ACCESS_KEY") {
		t.Errorf("%+v: want the variable's name", ws)
	}
}

// Gap 3: commands the first list missed, and SQL.
func TestCheckCommandsMissed(t *testing.T) {
	runCases(t, Note, []checkCase{
		{"helm rollback", "helm rollback checkout 41", []Code{Command}},
		{"aws s3", "aws s3 ls s3://backups", []Code{Command}},
		{"git push", "git push origin main", []Code{Command}},
		{"terraform apply", "terraform apply", []Code{Command}},
		{"terraform with a target", "terraform apply -target=module.db", []Code{Command}},
		{"gcloud", "gcloud compute instances list", []Code{Command}},
		{"az", "az aks get-credentials --name prod", []Code{Command}},
		{"psql", "psql -h db.internal -U app orders", []Code{Command}},
		{"psql url", "psql postgres://db.internal/orders", []Code{Command}},
		{"docker", "docker restart api", []Code{Command}},
		{"systemctl", "systemctl status nginx", []Code{Command}},
		{"kill a pid", "kill 4121", []Code{Command}},
		{"kill -9", "kill -9 4121", []Code{Command}},
		{"make with a flag", "make -C deploy rollback", []Code{Command}},
		{"cat a file", "cat /var/log/app.log", []Code{Command}},
		{"tail a log file", "tail app.log", []Code{Command}},
		{"find", "find /var/log -name '*.gz'", []Code{Command}},
		{"git commit message in quotes", `git commit -m "fix the bug in checkout"`, []Code{Command}},
		{"go test", "go test ./...", []Code{Command}},
		{"vault", "vault read secret/db", []Code{Command}},
		{"kubectl one word", "kubectl", []Code{Command}},
		{"sql select", "SELECT * FROM orders WHERE id=5;", []Code{Command}},
		{"sql select lower case", "select id, status from orders where id = 5", []Code{Command}},
		{"sql count", "select count(*) from orders", []Code{Command}},
		{"sql in capitals", "SELECT id FROM orders", []Code{Command}},
		{"sql update", "UPDATE orders SET status='paid' WHERE id=5", []Code{Command}},
		{"sql update lower case", "update orders set status = 'paid'", []Code{Command}},
		{"sql delete", "delete from sessions where created_at < now()", []Code{Command}},
		{"sql insert", "insert into flags (name) values ('x')", []Code{Command}},
		{"sql drop", "DROP TABLE orders;", []Code{Command}},
		{"sql truncate", "truncate table sessions;", []Code{Command}},
		{"sql alter", "alter table orders add column note text", []Code{Command}},
		{"sql explain", "EXPLAIN ANALYZE SELECT 1", []Code{Command}},
		{"sql show", "show processlist", []Code{Command}},
		{"psql prompt", "orders=# select 1;", []Code{Command}},
		{"mysql prompt", "mysql> show tables;", []Code{Command}},
		{"redis prompt", "127.0.0.1:6379> keys *", []Code{Command}},
	})
	ws, _ := Text(Note, "SELECT * FROM orders WHERE id=5;")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "(SELECT …)") || strings.Contains(ws[0].Message, "orders") {
		t.Errorf("%+v: want the keyword and not the statement", ws)
	}
}

// Gap 4: a whole note of keys meant for a terminal or an editor.
func TestCheckStrayKeys(t *testing.T) {
	var cases []checkCase
	for _, k := range []string{"exit", "q", ":wq", ":q!", "y", "n", "^C", "ls", "clear", "Exit", "  q  ", "ok", "x", "👍", ":x", "quit"} {
		cases = append(cases, checkCase{"keys " + k, k, []Code{Stray}})
	}
	cases = append(cases,
		checkCase{"three letters", "Fix", nil},
		checkCase{"a short word in Chinese", "修复", nil},
		checkCase{"exit in a sentence", "exit criteria met", nil},
	)
	runCases(t, Note, cases)
	// Only a note stands alone: a title or a reason may be short.
	runCases(t, Title, []checkCase{{"short title", "x", nil}, {"title q", "q", nil}})
	ws, _ := Text(Note, ":wq")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, `":wq"`) || !strings.Contains(ws[0].Message, "wrong window") {
		t.Errorf("%+v: want what was seen and why it matters", ws)
	}
}

// Gap 5: colour codes from a terminal are seen (and cleaned away whole by
// incident.CleanText and updates.Clean).
func TestCheckTerminalEscapes(t *testing.T) {
	runCases(t, Note, []checkCase{
		{"colour", "\x1b[31mRED\x1b[0m payments failing", []Code{Terminal}},
		{"window title", "\x1b]0;sam@web-3\x07payments failing", []Code{Terminal}},
		{"hyperlink", "see \x1b]8;;https://status.example.com\x1b\\the status page\x1b]8;;\x1b\\", []Code{Terminal}},
		{"8-bit CSI", "\u009b1mbold\u009b0m update", []Code{Terminal}},
		{"lone ESC is only a control character", "payments\x1b failing", nil},
	})
	ws, _ := Text(Note, "\x1b[31mRED\x1b[0m")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "terminal escape codes") || !strings.Contains(ws[0].Message, "pasted from a terminal") {
		t.Errorf("%+v", ws)
	}
}

// Gap 6: invalid UTF-8 is asked about, never refused outright.
func TestCheckInvalidUTF8(t *testing.T) {
	runCases(t, Note, []checkCase{
		{"Latin-1", "Caf\xe9 payments are back", []Code{Encoding}},
		{"cut rune", "payments are back \xc3", []Code{Encoding}},
		{"replaced on the way (JSON)", "Caf\uFFFD payments are back", []Code{Encoding}},
		{"valid accents", "Café payments are back", nil},
	})
	ws, err := Text(Note, "Caf\xe9 payments")
	if err != nil || len(ws) != 1 || !strings.Contains(ws[0].Message, "bytes that are not text") {
		t.Errorf("%+v %v", ws, err)
	}
}
