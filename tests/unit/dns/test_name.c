/*
 * test_name - core/name: presentation format both ways (RFC 1035 §5.1
 * escapes, §2.3.4 limits), wire reading with decompression (RFC 1035
 * §4.1.4) and its three guards (pointers strictly backwards, a hop limit,
 * the 255-octet cap while decompressing), canonical ordering (RFC 4034
 * §6.1) and the label helpers the analyzer builds on.
 *
 * Wire names are written out as byte strings; "\003www" is the label
 * length 3 followed by "www".
 */
#include "dns/name.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Helpers ----------------------------------------------------------------- */

/* Parse text (relative names taken as absolute); fails the test on error. */
static cs_name name(const char *text)
{
	cs_name n;
	cs_err err = cs_name_from_text(text, strlen(text), NULL, &n);
	if (err != CS_OK)
		fail_msg("cs_name_from_text(\"%s\") gave %s", text, cs_errtoken(err));
	return n;
}

static void assert_wire(const cs_name *n, const char *wire, size_t len)
{
	assert_int_equal(n->len, len);
	assert_memory_equal(n->data, wire, len);
}

/* Wire bytes of a string literal, without the compiler's trailing NUL. */
#define WIRE(lit) (lit), (sizeof(lit) - 1)

static void assert_text(const cs_name *n, const char *expect)
{
	char buf[CS_NAME_TEXT_MAX];
	size_t len = cs_name_to_text(n, buf, sizeof(buf));
	assert_string_equal(buf, expect);
	assert_int_equal(len, strlen(expect));
}

static cs_err parse(const char *text, const cs_name *origin, cs_name *out)
{
	return cs_name_from_text(text, strlen(text), origin, out);
}

/* A parse that must fail with expect and leave out untouched. */
static void assert_text_err(const char *text, const cs_name *origin, cs_err expect)
{
	cs_name out, before;
	memset(&out, 0xA5, sizeof(out));
	before = out;
	cs_err err = parse(text, origin, &out);
	if (err != expect)
		fail_msg("\"%s\": got %s, expected %s", text, cs_errtoken(err),
			 cs_errtoken(expect));
	assert_memory_equal(&out, &before, sizeof(out));
}

/* A string of n copies of c. */
static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* --- Presentation format ------------------------------------------------------ */

static void test_text_plain_names(void **state)
{
	(void)state;
	cs_name n = name("www.example.com.");
	assert_wire(&n, WIRE("\003www\007example\003com\000"));
	assert_text(&n, "www.example.com.");

	/* Without an origin, a name lacking the final dot is still absolute. */
	cs_name rel = name("www.example.com");
	assert_wire(&rel, WIRE("\003www\007example\003com\000"));

	cs_name root = name(".");
	assert_wire(&root, WIRE("\000"));
	assert_text(&root, ".");

	/* Case is kept as written. */
	cs_name mixed = name("WwW.Example.");
	assert_wire(&mixed, WIRE("\003WwW\007Example\000"));
	assert_text(&mixed, "WwW.Example.");
}

/* RFC 1035 §5.1: "\X" is the character X itself (so "\." is a dot inside a
 * label) and "\DDD" the octet with decimal value DDD. */
static void test_text_escapes(void **state)
{
	(void)state;
	cs_name n = name("a\\.b.example.");
	assert_wire(&n, WIRE("\003a.b\007example\000"));
	assert_int_equal(cs_name_labels(&n), 2);
	assert_text(&n, "a\\.b.example.");

	n = name("back\\\\slash.");
	assert_wire(&n, WIRE("\012back\\slash\000"));
	assert_text(&n, "back\\\\slash.");

	n = name("q\\\"uote.");
	assert_wire(&n, WIRE("\006q\"uote\000"));
	assert_text(&n, "q\\\"uote.");

	n = name("\\065bc.");
	assert_wire(&n, WIRE("\003Abc\000"));
	assert_text(&n, "Abc."); /* printable octets are written plainly */

	n = name("\\000\\255.");
	assert_wire(&n, WIRE("\002\000\377\000"));
	assert_text(&n, "\\000\\255.");

	n = name("sp\\032ace.");
	assert_wire(&n, WIRE("\006sp ace\000"));
	assert_text(&n, "sp\\032ace.");

	/* Characters with a meaning in zone files are escaped on output. */
	n = name("\\(\\)\\;\\@\\$.");
	assert_wire(&n, WIRE("\005();@$\000"));
	assert_text(&n, "\\(\\)\\;\\@\\$.");

	/* "\a" is just "a". */
	n = name("\\a.");
	assert_wire(&n, WIRE("\001a\000"));
}

