/*
 * analyze.h - the analyzer: from a capture to the chain of trust, its
 * validation states (RFC 4035 §4.3), the findings, the verdict and the
 * time the chain next breaks.
 *
 * Pure computation: the evaluation time is a parameter, nothing is read
 * from the network or the clock, and the same capture, time and options
 * always give the same analysis.
 */
#ifndef CS_ANALYZE_H
#define CS_ANALYZE_H

#include "analyze/findings.h"
#include "base/arena.h"
#include "base/error.h"
#include "capture/capture.h"
#include "dns/msg.h"
#include "dns/name.h"
#include "dns/msg_memo.h"
#include "dnssec/verify_cache.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Validation states, RFC 4035 §4.3. Ordered from best to worst for
 * combining along a chain. */
typedef enum {
	CS_STATE_SECURE = 0,
	CS_STATE_INSECURE,
	CS_STATE_INDETERMINATE,
	CS_STATE_BOGUS,
} cs_state;

/* "secure", "insecure", "indeterminate", "bogus". */
const char *cs_state_str(cs_state s);

/* The worse of two states (secure < insecure < indeterminate < bogus): how
 * states combine along a chain. */
cs_state cs_state_worst(cs_state a, cs_state b);

/* What the queried name turned out to be. */
typedef enum {
	CS_ANSWER_DATA = 0,
	CS_ANSWER_NXDOMAIN,
	CS_ANSWER_NODATA,
	CS_ANSWER_NONE, /* no server gave an answer */
} cs_answer_kind;

const char *cs_answer_kind_str(cs_answer_kind k);

/* The outcome of one RRSIG. */
typedef enum {
	CS_SIG_VALID = 0,
	CS_SIG_EXPIRED,
	CS_SIG_NOT_YET_VALID,
	CS_SIG_CRYPTO_FAILED,
	CS_SIG_BAD_LENGTH,
	CS_SIG_BAD_KEY,
	CS_SIG_UNKNOWN_KEY,	/* no DNSKEY with its tag and algorithm */
	CS_SIG_UNSUPPORTED_ALG, /* cannot be checked: algorithm unsupported or prohibited */
	CS_SIG_SIGNER_MISMATCH, /* signer is not the zone */
	CS_SIG_LABELS_INVALID,
	CS_SIG_MALFORMED,
	CS_SIG_NOT_CHECKED, /* skipped: a validation work limit was reached */
} cs_sig_status;

const char *cs_sig_status_str(cs_sig_status s);

typedef struct {
	const cs_rr *rrsig;
	cs_sig_status status;
	int key;	   /* index in the signer zone's keys of the key it was checked
			      against (the valid one, else the last tried), -1 */
	int named_key;	   /* the first key of that zone with the RRSIG's tag and
			      algorithm, usable or not, -1: the key it names */
	int zone;	   /* index of the signer's zone (whose keys were tried), -1 */
	int64_t inception; /* absolute, resolved around the evaluation time */
	int64_t expiration;
} cs_sig_eval;

/* An RRset as one group of servers served it, with its signatures. */
typedef struct {
	cs_name owner;
	uint16_t type;
	const cs_rr **rrs;
	size_t nrrs;
	cs_sig_eval *sigs;
	size_t nsigs;
	cs_state state;
	const char **servers; /* addresses that served this variant */
	size_t nservers;
} cs_rrset;

/* A DNSKEY of a zone (from any server). */
typedef struct {
	const cs_rr *rr;
	uint16_t tag;
	uint8_t algorithm;
	uint16_t flags;
	unsigned bits;
	bool ds_match;	   /* a DS at the parent, or a trust anchor, matches it */
	bool anchored;	   /* a trust anchor (DS by digest, or DNSKEY) leads to it */
	bool signs_dnskey; /* a valid signature over the DNSKEY RRset is by it */
	bool trusted;	   /* part of a secure DNSKEY RRset */
	size_t nservers;   /* servers that serve it */
} cs_key;

/* Why a DS record does or does not lead to a key of the child. */
typedef enum {
	CS_DS_MATCHES = 0,	  /* a key with its tag and algorithm has its digest */
	CS_DS_NO_KEY,		  /* no key of the child has its tag and algorithm */
	CS_DS_NO_ALGORITHM,	  /* no key of the child has its algorithm at all */
	CS_DS_DIGEST_MISMATCH,	  /* keys with its tag and algorithm, none with its digest */
	CS_DS_DIGEST_UNSUPPORTED, /* a digest type validators cannot compute */
	CS_DS_ALG_UNSUPPORTED,	  /* an algorithm validators cannot check */
	CS_DS_MALFORMED,	  /* the RDATA does not parse */
	CS_DS_UNSIGNED_CHILD,	  /* the child serves no DNSKEY */
	CS_DS_KEYS_UNKNOWN,	  /* no server of the child answered its DNSKEY question */
} cs_ds_status;

/* "matches", "no-key", "no-algorithm", "digest-mismatch",
 * "digest-unsupported", "algorithm-unsupported", "malformed",
 * "unsigned-child". */
