/*
 * dnsviz.h - DNSViz probe files (the JSON that `dnsviz probe` writes,
 * format versions 1.x) to and from chainscope captures.
 *
 * Import keeps exactly what DNSViz asked: each response (base64 wire format,
 * per server and client) becomes one capture query, with the query octets
 * rebuilt from DNSViz's options. What DNSViz did not ask is absent, so the
 * analyzer shows it as not probed. Export writes the capture's queries
 * grouped per name in the layout `dnsviz grok` and `dnsviz graph` read.
 * docs/interop.md describes both mappings.
 */
#ifndef CS_DNSVIZ_H
#define CS_DNSVIZ_H

#include "base/error.h"
#include "capture/capture.h"
#include "dns/name.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The top-level key of DNSViz's metadata object. */
#define CS_DNSVIZ_META "_meta._dnsviz."

/* Does the JSON text (len octets) look like a DNSViz probe: an object with
 * the metadata key at its top level? A cheap check on the text; the import
 * decides for good. */
bool cs_dnsviz_sniff(const char *text, size_t len);

/* Import a DNSViz probe (JSON text, len octets) as a capture of qname/qtype.
 * qname NULL: the file's only name (CS_EINVAL with a message when it holds
 * several); qtype 0: A. Returns CS_OK with *out a new capture (caller
 * frees); CS_ESYNTAX (not JSON), CS_ERDATA (not a DNSViz probe, an entry
 * that is malformed or a response that does not parse: errmsg names the
 * entry), CS_EUNKNOWN (format version not 1.x), CS_ENOTFOUND (qname is not
 * in the file), CS_EINVAL (several names and no qname) or CS_ENOMEM. */
cs_err cs_dnsviz_import(const char *text, size_t len, const cs_name *qname, uint16_t qtype,
			cs_capture **out, char *errmsg, size_t errlen);

/* The capture as a DNSViz probe (format 1.2), NUL-terminated JSON text,
 * malloc'd (caller frees); NULL when out of memory. */
char *cs_dnsviz_export(const cs_capture *c);

#endif
