package email

import (
	"html/template"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// view is what the HTML part shows. Every string but Accent is untrusted;
// html/template escapes each for where it lands (text, attribute, URL).
type view struct {
	Headline, Label, Body string
	Preheader             string // the inbox preview: hidden, first in the body
	Facts                 []updates.Fact
	NextUpdate            string
	StatusPage            string // http(s) only, see clean
	Channel               string
	Accent                string // a colour constant, never from the message
}

// accent colours the top border and label by what the message says.
func accent(k updates.Kind) string {
	switch k {
	case updates.KindDeclared:
		return "#cf222e"
	case updates.KindResolved:
		return "#1a7f37"
	case updates.KindTest:
		return "#57606a"
	}
	return "#9a6700"
}

// renderHTML renders the HTML part: tables and inline styles, because mail
// clients drop <style> blocks and most layout CSS.
func renderHTML(m updates.Message, channel string) (string, error) {
	v := view{
		Headline: m.Headline(), Label: m.Label(), Body: m.Body(), Facts: m.Facts(), Preheader: preheader(m),
		NextUpdate: m.NextUpdate(), StatusPage: m.StatusPage, Channel: channel, Accent: accent(m.Kind),
	}
	var b strings.Builder
	if err := page.Execute(&b, v); err != nil {
		return "", err
	}
	return b.String(), nil
}

// lines splits text at line breaks so the template can put <br> between
// the (escaped) lines; pre-wrap is not honoured by every client.
func lines(s string) []string { return strings.Split(s, "\n") }

// page is parsed once; templates are safe for concurrent Execute.
var page = template.Must(template.New("email").Funcs(template.FuncMap{"lines": lines}).Parse(pageHTML))

const pageHTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Headline}}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">{{.Preheader}}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-top:6px solid {{.Accent}};border-radius:6px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2328;">
<tr><td style="padding:24px 28px 4px;">
<p style="margin:0 0 6px;font-size:13px;font-weight:bold;letter-spacing:0.04em;text-transform:uppercase;color:{{.Accent}};">{{.Label}}</p>
<h1 style="margin:0;font-size:20px;line-height:1.3;overflow-wrap:anywhere;word-break:break-word;">{{.Headline}}</h1>
</td></tr>
<tr><td style="padding:12px 28px 16px;font-size:16px;line-height:1.5;overflow-wrap:anywhere;word-break:break-word;">{{range $i, $l := lines .Body}}{{if $i}}<br>{{end}}{{$l}}{{end}}</td></tr>
{{- if .Facts}}
<tr><td style="padding:0 28px 16px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px;line-height:1.4;">
{{- range .Facts}}
<tr><td valign="top" style="padding:6px 12px 6px 0;border-top:1px solid #d8dee4;color:#57606a;white-space:nowrap;width:1%;">{{.Label}}</td><td valign="top" style="padding:6px 0;border-top:1px solid #d8dee4;overflow-wrap:anywhere;word-break:break-word;">{{range $i, $l := lines .Value}}{{if $i}}<br>{{end}}{{$l}}{{end}}</td></tr>
{{- end}}
</table></td></tr>
{{- end}}
{{- with .NextUpdate}}
<tr><td style="padding:0 28px 16px;font-size:15px;font-weight:bold;">{{.}}</td></tr>
{{- end}}
{{- with .StatusPage}}
<tr><td style="padding:0 28px 24px;"><a href="{{.}}" style="display:inline-block;padding:10px 18px;background:#0969da;color:#ffffff;text-decoration:none;border-radius:6px;font-size:14px;font-weight:bold;">Open the status page</a></td></tr>
{{- end}}
<tr><td style="padding:12px 28px;border-top:1px solid #d8dee4;font-size:12px;color:#6e7781;">Sent by keepcool{{with .Channel}} to the {{.}} list{{end}}</td></tr>
</table></td></tr></table>
</body></html>
`
