/*
 * buf.h - growable byte buffer with a sticky error.
 *
 * Appends never fail loudly: the first allocation failure sets err, and every
 * later append becomes a no-op, so a builder makes many appends and checks
 * err once at the end.
 */
#ifndef CS_BUF_H
#define CS_BUF_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint8_t *data;
	size_t len;
	size_t cap;
	cs_err err;
} cs_buf;

/* Initialise an empty buffer; allocates nothing. */
void cs_buf_init(cs_buf *b);

/* Free the storage and reset to empty. Accepts NULL. */
void cs_buf_free(cs_buf *b);

/* Drop the contents (keeps the storage and clears the error). */
void cs_buf_reset(cs_buf *b);

/* Append n bytes. */
void cs_buf_put(cs_buf *b, const void *src, size_t n);

/* Append one octet, a big-endian 16-bit and a big-endian 32-bit value. */
void cs_buf_u8(cs_buf *b, uint8_t v);
void cs_buf_u16(cs_buf *b, uint16_t v);
void cs_buf_u32(cs_buf *b, uint32_t v);

/* Append a NUL-terminated string without its NUL. */
void cs_buf_str(cs_buf *b, const char *s);

/* Append printf-style formatted text (without a NUL). */
void cs_buf_printf(cs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Ensure the contents are followed by a NUL (not counted in len) and return
 * them as a string; returns "" when the buffer is in error. */
const char *cs_buf_cstr(cs_buf *b);

#endif