/* Every octet value survives to_text then from_text exactly, at the start,
 * middle and end of a label, and the text never holds a byte outside
 * 0x21..0x7E (so no control byte reaches a terminal or an SVG). */
static void test_text_every_byte_round_trips(void **state)
{
	(void)state;
	for (unsigned b = 0; b < 256; b++) {
		cs_name n;
		const uint8_t labels[] = {1,   (uint8_t)b, 3,	       'x', (uint8_t)b,
					  'y', 2,	   (uint8_t)b, 'z'};
		memcpy(n.data, labels, sizeof(labels));
		n.len = sizeof(labels);
		memcpy(n.data + n.len, "\007example\000", 9);
		n.len = (uint8_t)(n.len + 9);

		char text[CS_NAME_TEXT_MAX];
		size_t len = cs_name_to_text(&n, text, sizeof(text));
		assert_int_equal(len, strlen(text));
		for (size_t i = 0; i < len; i++)
			if ((uint8_t)text[i] < 0x21 || (uint8_t)text[i] > 0x7E)
				fail_msg("octet %u printed as byte 0x%02x in \"%s\"", b,
					 (uint8_t)text[i], text);

		cs_name back;
		assert_int_equal(parse(text, NULL, &back), CS_OK);
		assert_int_equal(back.len, n.len);
		assert_memory_equal(back.data, n.data, n.len);
	}
}

/* The longest names print within CS_NAME_TEXT_MAX: 250 octets that all need
 * \DDD. */
static void test_text_longest_name_fits(void **state)
{
	(void)state;
	cs_name n;
	size_t o = 0;
	const unsigned lens[] = {63, 63, 63, 61};
	for (size_t l = 0; l < 4; l++) {
		n.data[o++] = (uint8_t)lens[l];
		memset(n.data + o, 0xFF, lens[l]);
		o += lens[l];
	}
	n.data[o++] = 0;
	assert_int_equal(o, 255);
	n.len = (uint8_t)o;
	char text[CS_NAME_TEXT_MAX];
	size_t len = cs_name_to_text(&n, text, sizeof(text));
	assert_int_equal(len, 250 * 4 + 4);
	cs_name back;
	assert_int_equal(parse(text, NULL, &back), CS_OK);
	assert_memory_equal(back.data, n.data, 255);
}

