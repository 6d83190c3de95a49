#!/bin/sh
# Before keepcool's package is removed: say once what removal leaves in each
# user's home, and how to remove it. Only on a removal, not an upgrade: dpkg
# passes "remove" (also on a purge; "upgrade" on an upgrade), rpm the number
# of versions left after the erase, 0 when it is the last.
# A pre-removal, not a post-removal script: dpkg keeps a package that has a
# postrm in the config-files state after dpkg -r (so that it can run
# "postrm purge" later); with a prerm and no conffiles, dpkg -r forgets it.
set -e
case "$1" in
remove|0)
	cat <<'MSG'
keepcool is being removed. Each user's own files are left in place:
  ~/.config/keepcool       config.toml
  ~/.local/state/keepcool  incident journals, post-mortems and the
                           undelivered-message queue
(or under $XDG_CONFIG_HOME / $XDG_STATE_HOME, or $KEEPCOOL_HOME, when set).
Secrets stored in the desktop keyring (service "keepcool") stay there too.
To remove them, each user runs:
  rm -rf ~/.config/keepcool ~/.local/state/keepcool
  secret-tool clear service keepcool
A keepcool that is running goes on until you quit it from its tray menu
(which also offers to put do-not-disturb back), or stop it: pkill -x keepcool
MSG
	;;
esac
exit 0
