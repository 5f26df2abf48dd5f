/*
 * pcap.c - importing DNS traffic from pcap/pcapng files (libpcap reads the
 * file; the IP, UDP and TCP headers and the DNS messages are parsed here,
 * bounds-checked). Zone inference is in pcap_zones.c, export in
 * pcap_export.c.
 */
#include "capture/pcap.h"

#include "capture/pcap_flow.h"
#include "dns/msg.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PACKETS 1000000u

bool cs_pcap_sniff(const uint8_t *d, size_t len)
{
	if (len < 4)
		return false;
	uint32_t m = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
	return m == 0xa1b2c3d4u || m == 0xd4c3b2a1u || m == 0xa1b23c4du || m == 0x4d3cb2a1u ||
	       m == 0x0a0d0d0au;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Past the link-layer header: the IP packet and its version (4 or 6), or
 * false when the frame carries something else. */
static bool link_payload(int dlt, const uint8_t *p, size_t len, const uint8_t **ip, size_t *iplen)
{
	size_t off;
	uint16_t et = 0;
	switch (dlt) {
	case DLT_EN10MB:
		if (len < 14)
			return false;
		off = 14;
		et = be16(p + 12);
		while ((et == 0x8100 || et == 0x88a8) && len >= off + 4) {
			et = be16(p + off + 2);
			off += 4;
		}
		if (et != 0x0800 && et != 0x86dd)
			return false;
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case 101: /* LINKTYPE_RAW */
		off = 0;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		off = 4;
		break;
	case DLT_LINUX_SLL:
		off = 16;
		break;
	case DLT_LINUX_SLL2:
		off = 20;
		break;
	default:
		return false;
	}
	if (len <= off)
		return false;
	*ip = p + off;
	*iplen = len - off;
	return true;
}

/* One IP packet: addresses, protocol and the transport payload. */
static bool ip_parse(const uint8_t *p, size_t len, pf_packet *pk)
{
	if (len < 1)
		return false;
	unsigned v = p[0] >> 4;
	const uint8_t *t;
	size_t tl;
	unsigned proto;
	if (v == 4) {
		size_t ihl = (size_t)(p[0] & 15) * 4;
		if (len < 20 || ihl < 20 || len < ihl)
			return false;
		size_t total = be16(p + 2);
		if (total < ihl)
			return false;
		if (total < len)
			len = total; /* Ethernet padding */
		if ((be16(p + 6) & 0x3fff) != 0)
			return false; /* a fragment */
		proto = p[9];
		pk->family = 4;
		memcpy(pk->src, p + 12, 4);
		memcpy(pk->dst, p + 16, 4);
		t = p + ihl;
		tl = len - ihl;
	} else if (v == 6) {
		if (len < 40)
			return false;
		size_t plen = be16(p + 4);
		if (40 + plen < len)
			len = 40 + plen;
		proto = p[6];
		pk->family = 6;
		memcpy(pk->src, p + 8, 16);
		memcpy(pk->dst, p + 24, 16);
		size_t off = 40;
		/* Hop-by-hop, routing, destination options; a fragment ends it. */
		while ((proto == 0 || proto == 43 || proto == 60) && len >= off + 8) {
			proto = p[off];
			off += ((size_t)p[off + 1] + 1) * 8;
		}
		if (off > len || proto == 44)
			return false;
		t = p + off;
		tl = len - off;
	} else {
		return false;
	}
	if (proto == 17) {
		if (tl < 8)
			return false;
		size_t ul = be16(t + 4);
		if (ul < 8 || ul > tl)
			return false;
		pk->tcp = false;
		pk->sport = be16(t);
		pk->dport = be16(t + 2);
		pk->payload = t + 8;
		pk->plen = ul - 8;
		return true;
	}
	if (proto == 6) {
		if (tl < 20)
			return false;
		size_t doff = (size_t)(t[12] >> 4) * 4;
		if (doff < 20 || doff > tl)
			return false;
		pk->tcp = true;
		pk->sport = be16(t);
		pk->dport = be16(t + 2);
		pk->seq = be32(t + 4);
		pk->syn = (t[13] & 0x02) != 0;
		pk->payload = t + doff;
		pk->plen = tl - doff;
		return true;
	}
	return false;
}

/* A DNS message: checked, then handed to the matcher. */
static cs_err on_message(pf_ctx *x, const pf_packet *pk, const uint8_t *m, size_t len,
			 unsigned number)
{
	cs_arena a;
	cs_arena_init(&a);
	cs_msg msg;
	size_t off = 0;
	cs_err pe = cs_msg_parse(m, len, &a, &msg, &off);
	cs_err err = CS_OK;
	if (pe != CS_OK)
		err = cs_import_fail(&x->e, CS_ERDATA,
				     "packet %u: the DNS message does not parse at offset %zu: %s",
				     number, off, cs_strerror(pe));
	else if (!msg.has_question)
		; /* nothing to match it by */
	else if ((err = pf_add_message(x, pk, &msg, m, len)) == CS_ELIMIT)
		cs_import_fail(&x->e, err,
			       "packet %u: more than %u DNS messages: split the file (editcap -c)",
			       number, PF_MAX_MESSAGES);
	else if (err != CS_OK)
		cs_import_fail(&x->e, err, "out of memory");
	cs_arena_clear(&a);
	return err;
}

static cs_err read_packets(pf_ctx *x, pcap_t *p)
{
	int dlt = pcap_datalink(p);
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned n = 0;
	int rc;
	while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
		if (++n > MAX_PACKETS)
			return cs_import_fail(&x->e, CS_ELIMIT, "more than %u packets",
					      MAX_PACKETS);
		const uint8_t *ip;
		size_t iplen;
		pf_packet pk = {.number = n,
				.ts_us = (int64_t)h->ts.tv_sec * 1000000 + (int64_t)h->ts.tv_usec};
		if (h->caplen < h->len) {
			x->snapped++;
			continue;
		}
		if (!link_payload(dlt, d, h->caplen, &ip, &iplen) || !ip_parse(ip, iplen, &pk))
			continue;
		if (pk.sport != 53 && pk.dport != 53)
			continue;
		if (!pk.tcp) {
			if (pk.plen > 0 && on_message(x, &pk, pk.payload, pk.plen, n) != CS_OK)
				return x->e.err;
		} else if (pf_tcp_segment(x, &pk) != CS_OK) {
			return cs_import_fail(&x->e, CS_ENOMEM, "out of memory");
		}
	}
	if (rc == PCAP_ERROR)
		return cs_import_fail(&x->e, CS_ERDATA, "after packet %u: %s", n, pcap_geterr(p));
	return CS_OK;
}