/* A buffer too small gets a truncated, terminated prefix. */
static void test_text_small_buffer(void **state)
{
	(void)state;
	cs_name n = name("www.example.");
	char buf[4];
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(cs_name_to_text(&n, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "www");
	char buf1[1] = {'Z'};
	assert_int_equal(cs_name_to_text(&n, buf1, 1), 0);
	assert_int_equal(buf1[0], '\0');
}

/* RFC 1035 §5.1: a name without the final dot is relative to the origin;
 * "@" alone is the origin. */
static void test_text_relative_to_origin(void **state)
{
	(void)state;
	cs_name origin = name("example.com.");
	cs_name n;
	assert_int_equal(parse("www", &origin, &n), CS_OK);
	assert_wire(&n, WIRE("\003www\007example\003com\000"));
	assert_int_equal(parse("a.b", &origin, &n), CS_OK);
	assert_wire(&n, WIRE("\001a\001b\007example\003com\000"));
	assert_int_equal(parse("www.", &origin, &n), CS_OK);
	assert_wire(&n, WIRE("\003www\000"));
	assert_int_equal(parse("@", &origin, &n), CS_OK);
	assert_wire(&n, WIRE("\007example\003com\000"));
	assert_int_equal(parse(".", &origin, &n), CS_OK);
	assert_wire(&n, WIRE("\000"));
	/* An escaped "@" is a label, not the origin. */
	assert_int_equal(parse("\\@", &origin, &n), CS_OK);
	assert_wire(&n, WIRE("\001@\007example\003com\000"));
	/* "@" inside a name is an ordinary character. */
	assert_int_equal(parse("a@b", &origin, &n), CS_OK);
	assert_wire(&n, WIRE("\003a@b\007example\003com\000"));
	/* "@" needs an origin. */
	assert_text_err("@", NULL, CS_ESYNTAX);
}

static void test_text_errors(void **state)
{
	(void)state;
	cs_name origin = name("example.com.");
	assert_text_err("", NULL, CS_ESYNTAX);
	assert_text_err("a..b", NULL, CS_ESYNTAX); /* empty label */
	assert_text_err(".a", NULL, CS_ESYNTAX);
	assert_text_err("..", NULL, CS_ESYNTAX);
	assert_text_err("a..", &origin, CS_ESYNTAX);
	assert_text_err("\\256.", NULL, CS_ESYNTAX); /* \DDD above 255 */
	assert_text_err("\\999", NULL, CS_ESYNTAX);
	assert_text_err("\\1", NULL, CS_ESYNTAX); /* \DDD needs three digits */
	assert_text_err("\\12", NULL, CS_ESYNTAX);
	assert_text_err("a\\1b.", NULL, CS_ESYNTAX);
	assert_text_err("a\\12.", NULL, CS_ESYNTAX);
	assert_text_err("abc\\", NULL, CS_ESYNTAX); /* trailing backslash */
}

/* RFC 1035 §2.3.4: labels are at most 63 octets, names at most 255 (in wire
 * format, length octets and root included). Escapes count as one octet. */
static void test_text_length_limits(void **state)
{
	(void)state;
	char *l63 = repeat('a', 63), *l64 = repeat('a', 64), *l61 = repeat('d', 61);
	char text[600];
	cs_name n;

	snprintf(text, sizeof(text), "%s.example.", l63);
	assert_int_equal(parse(text, NULL, &n), CS_OK);
	assert_int_equal(n.data[0], 63);
	snprintf(text, sizeof(text), "%s.example.", l64);
	assert_text_err(text, NULL, CS_ELABELLEN);

	/* 63 escaped octets are 63 octets. */
	text[0] = '\0';
	for (int i = 0; i < 63; i++)
		strcat(text, "\\065");
	strcat(text, ".");
	assert_int_equal(parse(text, NULL, &n), CS_OK);
	assert_int_equal(n.data[0], 63);
	strcat(text, "x");
	memmove(text + 4, text, strlen(text) + 1);
	memcpy(text, "\\065", 4); /* 64 escaped octets */
	assert_text_err(text, NULL, CS_ELABELLEN);

	/* 3 * 64 + 62 + 1 = 255 octets: the longest name. */
	snprintf(text, sizeof(text), "%s.%s.%s.%s.", l63, l63, l63, l61);
	assert_int_equal(parse(text, NULL, &n), CS_OK);
	assert_int_equal(n.len, 255);
	/* One more octet is too long, absolute or through the origin. */
	snprintf(text, sizeof(text), "%s.%s.%s.%sd.", l63, l63, l63, l61);
	assert_text_err(text, NULL, CS_ENAMELEN);
	snprintf(text, sizeof(text), "%s.%s.%s.x.", l63, l63, l63);
	assert_int_equal(parse(text, NULL, &n), CS_OK);
	assert_int_equal(n.len, 195);
	cs_name big_origin = n; /* 195 octets */
	char *l58 = repeat('e', 58), *l59 = repeat('e', 59);
	assert_int_equal(parse(l58, &big_origin, &n), CS_OK); /* 59 + 195 = 254 */
	assert_int_equal(n.len, 254);
	assert_int_equal(parse(l59, &big_origin, &n), CS_OK); /* 60 + 195 = 255 */
	assert_int_equal(n.len, 255);
	snprintf(text, sizeof(text), "x%s", l59);
	assert_text_err(text, &big_origin, CS_ENAMELEN); /* 61 + 195 = 256 */

	free(l63);
	free(l64);
	free(l61);
	free(l58);
	free(l59);
}

/* --- Wire format ---------------------------------------------------------------- */

/* Read a name at offset start of pkt; returns the error and the reader. */
static cs_err read_at(const uint8_t *pkt, size_t len, size_t start, bool compress, cs_name *out,
		      cs_wire *w)
{
	cs_wire_init(w, pkt, len);
	w->pos = start;
	return cs_name_read(w, out, compress);
}

/* A read that must fail with expect, set the reader's error and leave out
 * untouched. */
static void assert_read_err(const uint8_t *pkt, size_t len, size_t start, bool compress,
			    cs_err expect)
{
	cs_name out, before;
	memset(&out, 0x5A, sizeof(out));
	before = out;
	cs_wire w;
	cs_err err = read_at(pkt, len, start, compress, &out, &w);
	if (err != expect)
		fail_msg("read at %zu: got %s, expected %s", start, cs_errtoken(err),
			 cs_errtoken(expect));
	assert_int_equal(w.err, expect);
	assert_memory_equal(&out, &before, sizeof(out));
}

static void test_wire_plain_name(void **state)
{
	(void)state;
	static const uint8_t pkt[] = "\003www\007example\003com\000\377";
	cs_name n;
	cs_wire w;
	assert_int_equal(read_at(pkt, sizeof(pkt) - 1, 0, true, &n, &w), CS_OK);
	assert_wire(&n, WIRE("\003www\007example\003com\000"));
	assert_int_equal(w.pos, 17); /* just after the root label */
	assert_int_equal(w.err, CS_OK);

	size_t used = 0;
	assert_int_equal(cs_name_from_wire(pkt, sizeof(pkt) - 1, &n, &used), CS_OK);
	assert_int_equal(used, 17);

	/* The root name is one octet. */
	assert_int_equal(read_at(pkt, sizeof(pkt) - 1, 16, true, &n, &w), CS_OK);
	assert_wire(&n, WIRE("\000"));
	assert_int_equal(w.pos, 17);
}

/* RFC 1035 §4.1.4: a pointer (two top bits set) replaces the rest of the
 * name with the name at an earlier offset; the reader continues right after
 * the pointer, not after the name it points to. */
static void test_wire_pointer_backwards(void **state)
{
	(void)state;
	/* 0: example.  9: www + pointer to 0  15: pointer to 9  17: 0xFF */
	static const uint8_t pkt[] = "\007example\000"
				     "\003www\300\000"
				     "\300\011"
				     "\377";
	const size_t len = sizeof(pkt) - 1;
	cs_name n;
	cs_wire w;
	assert_int_equal(read_at(pkt, len, 9, true, &n, &w), CS_OK);
	assert_wire(&n, WIRE("\003www\007example\000"));
	assert_int_equal(w.pos, 15);

	/* A pointer to a name that itself ends in a pointer. */
	assert_int_equal(read_at(pkt, len, 15, true, &n, &w), CS_OK);
	assert_wire(&n, WIRE("\003www\007example\000"));
	assert_int_equal(w.pos, 17);

	/* Pointers may target data beyond the reader's end (e.g. from inside
	 * RDATA back into the packet); only in-place labels are bounded by it. */
	cs_wire_init(&w, pkt, len);
	w.pos = 15;
	w.end = 17;
	assert_int_equal(cs_name_read(&w, &n, true), CS_OK);
	assert_int_equal(w.pos, 17);
}

/* Loops are impossible when every pointer must point before the labels read
 * so far: a pointer to itself, two pointers pointing at each other, and a
 * label followed by a pointer back to it all fail with CS_EPTRFWD. */
static void test_wire_pointer_loops(void **state)
{
	(void)state;
	static const uint8_t self[] = {0xC0, 0x00};
	assert_read_err(self, sizeof(self), 0, true, CS_EPTRFWD);

	static const uint8_t self_later[] = {0x00, 0xC0, 0x01};
	assert_read_err(self_later, sizeof(self_later), 1, true, CS_EPTRFWD);

	static const uint8_t pair[] = {0xC0, 0x02, 0xC0, 0x00};
	assert_read_err(pair, sizeof(pair), 0, true, CS_EPTRFWD); /* 0 -> 2 is forward */
	assert_read_err(pair, sizeof(pair), 2, true, CS_EPTRFWD); /* 2 -> 0 -> 2 */

	static const uint8_t label_loop[] = {0x01, 'a', 0xC0, 0x00};
	assert_read_err(label_loop, sizeof(label_loop), 0, true, CS_EPTRFWD);
}

static void test_wire_pointer_forward(void **state)
{
	(void)state;
	static const uint8_t pkt[] = {0xC0, 0x02, 0x01, 'a', 0x00};
	assert_read_err(pkt, sizeof(pkt), 0, true, CS_EPTRFWD);
	/* A pointer beyond the packet is forward too. */
	static const uint8_t beyond[] = {0x00, 0xC0, 0x40};
	assert_read_err(beyond, sizeof(beyond), 1, true, CS_EPTRFWD);
}

/* Pointers that each point strictly backwards can still chain: at most
 * CS_NAME_MAXHOPS are followed for one name. Layout: offset 0 is the root
 * label, pointer k sits at 1 + 2k and points to pointer k - 1 (pointer 0 to
 * the root), so reading pointer k takes k + 1 hops. */
static void test_wire_pointer_hop_limit(void **state)
{
	(void)state;
	enum { CHAIN = 200 };
	uint8_t pkt[1 + 2 * CHAIN];
	pkt[0] = 0;
	for (unsigned k = 0; k < CHAIN; k++) {
		unsigned target = k == 0 ? 0 : 1 + 2 * (k - 1);
		pkt[1 + 2 * k] = (uint8_t)(0xC0 | (target >> 8));
		pkt[2 + 2 * k] = (uint8_t)(target & 0xFF);
	}
	assert_read_err(pkt, sizeof(pkt), 1 + 2 * (CHAIN - 1), true, CS_EPTRHOPS);

	/* Exactly the limit is fine; one more is not. */
	cs_name n;
	cs_wire w;
	const size_t at_limit = 1 + 2 * (CS_NAME_MAXHOPS - 1);
	assert_int_equal(read_at(pkt, sizeof(pkt), at_limit, true, &n, &w), CS_OK);
	assert_wire(&n, WIRE("\000"));
	assert_int_equal(w.pos, at_limit + 2);
	assert_read_err(pkt, sizeof(pkt), at_limit + 2, true, CS_EPTRHOPS);
}

/* The 255-octet cap holds for names as they are in place and as they are
 * after decompression. */
static void test_wire_name_too_long(void **state)
{
	(void)state;
	uint8_t pkt[600];
	size_t o = 0;
	/* 0: three 63-octet labels and the root: 193 octets. */
	for (int l = 0; l < 3; l++) {
		pkt[o++] = 63;
		memset(pkt + o, 'a' + l, 63);
		o += 63;
	}
	pkt[o++] = 0;
	assert_int_equal(o, 193);
	/* 193: a 61-octet label and a pointer to 0: 62 + 193 = 255. */
	const size_t fits = o;
	pkt[o++] = 61;
	memset(pkt + o, 'x', 61);
	o += 61;
	pkt[o++] = 0xC0;
	pkt[o++] = 0x00;
	/* 257: a 62-octet label and a pointer to 0: 63 + 193 = 256. */
	const size_t over = o;
	pkt[o++] = 62;
	memset(pkt + o, 'y', 62);
	o += 62;
	pkt[o++] = 0xC0;
	pkt[o++] = 0x00;
	/* 322: four 63-octet labels in place: 256 octets before the root. */
	const size_t in_place = o;
	for (int l = 0; l < 4; l++) {
		pkt[o++] = 63;
		memset(pkt + o, 'z', 63);
		o += 63;
	}
	pkt[o++] = 0;

	cs_name n;
	cs_wire w;
	assert_int_equal(read_at(pkt, o, fits, true, &n, &w), CS_OK);
	assert_int_equal(n.len, 255);
	assert_int_equal(w.pos, fits + 64);
	assert_read_err(pkt, o, over, true, CS_ENAMELEN);
	assert_read_err(pkt, o, in_place, true, CS_ENAMELEN);
	assert_read_err(pkt, o, in_place, false, CS_ENAMELEN);
}

/* RFC 1035 §4.1.4 reserves the top-bit patterns 01 and 10; RFC 6891 §5
 * deprecated the extended label types (01) built on one. Neither is a
 * length. */
static void test_wire_label_types(void **state)
{
	(void)state;
	static const uint8_t ext[] = {0x41, 0x00, 0x00};
	assert_read_err(ext, sizeof(ext), 0, true, CS_ELABELTYPE);
	static const uint8_t reserved[] = {0x80, 0x00};
	assert_read_err(reserved, sizeof(reserved), 0, true, CS_ELABELTYPE);
	static const uint8_t after_label[] = {0x01, 'a', 0x40, 0x00};
	assert_read_err(after_label, sizeof(after_label), 0, false, CS_ELABELTYPE);
}

static void test_wire_truncated(void **state)
{
	(void)state;
	static const uint8_t pkt[] = "\003www\007example\000";
	for (size_t len = 0; len < sizeof(pkt) - 1; len++)
		assert_read_err(pkt, len, 0, true, CS_ETRUNC);
	static const uint8_t half_pointer[] = {0x00, 0xC0};
	assert_read_err(half_pointer, sizeof(half_pointer), 1, true, CS_ETRUNC);

	/* The reader's end bounds in-place labels even when the packet goes on. */
	cs_name n;
	cs_wire w;
	cs_wire_init(&w, pkt, sizeof(pkt) - 1);
	w.end = 10;
	assert_int_equal(cs_name_read(&w, &n, true), CS_ETRUNC);

	/* Once in error, the reader refuses further reads. */
	cs_wire_init(&w, pkt, sizeof(pkt) - 1);
	cs_wire_fail(&w, CS_ETRUNC);
	assert_int_equal(cs_name_read(&w, &n, true), CS_ETRUNC);
}

/* Where compression is not allowed (RDATA of types after RFC 3597 §4, or
 * data copied out of the packet), a pointer is an error, not followed. */
static void test_wire_compression_not_allowed(void **state)
{
	(void)state;
	static const uint8_t pkt[] = "\007example\000\003www\300\000";
	const size_t len = sizeof(pkt) - 1;
	assert_read_err(pkt, len, 9, false, CS_ECOMPRESS);
	cs_name n;
	size_t used = 99;
	assert_int_equal(cs_name_from_wire(pkt + 9, len - 9, &n, &used), CS_ECOMPRESS);
	assert_int_equal(used, 99);
}

/* --- Comparison and ordering ------------------------------------------------------ */

static int canon_qsort(const void *a, const void *b)
{
	return cs_name_canon_cmp(a, b);
}

/* RFC 4034 §6.1 lists these names in canonical order. */
static void test_canonical_order_rfc4034(void **state)
{
	(void)state;
	static const char *const ordered[] = {
	    "example.",		"a.example.",	   "yljkjljk.a.example.",
	    "Z.a.example.",	"zABC.a.EXAMPLE.", "z.example.",
	    "\\001.z.example.", "*.z.example.",	   "\\200.z.example.",
	};
	enum { N = sizeof(ordered) / sizeof(ordered[0]) };
	cs_name names[N];
	for (size_t i = 0; i < N; i++)
		names[i] = name(ordered[i]);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(cs_name_canon_cmp(&names[i], &names[i]), 0);
		for (size_t j = i + 1; j < N; j++) {
			if (cs_name_canon_cmp(&names[i], &names[j]) >= 0)
				fail_msg("%s should sort before %s", ordered[i], ordered[j]);
			assert_true(cs_name_canon_cmp(&names[j], &names[i]) > 0);
		}
	}

	/* Sorting a scrambled copy gives the RFC's order. */
	static const unsigned scramble[N] = {8, 3, 0, 6, 1, 7, 4, 2, 5};
	cs_name sorted[N];
	for (size_t i = 0; i < N; i++)
		sorted[i] = names[scramble[i]];
	qsort(sorted, N, sizeof(sorted[0]), canon_qsort);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(sorted[i].len, names[i].len);
		assert_memory_equal(sorted[i].data, names[i].data, names[i].len);
	}
}

