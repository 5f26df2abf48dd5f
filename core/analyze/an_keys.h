/*
 * an_keys.h - internal to the analyzer: a zone's keys (the
 * union over its servers' DNSKEY RRsets) and the validation of its DNSKEY
 * RRset from the DS or anchor (RFC 4035 §5.2).
 */
#ifndef CS_AN_KEYS_H
#define CS_AN_KEYS_H

#include "analyze/an_ctx.h"

/* The zone's DNSKEY variants and the union of its keys (z->dnskey,
 * z->keys), and whether any server answered the DNSKEY question
 * (z->dnskey_answered). */
void an_collect_keys(ctx *x, cs_zone *z);

/* Algorithm, key size and key tag collision findings for a signed zone. */
void an_key_findings(ctx *x, cs_zone *z);

/* Validate the zone's DNSKEY RRset variants against the DS set: sets
 * z->state, the keys' trusted/signs_dnskey flags and the servers' states.
 * (Zones with trust anchors: an_eval_anchors.) */
void an_eval_dnskeys(ctx *x, cs_zone *z, const cs_rr *const *ds, size_t nds);

/* The signatures over a DNSKEY variant, as the first server that served it
 * gave them (array in the arena); their count. */
size_t an_variant_sigs(ctx *x, const cs_zone *z, const cs_rrset *var, const cs_rr ***sigs);

/* A secure DNSKEY variant: the zone is secure, its zone keys trusted (every
 * signature over the set judged against them) and its servers secure. */
void an_trust_variant(ctx *x, cs_zone *z, cs_rrset *var, const cs_rr **sigs, size_t ns);

/* Set the state (and, when not secure, the reason) of the zone's servers
 * that served var. */
void an_set_servers_state(cs_zone *z, const cs_rrset *var, cs_state st, const char *why);

/* A DNSKEY variant signed by the key that should carry it, whose signatures
 * fail: report them per server and mark those servers bogus. */
void an_bogus_variant(ctx *x, cs_zone *z, cs_rrset *var);

#endif