/* The DNS messages of each TCP stream, in order. */
static cs_err tcp_messages(pf_ctx *x)
{
	for (size_t i = 0; i < x->nstreams; i++) {
		pf_stream *s = &x->streams[i];
		const uint8_t *d = s->data.data;
		size_t len = s->data.len, off = 0;
		while (off + 2 <= len) {
			size_t ml = be16(d + off);
			if (off + 2 + ml > len)
				break;
			if (on_message(x, &s->first, d + off + 2, ml, s->first.number) != CS_OK)
				return x->e.err;
			off += 2 + ml;
		}
		if (off < len || s->gap)
			x->tcp_incomplete++;
	}
	return CS_OK;
}

cs_err cs_pcap_import(const uint8_t *data, size_t len, const cs_name *qname, uint16_t qtype,
		      cs_capture **out, char *errmsg, size_t errlen)
{
	*out = NULL;
	pf_ctx x = {.e = {.msg = errmsg, .len = errlen}};
	char eb[PCAP_ERRBUF_SIZE] = "";
	FILE *f = len ? fmemopen((void *)(uintptr_t)data, len, "rb") : NULL;
	pcap_t *p = f ? pcap_fopen_offline(f, eb) : NULL;
	if (p == NULL) {
		if (f)
			fclose(f);
		snprintf(errmsg, errlen, "not a packet capture libpcap reads: %s",
			 eb[0] ? eb : "empty file");
		return CS_ERDATA;
	}
	if (read_packets(&x, p) == CS_OK && tcp_messages(&x) == CS_OK)
		pf_build(&x, qname, qtype, out);
	pcap_close(p);
	pf_free(&x);
	return x.e.err;
}
