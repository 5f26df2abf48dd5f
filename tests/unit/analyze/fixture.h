/*
 * fixture.h - synthetic captures for the analyzer's unit tests.
 *
 * A test builds the responses a probe would have recorded, signed at test
 * time with Ed25519 keys made from fixed seeds, and runs cs_analyze on
 * them. The signing side is written here, independently of core/: the
 * canonical RRset form (RFC 4034 §6), the key tag (RFC 4034 App. B), the
 * DS digest (RFC 4034 §5.1.4) and the NSEC3 hash (RFC 5155 §5) are
 * computed with OpenSSL directly, so a bug in core/dnssec does not sign
 * its own fixtures.
 *
 * Names are written in lower case presentation form ("a.w.", "."); the
 * builders do not escape. Include after <cmocka.h>. Everything is static
 * inline: each test program uses what it needs.
 */
#ifndef CS_FIXTURE_H
#define CS_FIXTURE_H

#include "analyze/analyze.h"
#include "capture/capture.h"
#include "dns/rrtype.h"

#include "../testutil.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The evaluation time of every fixture: 2026-11-29T00:00:00Z. */
#define FX_NOW	 1795910400
#define FX_DAY	 86400
#define FX_TTL	 300
#define FX_ALG	 15 /* Ed25519 */
#define FX_MAXRR 16

/* ---- names ---- */

/* Wire form of a lower-case presentation name; returns its length. */
static inline size_t fx_wire(const char *text, uint8_t *out)
{
	size_t n = 0;
	const char *p = text;
	while (*p != '\0' && strcmp(p, ".") != 0) {
		const char *dot = strchr(p, '.');
		size_t l = dot ? (size_t)(dot - p) : strlen(p);
		assert_true(l > 0 && l < 64 && n + l + 2 <= 255);
		out[n++] = (uint8_t)l;
		memcpy(out + n, p, l);
		n += l;
		p += l + (dot != NULL);
	}
	out[n++] = 0;
	return n;
}

static inline unsigned fx_labels(const char *text)
{
	unsigned l = 0;
	for (const char *p = text; *p; p++)
		l += *p == '.';
	if (strcmp(text, ".") == 0)
		return 0;
	return l - (strncmp(text, "*.", 2) == 0);
}

/* ---- records ---- */

/* RDATA is built in testutil.h's bytes, with put, put8, put16 and put32. */

static inline void fx_name_rd(bytes *r, const char *name)
{
	uint8_t w[256];
	put(r, w, fx_wire(name, w));
}

/* A type bitmap (RFC 4034 §4.1.2) of up to 16 types, 0-terminated list. */
static inline void fx_bitmap(bytes *r, const uint16_t *types)
{
	uint8_t win[256][32];
	int len[256];
	memset(win, 0, sizeof(win));
	for (int i = 0; i < 256; i++)
		len[i] = 0;
	for (const uint16_t *t = types; *t; t++) {
		unsigned w = *t >> 8, b = *t & 0xFF;
		win[w][b / 8] |= (uint8_t)(0x80 >> (b % 8));
		if ((int)(b / 8) + 1 > len[w])
			len[w] = (int)(b / 8) + 1;
	}
	for (int w = 0; w < 256; w++)
		if (len[w]) {
			put8(r, (unsigned)w);
			put8(r, (unsigned)len[w]);
			put(r, win[w], (size_t)len[w]);
		}
}

static inline bytes fx_txt(const char *s)
{
	bytes r = {0};
	put8(&r, (unsigned)strlen(s));
	put(&r, s, strlen(s));
	return r;
}

static inline bytes fx_a(unsigned a, unsigned b, unsigned c, unsigned d)
{
	bytes r = {0};
	put8(&r, a), put8(&r, b), put8(&r, c), put8(&r, d);
	return r;
}

