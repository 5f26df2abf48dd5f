/*
 * verify_zone - checks chainscope's DNSSEC code against an independent
 * signer: every RRSIG in a zone signed by ldns-signzone or dnssec-signzone
 * must verify with chainscope's canonical form and crypto, must fail once
 * one octet of the signed data changes, every NSEC3 owner must be the hash
 * of a name of the zone, and every DS given must match a DNSKEY.
 *
 * usage: verify_zone ORIGIN SIGNED-ZONE [DS-FILE]
 * Prints a summary line; exit 0 only when everything verified.
 */
#include "base/arena.h"
#include "base/buf.h"
#include "base/codec.h"
#include "dns/rdata.h"
#include "dnssec/crypto.h"
#include "dnssec/sigdata.h"
#include "text/zonefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, const cs_rr *rr)
{
	char nb[CS_NAME_TEXT_MAX], tb[16];
	fprintf(stderr, "FAIL: %s: %s %s\n", what, cs_name_str(&rr->owner, nb),
		cs_rrtype_str(rr->type, tb));
	return 1;
}

/* Verify one RRSIG over its RRset with the zone's keys; returns failures. */
static int check_rrsig(const cs_rrlist *z, const cs_rr *sig, unsigned *verified)
{
	cs_rrsig_view v;
	if (cs_rrsig_view_parse(sig->rdata, sig->rdlen, &v) != CS_OK)
		return fail("malformed RRSIG", sig);
	const cs_rr **set = calloc(z->n, sizeof(*set));
	size_t n = 0;
	for (size_t i = 0; i < z->n; i++)
		if (z->v[i].type == v.type_covered && cs_name_equal(&z->v[i].owner, &sig->owner))
			set[n++] = &z->v[i];
	int failures = 0;
	if (n == 0) {
		failures += fail("RRSIG without RRset", sig);
		goto out;
	}
	cs_buf data;
	cs_buf_init(&data);
	if (cs_sigdata_build(sig->rdata, sig->rdlen, set, n, &data) != CS_OK) {
		failures += fail("cannot build signed data", sig);
		cs_buf_free(&data);
		goto out;
	}
	bool found_key = false, ok = false;
	for (size_t i = 0; i < z->n && !ok; i++) {
		const cs_rr *k = &z->v[i];
		cs_dnskey_view kv;
		if (k->type != CS_TYPE_DNSKEY || cs_dnskey_view_parse(k->rdata, k->rdlen, &kv))
			continue;
		if (kv.algorithm != v.algorithm || cs_keytag(k->rdata, k->rdlen) != v.key_tag)
			continue;
		found_key = true;
		cs_verify_result r = cs_crypto_verify(v.algorithm, kv.key, kv.key_len, v.signature,
						      v.sig_len, data.data, data.len);
		if (r != CS_VERIFY_VALID)
			continue;
		/* The same signature must not verify once the data changes. */
		data.data[data.len - 1] ^= 0x01;
		r = cs_crypto_verify(v.algorithm, kv.key, kv.key_len, v.signature, v.sig_len,
				     data.data, data.len);
		data.data[data.len - 1] ^= 0x01;
		if (r != CS_VERIFY_MISMATCH)
			failures += fail("signature still verifies over altered data", sig);
		ok = true;
	}
	if (!found_key)
		failures += fail("no DNSKEY with the RRSIG's key tag", sig);
	else if (!ok)
		failures += fail("signature does not verify", sig);
	else
		(*verified)++;
	cs_buf_free(&data);
out:
	free(set);
	return failures;
}

/* Is the first label of owner (base32hex) the NSEC3 hash of some name in the
 * zone, or of an ancestor of one (empty non-terminals)? */
