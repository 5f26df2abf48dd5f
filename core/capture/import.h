/*
 * import.h - what the importers of other tools' files (DNSViz probes,
 * pcap) share: a sticky error with a message, the table of which server
 * answers for which zone (and the capture's zone list made from it), and
 * the purpose of a query in chainscope's terms. Internal to core/capture.
 */
#ifndef CS_CAPTURE_IMPORT_H
#define CS_CAPTURE_IMPORT_H

#include "base/error.h"
#include "capture/capture.h"
#include "dns/name.h"
#include "dns/query.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The first error of an import and its message (errmsg of the caller). */
typedef struct {
	char *msg;
	size_t len;
	cs_err err;
} cs_import_err;

/* Record err with a printf-style message, unless one is recorded already;
 * returns the recorded error. */
cs_err cs_import_fail(cs_import_err *e, cs_err err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CS_ADDR_TEXT_MAX 64

/* A server (address text) that answers for a zone, with its name when
 * known (ns.len 0: unknown). */
typedef struct {
	cs_name zone;
	char addr[CS_ADDR_TEXT_MAX];
	cs_name ns;
} cs_zone_member;

/* At most CS_ZONE_TABLE_MAX members; more are dropped. */
#define CS_ZONE_TABLE_MAX 4096u

typedef struct {
	cs_zone_member *v;
	size_t n;
} cs_zone_table;

/* Add (zone, addr) once; a later ns fills in an unknown name. CS_ENOMEM on
 * failure. */
cs_err cs_zone_table_add(cs_zone_table *t, const cs_name *zone, const char *addr,
			 const cs_name *ns);

/* Free the members; the table is empty after. */
void cs_zone_table_free(cs_zone_table *t);

/* Is n a zone of the table? */
bool cs_zone_table_has(const cs_zone_table *t, const cs_name *n);

/* Is addr a server of a zone strictly above cut? */
bool cs_zone_table_serves_above(const cs_zone_table *t, const cs_name *cut, const char *addr);

/* The deepest zone of the table strictly above n; the root when none. */
void cs_zone_table_above(const cs_zone_table *t, const cs_name *n, cs_name *out);

/* The zone a query for qname/qtype to server was asked of: the deepest
 * zone at or above qname (strictly above for DS) that lists the server;
 * else the deepest zone there; else the root. */
void cs_zone_table_zone_for(const cs_zone_table *t, const cs_name *qname, uint16_t qtype,
			    const char *server, cs_name *out);

/* Append every zone of the table to the capture's zones (its parent: the
 * deepest zone above it; its servers: the members, named by ns or by
 * address). CS_ENOMEM on failure. */
cs_err cs_zone_table_to_capture(const cs_zone_table *t, cs_capture *c);

/* The probe purpose a query for qname/qtype asked of a server of zone
 * matches: DS, or DNSKEY/SOA/NS/CDS/CDNSKEY at the apex (SOA without EDNS:
 * the plain test), a referral (NS for a zone cut below, when
 * qname_is_zone), else the target. */
cs_qpurpose cs_infer_purpose(const cs_name *zone, const cs_name *qname, uint16_t qtype, bool edns,
			     bool qname_is_zone);

#endif
