/*
 * arena.h - region allocator: many small allocations, one free.
 *
 * One arena per message, probe or analysis makes ownership obvious: objects
 * live as long as their arena.
 */
#ifndef CS_ARENA_H
#define CS_ARENA_H

#include <stddef.h>

typedef struct cs_arena_chunk cs_arena_chunk;

typedef struct {
	cs_arena_chunk *head;
	size_t total; /* bytes handed out, for limits and statistics */
} cs_arena;

/* Initialise an empty arena; allocates nothing. */
void cs_arena_init(cs_arena *a);

/* Release every chunk; the arena may be reused afterwards. Accepts NULL. */
void cs_arena_clear(cs_arena *a);

/* Zeroed, max-aligned memory of n bytes; NULL when out of memory. */
void *cs_arena_alloc(cs_arena *a, size_t n);

/* Copy of n bytes of src; NULL when out of memory (n == 0 gives a valid pointer). */
void *cs_arena_memdup(cs_arena *a, const void *src, size_t n);

/* NUL-terminated copy of s; NULL when out of memory. */
char *cs_arena_strdup(cs_arena *a, const char *s);

#endif
