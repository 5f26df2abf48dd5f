#include "rdata.h"

#include "codec.h"
#include "dnstime.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * RDATA layouts, one character per field:
 *   N  domain name, compression allowed on the wire (RFC 3597 §4 types)
 *   n  domain name, never compressed
 *   1 2 4  unsigned integers of 8, 16, 32 bits (decimal)
 *   A  DNSSEC algorithm number (8 bits)
 *   T  RR type (16 bits, mnemonic)
 *   t  RRSIG time (32 bits, YYYYMMDDHHmmSS)
 *   a  IPv4 address, 6 IPv6 address
 *   X  hex to the end (at least one octet), B base64 to the end (ditto)
 *   s  salt: length octet and octets, "-" when empty
 *   h  NSEC3 hash: length octet (>= 1) and octets, base32hex
 *   M  type bitmap to the end (may be empty)
 *   S  one character-string, C one or more to the end
 */
static const cs_rrtype_info TYPES[] = {
    {CS_TYPE_A, "A", "a", false},
    {CS_TYPE_NS, "NS", "N", true},
    {CS_TYPE_CNAME, "CNAME", "N", true},
    {CS_TYPE_SOA, "SOA", "NN44444", true},
    {CS_TYPE_PTR, "PTR", "N", true},
    {CS_TYPE_HINFO, "HINFO", "SS", false},
    {10, "NULL", NULL, false},
    {CS_TYPE_MX, "MX", "2N", true},
    {CS_TYPE_TXT, "TXT", "C", false},
    {17, "RP", "nn", true},
    {18, "AFSDB", "2n", true},
    {21, "RT", "2n", true},
    {CS_TYPE_AAAA, "AAAA", "6", false},
    {29, "LOC", NULL, false},
    {CS_TYPE_SRV, "SRV", "222n", true},
    {35, "NAPTR", "22SSSn", true},
    {36, "KX", "2n", true},
    {37, "CERT", NULL, false},
    {CS_TYPE_DNAME, "DNAME", "N", true},
    {CS_TYPE_OPT, "OPT", NULL, false},
    {42, "APL", NULL, false},
    {CS_TYPE_DS, "DS", "2A1X", false},
    {44, "SSHFP", NULL, false},
    {45, "IPSECKEY", NULL, false},
    {CS_TYPE_RRSIG, "RRSIG", "TA14tt2nB", true},
    {CS_TYPE_NSEC, "NSEC", "nM", false},
    {CS_TYPE_DNSKEY, "DNSKEY", "21AB", false},
    {49, "DHCID", NULL, false},
    {CS_TYPE_NSEC3, "NSEC3", "112shM", false},
    {CS_TYPE_NSEC3PARAM, "NSEC3PARAM", "112s", false},
    {52, "TLSA", NULL, false},
    {53, "SMIMEA", NULL, false},
    {55, "HIP", NULL, false},
    {CS_TYPE_CDS, "CDS", "2A1X", false},
    {CS_TYPE_CDNSKEY, "CDNSKEY", "21AB", false},
    {61, "OPENPGPKEY", NULL, false},
    {62, "CSYNC", NULL, false},
    {63, "ZONEMD", NULL, false},
    {64, "SVCB", NULL, false},
    {65, "HTTPS", NULL, false},
    {99, "SPF", "C", false},
    {108, "EUI48", NULL, false},
    {109, "EUI64", NULL, false},
    {249, "TKEY", NULL, false},
    {250, "TSIG", NULL, false},
    {251, "IXFR", NULL, false},
    {252, "AXFR", NULL, false},
    {CS_TYPE_ANY, "ANY", NULL, false},
    {256, "URI", NULL, false},
    {257, "CAA", NULL, false},
};

const cs_rrtype_info *cs_rrtype_info_get(uint16_t type)
{
	for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++)
		if (TYPES[i].type == type)
			return &TYPES[i];
	return NULL;
}

const char *cs_rrtype_str(uint16_t type, char buf[16])
{
	const cs_rrtype_info *ti = cs_rrtype_info_get(type);
	if (ti)
		snprintf(buf, 16, "%s", ti->mnemonic);
	else
		snprintf(buf, 16, "TYPE%u", (unsigned)type);
	return buf;
}

/* Parse "PREFIXnnn" into a 16-bit value. */
static bool parse_prefixed(const char *s, size_t len, const char *prefix, uint16_t *out)
{
	size_t p = strlen(prefix);
	if (len <= p || len > p + 5 || strncasecmp(s, prefix, p) != 0)
		return false;
	unsigned long v = 0;
	for (size_t i = p; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > 65535)
		return false;
	*out = (uint16_t)v;
	return true;
}

cs_err cs_rrtype_from_text(const char *s, size_t len, uint16_t *out)
{
	for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++) {
		if (strlen(TYPES[i].mnemonic) == len &&
		    strncasecmp(TYPES[i].mnemonic, s, len) == 0) {
			*out = TYPES[i].type;
			return CS_OK;
		}
	}
	return parse_prefixed(s, len, "TYPE", out) ? CS_OK : CS_EUNKNOWN;
}

const char *cs_rrclass_str(uint16_t cls, char buf[16])
{
	if (cls == CS_CLASS_IN)
		snprintf(buf, 16, "IN");
	else if (cls == CS_CLASS_CH)
		snprintf(buf, 16, "CH");
	else if (cls == 4)
		snprintf(buf, 16, "HS");
	else if (cls == CS_CLASS_ANY)
		snprintf(buf, 16, "ANY");
	else
		snprintf(buf, 16, "CLASS%u", (unsigned)cls);
	return buf;
}

cs_err cs_rrclass_from_text(const char *s, size_t len, uint16_t *out)
{
	static const struct {
		const char *m;
		uint16_t v;
	} cls[] = {{"IN", 1}, {"CH", 3}, {"HS", 4}, {"ANY", 255}};
	for (size_t i = 0; i < sizeof(cls) / sizeof(cls[0]); i++) {
		if (strlen(cls[i].m) == len && strncasecmp(cls[i].m, s, len) == 0) {
			*out = cls[i].v;
			return CS_OK;
		}
	}
	return parse_prefixed(s, len, "CLASS", out) ? CS_OK : CS_EUNKNOWN;
}

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
