/*
 * rrlist.h - a growable list of records, the common currency of the zone
 * file reader, the probe (hints, anchors) and the analyzer.
 */
#ifndef CS_RRLIST_H
#define CS_RRLIST_H

#include "base/error.h"
#include "dns/msg.h"

#include <stddef.h>

/* A growable list of records; rdata lives in the arena given to the
 * parser. */
typedef struct {
	cs_rr *v;
	size_t n;
	size_t cap;
} cs_rrlist;

/* Free the list's array (not the arena). Accepts NULL. */
void cs_rrlist_free(cs_rrlist *l);

/* Append a copy of rr (its rdata must already live long enough);
 * CS_ENOMEM on failure. */
cs_err cs_rrlist_add(cs_rrlist *l, const cs_rr *rr);

#endif
