#!/usr/bin/env bash
# install.sh - install the real IMAP servers the integration tests run against.
#
# Debian 12 (bookworm): Dovecot 2.3.19.1 and Cyrus IMAP 3.6.1.
#
# As root: runs `apt-get update` when the package lists are empty, installs
# (no recommends, noninteractive, retrying while another apt/dpkg holds the
# lock) the packages that do not conflict with each other:
#     dovecot-core cyrus-common cyrus-admin cyrus-clients
#     sasl2-bin libsasl2-modules libsasl2-modules-db
# and unpacks dovecot-imapd and cyrus-imapd (at exactly the versions of
# dovecot-core and cyrus-common) into $QRESYNC_IMAPD_DIR (default
# /tmp/qresync-imapd).  The two imapd packages both "Provide + Conflict:
# imap-server", so apt can hold only one of them; unpacking both with
# dpkg-deb -x sidesteps that.  No service is left running: while apt runs, a
# temporary /usr/sbin/policy-rc.d forbids starting services (when the machine
# has none), and afterwards any dovecot, cyrus-imapd or exim4 system service
# is stopped (systemctl, or SIGTERM to the PID in its pid file; never by name).
#
# As an ordinary user: installs nothing with apt.  Prints what is missing and
# the command that installs it, and exits 1.  (If only the unpacked imapd
# directories are missing it unpacks them, which needs no root.)
#
# Idempotent; takes well under a second when everything is in place.
# Exit status: 0 ready, 1 something missing or failed.
set -euo pipefail

IMAPD_DIR=${QRESYNC_IMAPD_DIR:-/tmp/qresync-imapd}
APT_PACKAGES=(dovecot-core cyrus-common cyrus-admin cyrus-clients
              sasl2-bin libsasl2-modules libsasl2-modules-db)
export DEBIAN_FRONTEND=noninteractive

say() { echo "install.sh: $*" >&2; }
die() { echo "install.sh: ERROR: $*" >&2; exit 1; }

installed() {  # installed PKG: true when dpkg has PKG fully installed
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do installed "$p" || echo "$p"; done
}

command -v dpkg-query >/dev/null 2>&1 ||
  die "dpkg-query not found: these scripts need Debian 12 (bookworm) packages"

# ---- apt ---------------------------------------------------------------------
mapfile -t MISSING < <(missing_packages)
if [ "${#MISSING[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: ${MISSING[*]}"
    say "install them as root with:"
    say "  sudo $0"
    say "or:"
    say "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${APT_PACKAGES[*]}"
    exit 1
  fi

  # Forbid service starts while apt runs, unless the machine already has a policy.
  POLICY=/usr/sbin/policy-rc.d
  if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# temporary, written by qresync Tests/Servers/install.sh\nexit 101\n' > "$POLICY"
    chmod 755 "$POLICY"
    trap 'rm -f "$POLICY"' EXIT
  fi

  if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then   # may be compressed (.lz4, .gz)
    say "apt package lists are empty: apt-get update"
    apt-get update -q || die "apt-get update failed"
  fi
  ok=0 updated=0
  errlog=$(mktemp)
  for i in $(seq 1 30); do
    if apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}" 2> >(tee "$errlog" >&2); then
      ok=1; break
    fi
    sleep 0.2   # let tee finish writing errlog
    if grep -qiE 'could not get lock|unable to acquire the dpkg|dpkg frontend lock' "$errlog"; then
      say "dpkg lock held by another apt/dpkg, retry $i/30 in 10 s"
      sleep 10
    elif [ "$updated" = 0 ]; then
      say "apt-get install failed; refreshing the package lists once (apt-get update) and retrying"
      apt-get update -q || die "apt-get update failed"
      updated=1
    else
      break
    fi
  done
  rm -f "$errlog"
  [ "$ok" = 1 ] || die "apt-get install ${APT_PACKAGES[*]} failed (see apt's messages above)"
  mapfile -t MISSING < <(missing_packages)
  [ "${#MISSING[@]}" -eq 0 ] || die "still not installed after apt-get: ${MISSING[*]}"

  # Stop any system service apt may have started (e.g. no policy-rc.d was
  # honoured).  By unit name or by the PID in the service's own pid file.
  for svc in dovecot cyrus-imapd exim4; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
      say "stopping system service $svc started by apt"
      systemctl stop "$svc" || true
      systemctl disable "$svc" 2>/dev/null || true
    fi
  done
  for pidfile in /run/dovecot/master.pid /run/cyrus-master.pid /run/cyrus/master.pid /run/exim4/exim.pid; do
    if [ -s "$pidfile" ]; then
      pid=$(tr -dc 0-9 < "$pidfile")
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        say "stopping system daemon pid $pid (from $pidfile)"
        kill -TERM "$pid" 2>/dev/null || true
      fi
    fi
  done
fi

# ---- unpack the two conflicting imapd packages -------------------------------
unpack() {  # unpack PKG CORE: dpkg-deb -x PKG (at CORE's version) into IMAPD_DIR/PKG
  local pkg=$1 core=$2 v deb
  v=$(dpkg-query -W -f='${Version}' "$core")
  if [ -f "$IMAPD_DIR/$pkg/.version" ] && [ "$(cat "$IMAPD_DIR/$pkg/.version")" = "$v" ]; then
    return 0
  fi
  say "unpacking $pkg=$v into $IMAPD_DIR/$pkg"
  mkdir -p "$IMAPD_DIR" || die "cannot create $IMAPD_DIR (set QRESYNC_IMAPD_DIR)"
  dl=$(mktemp -d "$IMAPD_DIR/download.XXXXXX")
  chmod 777 "$dl"   # apt's _apt user writes the download when we are root
  ( cd "$dl" && apt-get download -q "$pkg=$v" ) ||
    { rm -rf "$dl"; die "apt-get download $pkg=$v failed (package lists empty? run: sudo apt-get update)"; }
  deb=$(ls "$dl"/*.deb)
  rm -rf "$IMAPD_DIR/$pkg"
  dpkg-deb -x "$deb" "$IMAPD_DIR/$pkg" || { rm -rf "$dl"; die "dpkg-deb -x $deb failed"; }
  rm -rf "$dl"
  echo "$v" > "$IMAPD_DIR/$pkg/.version"
}
unpack dovecot-imapd dovecot-core
unpack cyrus-imapd cyrus-common
[ -x "$IMAPD_DIR/dovecot-imapd/usr/lib/dovecot/imap" ] || die "no imap binary in $IMAPD_DIR/dovecot-imapd"
[ -x "$IMAPD_DIR/cyrus-imapd/usr/lib/cyrus/bin/imapd" ] || die "no imapd binary in $IMAPD_DIR/cyrus-imapd"

say "ready: dovecot $(dpkg-query -W -f='${Version}' dovecot-core), cyrus $(dpkg-query -W -f='${Version}' cyrus-common), imapd binaries in $IMAPD_DIR"
