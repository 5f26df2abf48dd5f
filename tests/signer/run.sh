#!/bin/sh
# Sign a test zone with an independent signer, then verify every signature,
# NSEC3 owner and DS with chainscope's code (verify_zone).
# usage: run.sh VERIFY_ZONE ldns|bind ALGORITHM nsec|nsec3
set -eu
verify=$1 signer=$2 alg=$3 denial=$4
# A missing signer skips (exit 77) on a developer's machine and fails under
# CI (CI=true), where nothing may skip; either way the message names it.
case $signer in ldns) tools="ldns-keygen ldns-signzone" ;; *) tools="dnssec-keygen dnssec-signzone" ;; esac
for t in $tools; do
	if ! command -v "$t" >/dev/null 2>&1; then
		case ${CI:-} in
		"" | 0 | false) echo "run.sh: $t is not installed (scripts/install-deps): skipped"; exit 77 ;;
		*) echo "run.sh: $t is not installed (scripts/install-deps): failing (CI=true: nothing may skip)"; exit 1 ;;
		esac
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"
origin=Signer-Test.Example.
case $alg in RSA*) bits=1024 ;; *) bits= ;; esac

# Owner and RDATA names in mixed case, several records per RRset in
# non-canonical order, a wildcard, escapes, a delegation with glue and DS.
cat > zone <<ZONE
\$ORIGIN $origin
\$TTL 3600
@	IN SOA NS1.signer-test.example. Hostmaster.Signer-Test.example. ( 2026112901 7200 3600 1209600 300 )
@	IN NS ns1
@	IN NS NS2.Signer-Test.Example.
@	IN MX 20 Mail2
@	IN MX 10 mail1.SIGNER-TEST.example.
ns1	IN A 192.0.2.53
NS2	IN A 192.0.2.54
NS2	IN AAAA 2001:db8::54
WWW	IN A 192.0.2.3
www	IN A 192.0.2.1
www	IN A 192.0.2.2
www	IN AAAA 2001:db8::1
*.wild	IN TXT "wildcard answer"
txt	IN TXT "hello world" "second \"quoted\" string" "tab\009byte"
esc\.aped\\name	IN A 192.0.2.9
_sip._tcp	IN SRV 10 60 5060 SIPSERVER.signer-test.example.
alias	IN CNAME WWW.Signer-Test.Example.
a.b.c.deep	IN A 192.0.2.77
child	IN NS ns.child
child	IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.child	IN A 192.0.2.99
ZONE

now=$(date -u +%s)
inception=$((now - 3600))
expiration=$((now + 30 * 86400))

if [ "$signer" = ldns ]; then
	ksk=$(ldns-keygen -a "$alg" ${bits:+-b $bits} -k "$origin")
	zsk=$(ldns-keygen -a "$alg" ${bits:+-b $bits} "$origin")
	opts=
	[ "$denial" = nsec3 ] && opts="-n -t 0 -s AABBCCDD"
	# shellcheck disable=SC2086
	ldns-signzone $opts -i "$inception" -e "$expiration" -o "$origin" -f signed zone "$ksk" "$zsk"
	{ ldns-key2ds -n -1 "$ksk.key"; ldns-key2ds -n -2 "$ksk.key"; ldns-key2ds -n -4 "$ksk.key"; } > ds
else
	dnssec-keygen -q -a "$alg" ${bits:+-b $bits} -f KSK -n ZONE "$origin" > /dev/null
	dnssec-keygen -q -a "$alg" ${bits:+-b $bits} -n ZONE "$origin" > /dev/null
	opts=
	[ "$denial" = nsec3 ] && opts="-3 - -H 0"
	# shellcheck disable=SC2086
	dnssec-signzone -q -S -K . $opts -s "$inception" -e "$expiration" -o "$origin" -f signed zone > /dev/null
	cp "dsset-$(echo "$origin" | tr 'A-Z' 'a-z')" ds 2>/dev/null || cp dsset-* ds
fi
"$verify" "$origin" signed ds
