/*
 * anchors.h - reading trust anchor files in the formats operators have,
 * told apart by their content:
 *
 * - presentation format: DS and DNSKEY records (RFC 1035 §5, with or
 *   without TTL and class, comments, several per file), e.g. Debian's
 *   /usr/share/dns/root.key and root.ds;
 * - BIND: trust-anchors { }, managed-keys { } and trusted-keys { }
 *   statements (static-key, initial-key, static-ds, initial-ds); other
 *   statements of a named.conf are skipped;
 * - unbound auto-trust files (RFC 5011 state in ";;state=" comments):
 *   VALID and MISSING keys are anchors, the others (START, ADDPEND,
 *   REVOKED, REMOVED) are not; a ";;REVOKED" header revokes the whole
 *   trust point;
 * - RFC 7958 root-anchors.xml: each KeyDigest as a DS, kept only when the
 *   evaluation time lies in [validFrom, validUntil).
 *
 * Nothing here reads the clock: the evaluation time is a parameter.
 */
#ifndef CS_ANCHORS_H
#define CS_ANCHORS_H

#include "base/arena.h"
#include "base/error.h"
#include "dns/rrlist.h"
#include "text/zonefile.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
	CS_ANCHOR_FMT_PRESENTATION = 0,
	CS_ANCHOR_FMT_BIND,
	CS_ANCHOR_FMT_AUTOTRUST,
	CS_ANCHOR_FMT_XML,
} cs_anchor_format;

/* "presentation", "bind", "unbound-autotrust", "rfc7958-xml". */
const char *cs_anchor_format_str(cs_anchor_format f);

/* The format of text[0..len), from its content. */
cs_anchor_format cs_anchor_detect(const char *text, size_t len);

/* Parse a trust anchor file's text (any format above) and append its
 * anchors, DS or DNSKEY records, to out (rdata in arena a); at is the
 * evaluation time for RFC 7958 validity windows. Returns CS_OK; or
 * CS_ESYNTAX (and the other cs_zone_parse errors) with e->line and
 * e->detail saying where and what: a record of another type, a malformed
 * statement, a file with no usable anchor (also when all are revoked or
 * outside their validity window). Anchors before an error stay in out. */
cs_err cs_anchors_parse(const char *text, size_t len, int64_t at, cs_arena *a, cs_rrlist *out,
			cs_zone_error *e);

/* Read path (at most 16 MiB) and parse it with cs_anchors_parse. CS_EIO
 * when it cannot be read, e->detail then says why. */
cs_err cs_anchors_parse_file(const char *path, int64_t at, cs_arena *a, cs_rrlist *out,
			     cs_zone_error *e);

#endif