static inline bytes fx_soa_serial(const char *zone, uint32_t serial)
{
	char mname[300];
	snprintf(mname, sizeof(mname), "ns.%s", strcmp(zone, ".") ? zone : "");
	bytes r = {0};
	fx_name_rd(&r, mname);
	fx_name_rd(&r, mname);
	put32(&r, serial), put32(&r, 3600), put32(&r, 600), put32(&r, 86400), put32(&r, 300);
	return r;
}

static inline bytes fx_soa(const char *zone)
{
	return fx_soa_serial(zone, 1);
}

static inline bytes fx_ns(const char *host)
{
	bytes r = {0};
	fx_name_rd(&r, host);
	return r;
}

/* NSEC: next name and the types, 0-terminated. */
static inline bytes fx_nsec(const char *next, const uint16_t *types)
{
	bytes r = {0};
	fx_name_rd(&r, next);
	fx_bitmap(&r, types);
	return r;
}

/* ---- NSEC3 hashes (RFC 5155 §5), base32hex owners ---- */

typedef struct {
	uint8_t h[20];
} fx_hash;

static inline fx_hash fx_nsec3_hash(const char *name, unsigned iterations)
{
	uint8_t w[256];
	size_t n = fx_wire(name, w);
	fx_hash out;
	SHA1(w, n, out.h);
	for (unsigned i = 0; i < iterations; i++)
		SHA1(out.h, 20, out.h);
	return out;
}

/* The hash plus delta (big-endian arithmetic on 160 bits). */
static inline fx_hash fx_hash_add(fx_hash h, int delta)
{
	int carry = delta;
	for (int i = 19; i >= 0 && carry != 0; i--) {
		int v = h.h[i] + carry;
		carry = v < 0 ? -1 : v > 255 ? 1 : 0;
		h.h[i] = (uint8_t)(v & 0xFF);
	}
	return h;
}

/* "<base32hex of h>.<zone>" into out. */
static inline void fx_hash_owner(fx_hash h, const char *zone, char *out, size_t cap)
{
	static const char b32[] = "0123456789abcdefghijklmnopqrstuv";
	char t[40];
	size_t k = 0;
	for (int bit = 0; bit < 160; bit += 5) {
		unsigned v = 0;
		for (int j = 0; j < 5; j++)
			v = v << 1 | ((h.h[(bit + j) / 8] >> (7 - (bit + j) % 8)) & 1u);
		t[k++] = b32[v];
	}
	t[k] = '\0';
	snprintf(out, cap, "%s.%s", t, strcmp(zone, ".") ? zone : "");
}

/* NSEC3 rdata: SHA-1, flags (1 = opt-out), iterations, no salt. */
static inline bytes fx_nsec3(unsigned flags, unsigned iterations, fx_hash next,
			     const uint16_t *types)
{
	bytes r = {0};
	put8(&r, 1), put8(&r, flags), put16(&r, iterations), put8(&r, 0);
	put8(&r, 20);
	put(&r, next.h, 20);
	fx_bitmap(&r, types);
	return r;
}

/* ---- keys and signatures ---- */

typedef struct {
	EVP_PKEY *pk;
	bytes dnskey; /* flags 257, protocol 3, Ed25519 */
	uint16_t tag;
	char zone[256];
} fx_key;

static inline uint16_t fx_keytag(const uint8_t *rd, size_t n)
{
	uint32_t ac = 0;
	for (size_t i = 0; i < n; i++)
		ac += (i & 1) ? rd[i] : (uint32_t)rd[i] << 8;
	ac += (ac >> 16) & 0xFFFF;
	return (uint16_t)(ac & 0xFFFF);
}