const char *cs_ds_status_str(cs_ds_status s);

/* One DS record of a delegation and the keys it leads to, as the analyzer
 * matched them (tag, algorithm and digest over the owner and the key). */
typedef struct {
	const cs_rr *rr; /* the DS (from the parent, a --ds override or a DS anchor) */
	uint16_t tag;
	uint8_t algorithm;
	uint8_t digest_type;
	cs_ds_status status;
	bool used;     /* in the DS set the child's keys were checked against */
	int named_key; /* the first key with its tag and algorithm, -1: the key it names */
	int *keys;     /* indexes in the zone's keys whose digest it matches */
	size_t nkeys;
} cs_ds_link;

/* How a zone's server addresses fare, for the one-line summary every
 * renderer shows. */
typedef struct {
	size_t naddresses;	  /* server addresses of the zone */
	size_t nnames;		  /* distinct nameserver names */
	size_t nfailing;	  /* addresses where a cold-cache validator does worse than at
				     the zone's best: their state is neither secure nor the zone's */
	unsigned failing_percent; /* nfailing * 100 / naddresses (rounded down) */
	bool degraded;		  /* the zone is secure, has several addresses and some fail:
				     about failing_percent of cold-cache lookups SERVFAIL */
	bool all_agree;		  /* no address dissents (see cs_server_view.dissents) */
	cs_state majority;	  /* the state most addresses share (the better on a tie) */
	size_t ndissent;	  /* addresses that dissent */
	cs_state worst;		  /* the worst state of any address */
} cs_server_summary;

/* One server address of a zone and how a cold-cache validating resolver
 * fares when it asks that address. */
typedef struct {
	const char *address;
	const char *ns_name;
	cs_state state;
	bool answered;	  /* gave at least one usable response */
	char reason[256]; /* why it fails, in words; empty when it does not */
	bool dissents;	  /* its state is not the majority's, it has a reason, or a finding
			     names it: reports list it on its own */
} cs_server_view;

/* How a trust anchor fares against its zone's keys. */
typedef enum {
	CS_ANCHOR_SIGNS = 0,	   /* leads to a key with a valid signature over the DNSKEY RRset */
	CS_ANCHOR_KEY_NOT_SIGNING, /* leads to a key the zone serves that signs no DNSKEY RRset
				      (pre-published or retired): it cannot carry the chain */
	CS_ANCHOR_NO_KEY,	   /* leads to no key the zone serves */
	CS_ANCHOR_UNSUPPORTED,	   /* digest type or algorithm validators cannot use */
	CS_ANCHOR_MALFORMED,	   /* the RDATA does not parse */
} cs_anchor_status;

/* "signs", "key-not-signing", "no-key", "unsupported", "malformed". */
const char *cs_anchor_status_str(cs_anchor_status s);

/* One trust anchor of a zone (a DS or a DNSKEY record) and the keys it
 * leads to, for renderers to draw an anchor node with an edge to each key
 * (as the DS links do for a parent's DS). */
typedef struct {
	const cs_rr *rr;    /* the anchor: DS or DNSKEY, owner the zone */
	const char *source; /* where it came from: a file name, "built in", or "recorded in
			       the capture" (captures made before sources were recorded) */
	uint16_t tag;	    /* key tag (of the DS, or computed from the DNSKEY) */
	uint8_t algorithm;
	cs_anchor_status status;
	int *keys; /* indexes in the zone's keys it leads to (DS by digest, DNSKEY by RDATA) */
	size_t nkeys;
} cs_anchor_link;

typedef struct {
	cs_name name;
	int parent;	      /* index, -1 for the top of the chain */
	cs_state state;	      /* of the zone's keys: can data in it be secure */
	cs_state delegation;  /* of the DS link from the parent */
	bool signed_zone;     /* serves DNSKEYs */
	bool dnskey_answered; /* a server answered the DNSKEY question: when
			       * not, a zone without keys is unknown, not
			       * unsigned */
	cs_key *keys;
	size_t nkeys;
	cs_rrset *dnskey; /* variants of the DNSKEY RRset */
	size_t ndnskey;
	cs_rrset *ds; /* variants of the DS RRset at the parent */
	size_t nds;
	cs_rrset *cds; /* variants of the CDS and CDNSKEY RRsets (RFC 7344) */
	size_t ncds;
	bool ds_proven_absent;	/* the parent proved there is no DS */
	bool ds_claimed_absent; /* some server of the parent answered without a DS */
	cs_ds_link *ds_links;	/* every distinct DS record considered, with its keys */
	size_t nds_links;
	cs_anchor_link *anchors; /* the zone's trust anchors, when it has any: then they,
				    not the parent's DS, decide its keys */
	size_t nanchors;
	cs_server_view *servers;
	size_t nservers;
	cs_server_summary server_summary;
} cs_zone;

