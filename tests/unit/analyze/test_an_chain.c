/*
 * test_an_chain.c - the analyzer's keys and delegations (an_chain.c) on
 * synthetic captures: the root (FX_ROOT) delegates s. (CHILD) and the
 * query is d.s. TXT. DS matching by key tag, algorithm and digest (RFC
 * 4035 §5.2), revoked and non-SEP keys, the DNSKEY RRset signed by the
 * DS key, and the proofs that a delegation has no DS: NSEC bitmaps and
 * NSEC3 opt-out (RFC 5155 §8.6). Verdicts and codes are written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "fixture.h"

#define CHILD "127.0.0.2"

typedef enum {
	DS_GOOD,
	DS_BAD_DIGEST,
	DS_BAD_TAG,
	DS_BAD_ALG,
	DS_UNSIGNED,
	DS_UNSUPPORTED_DIGEST, /* digest type 99 only */
	DS_PLUS_STALE,	       /* the right DS and one of algorithm 13 */
	DS_NONE_NSEC,	       /* NSEC at s.: NS only */
	DS_NONE_NSEC_FORGED,   /* the same, its signature altered */
	DS_NONE_NSEC_LISTS_DS, /* NSEC at s. lists DS */
	DS_NONE_NO_PROOF,
	DS_NONE_NSEC3_OPTOUT, /* NSEC3 opt-out span covers s. */
	DS_NONE_NSEC3_NO_OPTOUT,
	DS_NONE_NSEC3_ITER,	   /* the opt-out proof with 200 iterations */
	DS_NONE_NSEC3_ITER_FORGED, /* the same, the covering record's RRSIG altered */
} ds_kind;

typedef enum {
	CHILD_SIGNED,		/* one KSK, signs everything */
	CHILD_UNSIGNED,		/* no DNSKEY */
	CHILD_ZSK_SIGNS_DNSKEY, /* KSK (in the DS) and ZSK; only the ZSK signs */
	CHILD_REVOKED,		/* the DS key carries the REVOKE flag */
	CHILD_TWIN_KEY,		/* a second key with the KSK's tag and algorithm */
	CHILD_FIVE_TWINS,	/* the KSK and four keys with its tag and algorithm */
	CHILD_RSA1024,		/* also an RSA/SHA-256 key of 1024 bits (unused) */
	CHILD_RSA2048,		/* also an RSA/SHA-256 key of 2048 bits (unused) */
	CHILD_DNSKEY_SILENT,	/* signed, but its DNSKEY query times out */
} child_kind;

/* An NSEC3 record covering H(name) (owner H-1, next H+1), flags and
 * iterations given, signed with o. */
static void nsec3_cover(fx_msg *m, const fx_key *k, const char *name, unsigned flags,
			unsigned iterations, const uint16_t *types, fx_sig_opts o)
{
	char owner[300];
	fx_hash h = fx_nsec3_hash(name, iterations);
	fx_hash_owner(fx_hash_add(h, -1), ".", owner, sizeof(owner));
	bytes rd = fx_nsec3(flags, iterations, fx_hash_add(h, 1), types);
	fx_msg_signed(m, CS_SEC_AUTHORITY, k, owner, CS_TYPE_NSEC3, &rd, 1, o);
}

/* A copy of key k's DNSKEY with the same key tag (RFC 4034 App. B): +1 and
 * -1 on two high (even-offset) octets of the public key, pair i. */
static bytes twin_key(const fx_key *k, size_t i)
{
	bytes twin = k->dnskey;
	size_t hi = 4 + 4 * i, lo = 6 + 4 * i;
	assert_true(lo < twin.n && twin.b[hi] < 255 && twin.b[lo] > 0);
	twin.b[hi]++;
	twin.b[lo]--;
	assert_int_equal(fx_keytag(twin.b, twin.n), k->tag);
	return twin;
}

