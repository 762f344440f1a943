#!/usr/bin/env bash
# TAP: faults while exporting from the command line (`nianbao --export-pdf`
# and `--export-xlsx`): a full disk (a small tmpfs in a private mount
# namespace), a missing folder, a file where a folder should be, a folder
# where the file should be, no permission. Each time: exit 2, a message that
# says why, the old file untouched and no temporary file left behind.
set -u

# Root runs this in a mount namespace of its own, so the tmpfs vanishes with
# the test whatever happens and nobody else sees it.
if [ "$(id -u)" = 0 ] && [ -z "${NB_IN_MOUNT_NAMESPACE:-}" ] && command -v unshare >/dev/null &&
   unshare --mount --propagation private true 2>/dev/null; then
  NB_IN_MOUNT_NAMESPACE=1 exec unshare --mount --propagation private "$0" "$@"
fi

sample=$NB_SOURCE_DIR/data/samples/dongsheng-tongjiju-2023.nianbao
tmp=$(mktemp -d)
cleanup() {
  mountpoint -q "$tmp/full" 2>/dev/null && umount "$tmp/full"
  chmod -R u+w "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
unset DISPLAY WAYLAND_DISPLAY

help=$("$NIANBAO" --help)
kinds=()
for k in pdf xlsx; do
  echo "$help" | grep -q -- "--export-$k" && kinds+=("$k")
done
if [ ${#kinds[@]} = 0 ]; then
  echo "1..0 # SKIP this nianbao has no --export-pdf or --export-xlsx yet"
  exit 0
fi

n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }

# The names in a folder, sorted, on one line: shows any leftover temp file.
listing() { (cd "$1" && LC_ALL=C ls -A | tr '\n' ' ' | sed 's/ $//'); }

# expect_failure WHAT KIND OUT DIR EXPECTED-LISTING WORDS…
expect_failure() {
  local what=$1 kind=$2 out=$3 dir=$4 want_listing=$5 rc good=0 word
  shift 5
  "$NIANBAO" --export-"$kind" "$out" "$sample" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
  rc=$?
  [ $rc = 2 ] || { echo "# $what: exit $rc, expected 2" >&2; good=1; }
  for word in "$@"; do
    grep -qi -- "$word" "$tmp/stderr" || { echo "# $what: message lacks “$word”" >&2; good=1; }
  done
  if [ -n "$dir" ] && [ "$(listing "$dir")" != "$want_listing" ]; then
    echo "# $what: folder holds “$(listing "$dir")”, expected “$want_listing”" >&2; good=1
  fi
  [ $good = 0 ] || sed 's/^/# stderr: /' "$tmp/stderr" >&2
  ok $good "$kind: $what → exit 2${*:+, says: $*}"
}

# Fills the file system of $1, then frees $2 kB again.
fill_disk() {
  dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null
  truncate -s "-$2K" "$1/filler"
  sync "$1/filler"
}

can_mount=no
if [ -n "${NB_IN_MOUNT_NAMESPACE:-}" ]; then
  mkdir "$tmp/full"
  mount -t tmpfs -o size=1m,mode=0755 tmpfs "$tmp/full" 2>/dev/null && can_mount=yes
  mountpoint -q "$tmp/full" && umount "$tmp/full"
fi

echo "1..$((${#kinds[@]} * 8))"

for kind in "${kinds[@]}"; do
  old="an older $kind, to be kept"

  # Full disk, replacing an older export: room for a few kB only.
  if [ $can_mount = yes ]; then
    mount -t tmpfs -o size=1m,mode=0755 tmpfs "$tmp/full"
    printf '%s' "$old" >"$tmp/full/report.$kind"
    fill_disk "$tmp/full" 8
    expect_failure "full disk, older file kept" "$kind" "$tmp/full/report.$kind" "$tmp/full" \
      "filler report.$kind" "disk is full"
    ok $([ "$(cat "$tmp/full/report.$kind")" = "$old" ] && echo 0 || echo 1) \
      "$kind: full disk: the older file is byte for byte the same"
    rm -f "$tmp/full/report.$kind"
    expect_failure "full disk, new file" "$kind" "$tmp/full/report.$kind" "$tmp/full" \
      "filler" "disk is full"
    umount "$tmp/full"
  else
    skip "$kind: full disk: mounting a tmpfs needs root and a mount namespace (CI runs as root)"
    skip "$kind: full disk: older file kept (needs the tmpfs)"
    skip "$kind: full disk, new file (needs the tmpfs)"
  fi

  mkdir "$tmp/$kind"
  expect_failure "folder missing" "$kind" "$tmp/$kind/no-such-folder/report.$kind" "$tmp/$kind" \
    "" "folder does not exist"

  printf 'notes' >"$tmp/$kind/notes.txt"
  expect_failure "a file where the folder should be" "$kind" "$tmp/$kind/notes.txt/report.$kind" \
    "$tmp/$kind" "notes.txt" "folder"

  mkdir "$tmp/$kind/report.$kind"
  expect_failure "the target is a folder" "$kind" "$tmp/$kind/report.$kind" "$tmp/$kind" \
    "notes.txt report.$kind" "folder"
  rmdir "$tmp/$kind/report.$kind"

  # No permission: a read-only folder holding an older export.
  printf '%s' "$old" >"$tmp/$kind/report.$kind"
  chmod 555 "$tmp/$kind"
  if [ "$(id -u)" != 0 ]; then
    expect_failure "read-only folder" "$kind" "$tmp/$kind/report.$kind" "$tmp/$kind" \
      "notes.txt report.$kind" "permission"
  elif chmod 755 "$tmp" && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    setpriv --reuid=65534 --regid=65534 --clear-groups \
      "$NIANBAO" --export-"$kind" "$tmp/$kind/report.$kind" "$sample" >/dev/null 2>"$tmp/stderr" </dev/null
    rc=$?
    ok $([ $rc = 2 ] && grep -qi permission "$tmp/stderr" &&
         [ "$(listing "$tmp/$kind")" = "notes.txt report.$kind" ] &&
         [ "$(cat "$tmp/$kind/report.$kind")" = "$old" ] && echo 0 || echo 1) \
      "$kind: read-only folder (as nobody) → exit 2, says: permission; older file kept"
  else
    skip "$kind: read-only folder: cannot drop root privileges here"
  fi
  chmod 755 "$tmp/$kind"

  # And where all is well the older file is replaced by a whole new one.
  "$NIANBAO" --export-"$kind" "$tmp/$kind/report.$kind" "$sample" >/dev/null 2>"$tmp/stderr" </dev/null
  rc=$?
  case $kind in
    pdf) magic='%PDF-' ;;
    xlsx) magic='PK' ;;
  esac
  ok $([ $rc = 0 ] && head -c ${#magic} "$tmp/$kind/report.$kind" | grep -q "^$magic" &&
       [ "$(listing "$tmp/$kind")" = "notes.txt report.$kind" ] && echo 0 || echo 1) \
    "$kind: a good export replaces the older file and leaves nothing else"
done

exit $fail
