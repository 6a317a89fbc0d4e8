#!/bin/sh
# An emulated zonescan host: sshd's ForceCommand for one host of tests/common/sshfleet.rs.
#
#   ForceCommand /bin/sh /abs/dispatch.sh /abs/emuhostdir
#
# Serves recorded output for the exact command text in $SSH_ORIGINAL_COMMAND, looked up in
# <emuhostdir>/index (lines "<n><TAB><command>"): out/<n>.out to stdout, out/<n>.err to
# stderr, exit status out/<n>.exit. Anything else exits 127, like a missing command would.
# Every command received is appended to <emuhostdir>/commands.log, one line each.
# Builtins only in the lookup loop: benchmarks run thousands of commands through this.

dir=$1
cmd=${SSH_ORIGINAL_COMMAND-}
nl='
'

# One printf is one write(2) and >> opens with O_APPEND, so concurrent sessions of this
# host never interleave their lines. A newline inside a command is logged as \n.
logged=$cmd
case $logged in
*"$nl"*)
    rest=$logged logged=
    while :; do
        case $rest in
        *"$nl"*) logged="$logged${rest%%"$nl"*}\\n" rest=${rest#*"$nl"} ;;
        *) logged=$logged$rest; break ;;
        esac
    done
    ;;
esac
printf '%s\n' "$logged" >>"$dir/commands.log"

# Sleeps the host's delay, or the entry's own when $1 has one.
pause() {
    if [ -n "$1" ] && [ -f "$1" ]; then
        IFS= read -r d <"$1"
    elif [ -f "$dir/delay" ]; then
        IFS= read -r d <"$dir/delay"
    else
        return 0
    fi
    sleep "$d"
}

# Serves out/<stem>.{out,err,exit}; files that were empty are not written by the harness.
serve() {
    pause "$1.delay"
    [ -f "$1.out" ] && cat "$1.out"
    [ -f "$1.err" ] && cat "$1.err" >&2
    code=0
    [ -f "$1.exit" ] && IFS= read -r code <"$1.exit"
    exit "$code"
}

refuse() {
    printf 'zonescan-emulator: command not served: %s\n' "$1" >&2
    exit 127
}

case $cmd in
'LC_ALL=C /usr/sbin/zoneadm attach -n -' | \
'LC_ALL=C /usr/bin/pfexec /usr/sbin/zoneadm attach -n -' | \
'LC_ALL=C /usr/bin/sudo -n /usr/sbin/zoneadm attach -n -')
    # The manifest comes on stdin. Read lines up to the <zone> element (within the first
    # few), keep them, and copy the rest with one cat: stdin must be drained anyway.
    head= zone=
    while IFS= read -r line; do
        head=$head$line$nl
        case $line in
        *'<zone '*)
            attrs=" ${line#*<zone }"
            case $attrs in
            *' name="'*) attrs=${attrs#*' name="'} zone=${attrs%%'"'*} ;;
            esac
            break
            ;;
        esac
    done
    case $zone in
    '' | .* | *[!A-Za-z0-9._-]*)
        cat >/dev/null
        refuse "$cmd (no usable <zone name=...> on stdin)"
        ;;
    esac
    mkdir -p "$dir/attach-received"
    received=$dir/attach-received/$zone.xml
    printf '%s' "$head" >"$received"
    cat >>"$received"
    [ -f "$dir/attach/$zone.exit" ] || refuse "$cmd (no attach report for zone $zone)"
    serve "$dir/attach/$zone"
    ;;
esac

[ -n "$cmd" ] || refuse "(no command: a shell was requested)"
[ -f "$dir/index" ] || refuse "$cmd"
while IFS= read -r line; do
    case ${line#*"	"} in
    "$cmd") serve "$dir/out/${line%%"	"*}" ;;
    esac
done <"$dir/index"
refuse "$cmd"