static cs_analysis *chain(ds_kind ds, child_kind ck)
{
	fx_capture f;
	fx_key root, ksk, zsk;
	fx_root_setup(&f, &root, "d.s.", CS_TYPE_TXT);
	fx_key_make(&ksk, "s.", 2);
	fx_key_make(&zsk, "s.", 3);
	fx_key_flags(&zsk, 256);
	if (ck == CHILD_REVOKED)
		fx_key_flags(&ksk, 257 | 0x80);
	fx_capture_zone(&f, "s.", ".", CHILD);

	/* The root's answer to "s. DS". */
	fx_msg m = {0};
	bytes d = fx_ds(&ksk);
	static const uint16_t ns_only[] = {CS_TYPE_NS, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	static const uint16_t ns_ds[] = {CS_TYPE_NS, CS_TYPE_DS, CS_TYPE_RRSIG, CS_TYPE_NSEC, 0};
	static const uint16_t data[] = {CS_TYPE_A, CS_TYPE_RRSIG, 0};
	static const uint16_t apex[] = {CS_TYPE_SOA,   CS_TYPE_NS,	   CS_TYPE_DNSKEY,
					CS_TYPE_RRSIG, CS_TYPE_NSEC3PARAM, 0};
	switch (ds) {
	case DS_GOOD:
		break;
	case DS_BAD_DIGEST:
		d.b[10] ^= 0xFF;
		break;
	case DS_BAD_TAG:
		d.b[1] ^= 0x01;
		break;
	case DS_BAD_ALG:
		d.b[2] = 13;
		break;
	default:
		break;
	}
	if (ds == DS_UNSUPPORTED_DIGEST)
		d.b[3] = 99;
	if (ds <= DS_BAD_ALG || ds == DS_UNSUPPORTED_DIGEST) {
		fx_msg_signed1(&m, CS_SEC_ANSWER, &root, "s.", CS_TYPE_DS, d);
	} else if (ds == DS_PLUS_STALE) {
		bytes two[2] = {d, d};
		two[1].b[2] = 13;
		fx_msg_signed(&m, CS_SEC_ANSWER, &root, "s.", CS_TYPE_DS, two, 2, FX_SIG_DEFAULT);
	} else if (ds == DS_UNSIGNED) {
		fx_msg_rr(&m, CS_SEC_ANSWER, "s.", CS_TYPE_DS, &d);
	} else {
		/* The proof first, the SOA last: no position is special. */
		if (ds == DS_NONE_NSEC_FORGED) {
			fx_sig_opts bad = FX_SIG_DEFAULT;
			bad.corrupt = true;
			bytes n = fx_nsec("z.", ns_only);
			fx_msg_signed(&m, CS_SEC_AUTHORITY, &root, "s.", CS_TYPE_NSEC, &n, 1, bad);
		}
		if (ds == DS_NONE_NSEC || ds == DS_NONE_NSEC_LISTS_DS)
			fx_msg_signed1(&m, CS_SEC_AUTHORITY, &root, "s.", CS_TYPE_NSEC,
				       fx_nsec("z.", ds == DS_NONE_NSEC ? ns_only : ns_ds));
		if (ds >= DS_NONE_NSEC3_OPTOUT) {
			/* The closest provable encloser is the root itself. */
			unsigned it = ds >= DS_NONE_NSEC3_ITER ? 200 : 0;
			char owner[300];
			fx_hash h = fx_nsec3_hash(".", it);
			fx_hash_owner(h, ".", owner, sizeof(owner));
			fx_msg_signed1(&m, CS_SEC_AUTHORITY, &root, owner, CS_TYPE_NSEC3,
				       fx_nsec3(0, it, fx_hash_add(h, 1), apex));
			fx_sig_opts o = FX_SIG_DEFAULT;
			o.corrupt = ds == DS_NONE_NSEC3_ITER_FORGED;
			nsec3_cover(&m, &root, "s.", ds == DS_NONE_NSEC3_NO_OPTOUT ? 0 : 1, it,
				    data, o);
		}
		fx_msg_signed1(&m, CS_SEC_AUTHORITY, &root, ".", CS_TYPE_SOA, fx_soa("."));
	}
	fx_capture_resp(&f, FX_ROOT, ".", "s.", CS_TYPE_DS, CS_QPURPOSE_DS, 0, &m);

	/* The child's apex and answer. */
	fx_msg keys = {0}, soa = {0}, ans = {0};
	bytes txt = fx_txt("x");
	if (ck == CHILD_UNSIGNED) {
		bytes s = fx_soa("s.");
		fx_msg_rr(&keys, CS_SEC_AUTHORITY, "s.", CS_TYPE_SOA, &s);
		fx_msg_rr(&soa, CS_SEC_ANSWER, "s.", CS_TYPE_SOA, &s);
		fx_msg_rr(&ans, CS_SEC_ANSWER, "d.s.", CS_TYPE_TXT, &txt);
	} else {
		const fx_key *dnskey_signer = ck == CHILD_ZSK_SIGNS_DNSKEY ? &zsk : &ksk;
		const fx_key *data_signer = ck == CHILD_ZSK_SIGNS_DNSKEY ? &zsk : &ksk;
		bytes set[6] = {ksk.dnskey, zsk.dnskey};
		size_t nset = ck == CHILD_ZSK_SIGNS_DNSKEY ? 2 : 1;
		if (ck == CHILD_RSA1024 || ck == CHILD_RSA2048) {
			/* Flags 256, protocol 3, algorithm 8; exponent 65537; a
			 * modulus of 128 or 256 octets, top and bottom bits set
			 * (an RSA modulus is odd). */
			bytes rsa = {0};
			put16(&rsa, 256), put8(&rsa, 3), put8(&rsa, 8);
			put8(&rsa, 3), put8(&rsa, 1), put8(&rsa, 0), put8(&rsa, 1);
			size_t len = ck == CHILD_RSA1024 ? 128 : 256;
			for (size_t i = 0; i < len; i++)
				put8(&rsa,
				     i == 0 || i + 1 == len ? 0xC5 : (unsigned)(i * 7 + 1) & 0xFF);
			set[1] = rsa;
			nset = 2;
		}
		if (ck == CHILD_TWIN_KEY || ck == CHILD_FIVE_TWINS) {
			nset = ck == CHILD_TWIN_KEY ? 2 : 5;
			for (size_t i = 1; i < nset; i++)
				set[i] = twin_key(&ksk, i - 1);
		}
		fx_msg_signed(&keys, CS_SEC_ANSWER, dnskey_signer, "s.", CS_TYPE_DNSKEY, set, nset,
			      FX_SIG_DEFAULT);
		fx_msg_signed1(&soa, CS_SEC_ANSWER, data_signer, "s.", CS_TYPE_SOA, fx_soa("s."));
		fx_msg_signed(&ans, CS_SEC_ANSWER, data_signer, "d.s.", CS_TYPE_TXT, &txt, 1,
			      FX_SIG_DEFAULT);
	}
	if (ck == CHILD_DNSKEY_SILENT)
		fx_capture_query(&f, CHILD, "s.", "s.", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY,
				 CS_QRESULT_TIMEOUT);
	else
		fx_capture_resp(&f, CHILD, "s.", "s.", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY, 0,
				&keys);
	fx_capture_resp(&f, CHILD, "s.", "s.", CS_TYPE_SOA, CS_QPURPOSE_SOA, 0, &soa);
	fx_capture_resp(&f, CHILD, "s.", "d.s.", CS_TYPE_TXT, CS_QPURPOSE_TARGET, 0, &ans);
	cs_analysis *a = fx_analyze(&f);
	fx_capture_end(&f);
	fx_key_free(&root);
	fx_key_free(&ksk);
	fx_key_free(&zsk);
	return a;
}

static const cs_zone *zone_s(const cs_analysis *a)
{
	assert_int_equal(a->nzones, 2);
	return &a->zones[1];
}

static void secure_delegation(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_GOOD, CHILD_SIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(zone_s(a)->delegation, CS_STATE_SECURE);
	assert_int_equal(zone_s(a)->state, CS_STATE_SECURE);
	assert_true(zone_s(a)->keys[0].ds_match);
	assert_int_equal(a->nfindings, 0);
	fx_release(&a);
}

static void ds_digest_mismatch(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_BAD_DIGEST, CHILD_SIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DS_DIGEST_MISMATCH);
	assert_false(zone_s(a)->keys[0].ds_match);
	assert_int_equal(zone_s(a)->state, CS_STATE_BOGUS);
	fx_release(&a);
}

