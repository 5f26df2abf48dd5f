#include "text/rdata_text.h"

#include "base/codec.h"
#include "text/dnstime.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- presentation output ---- */

void cs_rdata_generic_text(const uint8_t *rd, size_t len, cs_buf *out)
{
	cs_buf_printf(out, "\\# %zu", len);
	if (len > 0) {
		cs_buf_u8(out, ' ');
		cs_hex_encode(out, rd, len);
	}
}

static void charstring_text(const uint8_t *p, size_t len, cs_buf *out)
{
	cs_buf_u8(out, '"');
	for (size_t i = 0; i < len; i++) {
		uint8_t c = p[i];
		if (c == '"' || c == '\\')
			cs_buf_printf(out, "\\%c", c);
		else if (c < 0x20 || c > 0x7E)
			cs_buf_printf(out, "\\%03u", (unsigned)c);
		else
			cs_buf_u8(out, c);
	}
	cs_buf_u8(out, '"');
}

static void bitmap_text(const uint8_t *p, size_t len, cs_buf *out, bool *first)
{
	size_t i = 0;
	while (i + 2 <= len) {
		unsigned window = p[i], blen = p[i + 1];
		for (unsigned b = 0; b < blen * 8 && i + 2 + b / 8 < len; b++) {
			if (p[i + 2 + b / 8] & (0x80 >> (b % 8))) {
				char tb[16];
				if (!*first)
					cs_buf_u8(out, ' ');
				*first = false;
				cs_buf_str(out, cs_rrtype_str((uint16_t)(window * 256 + b), tb));
			}
		}
		i += 2 + blen;
	}
}

cs_err cs_rdata_to_text(uint16_t type, const uint8_t *rd, size_t len, cs_buf *out)
{
	const cs_rrtype_info *ti = cs_rrtype_info_get(type);
	if (ti == NULL || ti->fields == NULL || len == 0 ||
	    cs_rdata_check(type, rd, len) != CS_OK) {
		cs_rdata_generic_text(rd, len, out);
		return out->err;
	}
	cs_wire w;
	cs_wire_init(&w, rd, len);
	bool first = true;
	for (const char *f = ti->fields; *f; f++) {
		if (!first && *f != 'M')
			cs_buf_u8(out, ' ');
		if (*f != 'M')
			first = false;
		switch (*f) {
		case 'N':
		case 'n': {
			cs_name nm;
			char tb[CS_NAME_TEXT_MAX];
			cs_name_read(&w, &nm, false);
			cs_buf_str(out, cs_name_str(&nm, tb));
			break;
		}
		case '1':
		case 'A':
			cs_buf_printf(out, "%u", (unsigned)cs_wire_u8(&w));
			break;
		case '2':
			cs_buf_printf(out, "%u", (unsigned)cs_wire_u16(&w));
			break;
		case '4':
			cs_buf_printf(out, "%lu", (unsigned long)cs_wire_u32(&w));
			break;
		case 'T': {
			char tb[16];
			cs_buf_str(out, cs_rrtype_str(cs_wire_u16(&w), tb));
			break;
		}
		case 't': {
			char tb[16];
			cs_buf_str(out, cs_time_format_compact((int64_t)cs_wire_u32(&w), tb));
			break;
		}
		case 'a':
		case '6': {
			char tb[INET6_ADDRSTRLEN];
			const uint8_t *p = cs_wire_take(&w, *f == 'a' ? 4 : 16);
			inet_ntop(*f == 'a' ? AF_INET : AF_INET6, p, tb, sizeof(tb));
			cs_buf_str(out, tb);
			break;
		}
		case 'X':
		case 'B': {
			size_t n = cs_wire_left(&w);
			const uint8_t *p = cs_wire_take(&w, n);
			if (*f == 'X')
				cs_hex_encode(out, p, n);
			else
				cs_b64_encode(out, p, n);
			break;
		}
		case 's':
		case 'h': {
			uint8_t n = cs_wire_u8(&w);
			const uint8_t *p = cs_wire_take(&w, n);
			if (*f == 's' && n == 0)
				cs_buf_u8(out, '-');
			else if (*f == 's')
				cs_hex_encode(out, p, n);
			else
				cs_b32hex_encode(out, p, n);
			break;
		}
		case 'M': {
			size_t n = cs_wire_left(&w);
			const uint8_t *p = cs_wire_take(&w, n);
			bitmap_text(p, n, out, &first);
			break;
		}
		case 'S':
		case 'C':
			do {
				uint8_t n = cs_wire_u8(&w);
				charstring_text(cs_wire_take(&w, n), n, out);
				if (*f == 'C' && cs_wire_left(&w) > 0)
					cs_buf_u8(out, ' ');
			} while (*f == 'C' && cs_wire_left(&w) > 0);
			break;
		default:
			break;
		}
	}
	return out->err;
}

