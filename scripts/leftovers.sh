#!/usr/bin/env bash
# Says what removing keepcool leaves behind: each user's own files, which an
# uninstall must not delete. `make uninstall` runs it; the Linux packages'
# pre-remove script (packaging/linux/preremove.sh) says the same.
set -eu
config="${XDG_CONFIG_HOME:-$HOME/.config}/keepcool"
state="${XDG_STATE_HOME:-$HOME/.local/state}/keepcool"
if [ -n "${KEEPCOOL_HOME:-}" ]; then # everything under one folder (config.Locate)
  config="$KEEPCOOL_HOME" state="$KEEPCOOL_HOME/state"
fi
cat <<MSG
keepcool is removed. Left in place, because they are yours:
  $config   your config (channels, cadence; secrets stay in the keyring)
  $state   incident journals, post-mortems, the undelivered-message queue
To remove them too:  rm -rf '$config' '$state'
and the secrets keepcool saved in your keyring:  secret-tool clear service keepcool
MSG
