package check

import (
	"regexp"
	"strings"
)

// sqlMark is what only a statement has, not a sentence that happens to
// start with "Select … from": a *, a closing ;, a comparison, LIMIT n,
// ORDER/GROUP BY, a JOIN … ON, count(.
var sqlMark = regexp.MustCompile(`(?i)\*|;\s*$|\b[\w.]+\s*(=|<>|!=|<=|>=|<|>)\s*['"\w]|\blimit\s+\d+|\b(order|group)\s+by\b|\bjoin\s+[\w.]+\s+on\b|\bcount\s*\(`)

// sqlShape is a statement's shape. marked: only with a sqlMark, or with
// its keywords in capitals (SELECT … FROM), is it a statement.
type sqlShape struct {
	re     *regexp.Regexp
	marked bool
}

// sqlShapes are the statements an engineer types into psql or mysql, one
// table: adding one is one line.
var sqlShapes = []sqlShape{
	{regexp.MustCompile(`(?i)^select\s+.+?\s+from\s+[\w."` + "`" + `]+`), true},
	{regexp.MustCompile(`(?i)^delete\s+from\s+[\w."` + "`" + `]+`), true},
	{regexp.MustCompile(`(?i)^insert\s+into\s+[\w."` + "`" + `]+\s*(\(|values\b|select\b)`), false},
	{regexp.MustCompile(`(?i)^update\s+[\w."` + "`" + `]+\s+set\s+[\w."` + "`" + `]+\s*=`), false},
	{regexp.MustCompile(`(?i)^(drop|truncate)\s+(table\s+|database\s+|schema\s+|index\s+|view\s+)?(if\s+exists\s+)?[\w."` + "`" + `]+\s*(cascade\s*)?;?\s*$`), true},
	{regexp.MustCompile(`(?i)^alter\s+(table|database|user|index|role)\s+[\w."` + "`" + `]+\s+(add|drop|alter|rename|set|owner)\b`), false},
	{regexp.MustCompile(`(?i)^create\s+(unique\s+)?(table|index|database|user|view|schema|role)\s+(if\s+not\s+exists\s+)?[\w."` + "`" + `]+\s*(\(|on\b|;)`), false},
	{regexp.MustCompile(`(?i)^explain\s+(analy[sz]e\s+)?(select|insert|update|delete)\b`), false},
	{regexp.MustCompile(`(?i)^show\s+(full\s+)?(processlist|variables|grants|slave\s+status|replica\s+status|engine\s+innodb)\b`), false},
	{regexp.MustCompile(`(?i)^show\s+(tables|databases)\b`), true},
	{regexp.MustCompile(`(?i)^(begin|commit|rollback|vacuum|grant|revoke)\b.*;\s*$`), false},
}

// sqlStatement says whether line is a SQL statement, and its keyword.
func sqlStatement(line string) (keyword string, ok bool) {
	for _, sh := range sqlShapes {
		m := sh.re.FindString(line)
		if m == "" {
			continue
		}
		kw := strings.Fields(m)[0]
		if sh.marked && !sqlMark.MatchString(line) && !capitalKeywords(m) {
			continue
		}
		return strings.ToUpper(kw), true
	}
	return "", false
}

// capitalKeywords reports a statement written as SQL is: "SELECT … FROM",
// "DROP TABLE" — its first word and its FROM (or second word) in capitals.
func capitalKeywords(m string) bool {
	ws := strings.Fields(m)
	if ws[0] != strings.ToUpper(ws[0]) {
		return false
	}
	for _, w := range ws[1:] {
		if strings.EqualFold(w, "from") || strings.EqualFold(w, "table") {
			return w == strings.ToUpper(w)
		}
	}
	return false
}
