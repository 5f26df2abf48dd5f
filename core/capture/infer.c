#include "capture/infer.h"

#include "dns/rrtype.h"

cs_qpurpose cs_infer_purpose(const cs_name *zone, const cs_name *qname, uint16_t qtype, bool edns,
			     bool qname_is_zone)
{
	if (qtype == CS_TYPE_DS)
		return CS_QPURPOSE_DS;
	if (!cs_name_equal(zone, qname))
		return qtype == CS_TYPE_NS && qname_is_zone ? CS_QPURPOSE_REFERRAL
							    : CS_QPURPOSE_TARGET;
	switch (qtype) {
	case CS_TYPE_DNSKEY:
		return CS_QPURPOSE_DNSKEY;
	case CS_TYPE_SOA:
		return edns ? CS_QPURPOSE_SOA : CS_QPURPOSE_PLAIN;
	case CS_TYPE_NS:
		return CS_QPURPOSE_NS;
	case CS_TYPE_CDS:
		return CS_QPURPOSE_CDS;
	case CS_TYPE_CDNSKEY:
		return CS_QPURPOSE_CDNSKEY;
	default:
		return CS_QPURPOSE_TARGET;
	}
}