static void ds_tag_matches_no_key(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_BAD_TAG, CHILD_SIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DS_NO_MATCHING_KEY);
	FX_EXPECT_NO_CODE(a, CS_F_DS_DIGEST_MISMATCH);
	fx_release(&a);
}

static void ds_algorithm_mismatch(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_BAD_ALG, CHILD_SIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DS_ALGORITHM_MISMATCH);
	fx_release(&a);
}

static void ds_unsigned(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_UNSIGNED, CHILD_SIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_MISSING);
	assert_int_equal(zone_s(a)->delegation, CS_STATE_BOGUS);
	fx_release(&a);
}

static void dnskey_not_signed_by_ds_key(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_GOOD, CHILD_ZSK_SIGNS_DNSKEY);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DNSKEY_NO_SEP_SIGNATURE);
	fx_release(&a);
}

static void ds_to_revoked_key(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_GOOD, CHILD_REVOKED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DS_REVOKED_KEY);
	/* A revoked key cannot be the DS's key: the zone's keys are bogus. */
	assert_int_equal(zone_s(a)->state, CS_STATE_BOGUS);
	assert_false(zone_s(a)->keys[0].trusted);
	fx_release(&a);
}

static void no_ds_proven_by_nsec(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_NONE_NSEC, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_INSECURE);
	assert_int_equal(zone_s(a)->delegation, CS_STATE_INSECURE);
	assert_true(zone_s(a)->ds_proven_absent);
	FX_EXPECT_NO_CODE(a, CS_F_DS_ABSENCE_UNPROVEN);
	fx_release(&a);
}

