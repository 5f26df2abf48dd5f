#include "dns/rdata.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- wire walking: packet read, check and canonical form share it ---- */

static cs_err check_bitmap(const uint8_t *p, size_t len)
{
	size_t i = 0;
	int last = -1;
	while (i < len) {
		if (len - i < 2)
			return CS_ERDATA;
		uint8_t window = p[i], blen = p[i + 1];
		if ((int)window <= last || blen < 1 || blen > 32 || blen > len - i - 2)
			return CS_ERDATA;
		/* RFC 4034 §4.1.2: trailing zero octets must be omitted (so
		 * empty blocks cannot occur either). */
		if (p[i + 1 + blen] == 0)
			return CS_ERDATA;
		last = window;
		i += 2u + blen;
	}
	return CS_OK;
}

/* Walk RDATA fields from w (whose end is the RDATA end), appending the
 * uncompressed (optionally lowercased) form to out when out is non-NULL. */
static cs_err walk(cs_wire *w, const char *fields, bool from_packet, bool lower, cs_buf *out)
{
	for (const char *f = fields; *f; f++) {
		size_t n = 0;
		switch (*f) {
		case 'N':
		case 'n': {
			cs_name nm;
			cs_err err = cs_name_read(w, &nm, from_packet && *f == 'N');
			if (err != CS_OK)
				return err == CS_ETRUNC ? CS_ERDATA : err;
			if (lower)
				cs_name_lower(&nm);
			if (out)
				cs_buf_put(out, nm.data, nm.len);
			continue;
		}
		case '1':
		case 'A':
			n = 1;
			break;
		case '2':
		case 'T':
			n = 2;
			break;
		case '4':
		case 't':
		case 'a':
			n = 4;
			break;
		case '6':
			n = 16;
			break;
		case 'X':
		case 'B':
			n = cs_wire_left(w);
			if (n == 0)
				return CS_ERDATA;
			break;
		case 'M': {
			n = cs_wire_left(w);
			const uint8_t *p = w->buf + w->pos;
			if (w->err == CS_OK && check_bitmap(p, n) != CS_OK)
				return CS_ERDATA;
			break;
		}
		case 's':
		case 'h':
		case 'S': {
			if (cs_wire_left(w) < 1)
				return CS_ERDATA;
			uint8_t l = w->buf[w->pos];
			if (*f == 'h' && l == 0)
				return CS_ERDATA;
			n = 1u + l;
			break;
		}
		case 'C': {
			if (cs_wire_left(w) < 1)
				return CS_ERDATA;
			while (cs_wire_left(w) > 0) {
				size_t l = 1u + w->buf[w->pos];
				const uint8_t *p = cs_wire_take(w, l);
				if (p == NULL)
					return CS_ERDATA;
				if (out)
					cs_buf_put(out, p, l);
			}
			continue;
		}
		default:
			return CS_ERDATA;
		}
		const uint8_t *p = cs_wire_take(w, n);
		if (p == NULL)
			return CS_ERDATA;
		if (out)
			cs_buf_put(out, p, n);
	}
	return cs_wire_left(w) == 0 && w->err == CS_OK ? CS_OK : CS_ERDATA;
}

cs_err cs_rdata_read(cs_wire *w, uint16_t type, uint16_t rdlen, cs_buf *out)
{
	if (w->err != CS_OK)
		return w->err;
	size_t start = w->pos;
	const uint8_t *raw = cs_wire_take(w, rdlen);
	if (raw == NULL)
		return w->err;
	const cs_rrtype_info *ti = cs_rrtype_info_get(type);
	if (ti == NULL || ti->fields == NULL || rdlen == 0) {
		cs_buf_put(out, raw, rdlen);
		if (rdlen == 0 && ti != NULL && ti->fields != NULL)
			return CS_ERDATA;
		return out->err;
	}
	cs_wire sub = *w;
	sub.pos = start;
	sub.end = start + rdlen;
	size_t mark = out->len;
	cs_err err = walk(&sub, ti->fields, true, false, out);
	if (err != CS_OK && out->err == CS_OK) {
		out->len = mark;
		cs_buf_put(out, raw, rdlen);
	}
	return out->err != CS_OK ? out->err : err;
}

cs_err cs_rdata_check(uint16_t type, const uint8_t *rd, size_t len)
{
	const cs_rrtype_info *ti = cs_rrtype_info_get(type);
	if (ti == NULL || ti->fields == NULL)
		return CS_OK;
	cs_wire w;
	cs_wire_init(&w, rd, len);
	return walk(&w, ti->fields, false, false, NULL);
}

void cs_rdata_canonical(uint16_t type, const uint8_t *rd, size_t len, cs_buf *out)
{
	const cs_rrtype_info *ti = cs_rrtype_info_get(type);
	if (ti != NULL && ti->fields != NULL && ti->canon_lower) {
		size_t mark = out->len;
		cs_wire w;
		cs_wire_init(&w, rd, len);
		if (walk(&w, ti->fields, false, true, out) == CS_OK)
			return;
		if (out->err == CS_OK)
			out->len = mark;
	}
	cs_buf_put(out, rd, len);
}