/* ---- presentation input ---- */

static cs_err parse_uint(const cs_token *t, unsigned long max, unsigned long *out)
{
	if (t->len == 0 || t->len > 10 || t->quoted)
		return CS_ESYNTAX;
	unsigned long long v = 0; /* 10 digits fit in 64 bits on every platform */
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return CS_ESYNTAX;
		v = v * 10 + (unsigned long long)(t->s[i] - '0');
	}
	if (v > max)
		return CS_ERANGE;
	*out = (unsigned long)v;
	return CS_OK;
}

static cs_err parse_charstring(const cs_token *t, cs_buf *out)
{
	unsigned char tmp[256];
	long n = cs_token_unescape(t, tmp, 255);
	if (n < 0)
		return CS_ESYNTAX;
	cs_buf_u8(out, (uint8_t)n);
	cs_buf_put(out, tmp, (size_t)n);
	return CS_OK;
}

/* Concatenate tokens [i, n) as one string (for hex and base64 split over
 * several tokens). */
static char *join_tokens(const cs_token *toks, size_t i, size_t n)
{
	size_t len = 0;
	for (size_t k = i; k < n; k++)
		len += toks[k].len;
	char *s = malloc(len + 1);
	if (s == NULL)
		return NULL;
	size_t o = 0;
	for (size_t k = i; k < n; k++) {
		memcpy(s + o, toks[k].s, toks[k].len);
		o += toks[k].len;
	}
	s[o] = 0;
	return s;
}

static cs_err parse_generic(const cs_token *toks, size_t ntoks, cs_buf *out)
{
	unsigned long len;
	if (ntoks < 2 || parse_uint(&toks[1], 65535, &len) != CS_OK)
		return CS_ESYNTAX;
	size_t mark = out->len;
	char *hex = join_tokens(toks, 2, ntoks);
	if (hex == NULL)
		return CS_ENOMEM;
	cs_err err = cs_hex_decode(out, hex, strlen(hex));
	free(hex);
	if (err != CS_OK)
		return err;
	if (out->len - mark != len)
		return CS_ESYNTAX;
	return CS_OK;
}