static void no_ds_forged_nsec(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_NONE_NSEC_FORGED, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_CRYPTO_FAILED);
	FX_EXPECT_CODE(a, CS_F_DS_ABSENCE_UNPROVEN);
	assert_false(zone_s(a)->ds_proven_absent);
	fx_release(&a);
}

static void no_ds_nsec_lists_ds(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_NONE_NSEC_LISTS_DS, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DS_ABSENCE_UNPROVEN);
	assert_false(zone_s(a)->ds_proven_absent);
	fx_release(&a);
}

static void no_ds_no_proof(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_NONE_NO_PROOF, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DS_ABSENCE_UNPROVEN);
	fx_release(&a);
}

static void no_ds_nsec3_optout(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_NONE_NSEC3_OPTOUT, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_INSECURE);
	assert_int_equal(zone_s(a)->delegation, CS_STATE_INSECURE);
	FX_EXPECT_NO_CODE(a, CS_F_DS_ABSENCE_UNPROVEN);
	fx_release(&a);
}

/* Without the opt-out flag a covering NSEC3 proves nothing about s. */
static void no_ds_nsec3_without_optout(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_NONE_NSEC3_NO_OPTOUT, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_DS_ABSENCE_UNPROVEN);
	fx_release(&a);
}

/* A DS of a digest type no validator knows is as good as none: the child
 * is insecure (RFC 4035 §5.2), and the DS is named. */
static void ds_unsupported_digest(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_UNSUPPORTED_DIGEST, CHILD_SIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_INSECURE);
	FX_EXPECT_CODE(a, CS_F_DS_DIGEST_UNSUPPORTED);
	FX_EXPECT_NO_CODE(a, CS_F_DS_NO_MATCHING_KEY);
	assert_int_equal(zone_s(a)->state, CS_STATE_INSECURE);
	assert_int_equal(zone_s(a)->delegation, CS_STATE_INSECURE);
	fx_release(&a);
}

/* One DS works, one names an algorithm the zone has no key of: the stale
 * one is a warning, and the zone is not asked to sign with algorithm 13. */
static void ds_plus_stale(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_PLUS_STALE, CHILD_SIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	FX_EXPECT_CODE(a, CS_F_DS_STALE);
	FX_EXPECT_NO_CODE(a, CS_F_DS_ALGORITHM_MISMATCH);
	FX_EXPECT_NO_CODE(a, CS_F_DNSKEY_ALGORITHM_INCOMPLETE);
	assert_int_equal(a->nfindings, 1);
	fx_release(&a);
}

/* The only finding of code in a (fails if there is none or several). */
static const cs_finding *only_finding(const cs_analysis *a, cs_finding_code code)
{
	const cs_finding *f = NULL;
	size_t n = 0;
	for (size_t i = 0; i < a->nfindings; i++)
		if (a->findings[i].code == code) {
			f = &a->findings[i];
			n++;
		}
	if (n != 1)
		fx_dump(a);
	assert_int_equal(n, 1);
	return f;
}

/* Evidence line i is a DNSKEY record of s. of algorithm 15 with flags 257. */
static void assert_ksk_evidence(const cs_finding *f, size_t i)
{
	assert_true(i < f->nevidence);
	if (strncmp(f->evidence[i], "s. ", 3) != 0 ||
	    strstr(f->evidence[i], " IN DNSKEY 257 3 15 ") == NULL)
		fail_msg("evidence %zu: %s", i, f->evidence[i]);
}

