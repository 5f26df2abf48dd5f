/*
 * pcap_export.c - a capture as a pcap file (link type raw IP, written by
 * libpcap): each query and its response between a synthetic client
 * (127.0.0.1 or ::1, one source port per query) and the server, at the
 * capture's times; TCP queries get a handshake so dissectors follow the
 * stream.
 */
#include "capture/pcap.h"

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEGMENT 32768u /* TCP payload per segment */

typedef struct {
	unsigned family;
	uint8_t client[16], server[16];
	uint16_t cport, sport;
	uint32_t cseq, sseq; /* next sequence numbers */
} flow;

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static uint32_t sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Write one IP packet from the client (to_server) or the server, carrying
 * a transport header th (thlen octets, checksum field at csum_off) and
 * payload. */
static void emit(pcap_dumper_t *d, const flow *f, bool to_server, uint8_t proto, uint8_t *th,
		 size_t thlen, size_t csum_off, const uint8_t *payload, size_t plen, int64_t ts_us,
		 uint8_t *pkt)
{
	size_t al = f->family == 4 ? 4 : 16, iphl = f->family == 4 ? 20 : 40;
	const uint8_t *src = to_server ? f->client : f->server;
	const uint8_t *dst = to_server ? f->server : f->client;
	size_t tl = thlen + plen;
	memset(pkt, 0, iphl);
	if (f->family == 4) {
		pkt[0] = 0x45;
		put16(pkt + 2, (uint32_t)(iphl + tl));
		pkt[8] = 64;
		pkt[9] = proto;
		memcpy(pkt + 12, src, 4);
		memcpy(pkt + 16, dst, 4);
		put16(pkt + 10, fold(sum(pkt, 20, 0)));
	} else {
		pkt[0] = 0x60;
		put16(pkt + 4, (uint32_t)tl);
		pkt[6] = proto;
		pkt[7] = 64;
		memcpy(pkt + 8, src, 16);
		memcpy(pkt + 24, dst, 16);
	}
	memcpy(pkt + iphl, th, thlen);
	if (plen)
		memcpy(pkt + iphl + thlen, payload, plen);
	/* Pseudo-header checksum over the transport segment. */
	uint8_t ph[4];
	uint32_t s = sum(src, al, 0);
	s = sum(dst, al, s);
	put16(ph, proto);
	put16(ph + 2, (uint32_t)tl);
	s = sum(ph, 4, s);
	s = sum(pkt + iphl, tl, s);
	uint16_t c = fold(s);
	if (proto == 17 && c == 0)
		c = 0xffff;
	put16(pkt + iphl + csum_off, c);
	struct pcap_pkthdr h = {.caplen = (bpf_u_int32)(iphl + tl),
				.len = (bpf_u_int32)(iphl + tl)};
	h.ts.tv_sec = (time_t)(ts_us / 1000000);
	h.ts.tv_usec = (suseconds_t)(ts_us % 1000000);
	pcap_dump((u_char *)d, &h, pkt);
}

static void udp(pcap_dumper_t *d, const flow *f, bool to_server, const uint8_t *m, size_t len,
		int64_t ts, uint8_t *pkt)
{
	uint8_t th[8] = {0};
	put16(th, to_server ? f->cport : f->sport);
	put16(th + 2, to_server ? f->sport : f->cport);
	put16(th + 4, (uint32_t)(8 + len));
	emit(d, f, to_server, 17, th, 8, 6, m, len, ts, pkt);
}

static void tcp(pcap_dumper_t *d, flow *f, bool to_server, uint8_t flags, const uint8_t *m,
		size_t len, int64_t ts, uint8_t *pkt)
{
	uint8_t th[20] = {0};
	put16(th, to_server ? f->cport : f->sport);
	put16(th + 2, to_server ? f->sport : f->cport);
	put32(th + 4, to_server ? f->cseq : f->sseq);
	put32(th + 8, to_server ? f->sseq : f->cseq);
	th[12] = 5 << 4;
	th[13] = flags;
	put16(th + 14, 65535);
	emit(d, f, to_server, 6, th, 20, 16, m, len, ts, pkt);
	uint32_t adv = (uint32_t)len + ((flags & 0x03) ? 1u : 0u); /* SYN, FIN count one */
	if (to_server)
		f->cseq += adv;
	else
		f->sseq += adv;
}

