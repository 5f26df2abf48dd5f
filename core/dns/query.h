/*
 * query.h - how a query travelled and what became of it: the vocabulary
 * shared by the transport (probe/net), the probe and the capture.
 */
#ifndef CS_QUERY_H
#define CS_QUERY_H

typedef enum { CS_TRANSPORT_UDP = 0, CS_TRANSPORT_TCP = 1 } cs_transport;

/* What happened to one query. */
typedef enum {
	CS_QRESULT_ANSWER = 0, /* a response arrived (any rcode; may be malformed) */
	CS_QRESULT_TIMEOUT,    /* nothing came back within the timeout and retries */
	CS_QRESULT_REFUSED,    /* connection refused / port unreachable */
	CS_QRESULT_NETERROR,   /* another socket error */
	CS_QRESULT_SKIPPED,    /* not sent: server already found unresponsive */
	CS_QRESULT_LIMIT,      /* not sent: a probe limit was reached */
	CS_QRESULT_COUNT
} cs_qresult;

/* Why the probe sent a query (helps humans read a capture). */
typedef enum {
	CS_QPURPOSE_REFERRAL = 0, /* walking down towards the target */
	CS_QPURPOSE_TARGET,	  /* the queried name and type */
	CS_QPURPOSE_DNSKEY,
	CS_QPURPOSE_DS,
	CS_QPURPOSE_SOA,
	CS_QPURPOSE_NS,
	CS_QPURPOSE_CDS,
	CS_QPURPOSE_CDNSKEY,
	CS_QPURPOSE_NXNAME,  /* a name that should not exist: denial proof */
	CS_QPURPOSE_NXTYPE,  /* a type that should not exist: NODATA proof */
	CS_QPURPOSE_ADDRESS, /* resolving a nameserver's address */
	CS_QPURPOSE_PLAIN,   /* SOA without EDNS: does the server answer only that? */
	CS_QPURPOSE_COUNT
} cs_qpurpose;

/* Stable names used in the JSON for enums; never NULL. */
const char *cs_qresult_str(cs_qresult r);
const char *cs_qpurpose_str(cs_qpurpose p);
const char *cs_transport_str(cs_transport t);

#endif