static int check_nsec3_owner(const cs_rrlist *z, const cs_name *origin, const cs_rr *rr)
{
	cs_nsec3_view v;
	if (cs_nsec3_view_parse(rr->rdata, rr->rdlen, &v) != CS_OK)
		return fail("malformed NSEC3", rr);
	for (size_t i = 0; i < z->n; i++) {
		if (z->v[i].type == CS_TYPE_NSEC3 || z->v[i].type == CS_TYPE_RRSIG)
			continue;
		cs_name nm = z->v[i].owner;
		while (cs_name_is_below(&nm, origin)) {
			cs_name low = nm;
			cs_name_lower(&low);
			uint8_t h[20];
			if (!cs_nsec3_hash(v.hash_alg, v.iterations, v.salt, v.salt_len, low.data,
					   low.len, h))
				return fail("unsupported NSEC3 hash", rr);
			cs_buf enc;
			cs_buf_init(&enc);
			cs_b32hex_encode(&enc, h, sizeof(h));
			bool match = rr->owner.data[0] == enc.len &&
				     strncasecmp((const char *)rr->owner.data + 1,
						 (const char *)enc.data, enc.len) == 0;
			cs_buf_free(&enc);
			if (match)
				return 0;
			if (cs_name_equal(&nm, origin))
				break;
			cs_name_parent(&nm, &nm);
		}
	}
	return fail("NSEC3 owner is the hash of no name in the zone", rr);
}

static int check_ds(const cs_rrlist *z, const cs_rr *ds)
{
	cs_ds_view d;
	if (cs_ds_view_parse(ds->rdata, ds->rdlen, &d) != CS_OK)
		return fail("malformed DS", ds);
	for (size_t i = 0; i < z->n; i++) {
		const cs_rr *k = &z->v[i];
		if (k->type != CS_TYPE_DNSKEY || cs_keytag(k->rdata, k->rdlen) != d.key_tag)
			continue;
		cs_name owner = k->owner;
		cs_name_lower(&owner);
		uint8_t dig[CS_DIGEST_MAX];
		size_t dlen;
		if (cs_ds_digest(d.digest_type, owner.data, owner.len, k->rdata, k->rdlen, dig,
				 &dlen) == CS_DIGEST_OK &&
		    dlen == d.digest_len && memcmp(dig, d.digest, dlen) == 0)
			return 0;
	}
	return fail("DS matches no DNSKEY", ds);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: verify_zone ORIGIN SIGNED-ZONE [DS-FILE]\n");
		return 64;
	}
	cs_name origin;
	if (cs_name_from_text(argv[1], strlen(argv[1]), NULL, &origin) != CS_OK) {
		fprintf(stderr, "verify_zone: bad origin %s\n", argv[1]);
		return 64;
	}
	cs_arena a;
	cs_arena_init(&a);
	cs_rrlist z = {0}, ds = {0};
	cs_zone_error e;
	cs_err err = cs_zone_parse_file(argv[2], &origin, 3600, &a, &z, &e);
	if (err == CS_OK && argc == 4)
		err = cs_zone_parse_file(argv[3], &origin, 3600, &a, &ds, &e);
	if (err != CS_OK) {
		fprintf(stderr, "verify_zone: line %zu: %s (%s)\n", e.line, e.detail,
			cs_strerror(err));
		return 65;
	}
	int failures = 0;
	unsigned sigs = 0, verified = 0, nsec3 = 0;
	for (size_t i = 0; i < z.n; i++) {
		if (z.v[i].type == CS_TYPE_RRSIG) {
			sigs++;
			failures += check_rrsig(&z, &z.v[i], &verified);
		} else if (z.v[i].type == CS_TYPE_NSEC3) {
			nsec3++;
			failures += check_nsec3_owner(&z, &origin, &z.v[i]);
		}
	}
	for (size_t i = 0; i < ds.n; i++)
		failures += check_ds(&z, &ds.v[i]);
	if (sigs == 0) {
		fprintf(stderr, "FAIL: no RRSIG in %s\n", argv[2]);
		failures++;
	}
	printf("%s: %u of %u signatures verified, %u NSEC3 owners checked, %zu DS checked, "
	       "%d failures\n",
	       argv[2], verified, sigs, nsec3, ds.n, failures);
	cs_rrlist_free(&z);
	cs_rrlist_free(&ds);
	cs_arena_clear(&a);
	return failures ? 1 : 0;
}