/* Two keys with one tag and algorithm: reported once (RFC 4035 §5.3.1:
 * a validator must try both), both keys as evidence. */
static void keytag_collision(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_GOOD, CHILD_TWIN_KEY);
	const cs_finding *f = only_finding(a, CS_F_DNSKEY_KEYTAG_COLLISION);
	assert_int_equal(f->nevidence, 2);
	assert_ksk_evidence(f, 0);
	assert_ksk_evidence(f, 1);
	assert_string_not_equal(f->evidence[0], f->evidence[1]);
	assert_non_null(strstr(f->message, "2 keys of s. share key tag"));
	fx_release(&a);
	a = chain(DS_GOOD, CHILD_SIGNED);
	FX_EXPECT_NO_CODE(a, CS_F_DNSKEY_KEYTAG_COLLISION);
	fx_release(&a);
}

/* Five keys with one tag (a KeyTrap-like set has hundreds): one finding
 * counting all five, and at most four of them as evidence. */
static void keytag_collision_evidence_capped(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_GOOD, CHILD_FIVE_TWINS);
	const cs_finding *f = only_finding(a, CS_F_DNSKEY_KEYTAG_COLLISION);
	assert_non_null(strstr(f->message, "5 keys of s. share key tag"));
	assert_int_equal(f->nevidence, 4);
	for (size_t i = 0; i < 4; i++)
		assert_ksk_evidence(f, i);
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(f->evidence[i], f->evidence[j]);
	fx_release(&a);
}

/* The servers of s. (three addresses) serve two DNSKEY RRsets: the first
 * and third the KSK alone, the second the KSK and a ZSK. One
 * DNSKEY_INCONSISTENT finding; its evidence is one line per RRset: the
 * servers that serve it, the number of keys and their tags in the order
 * served. */
static void dnskey_inconsistent(void **state)
{
	(void)state;
	static const char *const addr[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};
	fx_capture f;
	fx_key root, ksk, zsk;
	fx_root_setup(&f, &root, "d.s.", CS_TYPE_TXT);
	fx_key_make(&ksk, "s.", 2);
	fx_key_make(&zsk, "s.", 3);
	fx_key_flags(&zsk, 256);
	fx_capture_zone_n(&f, "s.", ".", addr, 3);
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_ANSWER, &root, "s.", CS_TYPE_DS, fx_ds(&ksk));
	fx_capture_resp(&f, FX_ROOT, ".", "s.", CS_TYPE_DS, CS_QPURPOSE_DS, 0, &m);
	bytes set[2] = {ksk.dnskey, zsk.dnskey};
	bytes txt = fx_txt("x");
	for (size_t i = 0; i < 3; i++) {
		fx_msg keys = {0}, soa = {0}, ans = {0};
		fx_msg_signed(&keys, CS_SEC_ANSWER, &ksk, "s.", CS_TYPE_DNSKEY, set, i == 1 ? 2 : 1,
			      FX_SIG_DEFAULT);
		fx_msg_signed1(&soa, CS_SEC_ANSWER, &ksk, "s.", CS_TYPE_SOA, fx_soa("s."));
		fx_msg_signed(&ans, CS_SEC_ANSWER, &ksk, "d.s.", CS_TYPE_TXT, &txt, 1,
			      FX_SIG_DEFAULT);
		fx_capture_resp(&f, addr[i], "s.", "s.", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY, 0,
				&keys);
		fx_capture_resp(&f, addr[i], "s.", "s.", CS_TYPE_SOA, CS_QPURPOSE_SOA, 0, &soa);
		fx_capture_resp(&f, addr[i], "s.", "d.s.", CS_TYPE_TXT, CS_QPURPOSE_TARGET, 0,
				&ans);
	}
	char one[64], two[64];
	snprintf(one, sizeof(one), "127.0.0.2, 127.0.0.4: 1 keys: %u", ksk.tag);
	snprintf(two, sizeof(two), "127.0.0.3: 2 keys: %u %u", ksk.tag, zsk.tag);
	cs_analysis *a = fx_analyze(&f);
	fx_key_free(&root);
	fx_key_free(&ksk);
	fx_key_free(&zsk);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	const cs_finding *fi = only_finding(a, CS_F_DNSKEY_INCONSISTENT);
	assert_non_null(strstr(fi->message, "serve 2 different DNSKEY RRsets"));
	assert_int_equal(fi->nevidence, 2);
	assert_string_equal(fi->evidence[0], one);
	assert_string_equal(fi->evidence[1], two);
	fx_release(&a);
}

