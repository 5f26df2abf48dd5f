#include "dns/msg.h"

#include "dns/rdata.h"

#include <stdio.h>
#include <string.h>

#define RR_MIN_WIRE 11 /* root owner + type + class + ttl + rdlength */

static cs_err read_rr(cs_wire *w, cs_arena *a, cs_buf *scratch, cs_rr *rr)
{
	cs_err err = cs_name_read(w, &rr->owner, true);
	if (err != CS_OK)
		return err;
	rr->type = cs_wire_u16(w);
	rr->rclass = cs_wire_u16(w);
	rr->ttl = cs_wire_u32(w);
	rr->rdlen = cs_wire_u16(w);
	if (w->err != CS_OK)
		return w->err;
	if (rr->type == CS_TYPE_OPT) {
		/* OPT RDATA is raw options; keep the octets. */
		const uint8_t *p = cs_wire_take(w, rr->rdlen);
		if (p == NULL)
			return w->err;
		rr->rdata = cs_arena_memdup(a, p, rr->rdlen);
		rr->rdata_err = CS_OK;
		return rr->rdata ? CS_OK : CS_ENOMEM;
	}
	cs_buf_reset(scratch);
	cs_err rerr = cs_rdata_read(w, rr->type, rr->rdlen, scratch);
	if (w->err != CS_OK)
		return w->err;
	if (scratch->err != CS_OK)
		return scratch->err;
	if (scratch->len > 65535)
		return CS_ERDATA;
	rr->rdata_err = rerr;
	rr->rdlen = (uint16_t)scratch->len;
	rr->rdata = cs_arena_memdup(a, scratch->data, scratch->len);
	return rr->rdata ? CS_OK : CS_ENOMEM;
}

static cs_err take_opt(cs_msg *m, const cs_rr *rr)
{
	if (m->has_edns || rr->owner.len != 1)
		return CS_EOPT;
	m->has_edns = true;
	m->edns_udp_size = rr->rclass;
	m->rcode = (uint16_t)((((rr->ttl >> 24) & 0xFF) << 4) | (m->rcode & 0xF));
	m->edns_version = (uint8_t)(rr->ttl >> 16);
	m->edns_flags = (uint16_t)rr->ttl;
	m->edns_do = (rr->ttl & 0x8000) != 0;
	m->edns_options = rr->rdata;
	m->edns_options_len = rr->rdlen;
	return CS_OK;
}