/* A DNS message over TCP: length prefix, in segments. */
static void tcp_message(pcap_dumper_t *d, flow *f, bool to_server, const uint8_t *m, size_t len,
			int64_t ts, uint8_t *pkt, uint8_t *tmp)
{
	put16(tmp, (uint32_t)len);
	memcpy(tmp + 2, m, len);
	for (size_t off = 0; off < len + 2; off += SEGMENT) {
		size_t n = len + 2 - off < SEGMENT ? len + 2 - off : SEGMENT;
		tcp(d, f, to_server, 0x18, tmp + off, n, ts, pkt);
	}
}

static bool make_flow(const cs_capture_query *q, flow *f)
{
	memset(f, 0, sizeof(*f));
	if (inet_pton(AF_INET, q->server, f->server) == 1) {
		f->family = 4;
		f->client[0] = 127;
		f->client[3] = 1;
	} else if (inet_pton(AF_INET6, q->server, f->server) == 1) {
		f->family = 6;
		f->client[15] = 1;
	} else {
		return false;
	}
	f->cport = (uint16_t)(20000 + q->id % 40000);
	f->sport = q->port ? q->port : 53;
	f->cseq = 1000;
	f->sseq = 5000;
	return true;
}

cs_err cs_pcap_export(const cs_capture *c, cs_buf *out, char *errmsg, size_t errlen)
{
	char *mem = NULL;
	size_t memlen = 0;
	FILE *f = open_memstream(&mem, &memlen);
	pcap_t *p = pcap_open_dead(DLT_RAW, 65535);
	pcap_dumper_t *d = p && f ? pcap_dump_fopen(p, f) : NULL;
	uint8_t *pkt = malloc(65535 + 80), *tmp = malloc(65535 + 2);
	if (d == NULL || pkt == NULL || tmp == NULL) {
		snprintf(errmsg, errlen, "cannot start the pcap: %s",
			 p ? pcap_geterr(p) : "no memory");
		if (d == NULL && f)
			fclose(f);
		if (d)
			pcap_dump_close(d);
		if (p)
			pcap_close(p);
		free(mem);
		free(pkt);
		free(tmp);
		return CS_ENOMEM;
	}
	int64_t start = c->started_s * 1000000 + c->started_us;
	for (size_t i = 0; i < c->nqueries; i++) {
		const cs_capture_query *q = &c->queries[i];
		flow fl;
		if (!make_flow(q, &fl) || q->query_len == 0 || q->query_len > 65535 ||
		    q->response_len > 65535)
			continue;
		int64_t ts = start + q->sent_us;
		int64_t rts = ts + (q->rtt_us > 0 ? q->rtt_us : 0);
		bool has = q->result == CS_QRESULT_ANSWER && q->response;
		size_t room = 65535 - (fl.family == 4 ? 20 : 40) - 8;
		if (q->transport == CS_TRANSPORT_UDP && q->query_len <= room &&
		    (!has || q->response_len <= room)) {
			udp(d, &fl, true, q->query, q->query_len, ts, pkt);
			if (has)
				udp(d, &fl, false, q->response, q->response_len, rts, pkt);
			continue;
		}
		tcp(d, &fl, true, 0x02, NULL, 0, ts, pkt);
		tcp(d, &fl, false, 0x12, NULL, 0, ts, pkt);
		tcp(d, &fl, true, 0x10, NULL, 0, ts, pkt);
		tcp_message(d, &fl, true, q->query, q->query_len, ts, pkt, tmp);
		if (has)
			tcp_message(d, &fl, false, q->response, q->response_len, rts, pkt, tmp);
		tcp(d, &fl, true, 0x11, NULL, 0, rts, pkt);
	}
	pcap_dump_close(d); /* closes f: mem and memlen are final */
	pcap_close(p);
	free(pkt);
	free(tmp);
	cs_err err = CS_OK;
	if (mem == NULL) {
		snprintf(errmsg, errlen, "out of memory");
		err = CS_ENOMEM;
	} else {
		cs_buf_put(out, mem, memlen);
		if (out->err != CS_OK) {
			snprintf(errmsg, errlen, "out of memory");
			err = CS_ENOMEM;
		}
	}
	free(mem);
	return err;
}