/* A proof of no DS with more NSEC3 iterations than validators hash (RFC
 * 9276 §3.2): validly signed, the delegation is insecure; with a record
 * whose signature fails, it stays bogus (the records decide before the
 * parameters). */
static void no_ds_nsec3_iterations(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_NONE_NSEC3_ITER, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_INSECURE);
	FX_EXPECT_CODE(a, CS_F_NSEC3_ITERATIONS_EXCESSIVE);
	FX_EXPECT_NO_CODE(a, CS_F_DS_ABSENCE_UNPROVEN);
	assert_int_equal(zone_s(a)->delegation, CS_STATE_INSECURE);
	fx_release(&a);
	a = chain(DS_NONE_NSEC3_ITER_FORGED, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_RRSIG_CRYPTO_FAILED);
	FX_EXPECT_CODE(a, CS_F_NSEC3_ITERATIONS_EXCESSIVE);
	assert_int_equal(zone_s(a)->delegation, CS_STATE_BOGUS);
	fx_release(&a);
}

/* RSA keys under 2048 bits are weak (RFC 8624 §3.1 recommends 2048):
 * reported for 1024, not for 2048. */
static void rsa_key_size(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_GOOD, CHILD_RSA1024);
	FX_EXPECT_CODE(a, CS_F_DNSKEY_RSA_WEAK);
	fx_release(&a);
	a = chain(DS_GOOD, CHILD_RSA2048);
	FX_EXPECT_NO_CODE(a, CS_F_DNSKEY_RSA_WEAK);
	fx_release(&a);
}

/* A trust anchor given as a DNSKEY (RFC 7958 allows either form): the
 * root's own key makes the chain secure; another key leaves it bogus. */
static cs_analysis *root_with_key_anchor(uint8_t anchor_seed)
{
	fx_capture f;
	fx_key k, anchor;
	fx_root_setup(&f, &k, "d.w.", CS_TYPE_TXT);
	fx_key_make(&anchor, ".", anchor_seed);
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_ANSWER, &k, "d.w.", CS_TYPE_TXT, fx_txt("x"));
	fx_root_target(&f, 0, &m);
	/* ". 3600 IN DNSKEY 257 3 15 <base64 of the public key>" */
	unsigned char b64[64];
	EVP_EncodeBlock(b64, anchor.dnskey.b + 4, (int)anchor.dnskey.n - 4);
	char text[160];
	snprintf(text, sizeof(text), ". 3600 IN DNSKEY 257 3 15 %s\n", (const char *)b64);
	cs_analysis *a = fx_analyze_full(&f, FX_NOW, 0, text);
	fx_key_free(&k);
	fx_key_free(&anchor);
	return a;
}

static void dnskey_trust_anchor(void **state)
{
	(void)state;
	cs_analysis *a = root_with_key_anchor(1); /* the root's key */
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	assert_int_equal(a->nfindings, 0);
	assert_true(a->zones[0].keys[0].trusted);
	fx_release(&a);
	a = root_with_key_anchor(9); /* a key the root does not have */
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	assert_false(a->zones[0].keys[0].trusted);
	fx_release(&a);
}

/* The root served with a DNSKEY RRset of keys (seeds), signed by signer
 * (seed), its SOA and the answer d.w. TXT signed by signer; unsigned (no
 * DNSKEY at all) when nkeys is 0. The trust anchor is the DS of key 1. */