/* Case folding is ASCII only (RFC 4343 §3), in comparison and ordering. */
static void test_equal_case_insensitive(void **state)
{
	(void)state;
	cs_name a = name("WWW.Example.COM."), b = name("www.example.com.");
	assert_true(cs_name_equal(&a, &b));
	assert_int_equal(cs_name_canon_cmp(&a, &b), 0);

	cs_name c = name("www.example.org.");
	assert_false(cs_name_equal(&a, &c));
	/* Same octets, different label boundaries. */
	cs_name d = name("example.com."), e = name("example.co.m.");
	assert_false(cs_name_equal(&d, &e));
	/* '@' (0x40) and '`' (0x60), '[' and '{', 0xC1 and 0xE1 differ by 0x20
	 * but are not letters. */
	cs_name at = name("\\@."), grave = name("`.");
	assert_false(cs_name_equal(&at, &grave));
	cs_name br = name("[."), brace = name("{.");
	assert_false(cs_name_equal(&br, &brace));
	cs_name hi1 = name("\\193."), hi2 = name("\\225.");
	assert_false(cs_name_equal(&hi1, &hi2));
	assert_true(cs_name_canon_cmp(&hi1, &hi2) < 0);
	/* A prefix label sorts first; a longer name below sorts after. */
	cs_name ab = name("ab."), abc = name("abc.");
	assert_true(cs_name_canon_cmp(&ab, &abc) < 0);
	cs_name root = name(".");
	assert_true(cs_name_canon_cmp(&root, &ab) < 0);
}

