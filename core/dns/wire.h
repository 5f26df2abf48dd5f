/*
 * wire.h - bounds-checked reader over a DNS packet.
 *
 * The first read past the end sets a sticky error (CS_ETRUNC); every later
 * read then returns zero and moves nothing, so a record header is a few plain
 * reads followed by a single error check.
 */
#ifndef CS_WIRE_H
#define CS_WIRE_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const uint8_t *buf; /* whole packet: compression pointers resolve against it */
	size_t len;	    /* packet length */
	size_t pos;	    /* read position */
	size_t end;	    /* reads stop here (len, or the end of the current RDATA) */
	cs_err err;	    /* first error, sticky */
} cs_wire;

/* Start reading buf[0..len). */
void cs_wire_init(cs_wire *w, const uint8_t *buf, size_t len);

/* Octets left before the current end; 0 once in error. */
size_t cs_wire_left(const cs_wire *w);

/* Set the error if none is set yet (first error wins). */
void cs_wire_fail(cs_wire *w, cs_err err);

/* Read one value in network order; 0 on overrun (error set). */
uint8_t cs_wire_u8(cs_wire *w);
uint16_t cs_wire_u16(cs_wire *w);
uint32_t cs_wire_u32(cs_wire *w);

/* Pointer to the next n octets and advance; NULL on overrun (error set). */
const uint8_t *cs_wire_take(cs_wire *w, size_t n);

/* Copy the next n octets to out and advance; out zeroed on overrun. */
void cs_wire_copy(cs_wire *w, void *out, size_t n);

/* Advance n octets; error on overrun. */
void cs_wire_skip(cs_wire *w, size_t n);

#endif
