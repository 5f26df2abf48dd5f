#include "capture/open.h"

#include "base/fileio.h"
#include "capture/dnsviz.h"
#include "capture/pcap.h"
#include "dns/rrtype.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define CAPTURE_MAX_BYTES (512u << 20)

const char *cs_capfmt_str(cs_capfmt f)
{
	switch (f) {
	case CS_CAPFMT_DNSVIZ:
		return "dnsviz";
	case CS_CAPFMT_PCAP:
		return "pcap";
	case CS_CAPFMT_CHAINSCOPE:
		break;
	}
	return "chainscope";
}

/* Inflate gzip data (one or more members) into out, at most CAPTURE_MAX_BYTES. */
static cs_err gunzip(const uint8_t *in, size_t len, cs_buf *out, char *errmsg, size_t errlen)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		snprintf(errmsg, errlen, "out of memory");
		return CS_ENOMEM;
	}
	uint8_t chunk[65536];
	cs_err err = CS_OK;
	size_t pos = 0;
	int rc = Z_OK;
	while (err == CS_OK) {
		if (z.avail_in == 0 && pos < len) {
			size_t n = len - pos > 1u << 30 ? 1u << 30 : len - pos;
			z.next_in = (Bytef *)(uintptr_t)(in + pos);
			z.avail_in = (uInt)n;
			pos += n;
		}
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		size_t got = sizeof(chunk) - z.avail_out;
		cs_buf_put(out, chunk, got);
		if (out->err != CS_OK) {
			snprintf(errmsg, errlen, "out of memory");
			err = CS_ENOMEM;
		} else if (out->len > CAPTURE_MAX_BYTES) {
			snprintf(errmsg, errlen, "gzip data inflates to more than %u MiB",
				 CAPTURE_MAX_BYTES >> 20);
			err = CS_ELIMIT;
		} else if (rc == Z_STREAM_END) {
			if (z.avail_in == 0 && pos == len)
				break;
			/* Another member follows (gzip -c a b). */
			if (inflateReset(&z) != Z_OK)
				err = CS_ERDATA;
		} else if (rc != Z_OK && !(rc == Z_BUF_ERROR && got > 0)) {
			snprintf(errmsg, errlen, "damaged gzip data: %s",
				 z.msg ? z.msg : "unexpected end");
			err = CS_ERDATA;
		} else if (got == 0 && z.avail_in == 0 && pos == len) {
			snprintf(errmsg, errlen, "damaged gzip data: truncated");
			err = CS_ERDATA;
		}
	}
	inflateEnd(&z);
	return err;
}

cs_err cs_capture_read(const char *path, cs_buf *out, char *errmsg, size_t errlen)
{
	cs_buf raw;
	cs_buf_init(&raw);
	cs_err err = cs_read_file(path, CAPTURE_MAX_BYTES, &raw, errmsg, errlen);
	if (err == CS_ELIMIT)
		snprintf(errmsg, errlen, "larger than %u MiB: not a capture",
			 CAPTURE_MAX_BYTES >> 20);
	if (err == CS_OK && raw.len >= 2 && raw.data[0] == 0x1f && raw.data[1] == 0x8b)
		err = gunzip(raw.data, raw.len, out, errmsg, errlen);
	else if (err == CS_OK) {
		cs_buf_put(out, raw.data, raw.len);
		if (out->err != CS_OK) {
			snprintf(errmsg, errlen, "out of memory");
			err = CS_ENOMEM;
		}
	}
	cs_buf_free(&raw);
	return err;
}

cs_capfmt cs_capture_sniff(const uint8_t *data, size_t len)
{
	if (cs_pcap_sniff(data, len))
		return CS_CAPFMT_PCAP;
	if (cs_dnsviz_sniff((const char *)data, len))
		return CS_CAPFMT_DNSVIZ;
	return CS_CAPFMT_CHAINSCOPE;
}

/* A chainscope capture holds one name: NAME and TYPE may only repeat it. */
static cs_err check_own(cs_capture *c, const cs_name *qname, uint16_t qtype, char *errmsg,
			size_t errlen)
{
	char nb[CS_NAME_TEXT_MAX], hb[CS_NAME_TEXT_MAX], tb[16], ub[16];
	if (qname && !cs_name_equal(qname, &c->qname)) {
		snprintf(errmsg, errlen, "%s is not in this capture (it holds %s)",
			 cs_name_str(qname, nb), cs_name_str(&c->qname, hb));
		return CS_ENOTFOUND;
	}
	if (qtype && qtype != c->qtype) {
		snprintf(errmsg, errlen, "this capture holds %s %s, not type %s",
			 cs_name_str(&c->qname, hb), cs_rrtype_str(c->qtype, tb),
			 cs_rrtype_str(qtype, ub));
		return CS_ENOTFOUND;
	}
	return CS_OK;
}

cs_err cs_capture_open(const char *path, const cs_name *qname, uint16_t qtype, cs_capture **out,
		       cs_capfmt *fmt, char *errmsg, size_t errlen)
{
	*out = NULL;
	cs_buf b;
	cs_buf_init(&b);
	cs_err err = cs_capture_read(path, &b, errmsg, errlen);
	cs_capfmt f = CS_CAPFMT_CHAINSCOPE;
	if (err == CS_OK) {
		f = cs_capture_sniff(b.data, b.len);
		if (f == CS_CAPFMT_PCAP)
			err = cs_pcap_import(b.data, b.len, qname, qtype, out, errmsg, errlen);
		else if (f == CS_CAPFMT_DNSVIZ)
			err = cs_dnsviz_import((const char *)b.data, b.len, qname, qtype, out,
					       errmsg, errlen);
		else {
			err = cs_capture_from_json(b.len ? (const char *)b.data : "", b.len, out,
						   errmsg, errlen);
			if (err == CS_OK && (err = check_own(*out, qname, qtype, errmsg, errlen)))
				cs_capture_free(out);
		}
	}
	cs_buf_free(&b);
	if (fmt)
		*fmt = f;
	return err;
}