static void test_lower(void **state)
{
	(void)state;
	cs_name n = name("WWW.Ex\\@mple\\091Z\\193.COM.");
	cs_name_lower(&n);
	assert_wire(&n, WIRE("\003www\012ex@mple[z\301\003com\000"));
}

/* --- Label helpers ------------------------------------------------------------------ */

static void test_labels(void **state)
{
	(void)state;
	cs_name n = name(".");
	assert_int_equal(cs_name_labels(&n), 0);
	n = name("com.");
	assert_int_equal(cs_name_labels(&n), 1);
	n = name("a.b.c.d.");
	assert_int_equal(cs_name_labels(&n), 4);
	n = name("*.example.");
	assert_int_equal(cs_name_labels(&n), 2); /* the "*" is a label here */
	/* The most labels a name can have: 127 one-octet labels. */
	char text[300] = "";
	for (int i = 0; i < 127; i++)
		strcat(text, "a.");
	n = name(text);
	assert_int_equal(n.len, 255);
	assert_int_equal(cs_name_labels(&n), 127);
}

static void test_suffix_and_parent(void **state)
{
	(void)state;
	cs_name n = name("www.example.com."), out;
	cs_name_suffix(&n, 2, &out);
	assert_wire(&out, WIRE("\007example\003com\000"));
	cs_name_suffix(&n, 1, &out);
	assert_wire(&out, WIRE("\003com\000"));
	cs_name_suffix(&n, 0, &out);
	assert_wire(&out, WIRE("\000"));
	cs_name_suffix(&n, 3, &out);
	assert_wire(&out, WIRE("\003www\007example\003com\000"));
	cs_name_suffix(&n, 99, &out);
	assert_wire(&out, WIRE("\003www\007example\003com\000"));

	cs_name_parent(&n, &out);
	assert_wire(&out, WIRE("\007example\003com\000"));
	cs_name root = name("."), p;
	cs_name_parent(&root, &p);
	assert_wire(&p, WIRE("\000"));

	/* out may alias name. */
	cs_name_suffix(&n, 2, &n);
	assert_wire(&n, WIRE("\007example\003com\000"));
	cs_name_parent(&n, &n);
	assert_wire(&n, WIRE("\003com\000"));
	cs_name_parent(&n, &n);
	assert_wire(&n, WIRE("\000"));
}

