/*
 * batch_input.h - what `chainscope batch` reads: the list of names (one per
 * line, an optional type after whitespace, '#' comments), streamed, and the
 * names already present in a previous JSON Lines output (--resume).
 */
#ifndef CS_BATCH_INPUT_H
#define CS_BATCH_INPUT_H

#include "dns/name.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One input line that holds a query, or a line that could not be read. */
typedef struct {
	unsigned long line; /* 1-based line number in the input */
	bool bad;	    /* error holds why; name/type are unset */
	char error[160];
	char text[96]; /* the line as given (cut), for error reports */
	cs_name name;
	uint16_t type;
	char key[CS_NAME_TEXT_MAX + 24]; /* "name. TYPE", lower case: for --resume */
} batch_item;

typedef enum { BATCH_ITEM, BATCH_EOF, BATCH_READ_ERROR } batch_next;

/* A streaming reader over f (not owned); holds one line at a time. */
typedef struct {
	FILE *f;
	unsigned long line;
	char *buf;
	size_t cap;
} batch_reader;

void batch_reader_init(batch_reader *r, FILE *f);

/* Free the line buffer (the file stays open). */
void batch_reader_free(batch_reader *r);

/* The next line that is neither blank nor a comment, parsed into *it (bad
 * set for a malformed line). BATCH_EOF at the end, BATCH_READ_ERROR when
 * the file cannot be read (errno set). Not thread-safe: callers lock. */
batch_next batch_reader_next(batch_reader *r, batch_item *it);

/* Count the lines that hold a query (or are malformed) in a regular file,
 * for the progress total; 0 when it cannot be read. */
unsigned long batch_count_lines(const char *path);

/* The key of a name and type: "name. TYPE", ASCII lower case. */
void batch_key(const cs_name *name, uint16_t type, char *out, size_t outlen);

/* A set of keys (--resume): memory proportional to the keys added. */
typedef struct {
	char **slots;
	size_t cap; /* a power of two, or 0 */
	size_t n;
} batch_set;

/* Add the "query" of every chainscope-check object in a JSON Lines file
 * (lines that are not such objects are ignored). A missing file adds
 * nothing. Returns false (errno set) when the file exists but cannot be
 * read, or memory runs out. */
bool batch_set_load(batch_set *s, const char *path, size_t *loaded);

bool batch_set_has(const batch_set *s, const char *key);
void batch_set_free(batch_set *s);

#endif
