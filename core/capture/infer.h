/*
 * infer.h - what the importers (DNSViz probe, pcap) work out that their
 * input does not say in chainscope's terms: why a query was asked.
 */
#ifndef CS_CAPTURE_INFER_H
#define CS_CAPTURE_INFER_H

#include "dns/name.h"
#include "dns/query.h"

#include <stdbool.h>
#include <stdint.h>

/* The probe purpose a query for qname/qtype asked of a server of zone
 * matches: DS, or DNSKEY/SOA/NS/CDS/CDNSKEY at the apex (SOA without EDNS:
 * the plain test), a referral (NS for a zone cut below, when
 * qname_is_zone), else the target. */
cs_qpurpose cs_infer_purpose(const cs_name *zone, const cs_name *qname, uint16_t qtype, bool edns,
			     bool qname_is_zone);

#endif