static void test_is_below(void **state)
{
	(void)state;
	cs_name zone = name("example.com.");
	cs_name same = name("EXAMPLE.com."), child = name("a.b.Example.COM."),
		other = name("notexample.com."), parent = name("com."), root = name(".");
	assert_true(cs_name_is_below(&same, &zone)); /* equal counts as below */
	assert_true(cs_name_is_below(&child, &zone));
	assert_false(cs_name_is_below(&other, &zone)); /* label boundary, not string */
	assert_false(cs_name_is_below(&parent, &zone));
	assert_true(cs_name_is_below(&zone, &root));
	assert_true(cs_name_is_below(&root, &root));
	assert_false(cs_name_is_below(&root, &zone));
}

/* RFC 4592 §2.1.1: a wildcard's first label is the single octet "*". */
static void test_is_wildcard(void **state)
{
	(void)state;
	cs_name w = name("*.example."), escaped = name("\\*.example."),
		inner = name("a.*.example."), star_a = name("*a.example."), root = name("."),
		star = name("*.");
	assert_true(cs_name_is_wildcard(&w));
	assert_true(cs_name_is_wildcard(&escaped)); /* same octets on the wire */
	assert_true(cs_name_is_wildcard(&star));
	assert_false(cs_name_is_wildcard(&inner));
	assert_false(cs_name_is_wildcard(&star_a));
	assert_false(cs_name_is_wildcard(&root));
}