/* ---- bitmaps and views ---- */

bool cs_bitmap_has(const uint8_t *p, size_t len, uint16_t type)
{
	unsigned want_window = type >> 8, bit = type & 0xFF;
	size_t i = 0;
	while (i + 2 <= len) {
		unsigned window = p[i], blen = p[i + 1];
		if (i + 2 + blen > len)
			return false;
		if (window == want_window)
			return bit / 8 < blen && (p[i + 2 + bit / 8] & (0x80 >> (bit % 8)));
		i += 2 + blen;
	}
	return false;
}

void cs_bitmap_build(const uint16_t *types, size_t n, cs_buf *out)
{
	for (unsigned window = 0; window < 256; window++) {
		uint8_t bits[32] = {0};
		unsigned blen = 0;
		for (size_t k = 0; k < n; k++) {
			if ((types[k] >> 8) != window)
				continue;
			unsigned b = types[k] & 0xFF;
			bits[b / 8] |= (uint8_t)(0x80 >> (b % 8));
			if (b / 8 + 1 > blen)
				blen = b / 8 + 1;
		}
		if (blen == 0)
			continue;
		cs_buf_u8(out, (uint8_t)window);
		cs_buf_u8(out, (uint8_t)blen);
		cs_buf_put(out, bits, blen);
	}
}

cs_err cs_ds_view_parse(const uint8_t *rd, size_t len, cs_ds_view *v)
{
	if (cs_rdata_check(CS_TYPE_DS, rd, len) != CS_OK)
		return CS_ERDATA;
	v->key_tag = (uint16_t)(rd[0] << 8 | rd[1]);
	v->algorithm = rd[2];
	v->digest_type = rd[3];
	v->digest = rd + 4;
	v->digest_len = len - 4;
	return CS_OK;
}

cs_err cs_dnskey_view_parse(const uint8_t *rd, size_t len, cs_dnskey_view *v)
{
	if (cs_rdata_check(CS_TYPE_DNSKEY, rd, len) != CS_OK)
		return CS_ERDATA;
	v->flags = (uint16_t)(rd[0] << 8 | rd[1]);
	v->protocol = rd[2];
	v->algorithm = rd[3];
	v->key = rd + 4;
	v->key_len = len - 4;
	return CS_OK;
}

cs_err cs_rrsig_view_parse(const uint8_t *rd, size_t len, cs_rrsig_view *v)
{
	cs_wire w;
	cs_wire_init(&w, rd, len);
	cs_rrsig_view t;
	t.type_covered = cs_wire_u16(&w);
	t.algorithm = cs_wire_u8(&w);
	t.labels = cs_wire_u8(&w);
	t.original_ttl = cs_wire_u32(&w);
	t.expiration = cs_wire_u32(&w);
	t.inception = cs_wire_u32(&w);
	t.key_tag = cs_wire_u16(&w);
	if (w.err != CS_OK || cs_name_read(&w, &t.signer, false) != CS_OK)
		return CS_ERDATA;
	t.signed_prefix_len = w.pos;
	t.sig_len = cs_wire_left(&w);
	if (t.sig_len == 0)
		return CS_ERDATA;
	t.signature = rd + w.pos;
	*v = t;
	return CS_OK;
}

cs_err cs_nsec_view_parse(const uint8_t *rd, size_t len, cs_nsec_view *v)
{
	cs_nsec_view t;
	size_t used;
	if (cs_name_from_wire(rd, len, &t.next, &used) != CS_OK ||
	    check_bitmap(rd + used, len - used) != CS_OK)
		return CS_ERDATA;
	t.bitmap = rd + used;
	t.bitmap_len = len - used;
	*v = t;
	return CS_OK;
}

cs_err cs_nsec3_view_parse(const uint8_t *rd, size_t len, cs_nsec3_view *v)
{
	if (cs_rdata_check(CS_TYPE_NSEC3, rd, len) != CS_OK)
		return CS_ERDATA;
	cs_nsec3_view t;
	t.hash_alg = rd[0];
	t.flags = rd[1];
	t.iterations = (uint16_t)(rd[2] << 8 | rd[3]);
	t.salt_len = rd[4];
	t.salt = rd + 5;
	size_t o = 5u + t.salt_len;
	t.next_len = rd[o];
	t.next_hash = rd + o + 1;
	o += 1u + t.next_len;
	t.bitmap = rd + o;
	t.bitmap_len = len - o;
	*v = t;
	return CS_OK;
}

cs_err cs_nsec3param_view_parse(const uint8_t *rd, size_t len, cs_nsec3param_view *v)
{
	if (cs_rdata_check(CS_TYPE_NSEC3PARAM, rd, len) != CS_OK)
		return CS_ERDATA;
	v->hash_alg = rd[0];
	v->flags = rd[1];
	v->iterations = (uint16_t)(rd[2] << 8 | rd[3]);
	v->salt_len = rd[4];
	v->salt = rd + 5;
	return CS_OK;
}