static cs_analysis *anchored_root(const uint8_t *seeds, size_t nkeys, uint8_t signer)
{
	fx_capture f;
	fx_key anchor, keys[4], *by = NULL;
	fx_key_make(&anchor, ".", 1);
	fx_capture_begin(&f, "d.w.", CS_TYPE_TXT, &anchor);
	fx_capture_zone(&f, ".", ".", FX_ROOT);
	bytes set[4];
	assert_true(nkeys <= 4);
	for (size_t i = 0; i < nkeys; i++) {
		fx_key_make(&keys[i], ".", seeds[i]);
		set[i] = keys[i].dnskey;
		if (seeds[i] == signer)
			by = &keys[i];
	}
	fx_msg dk = {0}, soa = {0}, ans = {0};
	bytes s = fx_soa("."), txt = fx_txt("x");
	if (nkeys == 0) {
		fx_msg_rr(&dk, CS_SEC_AUTHORITY, ".", CS_TYPE_SOA, &s);
		fx_msg_rr(&soa, CS_SEC_ANSWER, ".", CS_TYPE_SOA, &s);
		fx_msg_rr(&ans, CS_SEC_ANSWER, "d.w.", CS_TYPE_TXT, &txt);
	} else {
		assert_non_null(by);
		fx_msg_signed(&dk, CS_SEC_ANSWER, by, ".", CS_TYPE_DNSKEY, set, nkeys,
			      FX_SIG_DEFAULT);
		fx_msg_signed1(&soa, CS_SEC_ANSWER, by, ".", CS_TYPE_SOA, s);
		fx_msg_signed1(&ans, CS_SEC_ANSWER, by, "d.w.", CS_TYPE_TXT, txt);
	}
	fx_capture_resp(&f, FX_ROOT, ".", ".", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY, 0, &dk);
	fx_capture_resp(&f, FX_ROOT, ".", ".", CS_TYPE_SOA, CS_QPURPOSE_SOA, 0, &soa);
	fx_root_target(&f, 0, &ans);
	cs_analysis *a = fx_analyze(&f);
	fx_key_free(&anchor);
	for (size_t i = 0; i < nkeys; i++)
		fx_key_free(&keys[i]);
	return a;
}

/* The message of the only finding of code in a. */
static const char *only_message(const cs_analysis *a, cs_finding_code code)
{
	return only_finding(a, code)->message;
}

/* A zone with a trust anchor that serves no DNSKEY at all is bogus (RFC
 * 4035 §5: the anchor says it is signed), and the finding names the DS
 * anchor as a DS, with its key tag. */
static void anchored_zone_unsigned(void **state)
{
	(void)state;
	fx_key anchor;
	fx_key_make(&anchor, ".", 1);
	char ds[32];
	snprintf(ds, sizeof(ds), "DS %u (", anchor.tag);
	fx_key_free(&anchor);
	cs_analysis *a = anchored_root(NULL, 0, 0);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	assert_int_equal(a->zones[0].state, CS_STATE_BOGUS);
	assert_int_equal(a->zones[0].delegation, CS_STATE_BOGUS);
	const char *m = only_message(a, CS_F_TRUST_ANCHOR_NO_MATCH);
	if (strstr(m, ds) == NULL)
		fail_msg("'%s' not in: %s", ds, m);
	fx_release(&a);
}

/* An anchored zone whose DNSKEY query times out while its SOA and the
 * answer come back: indeterminate, the server named; not "the anchor
 * matches no key (it serves no DNSKEY)". */
static void anchored_zone_dnskey_unanswered(void **state)
{
	(void)state;
	fx_capture f;
	fx_key anchor;
	fx_key_make(&anchor, ".", 1);
	fx_capture_begin(&f, "d.w.", CS_TYPE_TXT, &anchor);
	fx_capture_zone(&f, ".", ".", FX_ROOT);
	fx_capture_query(&f, FX_ROOT, ".", ".", CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY,
			 CS_QRESULT_TIMEOUT);
	fx_msg soa = {0}, ans = {0};
	fx_msg_signed1(&soa, CS_SEC_ANSWER, &anchor, ".", CS_TYPE_SOA, fx_soa("."));
	fx_msg_signed1(&ans, CS_SEC_ANSWER, &anchor, "d.w.", CS_TYPE_TXT, fx_txt("x"));
	fx_capture_resp(&f, FX_ROOT, ".", ".", CS_TYPE_SOA, CS_QPURPOSE_SOA, 0, &soa);
	fx_root_target(&f, 0, &ans);
	cs_analysis *a = fx_analyze(&f);
	fx_key_free(&anchor);
	FX_EXPECT_VERDICT(a, CS_STATE_INDETERMINATE);
	assert_int_equal(a->zones[0].state, CS_STATE_INDETERMINATE);
	FX_EXPECT_CODE(a, CS_F_SERVER_QUERY_TIMEOUT);
	FX_EXPECT_NO_CODE(a, CS_F_TRUST_ANCHOR_NO_MATCH);
	fx_release(&a);
}

/* The anchor's key (seed 1) is in the DNSKEY RRset, but only another key
 * (seed 5) signs it: no anchored key signs, so the anchors are what fails
 * (TRUST_ANCHOR_NO_MATCH), not the signatures; signed by the anchor's key
 * the same set is secure. */