/* A key for zone made from a one-octet seed (the same seed, the same key). */
static inline void fx_key_make(fx_key *k, const char *zone, uint8_t seed)
{
	uint8_t priv[32], pub[32];
	memset(priv, seed, sizeof(priv));
	k->pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, sizeof(priv));
	assert_non_null(k->pk);
	size_t pl = sizeof(pub);
	assert_int_equal(EVP_PKEY_get_raw_public_key(k->pk, pub, &pl), 1);
	memset(&k->dnskey, 0, sizeof(k->dnskey));
	put16(&k->dnskey, 257), put8(&k->dnskey, 3), put8(&k->dnskey, FX_ALG);
	put(&k->dnskey, pub, pl);
	k->tag = fx_keytag(k->dnskey.b, k->dnskey.n);
	snprintf(k->zone, sizeof(k->zone), "%s", zone);
}

/* Change the key's flags (256 ZSK, 257 KSK, | 0x80 revoked); the tag follows. */
static inline void fx_key_flags(fx_key *k, unsigned flags)
{
	k->dnskey.b[0] = (uint8_t)(flags >> 8);
	k->dnskey.b[1] = (uint8_t)flags;
	k->tag = fx_keytag(k->dnskey.b, k->dnskey.n);
}

static inline void fx_key_free(fx_key *k)
{
	EVP_PKEY_free(k->pk);
	k->pk = NULL;
}

/* "ZONE 3600 IN DS TAG 15 2 HEX" for the key (SHA-256 digest). */
static inline void fx_ds_text(const fx_key *k, char *out, size_t cap)
{
	uint8_t buf[800], dig[32];
	size_t n = fx_wire(k->zone, buf);
	memcpy(buf + n, k->dnskey.b, k->dnskey.n);
	SHA256(buf, n + k->dnskey.n, dig);
	int w = snprintf(out, cap, "%s 3600 IN DS %u %u 2 ", k->zone, k->tag, FX_ALG);
	for (int i = 0; i < 32 && w > 0 && (size_t)w + 3 < cap; i++)
		w += snprintf(out + w, cap - (size_t)w, "%02X", dig[i]);
}

/* DS rdata for the key (digest type 2). */
static inline bytes fx_ds(const fx_key *k)
{
	uint8_t buf[800], dig[32];
	size_t n = fx_wire(k->zone, buf);
	memcpy(buf + n, k->dnskey.b, k->dnskey.n);
	SHA256(buf, n + k->dnskey.n, dig);
	bytes r = {0};
	put16(&r, k->tag), put8(&r, FX_ALG), put8(&r, 2);
	put(&r, dig, 32);
	return r;
}

/* How to sign: the defaults are a valid signature. */
typedef struct {
	int labels;		  /* -1: the owner's (wildcard-aware) */
	int64_t inception;	  /* 0: FX_NOW - 1 day */
	int64_t expiration;	  /* 0: FX_NOW + 30 days */
	int tag;		  /* -1: the key's */
	int alg;		  /* -1: FX_ALG */
	const char *signer;	  /* NULL: the key's zone */
	const char *signed_owner; /* NULL: the owner (a wildcard: "*.w.") */
	bool corrupt;		  /* flip a bit of the signature */
	uint32_t orig_ttl;	  /* 0: FX_TTL */
} fx_sig_opts;

#define FX_SIG_DEFAULT ((fx_sig_opts){.labels = -1, .tag = -1, .alg = -1})

