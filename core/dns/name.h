/*
 * name.h - domain names: wire reading with decompression, presentation
 * format both ways, comparison and canonical ordering (RFC 4034 §6).
 *
 * A cs_name holds an uncompressed wire-format name (length octets and
 * labels, ending with the root label) in place, so names need no allocation.
 */
#ifndef CS_NAME_H
#define CS_NAME_H

#include "base/error.h"
#include "dns/wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CS_NAME_MAXLEN	 255 /* octets in wire format, RFC 1035 §2.3.4 */
#define CS_LABEL_MAXLEN	 63
#define CS_NAME_MAXHOPS	 126  /* compression pointers followed for one name */
#define CS_NAME_TEXT_MAX 1024 /* presentation buffer: 255 octets as \DDD fit */

typedef struct {
	uint8_t len; /* octets used in data, including the root label; 0 = unset */
	uint8_t data[CS_NAME_MAXLEN];
} cs_name;

/* Read a name at the reader's position. With allow_compress, pointers are
 * followed against the whole packet: each must point before the start of the
 * labels read so far (strictly backwards), at most CS_NAME_MAXHOPS of them,
 * and the result may not exceed 255 octets. The reader advances past the name
 * as it appears in place. Returns CS_OK, or CS_ETRUNC, CS_EPTRFWD,
 * CS_EPTRHOPS, CS_ENAMELEN, CS_ELABELTYPE, CS_ECOMPRESS (pointer when not
 * allowed); on error out is untouched and the reader's error is set. */
cs_err cs_name_read(cs_wire *w, cs_name *out, bool allow_compress);

/* Parse a name from wire bytes with no compression (e.g. an RDATA field
 * copied out of the packet); *used gets the octets consumed. */
cs_err cs_name_from_wire(const uint8_t *p, size_t len, cs_name *out, size_t *used);

/* Parse presentation format (RFC 1035 §5.1 escapes \X and \DDD). A name not
 * ending in an unescaped dot is relative: origin is appended, or, with a NULL
 * origin, the name is taken as absolute. "@" is the origin. Returns CS_OK,
 * CS_ESYNTAX (empty label, bad escape, "@" without origin), CS_ELABELLEN or
 * CS_ENAMELEN; out is untouched on error. */
cs_err cs_name_from_text(const char *text, size_t text_len, const cs_name *origin, cs_name *out);

/* Write the presentation form, NUL-terminated, into out (size octets,
 * CS_NAME_TEXT_MAX is always enough). Every byte outside printable ASCII is
 * written \DDD; . \ " ( ) ; @ $ and space are backslash-escaped, so the text
 * holds no control byte. Returns the length written (without NUL); a too
 * small buffer gets a truncated but terminated string. */
size_t cs_name_to_text(const cs_name *name, char *out, size_t size);

/* Convenience wrapper for messages: a pointer to buf, filled as above. */
const char *cs_name_str(const cs_name *name, char buf[CS_NAME_TEXT_MAX]);

/* The root name ".". */
void cs_name_root(cs_name *out);

/* Number of labels, not counting the root label (so "." is 0). */
unsigned cs_name_labels(const cs_name *name);

/* Case-insensitive (ASCII) equality. */
bool cs_name_equal(const cs_name *a, const cs_name *b);

/* RFC 4034 §6.1 canonical order: <0, 0 or >0. */
int cs_name_canon_cmp(const cs_name *a, const cs_name *b);

/* Lowercase ASCII letters in place (canonical form, RFC 4034 §6.2). */
void cs_name_lower(cs_name *name);

/* True if name equals parent or lies below it. */
bool cs_name_is_below(const cs_name *name, const cs_name *parent);

/* The last n labels of name into out (n larger than the count gives name);
 * out may alias name. */
void cs_name_suffix(const cs_name *name, unsigned n, cs_name *out);

/* The name without its first label (the root stays the root); out may alias. */
void cs_name_parent(const cs_name *name, cs_name *out);

/* True if the first label is "*". */
bool cs_name_is_wildcard(const cs_name *name);

/* Prepend one label of len octets; CS_ELABELLEN or CS_ENAMELEN on overflow
 * (out untouched). out may alias name. */
cs_err cs_name_prepend(const cs_name *name, const uint8_t *label, size_t len, cs_name *out);

#endif
