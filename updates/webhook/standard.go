package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Signing modes: the values of a webhook channel's signing key, which
// says which signatures it sends when a secret is set.
const (
	// SignKeepcool sends X-Keepcool-Signature only: the default, and all
	// keepcool did before the key existed.
	SignKeepcool = "keepcool"
	// SignStandard sends the Standard Webhooks headers only
	// (https://www.standardwebhooks.com), which its libraries verify.
	SignStandard = "standard"
	// SignBoth sends both, for moving receivers over one at a time.
	SignBoth = "both"
)

// Standard Webhooks headers (spec 1.0, "Webhook headers"). Their names
// are part of the documented contract.
const (
	// HeaderWebhookID is the message id, the same as X-Keepcool-Delivery
	// and the body's "id": the same on every retry.
	HeaderWebhookID = "webhook-id"
	// HeaderWebhookTimestamp is when this attempt was sent, in integer
	// Unix seconds: a retry carries its own, so receivers that refuse old
	// timestamps (the libraries allow five minutes) accept it.
	HeaderWebhookTimestamp = "webhook-timestamp"
	// HeaderWebhookSignature is "v1," and the standard base64 of the
	// HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>", keyed with
	// the secret's decoded bytes.
	HeaderWebhookSignature = "webhook-signature"
)

// secretPrefix starts a Standard Webhooks secret: "whsec_" and the key in
// standard base64, the form its libraries take.
const secretPrefix = "whsec_"

// newSecretHint says how to make a secret of the right form.
const newSecretHint = `make one with: echo "whsec_$(openssl rand -base64 32)"`

// CheckSigning is the rule for the signing key's value.
func CheckSigning(mode string) error {
	switch mode {
	case "", SignKeepcool, SignStandard, SignBoth:
		return nil
	}
	return fmt.Errorf("= %q is not a signing mode; use %q (X-Keepcool-Signature, the default), %q (Standard Webhooks) or %q",
		mode, SignKeepcool, SignStandard, SignBoth)
}

// CheckKeys says what is wrong with the signing mode and the secret
// (resolved, not a reference) together, nil when they serve: key is the
// one to blame, and err follows its name ("secret must start with …").
// Errors never contain the secret.
func CheckKeys(mode, secret string) (key string, err error) {
	switch {
	case CheckSigning(mode) != nil:
		return "signing", CheckSigning(mode)
	case !standard(mode):
		return "", nil
	case secret == "":
		return "signing", fmt.Errorf(`= %q needs a secret: add secret = "keyring:NAME" holding whsec_ and base64, as Standard Webhooks libraries take it; %s`,
			mode, newSecretHint)
	}
	_, err = standardKey(mode, secret)
	return "secret", err
}

// standard reports whether mode sends the Standard Webhooks headers.
func standard(mode string) bool { return mode == SignStandard || mode == SignBoth }

// standardKey is the HMAC key of a Standard Webhooks secret: "whsec_"
// and 24 to 64 bytes in standard base64 (spec 1.0, "Signature scheme").
// The prefix is required, not guessed at: the libraries' default
// constructors decode what follows it as base64, so a plain password
// would verify with keepcool and fail with the receiver's library.
func standardKey(mode, secret string) ([]byte, error) {
	with := fmt.Sprintf("with signing = %q", mode)
	rest, ok := strings.CutPrefix(secret, secretPrefix)
	if !ok {
		return nil, fmt.Errorf("must start with whsec_ (then base64) %s, the form Standard Webhooks libraries take; %s", with, newSecretHint)
	}
	key, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return nil, fmt.Errorf("must be whsec_ followed by standard base64 (A-Z a-z 0-9 + /, = padding) %s; %s", with, newSecretHint)
	}
	if len(key) < 24 || len(key) > 64 {
		return nil, fmt.Errorf("holds a %d-byte key; Standard Webhooks takes 24 to 64 random bytes; %s", len(key), newSecretHint)
	}
	return key, nil
}

// signStandard is the webhook-signature value for message id sent at ts
// with body.
func signStandard(key []byte, id string, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + strconv.FormatInt(ts.Unix(), 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