static inline int fx_rdcmp(const bytes *a, const bytes *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->b, b->b, n);
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* RRSIG rdata over owner/type/rrs by key. */
static inline bytes fx_rrsig(const fx_key *k, const char *owner, uint16_t type, const bytes *rrs,
			     size_t n, fx_sig_opts o)
{
	bytes r = {0};
	const char *so = o.signed_owner ? o.signed_owner : owner;
	put16(&r, type), put8(&r, o.alg >= 0 ? (unsigned)o.alg : FX_ALG);
	put8(&r, o.labels >= 0 ? (unsigned)o.labels : fx_labels(so));
	uint32_t ottl = o.orig_ttl ? o.orig_ttl : FX_TTL;
	put32(&r, ottl);
	put32(&r, (uint32_t)(o.expiration ? o.expiration : FX_NOW + 30 * FX_DAY));
	put32(&r, (uint32_t)(o.inception ? o.inception : FX_NOW - FX_DAY));
	put16(&r, o.tag >= 0 ? (unsigned)o.tag : k->tag);
	fx_name_rd(&r, o.signer ? o.signer : k->zone);
	/* Signed data: the RRSIG fields, then the RRs in canonical order. */
	static uint8_t data[16384];
	size_t dn = r.n;
	memcpy(data, r.b, r.n);
	const bytes *sorted[FX_MAXRR];
	assert_true(n <= FX_MAXRR);
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j > 0 && fx_rdcmp(sorted[j - 1], &rrs[i]) > 0) {
			sorted[j] = sorted[j - 1];
			j--;
		}
		sorted[j] = &rrs[i];
	}
	uint8_t ow[256];
	size_t ol = fx_wire(so, ow);
	for (size_t i = 0; i < n; i++) {
		assert_true(dn + ol + 10 + sorted[i]->n <= sizeof(data));
		memcpy(data + dn, ow, ol);
		dn += ol;
		uint8_t h[10] = {(uint8_t)(type >> 8),
				 (uint8_t)type,
				 0,
				 1,
				 0,
				 0,
				 (uint8_t)(ottl >> 8),
				 (uint8_t)(ottl & 0xFF),
				 (uint8_t)(sorted[i]->n >> 8),
				 (uint8_t)sorted[i]->n};
		memcpy(data + dn, h, 10);
		dn += 10;
		memcpy(data + dn, sorted[i]->b, sorted[i]->n);
		dn += sorted[i]->n;
	}
	uint8_t sig[64];
	size_t sl = sizeof(sig);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	assert_non_null(md);
	assert_int_equal(EVP_DigestSignInit(md, NULL, NULL, NULL, k->pk), 1);
	assert_int_equal(EVP_DigestSign(md, sig, &sl, data, dn), 1);
	EVP_MD_CTX_free(md);
	if (o.corrupt)
		sig[10] ^= 0x01;
	put(&r, sig, sl);
	return r;
}

/* ---- responses ---- */

typedef struct {
	uint8_t sec[3][8192];
	size_t len[3];
	unsigned count[3];
	uint32_t ttl; /* of the records added from now on; 0: FX_TTL */
} fx_msg;

static inline void fx_msg_rr(fx_msg *m, int sec, const char *owner, uint16_t type, const bytes *rd)
{
	uint8_t w[256];
	size_t wl = fx_wire(owner, w);
	assert_true(m->len[sec] + wl + 10 + rd->n <= sizeof(m->sec[sec]));
	uint8_t *p = m->sec[sec] + m->len[sec];
	memcpy(p, w, wl);
	p += wl;
	uint32_t ttl = m->ttl ? m->ttl : FX_TTL;
	uint8_t h[10] = {(uint8_t)(type >> 8),
			 (uint8_t)type,
			 0,
			 1,
			 (uint8_t)(ttl >> 24),
			 (uint8_t)(ttl >> 16),
			 (uint8_t)(ttl >> 8),
			 (uint8_t)ttl,
			 (uint8_t)(rd->n >> 8),
			 (uint8_t)rd->n};
	memcpy(p, h, 10);
	memcpy(p + 10, rd->b, rd->n);
	m->len[sec] += wl + 10 + rd->n;
	m->count[sec]++;
}

/* Add an RRset and an RRSIG over it made with o. */
static inline void fx_msg_signed(fx_msg *m, int sec, const fx_key *k, const char *owner,
				 uint16_t type, const bytes *rrs, size_t n, fx_sig_opts o)
{
	for (size_t i = 0; i < n; i++)
		fx_msg_rr(m, sec, owner, type, &rrs[i]);
	bytes sig = fx_rrsig(k, owner, type, rrs, n, o);
	fx_msg_rr(m, sec, owner, CS_TYPE_RRSIG, &sig);
}

