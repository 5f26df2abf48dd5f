#include "dns/name.h"

#include <stdio.h>
#include <string.h>

static uint8_t lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

cs_err cs_name_read(cs_wire *w, cs_name *out, bool allow_compress)
{
	if (w->err != CS_OK)
		return w->err;
	cs_name tmp = {0};
	size_t pos = w->pos;
	size_t limit = w->end; /* labels read in place must not cross the end */
	size_t segment = pos;  /* start of the labels being read */
	size_t resume = 0;     /* reader position after the name, once known */
	unsigned hops = 0;
	cs_err err = CS_OK;

	for (;;) {
		if (pos >= limit) {
			err = CS_ETRUNC;
			goto fail;
		}
		uint8_t c = w->buf[pos];
		if ((c & 0xC0) == 0xC0) {
			if (!allow_compress) {
				err = CS_ECOMPRESS;
				goto fail;
			}
			if (pos + 1 >= limit) {
				err = CS_ETRUNC;
				goto fail;
			}
			size_t target = ((size_t)(c & 0x3F) << 8) | w->buf[pos + 1];
			if (hops == 0)
				resume = pos + 2;
			if (target >= segment) {
				err = CS_EPTRFWD;
				goto fail;
			}
			if (++hops > CS_NAME_MAXHOPS) {
				err = CS_EPTRHOPS;
				goto fail;
			}
			pos = segment = target;
			limit = w->len; /* pointed-to data may lie anywhere before */
			continue;
		}
		if (c & 0xC0) {
			err = CS_ELABELTYPE;
			goto fail;
		}
		if ((size_t)c + 1 > limit - pos) {
			err = CS_ETRUNC;
			goto fail;
		}
		if ((size_t)tmp.len + c + 1 > CS_NAME_MAXLEN) {
			err = CS_ENAMELEN;
			goto fail;
		}
		memcpy(tmp.data + tmp.len, w->buf + pos, (size_t)c + 1);
		tmp.len = (uint8_t)(tmp.len + c + 1);
		pos += (size_t)c + 1;
		if (c == 0)
			break;
	}
	w->pos = hops ? resume : pos;
	*out = tmp;
	return CS_OK;
fail:
	cs_wire_fail(w, err);
	return err;
}

cs_err cs_name_from_wire(const uint8_t *p, size_t len, cs_name *out, size_t *used)
{
	cs_wire w;
	cs_wire_init(&w, p, len);
	cs_err err = cs_name_read(&w, out, false);
	if (err == CS_OK && used)
		*used = w.pos;
	return err;
}

void cs_name_root(cs_name *out)
{
	out->len = 1;
	out->data[0] = 0;
}

static int hexdigit(char c)
{
	return c >= '0' && c <= '9';
}

