/*
 * an_records.h - internal to the analyzer: checks on a zone's signed
 * records.
 */
#ifndef CS_AN_RECORDS_H
#define CS_AN_RECORDS_H

#include "analyze/an_ctx.h"

/* Checks on a zone's signed records: validity windows, TTLs, algorithm
 * completeness, CDS/CDNSKEY (an_records.c); called after an_check_servers. */
void an_check_records(ctx *x, cs_zone *z);

/* TTL findings for an evaluated RRset signed by zone z as server served it
 * (an answer): RRSIG_ORIGINAL_TTL_LOW when a record's TTL is above the
 * signature's Original TTL (RFC 4035 §5.3.3), RRSIG_TTL_BEYOND_EXPIRATION
 * when the time a validator caches it reaches past the expiration. */
void an_check_ttls(ctx *x, const cs_zone *z, const cs_rrset *s, const char *server);

#endif