static inline void fx_msg_signed1(fx_msg *m, int sec, const fx_key *k, const char *owner,
				  uint16_t type, bytes rd)
{
	fx_msg_signed(m, sec, k, owner, type, &rd, 1, FX_SIG_DEFAULT);
}

/* ---- the capture ---- */

typedef struct {
	cs_capture *c;
	uint8_t pkt[32768];
} fx_capture;

/* A capture for qname/qtype with one trust anchor (the DS of anchor). */
static inline void fx_capture_begin(fx_capture *f, const char *qname, uint16_t qtype,
				    const fx_key *anchor)
{
	f->c = cs_capture_new();
	assert_non_null(f->c);
	cs_capture *c = f->c;
	c->started_s = FX_NOW;
	c->tool = cs_capture_strdup(c, "chainscope test fixture");
	c->mode = cs_capture_strdup(c, "authoritative");
	c->port = 53;
	c->edns_size = 1232;
	c->ipv4 = true;
	assert_int_equal(cs_name_from_text(qname, strlen(qname), NULL, &c->qname), CS_OK);
	c->qtype = qtype;
	char ds[300];
	fx_ds_text(anchor, ds, sizeof(ds));
	assert_int_equal(cs_capture_add_string(c, &c->anchors, &c->nanchors, ds), CS_OK);
}

/* A zone with one server (ns.<zone>) at n addresses. */
static inline void fx_capture_zone_n(fx_capture *f, const char *zone, const char *parent,
				     const char *const *addresses, size_t n)
{
	cs_capture_zone z = {0};
	char host[300];
	snprintf(host, sizeof(host), "ns.%s", strcmp(zone, ".") ? zone : "");
	cs_capture_server s = {.ns_name = host, .addresses = (char **)addresses, .naddresses = n};
	assert_int_equal(cs_name_from_text(zone, strlen(zone), NULL, &z.name), CS_OK);
	assert_int_equal(cs_name_from_text(parent, strlen(parent), NULL, &z.parent), CS_OK);
	z.servers = &s;
	z.nservers = 1;
	assert_int_equal(cs_capture_add_zone(f->c, &z), CS_OK);
}

/* A zone with one server (ns.<zone> at address). */
static inline void fx_capture_zone(fx_capture *f, const char *zone, const char *parent,
				   const char *address)
{
	const char *addr[1] = {address};
	fx_capture_zone_n(f, zone, parent, addr, 1);
}

/* A query the server never answered (a timeout). */
static inline cs_capture_query *fx_capture_query(fx_capture *f, const char *server,
						 const char *zone, const char *qname,
						 uint16_t qtype, cs_qpurpose purpose,
						 cs_qresult result)
{
	cs_capture_query q = {0};
	q.server = (char *)server;
	q.port = 53;
	q.transport = CS_TRANSPORT_UDP;
	assert_int_equal(cs_name_from_text(zone, strlen(zone), NULL, &q.zone), CS_OK);
	assert_int_equal(cs_name_from_text(qname, strlen(qname), NULL, &q.qname), CS_OK);
	q.qtype = qtype;
	q.do_bit = true;
	q.edns_size = 1232;
	q.purpose = purpose;
	q.rtt_us = result == CS_QRESULT_ANSWER ? 100 : -1;
	q.result = result;
	cs_capture_query *s = cs_capture_add_query(f->c, &q);
	assert_non_null(s);
	return s;
}

/* Record that server (asked as an authority for zone) answered qname/qtype
 * with m: rcode, AA as given, EDNS with DO. Returns the stored query (valid
 * until the next one is added). */
