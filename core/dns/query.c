#include "dns/query.h"

static const char *const RESULT_NAMES[CS_QRESULT_COUNT] = {
    [CS_QRESULT_ANSWER] = "answer",   [CS_QRESULT_TIMEOUT] = "timeout",
    [CS_QRESULT_REFUSED] = "refused", [CS_QRESULT_NETERROR] = "network-error",
    [CS_QRESULT_SKIPPED] = "skipped", [CS_QRESULT_LIMIT] = "limit",
};

static const char *const PURPOSE_NAMES[CS_QPURPOSE_COUNT] = {
    [CS_QPURPOSE_REFERRAL] = "referral", [CS_QPURPOSE_TARGET] = "target",
    [CS_QPURPOSE_DNSKEY] = "dnskey",	 [CS_QPURPOSE_DS] = "ds",
    [CS_QPURPOSE_SOA] = "soa",		 [CS_QPURPOSE_NS] = "ns",
    [CS_QPURPOSE_CDS] = "cds",		 [CS_QPURPOSE_CDNSKEY] = "cdnskey",
    [CS_QPURPOSE_NXNAME] = "nxname",	 [CS_QPURPOSE_NXTYPE] = "nxtype",
    [CS_QPURPOSE_ADDRESS] = "address",	 [CS_QPURPOSE_PLAIN] = "plain",
};

const char *cs_qresult_str(cs_qresult r)
{
	return (unsigned)r < CS_QRESULT_COUNT ? RESULT_NAMES[r] : "unknown";
}

const char *cs_qpurpose_str(cs_qpurpose p)
{
	return (unsigned)p < CS_QPURPOSE_COUNT ? PURPOSE_NAMES[p] : "unknown";
}

const char *cs_transport_str(cs_transport t)
{
	return t == CS_TRANSPORT_TCP ? "tcp" : "udp";
}