static void anchored_key_not_signing(void **state)
{
	(void)state;
	static const uint8_t seeds[] = {1, 5};
	cs_analysis *a = anchored_root(seeds, 2, 5);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	FX_EXPECT_CODE(a, CS_F_TRUST_ANCHOR_NO_MATCH);
	assert_int_equal(a->zones[0].delegation, CS_STATE_BOGUS);
	fx_release(&a);
	a = anchored_root(seeds, 2, 1);
	FX_EXPECT_VERDICT(a, CS_STATE_SECURE);
	FX_EXPECT_NO_CODE(a, CS_F_TRUST_ANCHOR_NO_MATCH);
	assert_int_equal(a->zones[0].delegation, CS_STATE_SECURE);
	fx_release(&a);
}

/* A signed child whose parent proves there is no DS: an island. */
static void signed_child_without_ds(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_NONE_NSEC, CHILD_SIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_INSECURE);
	FX_EXPECT_CODE(a, CS_F_DS_MISSING);
	fx_release(&a);
}

/* The child answers its SOA and the query, but its DNSKEY query times out:
 * its keys are unknown, not absent. The zone is indeterminate and the
 * server is named (SERVER_QUERY_TIMEOUT); DS_UNSIGNED_CHILD ("sign it or
 * remove the DS") would be the wrong advice. With the DNSKEY answered
 * empty, it is DS_UNSIGNED_CHILD. */
static void child_dnskey_unanswered(void **state)
{
	(void)state;
	cs_analysis *a = chain(DS_GOOD, CHILD_DNSKEY_SILENT);
	FX_EXPECT_VERDICT(a, CS_STATE_INDETERMINATE);
	assert_int_equal(zone_s(a)->state, CS_STATE_INDETERMINATE);
	assert_false(zone_s(a)->dnskey_answered);
	FX_EXPECT_CODE(a, CS_F_SERVER_QUERY_TIMEOUT);
	FX_EXPECT_NO_CODE(a, CS_F_DS_UNSIGNED_CHILD);
	FX_EXPECT_NO_CODE(a, CS_F_SERVER_TIMEOUT);
	assert_int_equal(zone_s(a)->nds_links, 1);
	assert_int_equal(zone_s(a)->ds_links[0].status, CS_DS_KEYS_UNKNOWN);
	fx_release(&a);
	a = chain(DS_GOOD, CHILD_UNSIGNED);
	FX_EXPECT_VERDICT(a, CS_STATE_BOGUS);
	assert_true(zone_s(a)->dnskey_answered);
	FX_EXPECT_CODE(a, CS_F_DS_UNSIGNED_CHILD);
	assert_int_equal(zone_s(a)->ds_links[0].status, CS_DS_UNSIGNED_CHILD);
	fx_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(secure_delegation),
	    cmocka_unit_test(ds_digest_mismatch),
	    cmocka_unit_test(ds_tag_matches_no_key),
	    cmocka_unit_test(ds_algorithm_mismatch),
	    cmocka_unit_test(ds_unsigned),
	    cmocka_unit_test(dnskey_not_signed_by_ds_key),
	    cmocka_unit_test(ds_to_revoked_key),
	    cmocka_unit_test(no_ds_proven_by_nsec),
	    cmocka_unit_test(no_ds_forged_nsec),
	    cmocka_unit_test(no_ds_nsec_lists_ds),
	    cmocka_unit_test(no_ds_no_proof),
	    cmocka_unit_test(no_ds_nsec3_optout),
	    cmocka_unit_test(no_ds_nsec3_without_optout),
	    cmocka_unit_test(signed_child_without_ds),
	    cmocka_unit_test(child_dnskey_unanswered),
	    cmocka_unit_test(ds_unsupported_digest),
	    cmocka_unit_test(ds_plus_stale),
	    cmocka_unit_test(keytag_collision),
	    cmocka_unit_test(keytag_collision_evidence_capped),
	    cmocka_unit_test(dnskey_inconsistent),
	    cmocka_unit_test(no_ds_nsec3_iterations),
	    cmocka_unit_test(rsa_key_size),
	    cmocka_unit_test(dnskey_trust_anchor),
	    cmocka_unit_test(anchored_zone_unsigned),
	    cmocka_unit_test(anchored_zone_dnskey_unanswered),
	    cmocka_unit_test(anchored_key_not_signing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