static cs_err parse_fields(const cs_rrtype_info *ti, const cs_token *toks, size_t ntoks,
			   const cs_name *origin, cs_buf *out)
{
	size_t i = 0;
	cs_err err = CS_OK;
	for (const char *f = ti->fields; *f; f++) {
		bool rest = *f == 'X' || *f == 'B' || *f == 'M' || *f == 'C';
		if (!rest && i >= ntoks)
			return CS_ESYNTAX;
		const cs_token *t = &toks[i];
		unsigned long v;
		switch (*f) {
		case 'N':
		case 'n': {
			cs_name nm;
			if (t->quoted)
				return CS_ESYNTAX;
			err = cs_name_from_text(t->s, t->len, origin, &nm);
			if (err != CS_OK)
				return err;
			cs_buf_put(out, nm.data, nm.len);
			i++;
			break;
		}
		case '1':
		case 'A':
			if ((err = parse_uint(t, 255, &v)) != CS_OK)
				return err;
			cs_buf_u8(out, (uint8_t)v);
			i++;
			break;
		case '2':
			if ((err = parse_uint(t, 65535, &v)) != CS_OK)
				return err;
			cs_buf_u16(out, (uint16_t)v);
			i++;
			break;
		case '4':
			if ((err = parse_uint(t, 4294967295UL, &v)) != CS_OK)
				return err;
			cs_buf_u32(out, (uint32_t)v);
			i++;
			break;
		case 'T': {
			uint16_t type;
			if ((err = cs_rrtype_from_text(t->s, t->len, &type)) != CS_OK)
				return err;
			cs_buf_u16(out, type);
			i++;
			break;
		}
		case 't': {
			uint32_t tv;
			if ((err = cs_time_parse_rrsig(t->s, t->len, &tv)) != CS_OK)
				return err;
			cs_buf_u32(out, tv);
			i++;
			break;
		}
		case 'a':
		case '6': {
			char tb[64];
			uint8_t addr[16];
			if (t->len >= sizeof(tb))
				return CS_ESYNTAX;
			memcpy(tb, t->s, t->len);
			tb[t->len] = 0;
			if (inet_pton(*f == 'a' ? AF_INET : AF_INET6, tb, addr) != 1)
				return CS_ESYNTAX;
			cs_buf_put(out, addr, *f == 'a' ? 4 : 16);
			i++;
			break;
		}
		case 'X':
		case 'B': {
			if (i >= ntoks)
				return CS_ESYNTAX;
			char *s = join_tokens(toks, i, ntoks);
			if (s == NULL)
				return CS_ENOMEM;
			size_t mark = out->len;
			err = *f == 'X' ? cs_hex_decode(out, s, strlen(s))
					: cs_b64_decode(out, s, strlen(s));
			free(s);
			if (err != CS_OK)
				return err;
			if (out->len == mark)
				return CS_ESYNTAX;
			i = ntoks;
			break;
		}
		case 's': {
			if (t->len == 1 && t->s[0] == '-') {
				cs_buf_u8(out, 0);
			} else {
				cs_buf tmp;
				cs_buf_init(&tmp);
				err = cs_hex_decode(&tmp, t->s, t->len);
				if (err == CS_OK && (tmp.len == 0 || tmp.len > 255))
					err = CS_ERANGE;
				if (err == CS_OK) {
					cs_buf_u8(out, (uint8_t)tmp.len);
					cs_buf_put(out, tmp.data, tmp.len);
				}
				cs_buf_free(&tmp);
				if (err != CS_OK)
					return err;
			}
			i++;
			break;
		}
		case 'h': {
			cs_buf tmp;
			cs_buf_init(&tmp);
			err = cs_b32hex_decode(&tmp, t->s, t->len);
			if (err == CS_OK && (tmp.len == 0 || tmp.len > 255))
				err = CS_ERANGE;
			if (err == CS_OK) {
				cs_buf_u8(out, (uint8_t)tmp.len);
				cs_buf_put(out, tmp.data, tmp.len);
			}
			cs_buf_free(&tmp);
			if (err != CS_OK)
				return err;
			i++;
			break;
		}
		case 'M': {
			size_t n = ntoks - i;
			uint16_t *types = calloc(n ? n : 1, sizeof(*types));
			if (types == NULL)
				return CS_ENOMEM;
			for (size_t k = 0; k < n && err == CS_OK; k++)
				err =
				    cs_rrtype_from_text(toks[i + k].s, toks[i + k].len, &types[k]);
			if (err == CS_OK)
				cs_bitmap_build(types, n, out);
			free(types);
			if (err != CS_OK)
				return err;
			i = ntoks;
			break;
		}
		case 'S':
			if ((err = parse_charstring(t, out)) != CS_OK)
				return err;
			i++;
			break;
		case 'C':
			if (i >= ntoks)
				return CS_ESYNTAX;
			for (; i < ntoks; i++)
				if ((err = parse_charstring(&toks[i], out)) != CS_OK)
					return err;
			break;
		default:
			return CS_ERDATA;
		}
	}
	return i == ntoks ? CS_OK : CS_ESYNTAX;
}

