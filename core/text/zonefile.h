/*
 * zonefile.h - reading records in presentation format (RFC 1035 §5): zone
 * files, trust anchor files (DS or DNSKEY), root hints and DS files.
 *
 * Supports $ORIGIN, $TTL, parentheses spanning lines, comments, quoted
 * strings, owner inheritance (a line starting with white space), "@", TTL
 * and class in either order, TTL units (1h30m). $INCLUDE and $GENERATE are
 * refused.
 */
#ifndef CS_ZONEFILE_H
#define CS_ZONEFILE_H

#include "base/arena.h"
#include "base/error.h"
#include "dns/msg.h"
#include "dns/rrlist.h"

#include <stddef.h>

/* Where parsing failed, for messages like "root.key:3: syntax error". */
typedef struct {
	size_t line;	  /* 1-based line of the record that failed; 0 if none */
	char detail[160]; /* what was wrong, in words */
} cs_zone_error;

/* Parse text[0..len) and append every record to out, rdata in arena a.
 * origin (may be NULL: names without a final dot are then absolute) is the
 * initial $ORIGIN; default_ttl the initial $TTL. Returns CS_OK, or the first
 * error (CS_ESYNTAX, CS_EUNKNOWN, CS_ERANGE, a name error, CS_ELIMIT for
 * over-long lines) with e filled; records before it stay in out. */
cs_err cs_zone_parse(const char *text, size_t len, const cs_name *origin, uint32_t default_ttl,
		     cs_arena *a, cs_rrlist *out, cs_zone_error *e);

/* Read and parse a whole file (at most 64 MiB). CS_EIO when it cannot be
 * read, e->detail then says why. */
cs_err cs_zone_parse_file(const char *path, const cs_name *origin, uint32_t default_ttl,
			  cs_arena *a, cs_rrlist *out, cs_zone_error *e);

/* Parse one record from a single line ("owner [ttl] [class] type rdata");
 * relative names get origin. Returns as cs_zone_parse. */
cs_err cs_rr_from_text(const char *line, const cs_name *origin, cs_arena *a, cs_rr *out,
		       cs_zone_error *e);

/* Parse a TTL: decimal seconds or BIND units (1w2d3h4m5s). */
cs_err cs_ttl_from_text(const char *s, size_t len, uint32_t *out);

#endif
