package channeltype

import "fmt"

// slackKeys: a slack channel posts to an incoming webhook (url) or as an
// app (token and channel), exactly one of them.
func slackKeys(c Config, _ func(string) bool) (string, error) {
	url, token, channel := c.Get("url") != "", c.Get("token") != "", c.Get("channel") != ""
	switch {
	case url && (token || channel):
		key := "token"
		if !token {
			key = "channel"
		}
		return key, fmt.Errorf("is for a Slack app, url for an incoming webhook; keep one: remove url, or token and channel")
	case token && !channel:
		return "token", fmt.Errorf(`needs channel = "#incidents" (or the channel's id) beside it`)
	case channel && !token:
		return "channel", fmt.Errorf(`needs token = "keyring:slack-bot" (a bot token, xoxb-…) beside it`)
	case !url && !token:
		return "url", fmt.Errorf(`is required; add url = "keyring:NAME" (an incoming webhook), or token = "keyring:NAME" and channel = "#incidents" (a Slack app)`)
	}
	return "", nil
}