cs_err cs_rdata_from_text(uint16_t type, const cs_token *toks, size_t ntoks, const cs_name *origin,
			  cs_buf *out)
{
	size_t mark = out->len;
	cs_err err;
	const cs_rrtype_info *ti = cs_rrtype_info_get(type);
	if (ntoks > 0 && !toks[0].quoted && toks[0].len == 2 && memcmp(toks[0].s, "\\#", 2) == 0) {
		err = parse_generic(toks, ntoks, out);
		static const uint8_t empty[1] = {0};
		const uint8_t *rd = out->data ? out->data + mark : empty;
		if (err == CS_OK && out->err == CS_OK &&
		    cs_rdata_check(type, rd, out->len - mark) != CS_OK)
			err = CS_ERDATA;
	} else if (ti == NULL || ti->fields == NULL) {
		err = CS_ESYNTAX; /* unknown types need the generic form */
	} else {
		err = parse_fields(ti, toks, ntoks, origin, out);
	}
	if (err == CS_OK)
		err = out->err;
	if (err != CS_OK && out->err == CS_OK)
		out->len = mark;
	return err;
}

/* ---- whole records and messages ---- */

void cs_rr_to_text(const cs_rr *rr, cs_buf *out)
{
	char nb[CS_NAME_TEXT_MAX], tb[16], cb[16];
	cs_buf_printf(out, "%s %lu %s %s ", cs_name_str(&rr->owner, nb), (unsigned long)rr->ttl,
		      cs_rrclass_str(rr->rclass, cb), cs_rrtype_str(rr->type, tb));
	cs_rdata_to_text(rr->type, rr->rdata, rr->rdlen, out);
}

void cs_msg_to_text(const cs_msg *m, cs_buf *out)
{
	static const char *const secname[] = {"ANSWER", "AUTHORITY", "ADDITIONAL"};
	char rb[16], nb[CS_NAME_TEXT_MAX], tb[16], cb[16];
	cs_buf_printf(out, ";; opcode: %u, status: %s, id: %u\n;; flags:", (unsigned)m->opcode,
		      cs_rcode_str(m->rcode, rb), (unsigned)m->id);
	const struct {
		bool on;
		const char *name;
	} f[] = {{m->qr, "qr"}, {m->aa, "aa"}, {m->tc, "tc"}, {m->rd, "rd"},
		 {m->ra, "ra"}, {m->ad, "ad"}, {m->cd, "cd"}};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].on)
			cs_buf_printf(out, " %s", f[i].name);
	cs_buf_printf(out, "; QUERY: %u, ANSWER: %zu, AUTHORITY: %zu, ADDITIONAL: %zu\n",
		      (unsigned)m->qdcount, m->counts[0], m->counts[1],
		      m->counts[2] + (m->has_edns ? 1 : 0));
	if (m->has_edns)
		cs_buf_printf(out, ";; EDNS: version %u, flags:%s; udp: %u; options: %u octets\n",
			      (unsigned)m->edns_version, m->edns_do ? " do" : "",
			      (unsigned)m->edns_udp_size, (unsigned)m->edns_options_len);
	if (m->has_question)
		cs_buf_printf(out, ";; QUESTION:\n;%s %s %s\n", cs_name_str(&m->qname, nb),
			      cs_rrclass_str(m->qclass, cb), cs_rrtype_str(m->qtype, tb));
	for (int s = 0; s < CS_SEC_COUNT; s++) {
		if (m->counts[s] == 0)
			continue;
		cs_buf_printf(out, ";; %s:\n", secname[s]);
		for (size_t i = 0; i < m->counts[s]; i++) {
			cs_rr_to_text(&m->sections[s][i], out);
			cs_buf_u8(out, '\n');
		}
	}
}