static void test_prepend_limits(void **state)
{
	(void)state;
	cs_name n = name("example."), out;
	assert_int_equal(cs_name_prepend(&n, (const uint8_t *)"*", 1, &out), CS_OK);
	assert_wire(&out, WIRE("\001*\007example\000"));

	uint8_t label[64];
	memset(label, 'q', sizeof(label));
	assert_int_equal(cs_name_prepend(&n, label, 63, &out), CS_OK);
	assert_int_equal(out.len, 64 + 9);

	cs_name before;
	memset(&out, 0x77, sizeof(out));
	before = out;
	assert_int_equal(cs_name_prepend(&n, label, 64, &out), CS_ELABELLEN);
	assert_int_equal(cs_name_prepend(&n, label, 0, &out), CS_ELABELLEN);
	assert_memory_equal(&out, &before, sizeof(out));

	/* 195 + 60 = 255 fits, 195 + 61 does not. */
	char *l63 = repeat('a', 63);
	char text[300];
	snprintf(text, sizeof(text), "%s.%s.%s.x.", l63, l63, l63);
	free(l63);
	cs_name big = name(text);
	assert_int_equal(big.len, 195);
	assert_int_equal(cs_name_prepend(&big, label, 59, &out), CS_OK);
	assert_int_equal(out.len, 255);
	memset(&out, 0x77, sizeof(out));
	assert_int_equal(cs_name_prepend(&big, label, 60, &out), CS_ENAMELEN);
	assert_memory_equal(&out, &before, sizeof(out));

	/* out may alias name. */
	assert_int_equal(cs_name_prepend(&n, (const uint8_t *)"www", 3, &n), CS_OK);
	assert_wire(&n, WIRE("\003www\007example\000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_plain_names),
	    cmocka_unit_test(test_text_escapes),
	    cmocka_unit_test(test_text_every_byte_round_trips),
	    cmocka_unit_test(test_text_longest_name_fits),
	    cmocka_unit_test(test_text_small_buffer),
	    cmocka_unit_test(test_text_relative_to_origin),
	    cmocka_unit_test(test_text_errors),
	    cmocka_unit_test(test_text_length_limits),
	    cmocka_unit_test(test_wire_plain_name),
	    cmocka_unit_test(test_wire_pointer_backwards),
	    cmocka_unit_test(test_wire_pointer_loops),
	    cmocka_unit_test(test_wire_pointer_forward),
	    cmocka_unit_test(test_wire_pointer_hop_limit),
	    cmocka_unit_test(test_wire_name_too_long),
	    cmocka_unit_test(test_wire_label_types),
	    cmocka_unit_test(test_wire_truncated),
	    cmocka_unit_test(test_wire_compression_not_allowed),
	    cmocka_unit_test(test_canonical_order_rfc4034),
	    cmocka_unit_test(test_equal_case_insensitive),
	    cmocka_unit_test(test_lower),
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_suffix_and_parent),
	    cmocka_unit_test(test_is_below),
	    cmocka_unit_test(test_is_wildcard),
	    cmocka_unit_test(test_prepend_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