/* One finding: a catalogue code with where, what and how to fix it. */
typedef struct {
	cs_finding_code code;
	cs_name zone;
	const char **servers; /* addresses concerned; may be empty */
	size_t nservers;
	const char *subject;   /* RRset, key or link concerned (presentation) */
	const char *message;   /* one line */
	const char **evidence; /* records and times involved */
	size_t nevidence;
	const char *fix;      /* concrete change, or NULL: see the catalogue */
	const char **publish; /* whole records the fix or message asks to publish (a DS
				 for the registrar, say), presentation format, one per
				 entry: renderers print each on a line of its own,
				 never wrapped, so it can be pasted unchanged */
	size_t npublish;
} cs_finding;

/* One link of the answer: the queried name, then each CNAME target. */
typedef struct {
	cs_name name;
	uint16_t type;
	int zone; /* index of the zone that answered, -1 */
	cs_answer_kind kind;
	cs_state state;
	cs_rrset *rrsets; /* answer RRsets (data, CNAME) or the proof's */
	size_t nrrsets;
	const char *proof; /* denial proof in words, or NULL */
} cs_answer_link;

typedef struct {
	int64_t at; /* evaluation time */
	cs_state verdict;
	cs_answer_kind answer;
	cs_zone *zones; /* root first */
	size_t nzones;
	cs_answer_link *links;
	size_t nlinks;
	cs_finding *findings;
	size_t nfindings;
	size_t cap_findings;
	bool has_next_break;
	int64_t next_break; /* earliest expiration of a signature the verdict rests on;
			       for a bogus chain resting on none, when it broke (the latest
			       expiration of its expired DNSKEY/DS signatures), before at */
	const char *next_break_what;
	unsigned counts[3];	     /* findings per severity */
	const char **anchor_sources; /* distinct sources of the trust anchors in use, in order */
	size_t nanchor_sources;
	cs_arena arena;
} cs_analysis;

/* Default validation work bounds. Per RRset: 8 verifications, as Unbound
 * since 1.19.1 (MAX_VALIDATE_RRSIGS, the KeyTrap fix) and dnsjava; BIND
 * 9.20 allows 16 validations and one failure per fetch
 * (max-validations-per-fetch, max-validation-failures-per-fetch). A
 * legitimate RRset needs one or two. Per analysis: every RRset of every
 * server of every zone, evaluated up to three times; a real chain needs a
 * few hundred, and 5000 bounds the crypto to about a second. */
#define CS_AN_RRSET_VERIFICATIONS 8
#define CS_AN_VERIFICATIONS	  5000

typedef struct {
	int64_t at;		       /* evaluation time (seconds since the epoch) */
	int64_t expiring_window;       /* warn when a signature expires within (default 3 days) */
	unsigned max_nsec3_iterations; /* default 150 */
	/* Validation work bounds (KeyTrap, CVE-2023-50387): signature
	 * verifications (one RRSIG against one key) per evaluation of one
	 * RRset, default 8, and per analysis, default 5000. 0 = the default. */
	unsigned max_rrset_verifications;
	unsigned max_verifications;
	/* Trust anchors to use instead of the capture's, or NULL: DS or DNSKEY
	 * records in presentation format, one per line; a line may end in
	 * " ; source=WHERE" naming its file (or "built in"). The capture's
	 * anchor lines may carry the same comment. */
	const char *anchors_text;
	const char *const *ds_override; /* "ZONE=DS rdata" (--ds), replacing the parent's DS */
	size_t nds_override;
	cs_verify_cache *verify_cache; /* optional memo shared by analyses (batch), or NULL */
	/* Optional (batch): the capture's cached answers (cs_capture_query.cached)
	 * are parsed through this thread's memo; the analysis then points into
	 * it, so the memo is trimmed only once the analysis is freed. */
	cs_msg_memo *msg_memo;
} cs_analyze_opts;

/* Defaults, evaluated at the capture's start time. */
void cs_analyze_opts_default(cs_analyze_opts *o, const cs_capture *c);

/* Analyze a capture. Returns CS_OK with *out (caller frees with
 * cs_analysis_free), CS_ENOMEM, or CS_ESYNTAX/CS_ERDATA when the trust
 * anchors or --ds overrides do not parse (errmsg says which). Problems in
 * the zones are findings, never errors. */
cs_err cs_analyze(const cs_capture *c, const cs_analyze_opts *o, cs_analysis **out, char *errmsg,
		  size_t errlen);

/* The link of the DS record with ds's RDATA in zone z, or NULL when the
 * analyzer did not consider that DS. */
const cs_ds_link *cs_zone_ds_link(const cs_zone *z, const cs_rr *ds);

/* A provisional analysis of the zones a probe has found so far (for a
 * display that fills in while the probe runs): zone i is names[i] below
 * zone parents[i] (-1 for the top), every state indeterminate, no keys,
 * servers or findings, the verdict indeterminate, evaluated at `at`. NULL
 * when out of memory; free with cs_analysis_free. */
cs_analysis *cs_analysis_provisional(const cs_name *names, const int *parents, size_t n,
				     int64_t at);

/* Free an analysis; accepts NULL, clears *a. */
void cs_analysis_free(cs_analysis **a);

#endif