cs_err cs_msg_parse(const uint8_t *pkt, size_t len, cs_arena *a, cs_msg *out, size_t *err_offset)
{
	cs_msg m;
	memset(&m, 0, sizeof(m));
	cs_wire w;
	cs_wire_init(&w, pkt, len);
	cs_buf scratch;
	cs_buf_init(&scratch);
	cs_err err = CS_OK;

	m.id = cs_wire_u16(&w);
	uint16_t flags = cs_wire_u16(&w);
	m.qdcount = cs_wire_u16(&w);
	uint16_t counts[CS_SEC_COUNT];
	for (int s = 0; s < CS_SEC_COUNT; s++)
		counts[s] = cs_wire_u16(&w);
	if (w.err != CS_OK) {
		err = w.err;
		goto done;
	}
	m.qr = flags & 0x8000;
	m.opcode = (uint8_t)((flags >> 11) & 0xF);
	m.aa = flags & 0x0400;
	m.tc = flags & 0x0200;
	m.rd = flags & 0x0100;
	m.ra = flags & 0x0080;
	m.z = flags & 0x0040;
	m.ad = flags & 0x0020;
	m.cd = flags & 0x0010;
	m.rcode = flags & 0xF;

	/* Every question takes at least 5 octets and every record 11: a count
	 * the packet cannot hold is an error before anything is allocated. */
	size_t need = (size_t)m.qdcount * 5;
	for (int s = 0; s < CS_SEC_COUNT; s++)
		need += (size_t)counts[s] * RR_MIN_WIRE;
	if (need > cs_wire_left(&w)) {
		err = CS_ETRUNC;
		goto done;
	}

	for (unsigned q = 0; q < m.qdcount; q++) {
		cs_name qn;
		err = cs_name_read(&w, &qn, true);
		uint16_t qt = cs_wire_u16(&w), qc = cs_wire_u16(&w);
		if (err == CS_OK)
			err = w.err;
		if (err != CS_OK)
			goto done;
		if (q == 0) {
			m.has_question = true;
			m.qname = qn;
			m.qtype = qt;
			m.qclass = qc;
		}
	}

	for (int s = 0; s < CS_SEC_COUNT; s++) {
		if (counts[s] == 0)
			continue;
		cs_rr *rrs = cs_arena_alloc(a, sizeof(*rrs) * counts[s]);
		if (rrs == NULL) {
			err = CS_ENOMEM;
			goto done;
		}
		size_t kept = 0;
		for (unsigned i = 0; i < counts[s]; i++) {
			cs_rr rr;
			memset(&rr, 0, sizeof(rr));
			err = read_rr(&w, a, &scratch, &rr);
			if (err != CS_OK)
				goto done;
			if (rr.type == CS_TYPE_OPT) {
				if (s != CS_SEC_ADDITIONAL) {
					err = CS_EOPT;
					goto done;
				}
				if ((err = take_opt(&m, &rr)) != CS_OK)
					goto done;
				continue;
			}
			rrs[kept++] = rr;
		}
		m.sections[s] = rrs;
		m.counts[s] = kept;
	}
	m.trailing = cs_wire_left(&w);
done:
	cs_buf_free(&scratch);
	if (err_offset)
		*err_offset = w.pos;
	if (err == CS_OK)
		*out = m;
	return err;
}

/* Small deterministic generator for 0x20 case randomisation. */
static uint32_t xorshift32(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

cs_err cs_msg_build_query(const cs_name *qname, uint16_t qtype, uint16_t qclass,
			  const cs_query_opts *o, cs_buf *out)
{
	uint16_t flags = 0;
	if (o->rd)
		flags |= 0x0100;
	if (o->ad)
		flags |= 0x0020;
	if (o->cd)
		flags |= 0x0010;
	cs_buf_u16(out, o->id);
	cs_buf_u16(out, flags);
	cs_buf_u16(out, 1);
	cs_buf_u16(out, 0);
	cs_buf_u16(out, 0);
	cs_buf_u16(out, o->edns ? 1 : 0);
	cs_name q = *qname;
	if (o->case_seed != 0) {
		uint32_t seed = o->case_seed;
		size_t i = 0;
		while (i < q.len && q.data[i] != 0) {
			uint8_t l = q.data[i++];
			for (uint8_t k = 0; k < l; k++, i++) {
				uint8_t c = q.data[i];
				bool upper = xorshift32(&seed) & 1;
				if (c >= 'a' && c <= 'z' && upper)
					q.data[i] = (uint8_t)(c - 32);
				else if (c >= 'A' && c <= 'Z' && !upper)
					q.data[i] = (uint8_t)(c + 32);
			}
		}
	}
	cs_buf_put(out, q.data, q.len);
	cs_buf_u16(out, qtype);
	cs_buf_u16(out, qclass);
	if (o->edns) {
		cs_buf_u8(out, 0); /* root owner */
		cs_buf_u16(out, CS_TYPE_OPT);
		cs_buf_u16(out, o->edns_size);
		cs_buf_u32(out, o->do_bit ? 0x8000u : 0u);
		cs_buf_u16(out, 0);
	}
	return out->err;
}

const char *cs_rcode_str(uint16_t rcode, char buf[16])
{
	static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
					    "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
					    "NXRRSET", "NOTAUTH", "NOTZONE"};
	if (rcode < sizeof(names) / sizeof(names[0]))
		snprintf(buf, 16, "%s", names[rcode]);
	else if (rcode == CS_RCODE_BADVERS)
		snprintf(buf, 16, "BADVERS");
	else
		snprintf(buf, 16, "RCODE%u", (unsigned)rcode);
	return buf;
}