static inline cs_capture_query *fx_capture_resp_aa(fx_capture *f, const char *server,
						   const char *zone, const char *qname,
						   uint16_t qtype, cs_qpurpose purpose,
						   unsigned rcode, bool aa, const fx_msg *m)
{
	cs_capture_query *s =
	    fx_capture_query(f, server, zone, qname, qtype, purpose, CS_QRESULT_ANSWER);
	/* Header: id 0, QR AA, rcode; one question; the sections; OPT. */
	uint8_t *p = f->pkt;
	size_t n = 0;
	uint8_t h[12] = {0,
			 0,
			 (uint8_t)(aa ? 0x84 : 0x80),
			 (uint8_t)(rcode & 0xF),
			 0,
			 1,
			 (uint8_t)(m->count[0] >> 8),
			 (uint8_t)m->count[0],
			 (uint8_t)(m->count[1] >> 8),
			 (uint8_t)m->count[1],
			 (uint8_t)((m->count[2] + 1) >> 8),
			 (uint8_t)(m->count[2] + 1)};
	memcpy(p, h, 12);
	n = 12;
	n += fx_wire(qname, p + n);
	p[n++] = (uint8_t)(qtype >> 8), p[n++] = (uint8_t)qtype, p[n++] = 0, p[n++] = 1;
	for (int sec = 0; sec < 3; sec++) {
		assert_true(n + m->len[sec] + 11 <= sizeof(f->pkt));
		memcpy(p + n, m->sec[sec], m->len[sec]);
		n += m->len[sec];
	}
	uint8_t opt[11] = {0, 0, 41, 0x04, 0xD0, 0, 0, 0x80, 0, 0, 0};
	memcpy(p + n, opt, sizeof(opt));
	n += sizeof(opt);
	assert_int_equal(cs_capture_set_response(f->c, s, p, n), CS_OK);
	return s;
}

static inline void fx_capture_resp(fx_capture *f, const char *server, const char *zone,
				   const char *qname, uint16_t qtype, cs_qpurpose purpose,
				   unsigned rcode, const fx_msg *m)
{
	(void)fx_capture_resp_aa(f, server, zone, qname, qtype, purpose, rcode, true, m);
}

/* The DNSKEY and SOA responses of a signed zone's server. */
static inline void fx_capture_signed_apex(fx_capture *f, const char *server, const fx_key *k)
{
	fx_msg m = {0};
	fx_msg_signed1(&m, CS_SEC_ANSWER, k, k->zone, CS_TYPE_DNSKEY, k->dnskey);
	fx_capture_resp(f, server, k->zone, k->zone, CS_TYPE_DNSKEY, CS_QPURPOSE_DNSKEY, 0, &m);
	fx_msg s = {0};
	fx_msg_signed1(&s, CS_SEC_ANSWER, k, k->zone, CS_TYPE_SOA, fx_soa(k->zone));
	fx_capture_resp(f, server, k->zone, k->zone, CS_TYPE_SOA, CS_QPURPOSE_SOA, 0, &s);
}

/* An analysis points into its capture (server addresses and names), so
 * the capture must outlive it: fx_analyze takes the capture over (f->c
 * becomes NULL) and fx_release frees the analysis, then its capture. A
 * test program holds at most FX_LIVE analyses at once. */
#define FX_LIVE 16
typedef struct {
	cs_analysis *a;
	cs_capture *c;
} fx_pair;
static fx_pair fx_live[FX_LIVE];

/* Analyze at at (max_nsec3_iterations: 0 = the default; anchors: trust
 * anchors in presentation form instead of the capture's, or NULL); the
 * capture goes with the analysis (release it with fx_release). */
static inline cs_analysis *fx_analyze_full(fx_capture *f, int64_t at, unsigned max_iterations,
					   const char *anchors)
{
	cs_analyze_opts o;
	cs_analyze_opts_default(&o, f->c);
	o.at = at;
	if (max_iterations)
		o.max_nsec3_iterations = max_iterations;
	o.anchors_text = anchors;
	cs_analysis *a = NULL;
	char err[256] = "";
	cs_err e = cs_analyze(f->c, &o, &a, err, sizeof(err));
	if (e != CS_OK)
		fail_msg("cs_analyze: %d %s", e, err);
	size_t i = 0;
	while (i < FX_LIVE && fx_live[i].a != NULL)
		i++;
	assert_true(i < FX_LIVE);
	fx_live[i] = (fx_pair){a, f->c};
	f->c = NULL;
	return a;
}

