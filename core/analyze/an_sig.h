/*
 * an_sig.h - internal to the analyzer: evaluating the RRSIGs of an RRset
 * against a zone's keys under the validation work bounds, and reporting
 * why an RRset is bogus.
 */
#ifndef CS_AN_SIG_H
#define CS_AN_SIG_H

#include "analyze/an_ctx.h"

/* Key predicates for an_eval_rrset: part of a secure DNSKEY RRset; or
 * matched by the parent's DS (zone key, not revoked). */
bool an_key_trusted(const cs_key *k);
bool an_key_ds_match(const cs_key *k);
/* Any zone key that is not revoked: to tell a signature's crypto apart
 * from its trust when the set is bogus anyway. */
bool an_key_any(const cs_key *k);

/* Evaluate every RRSIG of an RRset (s->rrs set) with the keys of z that
 * usable() accepts (only keys with the RRSIG's tag and algorithm are
 * tried); s->state becomes secure when one is valid, else bogus. The work
 * is bounded: after o->max_rrset_verifications verifications in this call,
 * or o->max_verifications in the analysis, the remaining RRSIGs are
 * CS_SIG_NOT_CHECKED and a finding says so (RRSIG_VALIDATION_LIMIT, as a
 * validator would give up: bogus unless a checked one is valid; or
 * PROBE_LIMIT_REACHED for the analysis budget: indeterminate). */
void an_eval_rrset(ctx *x, cs_rrset *s, const cs_rr *const *sigs, size_t nsigs, const cs_zone *z,
		   bool (*usable)(const cs_key *));

/* The most telling failed signature of a set; NULL when it has none. */
const cs_sig_eval *an_worst_sig(const cs_rrset *s);

/* Report why an RRset does not validate (as seen from server). */
void an_report_bogus(ctx *x, const cs_zone *z, const cs_rrset *s, const char *server);

#endif
