/*
 * pcap_flow.h - internal to the pcap importer: packets, TCP streams, the DNS
 * messages found in them, and turning those into a capture (matching
 * queries to responses, inferring zones). Not for use outside core/capture.
 */
#ifndef CS_CAPTURE_PCAP_FLOW_H
#define CS_CAPTURE_PCAP_FLOW_H

#include "base/buf.h"
#include "base/error.h"
#include "capture/import.h"
#include "capture/capture.h"
#include "dns/msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One UDP datagram or TCP segment to or from port 53. */
typedef struct {
	unsigned number; /* in the file, from 1 */
	int64_t ts_us;	 /* capture time, microseconds since the epoch */
	unsigned family; /* 4 or 6 */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	bool tcp, syn;
	uint32_t seq;
	const uint8_t *payload; /* valid while the packet is being read */
	size_t plen;
} pf_packet;

/* One direction of a TCP connection, reassembled in order. */
typedef struct {
	pf_packet first; /* addresses, ports, time and number of its first data */
	cs_buf data;
	uint32_t next_seq;
	bool started, gap;
} pf_stream;

/* A DNS message seen on port 53. */
typedef struct {
	pf_packet at; /* payload not kept */
	bool qr, used;
	uint16_t id;
	cs_name qname;
	uint16_t qtype;
	bool rd, cd, do_bit;
	uint16_t edns_size;
	uint8_t *octets;
	size_t len;
} pf_msg;

typedef struct {
	pf_stream *streams;
	size_t nstreams;
	pf_msg *msgs;
	size_t nmsgs, cap_msgs;
	unsigned snapped, tcp_incomplete;
	cs_import_err e;
} pf_ctx;

/* At most this many DNS messages per file. */
#define PF_MAX_MESSAGES 200000u

/* Record a parsed DNS message (octets copied). CS_ELIMIT beyond
 * PF_MAX_MESSAGES, CS_ENOMEM on failure. */
cs_err pf_add_message(pf_ctx *x, const pf_packet *pk, const cs_msg *m, const uint8_t *octets,
		      size_t len);

/* Add a TCP segment to its stream. CS_ENOMEM on failure. */
cs_err pf_tcp_segment(pf_ctx *x, const pf_packet *pk);

/* Build the capture of qname/qtype (NULL/0: the best guess) from the
 * messages; sets x->e on failure, else *out. */
void pf_build(pf_ctx *x, const cs_name *qname, uint16_t qtype, cs_capture **out);

/* Free everything the context holds. */
void pf_free(pf_ctx *x);

#endif