static inline cs_analysis *fx_analyze_at(fx_capture *f, int64_t at, unsigned max_iterations)
{
	return fx_analyze_full(f, at, max_iterations, NULL);
}

static inline cs_analysis *fx_analyze_opts(fx_capture *f, unsigned max_iterations)
{
	return fx_analyze_at(f, FX_NOW, max_iterations);
}

static inline cs_analysis *fx_analyze(fx_capture *f)
{
	return fx_analyze_at(f, FX_NOW, 0);
}

/* Free an analysis and the capture it was made from; clears *a. */
static inline void fx_release(cs_analysis **a)
{
	for (size_t i = 0; i < FX_LIVE; i++)
		if (fx_live[i].a == *a && *a != NULL) {
			cs_analysis_free(&fx_live[i].a);
			cs_capture_free(&fx_live[i].c);
		}
	*a = NULL;
}

/* Free a capture that was not analyzed (an analyzed one is NULL here). */
static inline void fx_capture_end(fx_capture *f)
{
	cs_capture_free(&f->c);
}

/* The usual fixture: the root zone alone, signed by k (seed 1), served
 * by FX_ROOT, trusted through the DS of k; the query qname/qtype. */
#define FX_ROOT "127.0.0.1"

static inline void fx_root_setup(fx_capture *f, fx_key *k, const char *qname, uint16_t qtype)
{
	fx_key_make(k, ".", 1);
	fx_capture_begin(f, qname, qtype, k);
	fx_capture_zone(f, ".", ".", FX_ROOT);
	fx_capture_signed_apex(f, FX_ROOT, k);
}

/* The root server's answer to the query under test. */
static inline void fx_root_target(fx_capture *f, unsigned rcode, const fx_msg *m)
{
	char qn[CS_NAME_TEXT_MAX];
	cs_name_str(&f->c->qname, qn);
	fx_capture_resp(f, FX_ROOT, ".", qn, f->c->qtype, CS_QPURPOSE_TARGET, rcode, m);
}

/* ---- assertions ---- */

static inline bool fx_has(const cs_analysis *a, cs_finding_code code)
{
	for (size_t i = 0; i < a->nfindings; i++)
		if (a->findings[i].code == code)
			return true;
	return false;
}

/* Print the findings (on a failed expectation, to see why). */
static inline void fx_dump(const cs_analysis *a)
{
	fprintf(stderr, "verdict %s, answer %s, %zu findings:\n", cs_state_str(a->verdict),
		cs_answer_kind_str(a->answer), a->nfindings);
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding_info *fi = cs_finding_info_get(a->findings[i].code);
		fprintf(stderr, "  %s: %s\n", fi ? fi->code : "?", a->findings[i].message);
	}
}

#define FX_EXPECT_VERDICT(a, v)                                                                    \
	do {                                                                                       \
		if ((a)->verdict != (v))                                                           \
			fx_dump(a);                                                                \
		assert_int_equal((a)->verdict, (v));                                               \
	} while (0)

#define FX_EXPECT_CODE(a, code)                                                                    \
	do {                                                                                       \
		if (!fx_has((a), (code)))                                                          \
			fx_dump(a);                                                                \
		assert_true(fx_has((a), (code)));                                                  \
	} while (0)

#define FX_EXPECT_NO_CODE(a, code)                                                                 \
	do {                                                                                       \
		if (fx_has((a), (code)))                                                           \
			fx_dump(a);                                                                \
		assert_false(fx_has((a), (code)));                                                 \
	} while (0)

#endif