cs_err cs_name_from_text(const char *text, size_t n, const cs_name *origin, cs_name *out)
{
	cs_name tmp = {0};
	uint8_t label[CS_LABEL_MAXLEN];
	size_t llen = 0;
	bool absolute = false;

	if (n == 1 && text[0] == '@') {
		if (origin == NULL)
			return CS_ESYNTAX;
		*out = *origin;
		return CS_OK;
	}
	if (n == 1 && text[0] == '.') {
		cs_name_root(out);
		return CS_OK;
	}
	if (n == 0)
		return CS_ESYNTAX;

	size_t i = 0;
	for (;;) {
		bool end = i >= n;
		if (end || text[i] == '.') {
			if (end && llen == 0 && i > 0 && text[i - 1] == '.')
				break; /* already closed by a trailing dot */
			if (llen == 0)
				return CS_ESYNTAX; /* empty label */
			if ((size_t)tmp.len + llen + 1 > CS_NAME_MAXLEN - 1)
				return CS_ENAMELEN;
			tmp.data[tmp.len++] = (uint8_t)llen;
			memcpy(tmp.data + tmp.len, label, llen);
			tmp.len = (uint8_t)(tmp.len + llen);
			llen = 0;
			if (end)
				break;
			i++;
			if (i == n) {
				absolute = true;
				break;
			}
			continue;
		}
		uint8_t c = (uint8_t)text[i++];
		if (c == '\\') {
			if (i >= n)
				return CS_ESYNTAX;
			if (hexdigit(text[i])) {
				if (i + 3 > n || !hexdigit(text[i + 1]) || !hexdigit(text[i + 2]))
					return CS_ESYNTAX;
				int v = (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 +
					(text[i + 2] - '0');
				if (v > 255)
					return CS_ESYNTAX;
				c = (uint8_t)v;
				i += 3;
			} else {
				c = (uint8_t)text[i++];
			}
		}
		if (llen >= CS_LABEL_MAXLEN)
			return CS_ELABELLEN;
		label[llen++] = c;
	}
	if (!absolute && origin != NULL) {
		if ((size_t)tmp.len + origin->len > CS_NAME_MAXLEN)
			return CS_ENAMELEN;
		memcpy(tmp.data + tmp.len, origin->data, origin->len);
		tmp.len = (uint8_t)(tmp.len + origin->len);
	} else {
		tmp.data[tmp.len++] = 0;
	}
	*out = tmp;
	return CS_OK;
}

/* Append one escaped octet; returns characters it needs. */
static size_t put_escaped(uint8_t c, char *dst)
{
	if (c < 0x21 || c > 0x7E)
		return (size_t)sprintf(dst, "\\%03u", (unsigned)c);
	switch (c) {
	case '.':
	case '\\':
	case '"':
	case '(':
	case ')':
	case ';':
	case '@':
	case '$':
		dst[0] = '\\';
		dst[1] = (char)c;
		return 2;
	default:
		dst[0] = (char)c;
		return 1;
	}
}

size_t cs_name_to_text(const cs_name *name, char *out, size_t size)
{
	char tmp[CS_NAME_TEXT_MAX];
	size_t n = 0;
	if (name->len <= 1) {
		tmp[n++] = '.';
	} else {
		size_t i = 0;
		while (i < name->len && name->data[i] != 0) {
			uint8_t l = name->data[i++];
			for (uint8_t k = 0; k < l && i < name->len; k++)
				n += put_escaped(name->data[i++], tmp + n);
			tmp[n++] = '.';
		}
	}
	tmp[n] = 0;
	if (size == 0)
		return n;
	size_t copy = n < size ? n : size - 1;
	memcpy(out, tmp, copy);
	out[copy] = 0;
	return copy;
}

const char *cs_name_str(const cs_name *name, char buf[CS_NAME_TEXT_MAX])
{
	cs_name_to_text(name, buf, CS_NAME_TEXT_MAX);
	return buf;
}

/* Offsets of each label's length octet; returns the label count. */
static unsigned label_offsets(const cs_name *name, uint8_t offs[128])
{
	unsigned n = 0;
	size_t i = 0;
	while (i < name->len && name->data[i] != 0 && n < 128) {
		offs[n++] = (uint8_t)i;
		i += (size_t)name->data[i] + 1;
	}
	return n;
}

unsigned cs_name_labels(const cs_name *name)
{
	uint8_t offs[128];
	return label_offsets(name, offs);
}

bool cs_name_equal(const cs_name *a, const cs_name *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (lower(a->data[i]) != lower(b->data[i]))
			return false;
	return true;
}

int cs_name_canon_cmp(const cs_name *a, const cs_name *b)
{
	uint8_t oa[128], ob[128];
	unsigned na = label_offsets(a, oa);
	unsigned nb = label_offsets(b, ob);
	/* Compare labels from the rightmost (most significant) leftwards. */
	while (na > 0 && nb > 0) {
		na--;
		nb--;
		const uint8_t *la = a->data + oa[na];
		const uint8_t *lb = b->data + ob[nb];
		unsigned lena = la[0], lenb = lb[0];
		unsigned m = lena < lenb ? lena : lenb;
		for (unsigned i = 1; i <= m; i++) {
			uint8_t ca = lower(la[i]), cb = lower(lb[i]);
			if (ca != cb)
				return ca < cb ? -1 : 1;
		}
		if (lena != lenb)
			return lena < lenb ? -1 : 1;
	}
	if (na == nb)
		return 0;
	return na < nb ? -1 : 1;
}

void cs_name_lower(cs_name *name)
{
	size_t i = 0;
	while (i < name->len && name->data[i] != 0) {
		uint8_t l = name->data[i++];
		for (uint8_t k = 0; k < l && i < name->len; k++, i++)
			name->data[i] = lower(name->data[i]);
	}
}

void cs_name_suffix(const cs_name *name, unsigned n, cs_name *out)
{
	uint8_t offs[128];
	unsigned count = label_offsets(name, offs);
	if (n >= count) {
		if (out != name)
			*out = *name;
		return;
	}
	if (n == 0) {
		cs_name_root(out);
		return;
	}
	size_t start = offs[count - n];
	size_t len = name->len - start;
	memmove(out->data, name->data + start, len);
	out->len = (uint8_t)len;
}

void cs_name_parent(const cs_name *name, cs_name *out)
{
	unsigned n = cs_name_labels(name);
	cs_name_suffix(name, n ? n - 1 : 0, out);
}

bool cs_name_is_below(const cs_name *name, const cs_name *parent)
{
	unsigned nl = cs_name_labels(name), pl = cs_name_labels(parent);
	if (nl < pl)
		return false;
	cs_name s;
	cs_name_suffix(name, pl, &s);
	return cs_name_equal(&s, parent);
}

bool cs_name_is_wildcard(const cs_name *name)
{
	return name->len >= 3 && name->data[0] == 1 && name->data[1] == '*';
}

cs_err cs_name_prepend(const cs_name *name, const uint8_t *label, size_t len, cs_name *out)
{
	if (len == 0 || len > CS_LABEL_MAXLEN)
		return CS_ELABELLEN;
	if (len + 1 + name->len > CS_NAME_MAXLEN)
		return CS_ENAMELEN;
	cs_name tmp;
	tmp.data[0] = (uint8_t)len;
	memcpy(tmp.data + 1, label, len);
	memcpy(tmp.data + 1 + len, name->data, name->len);
	tmp.len = (uint8_t)(1 + len + name->len);
	*out = tmp;
	return CS_OK;
}
