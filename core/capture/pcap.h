/*
 * pcap.h - packet captures (pcap and pcapng, through libpcap) to and from
 * chainscope captures.
 *
 * Import reads DNS over UDP and TCP port 53, IPv4 and IPv6 (Ethernet, raw
 * IP, BSD loopback and Linux cooked link types), matches each query to its
 * response (client and server address and port, transport, message ID and
 * question), and infers the zone each server answered for from referrals
 * and authoritative answers. A query with no response in the file is
 * recorded as a timeout; a response whose query is missing gets its query
 * rebuilt from its question. Export writes every query and response with
 * synthetic IP/UDP/TCP headers at the capture's own times.
 * docs/interop.md describes both.
 */
#ifndef CS_CAPTURE_PCAP_H
#define CS_CAPTURE_PCAP_H

#include "base/buf.h"
#include "base/error.h"
#include "capture/capture.h"
#include "dns/name.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Do data start with a pcap or pcapng magic number? */
bool cs_pcap_sniff(const uint8_t *data, size_t len);

/* Import the DNS traffic of a pcap/pcapng file's contents (len octets) as a
 * capture of qname/qtype (NULL/0: the first query's). Returns CS_OK with
 * *out a new capture (caller frees); CS_ERDATA (not a capture libpcap
 * reads, a truncated file, a DNS message on port 53 that does not parse:
 * errmsg names the packet by its number, from 1), CS_ENOTFOUND (no DNS
 * query or response, or qname is not asked in it) or CS_ENOMEM. */
cs_err cs_pcap_import(const uint8_t *data, size_t len, const cs_name *qname, uint16_t qtype,
		      cs_capture **out, char *errmsg, size_t errlen);

/* Append the capture as a pcap file (link type raw IP) to out. Returns
 * CS_OK, or CS_ENOMEM / CS_EIO with errmsg saying why. */
cs_err cs_pcap_export(const cs_capture *c, cs_buf *out, char *errmsg, size_t errlen);

#endif
