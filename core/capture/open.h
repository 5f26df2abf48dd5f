/*
 * open.h - loading a capture from any file chainscope reads: its own
 * capture JSON, a DNSViz probe, or a pcap/pcapng of DNS traffic; each plain
 * or gzip-compressed. The format is detected from the content, never from
 * the file name.
 */
#ifndef CS_CAPTURE_OPEN_H
#define CS_CAPTURE_OPEN_H

#include "base/buf.h"
#include "base/error.h"
#include "capture/capture.h"
#include "dns/name.h"

#include <stdint.h>

typedef enum {
	CS_CAPFMT_CHAINSCOPE = 0, /* chainscope capture JSON */
	CS_CAPFMT_DNSVIZ,	  /* dnsviz probe output */
	CS_CAPFMT_PCAP,		  /* pcap or pcapng */
} cs_capfmt;

/* Stable name of a format ("chainscope", "dnsviz", "pcap"); never NULL. */
const char *cs_capfmt_str(cs_capfmt f);

/* Read path ("-": standard input) into out, inflating gzip data (detected by
 * its magic number), at most 512 MiB either way. Returns CS_OK, CS_EIO
 * (cannot read), CS_ELIMIT (too large) or CS_ERDATA (damaged gzip), with
 * errmsg saying why. */
cs_err cs_capture_read(const char *path, cs_buf *out, char *errmsg, size_t errlen);

/* The format of file contents (after cs_capture_read). */
cs_capfmt cs_capture_sniff(const uint8_t *data, size_t len);

/* Load any capture file. qname/qtype select the name in a file that holds
 * several (DNSViz probe, pcap) or the one to analyze; NULL/0 take the
 * file's own (a chainscope capture: qname must be NULL or its own name).
 * Returns CS_OK with *out a new capture (caller frees) and *fmt the format
 * found (fmt may be NULL), or the loader's error with errmsg saying why
 * (naming the entry or packet). */
cs_err cs_capture_open(const char *path, const cs_name *qname, uint16_t qtype, cs_capture **out,
		       cs_capfmt *fmt, char *errmsg, size_t errlen);

#endif
